"""Shared fixtures: one Coder per test session (loading the model is the slow part)."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad import Coder
from dyad.store import Store

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"


@pytest.fixture(scope="session")
def coder() -> Coder:
    return Coder()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip("../shared is not present")
    return SHARED


def snapshot(store: Store) -> dict[str, list[tuple[object, ...]]]:
    tables = {}
    for table in ("articles", "sentences", "article_features", "mentions", "events", "stories"):
        columns = [
            c
            for (c,) in store.con.execute(
                "SELECT column_name FROM duckdb_columns() WHERE table_name = ?", [table]
            ).fetchall()
            if c != "ingested_at"
        ]
        rows = store.con.execute(f"SELECT {', '.join(columns)} FROM {table}").fetchall()
        tables[table] = sorted(rows, key=repr)
    return tables
