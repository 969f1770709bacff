"""Reads of the store for the API and the pages: pages of events with their latest review,
stories, one article with its coded events, corrections. All SQL is parameterised.

Pages of events sort only the sort keys and row ids, then fetch the full rows of the one
page: sorting every column of a million events for a deep page takes close to a second.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import duckdb

from dyad.store.db import EventQuery, Store
from dyad.store.review import LATEST
from dyad.web.aggregates import Filter
from dyad.web.params import Order, Status

EVENT_COLUMNS = (
    "event_id",
    "story_id",
    "date",
    "date_precision",
    "event_type",
    "mode",
    "cameo",
    "quad_class",
    "intensity",
    "modality",
    "actors",
    "recipients",
    "actor_countries",
    "recipient_countries",
    "location",
    "confidence",
    "num_mentions",
    "num_articles",
    "num_sources",
    "first_seen",
    "last_seen",
    "article_id",
    "mention_id",
    "source_url",
    "sentence",
)
REVIEW = (
    "(SELECT event_id, verdict AS review_verdict, event_type AS review_event_type, "
    "mode AS review_mode, modality AS review_modality, "
    "actor_countries AS review_actor_countries, "
    "recipient_countries AS review_recipient_countries, note AS review_note, "
    f"created_at AS review_at FROM ({LATEST}))"
)
REVIEWED = "event_id IN (SELECT event_id FROM corrections)"
# Unreviewed first, then the least confident: what a reviewer should look at next.
_ORDERS: dict[str, tuple[str, str]] = {
    "date": ("date, event_id", "e.date, e.event_id"),
    "review": (
        f"{REVIEWED}, confidence, event_id",
        "c.review_verdict IS NOT NULL, e.confidence, e.event_id",
    ),
}


def fetch(
    con: duckdb.DuckDBPyConnection, sql: str, params: Sequence[Any] = ()
) -> list[dict[str, Any]]:
    """Rows as dicts (structs come back as dicts, lists as lists, dates as dates)."""
    cursor = con.execute(sql, list(params))
    names = [column[0] for column in cursor.description or ()]
    return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]


def event_filter(query: EventQuery, status: Status | None = None) -> Filter:
    """The query's conditions, and reviewed / unreviewed when asked."""
    where = Filter(query)
    if status == "reviewed":
        where.add(REVIEWED)
    elif status == "unreviewed":
        where.add(f"NOT {REVIEWED}")
    return where


def count_events(store: Store, query: EventQuery, status: Status | None = None) -> int:
    """How many events the filters keep."""
    where = event_filter(query, status)
    rows = store.con.execute(f"SELECT count(*) FROM events{where.sql()}", where.params)
    total: int = rows.fetchall()[0][0]
    return total


def event_page(
    store: Store,
    query: EventQuery,
    limit: int,
    offset: int = 0,
    order: Order = "date",
    status: Status | None = None,
) -> list[dict[str, Any]]:
    """One page of events with their latest correction (`review_*`, null if unreviewed)."""
    where = event_filter(query, status)
    inner, outer = _ORDERS[order]
    columns = ", ".join(EVENT_COLUMNS)
    sql = (
        f"WITH page AS MATERIALIZED (SELECT rowid AS rid FROM events{where.sql()} "
        f"ORDER BY {inner} LIMIT ? OFFSET ?) "
        f"SELECT e.*, c.* EXCLUDE (event_id) FROM "
        f"(SELECT {columns} FROM events WHERE rowid IN (SELECT rid FROM page)) e "
        f"LEFT JOIN {REVIEW} c USING (event_id) ORDER BY {outer}"
    )
    return fetch(store.con, sql, [*where.params, limit, offset])


def events_by_id(store: Store, event_ids: Sequence[str]) -> dict[str, dict[str, Any]]:
    """The events of the given ids with their latest correction, by id."""
    if not event_ids:
        return {}
    sql = (
        f"SELECT e.*, c.* EXCLUDE (event_id) FROM (SELECT {', '.join(EVENT_COLUMNS)} "
        "FROM events WHERE event_id IN (SELECT unnest(?::VARCHAR[]))) e "
        f"LEFT JOIN {REVIEW} c USING (event_id)"
    )
    return {row["event_id"]: row for row in fetch(store.con, sql, [list(event_ids)])}


def event_exists(store: Store, event_id: str) -> bool:
    """Is there a consolidated event of this id?"""
    rows = store.con.execute("SELECT count(*) FROM events WHERE event_id = ?", [event_id])
    return bool(rows.fetchall()[0][0])


STORY_COLUMNS = "story_id, title, first_published, last_published, num_articles, num_sources"


def count_stories(store: Store) -> int:
    """How many stories the store has."""
    total: int = store.con.execute("SELECT count(*) FROM stories").fetchall()[0][0]
    return total


def story_page(store: Store, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """Stories, the most recent first, each with its number of consolidated events."""
    stories = fetch(
        store.con,
        f"SELECT {STORY_COLUMNS} FROM stories "
        "ORDER BY last_published DESC NULLS LAST, story_id LIMIT ? OFFSET ?",
        [limit, offset],
    )
    return _with_event_counts(store, stories)


def _with_event_counts(store: Store, stories: list[dict[str, Any]]) -> list[dict[str, Any]]:
    ids = [story["story_id"] for story in stories]
    rows = store.con.execute(
        "SELECT story_id, count(*) FROM events WHERE story_id IN (SELECT unnest(?::VARCHAR[])) "
        "GROUP BY story_id",
        [ids],
    ).fetchall()
    counts = dict(rows)
    return [{**story, "num_events": counts.get(story["story_id"], 0)} for story in stories]


def story(store: Store, story_id: str) -> dict[str, Any] | None:
    """One story with its number of events, or None."""
    found = fetch(store.con, f"SELECT {STORY_COLUMNS} FROM stories WHERE story_id = ?", [story_id])
    return _with_event_counts(store, found)[0] if found else None


def story_articles(store: Store, story_id: str) -> list[dict[str, Any]]:
    """The articles (outlets) of a story in publication order."""
    return fetch(
        store.con,
        "SELECT article_id, source, url, title, published FROM articles WHERE story_id = ? "
        "ORDER BY published NULLS LAST, article_id",
        [story_id],
    )


def article(store: Store, article_id: str) -> dict[str, Any] | None:
    """One article with its text, or None."""
    found = fetch(
        store.con,
        "SELECT article_id, source, url, title, published, story_id, text FROM articles "
        "WHERE article_id = ?",
        [article_id],
    )
    return found[0] if found else None


def sentences(store: Store, article_id: str) -> list[dict[str, Any]]:
    """The sentences of an article: index, start, end (offsets into its text), text."""
    return fetch(
        store.con,
        "SELECT sentence_index AS index, start_char AS start, end_char AS end, text "
        "FROM sentences WHERE article_id = ? ORDER BY sentence_index",
        [article_id],
    )


def mentions(store: Store, article_id: str) -> list[dict[str, Any]]:
    """The events as the article reports them, in reading order."""
    return fetch(
        store.con,
        "SELECT mention_id, event_id, event_type, mode, modality, quad_class, intensity, "
        "actors, recipients, actor_countries, recipient_countries, location, date, "
        "sentence_index, sentence, trigger, confidence FROM mentions WHERE article_id = ? "
        "ORDER BY sentence_index, struct_extract(trigger, 'start') NULLS LAST, mention_id",
        [article_id],
    )


def count_corrections(store: Store) -> int:
    """How many corrections were stored."""
    total: int = store.con.execute("SELECT count(*) FROM corrections").fetchall()[0][0]
    return total


def correction_page(store: Store, limit: int, offset: int = 0) -> list[dict[str, Any]]:
    """Corrections, newest first."""
    return fetch(
        store.con,
        "SELECT * FROM corrections ORDER BY created_at DESC, correction_id DESC LIMIT ? OFFSET ?",
        [limit, offset],
    )


def correction(store: Store, correction_id: str) -> dict[str, Any]:
    """One stored correction."""
    return fetch(store.con, "SELECT * FROM corrections WHERE correction_id = ?", [correction_id])[0]
