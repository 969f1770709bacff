"""Human review: corrections stored beside the coder's output, never over it.

A correction says an event is right, wrong, or should be changed (type, mode, modality,
actors, recipients). Views join each event with its latest correction; `corrections_as_gold`
turns the reviewed sentences into gold records that `dyad eval` reads, so the fixes count.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import polars as pl

from dyad.evaluate import CLAIM_MODALITIES, FUTURE_AS_AGREE
from dyad.records import MODALITIES
from dyad.store.db import EventQuery, Store

VERDICTS = ("right", "wrong", "changed")
COUNTRY_CODE = re.compile(r"^[A-Z]{3}$")

LATEST = """
SELECT * EXCLUDE (rank) FROM (
    SELECT *, row_number() OVER (
        PARTITION BY event_id ORDER BY created_at DESC, correction_id DESC
    ) AS rank
    FROM corrections
) WHERE rank = 1
"""


class ReviewError(ValueError):
    """A correction that cannot be stored; the message says which field and why."""


@dataclass(frozen=True, slots=True)
class Correction:
    """What a reviewer says about one consolidated event."""

    event_id: str
    verdict: str
    event_type: str | None = None
    mode: str | None = None
    modality: str | None = None
    actor_countries: tuple[str, ...] | None = None
    recipient_countries: tuple[str, ...] | None = None
    note: str | None = None
    author: str | None = None

    def check(self, event_types: Iterable[str]) -> None:
        if self.verdict not in VERDICTS:
            raise ReviewError(f"verdict must be one of {', '.join(VERDICTS)}")
        if self.event_type is not None and self.event_type not in set(event_types):
            raise ReviewError(f"unknown PLOVER event type {self.event_type!r}")
        if self.modality is not None and self.modality not in MODALITIES:
            raise ReviewError(f"modality must be one of {', '.join(MODALITIES)}")
        for codes in (self.actor_countries or (), self.recipient_countries or ()):
            bad = [c for c in codes if not COUNTRY_CODE.match(c)]
            if bad:
                raise ReviewError(f"not a country code: {bad[0]!r} (three capital letters)")
        changes = (self.event_type, self.mode, self.modality)
        changed = any(c is not None for c in changes) or self.actor_countries is not None
        if self.verdict == "changed" and not (changed or self.recipient_countries is not None):
            raise ReviewError("a 'changed' verdict needs at least one corrected field")


def add_correction(store: Store, correction: Correction, event_types: Iterable[str]) -> str:
    """Store a correction of an existing event; returns its id."""
    correction.check(event_types)
    found = store.con.execute(
        "SELECT count(*) FROM events WHERE event_id = ?", [correction.event_id]
    ).fetchall()[0][0]
    if not found:
        raise ReviewError(f"no event {correction.event_id!r} in {store.path}")
    now = datetime.now(UTC)
    key = f"{correction.event_id}|{now.isoformat()}|{correction}"
    correction_id = "c" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:15]
    store.con.execute(
        "INSERT INTO corrections VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            correction_id,
            correction.event_id,
            correction.verdict,
            correction.event_type,
            correction.mode,
            correction.modality,
            list(correction.actor_countries) if correction.actor_countries else None,
            list(correction.recipient_countries) if correction.recipient_countries else None,
            correction.note,
            correction.author,
            now,
        ],
    )
    return correction_id


def corrections(store: Store) -> pl.DataFrame:
    """Every correction, newest first (the full history of the review)."""
    frame: pl.DataFrame = store.con.sql(
        "SELECT * FROM corrections ORDER BY created_at DESC, correction_id DESC"
    ).pl()
    return frame


def reviewed_events(
    store: Store, query: EventQuery | None = None, only_reviewed: bool = False
) -> pl.DataFrame:
    """Events with their latest correction beside them (columns `review_*`, null when the
    event was not reviewed); `only_reviewed` keeps just the reviewed ones (fast at scale)."""
    sql_where, params = (query or EventQuery()).where()
    limit = f" LIMIT {int(query.limit)}" if query and query.limit is not None else ""
    sql = (
        f"SELECT e.*, c.verdict AS review_verdict, c.event_type AS review_event_type, "
        f"c.mode AS review_mode, c.modality AS review_modality, "
        f"c.actor_countries AS review_actor_countries, "
        f"c.recipient_countries AS review_recipient_countries, c.note AS review_note, "
        f"c.created_at AS review_at FROM (SELECT * FROM events{sql_where}) e "
        f"{'' if only_reviewed else 'LEFT '}JOIN ({LATEST}) c USING (event_id) "
        f"ORDER BY e.date, e.event_id{limit}"
    )
    frame: pl.DataFrame = store.con.sql(sql, params=params).pl()
    return frame


def corrections_as_gold(store: Store) -> list[dict[str, Any]]:
    """Gold records (the format `dyad eval` reads) for every reviewed sentence: the events a
    reviewer confirmed or changed, as corrected. A sentence whose only event was marked wrong
    becomes a record with no events — a trap the coder must not fall into again."""
    rows = reviewed_events(store, only_reviewed=True)
    sentences: dict[tuple[str, str], dict[str, Any]] = {}
    for row in rows.iter_rows(named=True):
        key = (row["article_id"], row["sentence"])
        record = sentences.setdefault(key, _gold_record(store, row))
        event = _gold_event(row) if row["review_verdict"] != "wrong" else None
        if event is not None:
            record["events"].append(event)
    return sorted(sentences.values(), key=lambda r: r["id"])


def _gold_record(store: Store, row: dict[str, Any]) -> dict[str, Any]:
    published = store.con.execute(
        "SELECT published FROM articles WHERE article_id = ?", [row["article_id"]]
    ).fetchall()
    day = published[0][0] if published else None
    digest = hashlib.sha1(f"{row['article_id']}|{row['sentence']}".encode()).hexdigest()[:12]
    return {
        "id": f"review-{digest}",
        "text": row["sentence"],
        "published": day.isoformat() if day else None,
        "events": [],
    }


def _gold_event(row: dict[str, Any]) -> dict[str, Any] | None:
    """The event as the reviewer left it, coded as gold codes claims: negated and
    hypothetical events are not events, and planned cooperation is AGREE."""
    changed = row["review_verdict"] == "changed"

    def pick(field: str) -> Any:
        corrected = row[f"review_{field}"] if changed else None
        return corrected if corrected is not None else row[field]

    modality = pick("modality")
    if modality not in CLAIM_MODALITIES:
        return None
    event_type = pick("event_type")
    if modality == "planned" and event_type in FUTURE_AS_AGREE:
        event_type = "AGREE"
    retyped = changed and row["review_event_type"] is not None
    return {
        "type": event_type,
        "mode": row["review_mode"] if retyped else pick("mode"),  # modes belong to a type
        "source": list(pick("actor_countries") or []),
        "target": list(pick("recipient_countries") or []),
    }
