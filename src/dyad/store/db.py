"""The event store: one DuckDB file of articles, sentences, mentions, events and stories.

Writes are atomic per batch (one transaction), so an ingest killed at any moment leaves the
file as it was after the last finished batch. `events` and `stories` are derived tables: they
are rebuilt for the stories a batch touched, from `articles`, `mentions` and the clusters.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from types import TracebackType
from typing import Any

import duckdb
import polars as pl

from dyad.store.rows import Batch
from dyad.store.schema import StoreError, connect, migrate

TABLES = ("articles", "sentences", "article_features", "mentions", "events", "stories")
DEFAULT_PATH = Path("dyad.duckdb")


@dataclass(frozen=True, slots=True)
class EventQuery:
    """Filters of `dyad events`; every one is optional and they combine with AND.

    actor / recipient match any party's country; since / until bound the event date.
    """

    since: date | None = None
    until: date | None = None
    actor: str | None = None
    recipient: str | None = None
    event_type: str | None = None
    modality: str | None = None
    story_id: str | None = None
    limit: int | None = None

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        params: list[Any] = []
        for column, value in (
            ("date >= ?", self.since),
            ("date <= ?", self.until),
            ("list_contains(actor_countries, ?)", self.actor),
            ("list_contains(recipient_countries, ?)", self.recipient),
            ("event_type = ?", self.event_type),
            ("modality = ?", self.modality),
            ("story_id = ?", self.story_id),
        ):
            if value is not None:
                clauses.append(column)
                params.append(value)
        return (" WHERE " + " AND ".join(clauses) if clauses else ""), params


class Store:
    """A dyad store file. Open it with `dyad.open_store(path)`; close it (or use `with`)."""

    def __init__(
        self,
        path: str | Path = DEFAULT_PATH,
        *,
        read_only: bool = False,
        memory_limit: str = "2GB",
    ) -> None:
        self.path = Path(path)
        limit = _size(memory_limit)  # checked before a file is created
        self.con = connect(self.path, read_only)
        # DuckDB caches up to 80% of RAM by default; a store shares the machine with the coder.
        # Every read orders its rows, so DuckDB need not keep insertion order (less memory).
        self.con.execute(f"SET memory_limit = '{limit}'")
        self.con.execute("SET preserve_insertion_order = false")
        try:
            self.version = migrate(self.con, self.path, read_only)
        except (StoreError, duckdb.Error) as err:
            self.con.close()
            if isinstance(err, StoreError):
                raise
            raise StoreError(f"{self.path}: not a usable dyad store: {err}") from None

    def close(self) -> None:
        self.con.close()

    def __enter__(self) -> Store:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        self.close()

    @contextmanager
    def transaction(self) -> Iterator[duckdb.DuckDBPyConnection]:
        """All or nothing: a failure (or a kill) rolls the whole block back."""
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield self.con
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    # -- writing -------------------------------------------------------------------------

    def stored_hashes(self, article_ids: Iterable[str]) -> dict[str, str]:
        ids = list(dict.fromkeys(article_ids))
        if not ids:
            return {}
        rows = self.con.execute(
            "SELECT article_id, hash FROM articles WHERE article_id IN (SELECT unnest(?))", [ids]
        ).fetchall()
        return dict(rows)

    def write(self, batch: Batch) -> None:
        """Store a batch of articles atomically, replacing earlier versions of the same ids."""
        ids = list(batch.article_ids)
        with self.transaction() as con:
            _unplace_stories_of(con, ids)
            for table in ("mentions", "article_features", "sentences", "articles"):
                con.execute(f"DELETE FROM {table} WHERE article_id IN (SELECT unnest(?))", [ids])
            for table, frame in (
                ("articles", batch.articles),
                ("sentences", batch.sentences),
                ("article_features", batch.features),
                ("mentions", batch.mentions),
            ):
                if frame.height:
                    con.register("_incoming", frame)
                    con.execute(f"INSERT INTO {table} BY NAME SELECT * FROM _incoming")
                    con.unregister("_incoming")

    # -- reading -------------------------------------------------------------------------

    def events(
        self, query: EventQuery | None = None, columns: Sequence[str] | None = None
    ) -> pl.DataFrame:
        """Consolidated events (one row per real event) as a polars frame; `columns` picks
        some of the columns (faster over millions of events)."""
        return self._select("events", query or EventQuery(), "date, event_id", columns)

    def mentions(self, query: EventQuery | None = None) -> pl.DataFrame:
        """Every report of an event, with the article it came from."""
        query = query or EventQuery()
        sql_where, params = query.where()
        sql = (
            "SELECT m.*, a.story_id, a.source, a.url, a.published FROM mentions m "
            "JOIN articles a USING (article_id)"
        )
        sql = f"SELECT * FROM ({sql}){sql_where} ORDER BY article_id, sentence_index"
        frame: pl.DataFrame = self.con.sql(sql + _limit(query), params=params).pl()
        return frame

    def stories(self) -> pl.DataFrame:
        """One row per story, with the ids of its articles in publication order."""
        return self._frame(
            "SELECT s.story_id, list(a.article_id ORDER BY a.published, a.article_id) "
            "AS article_ids, s.title, s.first_published, s.last_published, s.num_articles, "
            "s.num_sources FROM stories s JOIN articles a USING (story_id) "
            "GROUP BY ALL ORDER BY s.first_published NULLS LAST, s.story_id"
        )

    def articles(self) -> pl.DataFrame:
        return self._frame(
            "SELECT article_id, source, url, title, published, story_id FROM articles "
            "ORDER BY published NULLS LAST, article_id"
        )

    def counts(self) -> dict[str, int]:
        return {t: self.con.execute(f"SELECT count(*) FROM {t}").fetchall()[0][0] for t in TABLES}

    def _columns(self, table: str) -> list[str]:
        rows = self.con.execute(
            "SELECT column_name FROM duckdb_columns() WHERE table_name = ? ORDER BY column_index",
            [table],
        ).fetchall()
        return [name for (name,) in rows]

    def _frame(self, sql: str, params: list[Any] | None = None) -> pl.DataFrame:
        frame: pl.DataFrame = self.con.sql(sql, params=params or []).pl()
        return frame

    def _select(
        self, table: str, query: EventQuery, order: str, columns: Sequence[str] | None = None
    ) -> pl.DataFrame:
        sql_where, params = query.where()
        known = set(self._columns(table))
        unknown = [c for c in columns or () if c not in known]
        if unknown:
            raise StoreError(f"{table} has no column {unknown[0]!r}")
        picked = ", ".join(f'"{c}"' for c in columns) if columns else "*"
        sql = f"SELECT {picked} FROM {table}{sql_where} ORDER BY {order}{_limit(query)}"
        frame: pl.DataFrame = self.con.sql(sql, params=params).pl()
        return frame


def _unplace_stories_of(con: duckdb.DuckDBPyConnection, ids: list[str]) -> None:
    """A replaced article leaves its story: the story's events and summary go, and its other
    articles wait to be clustered again, so no count keeps the old text's events."""
    stale = "SELECT story_id FROM articles WHERE article_id IN (SELECT unnest(?))"
    con.execute(f"DELETE FROM events WHERE story_id IN ({stale})", [ids])
    con.execute(f"DELETE FROM stories WHERE story_id IN ({stale})", [ids])
    con.execute(f"UPDATE articles SET story_id = NULL WHERE story_id IN ({stale})", [ids])


def _size(value: str) -> str:
    number, unit = value[:-2], value[-2:].upper()
    if not number.replace(".", "", 1).isdigit() or unit not in ("MB", "GB", "TB"):
        raise StoreError(f"memory limit {value!r}: give a size such as 512MB or 2GB")
    return f"{number}{unit}"


def _limit(query: EventQuery) -> str:
    return f" LIMIT {int(query.limit)}" if query.limit is not None else ""


def open_store(
    path: str | Path = DEFAULT_PATH, *, read_only: bool = False, memory_limit: str = "2GB"
) -> Store:
    """Open (or create) a dyad store. Events come back as polars frames; `.to_pandas()`
    turns one into a pandas frame. `memory_limit` caps DuckDB's cache (e.g. "512MB")."""
    return Store(path, read_only=read_only, memory_limit=memory_limit)
