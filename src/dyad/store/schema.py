"""Opening a store file safely and bringing its schema up to date.

Migrations are the numbered SQL files in `migrations/`; `dyad_meta` records which one the file
has reached. A file that is not DuckDB, or is DuckDB written by another program, or by a newer
dyad, is refused with a one-line error — never overwritten.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import duckdb

APPLICATION = "dyad"


class StoreError(Exception):
    """The file cannot be used as a dyad store; the message is one line naming it."""


def migrations() -> list[tuple[int, str]]:
    """(version, SQL) of every bundled migration, in order."""
    folder = resources.files("dyad.store").joinpath("migrations")
    found = []
    for entry in folder.iterdir():
        if entry.name.endswith(".sql"):
            found.append((int(entry.name.split("_", 1)[0]), entry.read_text("utf-8")))
    return sorted(found)


def connect(path: Path, read_only: bool = False) -> duckdb.DuckDBPyConnection:
    if read_only and not path.exists():
        raise StoreError(f"{path}: no such store (run `dyad ingest` first)")
    try:
        return duckdb.connect(str(path), read_only=read_only)
    except duckdb.Error as err:
        reason = str(err).strip().splitlines()[0] if str(err).strip() else type(err).__name__
        raise StoreError(f"{path}: cannot open as a DuckDB store: {reason}") from None


def schema_version(con: duckdb.DuckDBPyConnection, path: Path) -> int | None:
    """The dyad schema version of the file, None when it is empty; refuses foreign files."""
    tables = {row[0] for row in con.execute("SELECT table_name FROM duckdb_tables()").fetchall()}
    if "dyad_meta" not in tables:
        if tables:
            names = ", ".join(sorted(tables)[:5])
            raise StoreError(
                f"{path}: a DuckDB file of another program (tables: {names}); "
                "dyad will not write to it"
            )
        return None
    rows = con.execute("SELECT key, value FROM dyad_meta").fetchall()
    meta = dict(rows)
    if meta.get("application") != APPLICATION or not meta.get("schema_version", "").isdigit():
        raise StoreError(f"{path}: dyad_meta does not describe a dyad store")
    return int(meta["schema_version"])


def migrate(con: duckdb.DuckDBPyConnection, path: Path, read_only: bool = False) -> int:
    """Apply the migrations the file lacks, each in its own transaction; returns the version."""
    current = schema_version(con, path)
    pending = [(v, sql) for v, sql in migrations() if current is None or v > current]
    latest = migrations()[-1][0]
    if current is not None and current > latest:
        raise StoreError(f"{path}: written by a newer dyad (schema {current} > {latest})")
    if pending and read_only:
        raise StoreError(f"{path}: schema {current} needs migrating; open it writable once")
    for version, sql in pending:
        con.execute("BEGIN TRANSACTION")
        if current is None and version == pending[0][0]:
            con.execute("CREATE TABLE dyad_meta (key VARCHAR, value VARCHAR)")
            con.execute("INSERT INTO dyad_meta VALUES ('application', ?)", [APPLICATION])
            con.execute("INSERT INTO dyad_meta VALUES ('schema_version', '0')")
        con.execute(sql)
        con.execute("UPDATE dyad_meta SET value = ? WHERE key = 'schema_version'", [str(version)])
        con.execute("COMMIT")
    return latest
