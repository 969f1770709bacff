"""What the API answers and the pages show, assembled from the store under its lock.

Each function takes the app's `Database` and returns response models; the API returns them
as JSON and the pages render them, so both always show the same thing.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from dyad.analysis import Dyad
from dyad.store.db import EventQuery, Store
from dyad.store.review import Correction as StoredCorrection
from dyad.store.review import add_correction, corrections_as_gold
from dyad.web import aggregates, highlights, queries
from dyad.web import models as m
from dyad.web.database import Database
from dyad.web.params import By, Freq, Order, Role, Status


def events(
    db: Database,
    query: EventQuery,
    limit: int,
    offset: int = 0,
    order: Order = "date",
    status: Status | None = None,
) -> m.EventPage:
    """A page of events with their review, and how many match in all."""
    with db.locked() as store:
        total = queries.count_events(store, query, status)
        rows = queries.event_page(store, query, limit, offset, order, status)
    return m.EventPage(
        total=total, limit=limit, offset=offset, events=[m.Event(**row) for row in rows]
    )


def series(
    db: Database,
    query: EventQuery,
    dyad: Dyad | None,
    freq: Freq,
    by: By | None,
    modalities: Sequence[str],
) -> m.Series:
    """Events per period, optionally grouped by type or quad class."""
    key = ("series", query, dyad, freq, by, tuple(modalities))
    frame = db.cached(key, lambda s: aggregates.series(s, query, dyad, freq, by, modalities))
    points = [m.SeriesPoint(**row) for row in frame.iter_rows(named=True)]
    name = str(dyad) if dyad else None
    return m.Series(dyad=name, freq=freq, by=by, modalities=list(modalities), points=points)


def cooperation(
    db: Database, query: EventQuery, dyad: Dyad | None, freq: Freq, modalities: Sequence[str]
) -> m.Cooperation:
    """The cooperation–conflict index per period."""
    key = ("cooperation", query, dyad, freq, tuple(modalities))
    frame = db.cached(
        key, lambda s: aggregates.cooperation_conflict(s, query, dyad, freq, modalities)
    )
    points = [m.CooperationPoint(**row) for row in frame.iter_rows(named=True)]
    name = str(dyad) if dyad else None
    return m.Cooperation(dyad=name, freq=freq, modalities=list(modalities), points=points)


def top_actors(
    db: Database, query: EventQuery, n: int, role: Role, modalities: Sequence[str]
) -> m.TopActors:
    """The `n` most active countries in `role`."""
    key = ("top_actors", query, n, role, tuple(modalities))
    frame = db.cached(key, lambda s: aggregates.top_actors(s, query, n, role, modalities))
    return m.TopActors(role=role, actors=[m.ActorCount(**r) for r in frame.iter_rows(named=True)])


def top_dyads(db: Database, query: EventQuery, n: int, modalities: Sequence[str]) -> m.TopDyads:
    """The `n` country pairs with the most events."""
    key = ("top_dyads", query, n, tuple(modalities))
    frame = db.cached(key, lambda s: aggregates.top_dyads(s, query, n, modalities))
    return m.TopDyads(dyads=[m.DyadCount(**row) for row in frame.iter_rows(named=True)])


def network(
    db: Database, query: EventQuery, min_count: int, modalities: Sequence[str]
) -> m.Network:
    """The actor network, laid out."""

    def compute(store: Store) -> dict[str, list[dict[str, Any]]]:
        graph = aggregates.actor_network(store, query, modalities)
        return aggregates.network_layout(graph, min_count)

    data = db.cached(("network", query, min_count, tuple(modalities)), compute)
    return m.Network.model_validate(data)


def stories(db: Database, limit: int, offset: int = 0) -> m.StoryPage:
    """A page of stories, the most recent first."""
    with db.locked() as store:
        total = queries.count_stories(store)
        rows = queries.story_page(store, limit, offset)
    return m.StoryPage(
        total=total, limit=limit, offset=offset, stories=[m.Story(**r) for r in rows]
    )


def story(db: Database, story_id: str, limit: int = 500) -> m.StoryDetail | None:
    """A story with its outlets and (the first `limit` of) its events; None if unknown."""
    query = EventQuery(story_id=story_id)
    with db.locked() as store:
        found = queries.story(store, story_id)
        if found is None:
            return None
        articles = queries.story_articles(store, story_id)
        rows = queries.event_page(store, query, limit)
    return m.StoryDetail(
        story=m.Story(**found),
        articles=[m.Outlet(**a) for a in articles],
        total_events=found["num_events"],
        events=[m.Event(**row) for row in rows],
    )


def article(db: Database, article_id: str) -> m.Article | None:
    """An article with its sentences, highlights and events; None if unknown."""
    with db.locked() as store:
        found = queries.article(store, article_id)
        if found is None:
            return None
        sentences = queries.sentences(store, article_id)
        mentions = queries.mentions(store, article_id)
        ids = list(dict.fromkeys(x["event_id"] for x in mentions if x["event_id"]))
        consolidated = queries.events_by_id(store, ids)
    bounds = {s["index"]: (s["start"], s["end"]) for s in sentences}
    marks = highlights.spans(found["text"], bounds, mentions)
    return m.Article(
        **found,
        sentences=[m.Sentence(**s) for s in sentences],
        highlights=[m.Highlight(**_span(s)) for s in marks],
        events=_article_events(mentions, consolidated),
    )


def _span(span: highlights.Span) -> dict[str, Any]:
    return {
        "start": span.start,
        "end": span.end,
        "kind": span.kind,
        "text": span.text,
        "event_ids": list(span.event_ids),
    }


def _article_events(
    mentions: list[dict[str, Any]], consolidated: dict[str, dict[str, Any]]
) -> list[m.ArticleEvent]:
    """One entry per event, in the order the article first reports them; an event reported
    in several sentences lists each of its mentions."""
    grouped: dict[str, tuple[dict[str, Any], list[m.Mention]]] = {}
    for mention in mentions:
        key = mention["event_id"] or mention["mention_id"]
        values = consolidated.get(mention["event_id"] or "", mention)
        entry = grouped.setdefault(key, (values, []))
        entry[1].append(m.Mention(**mention))
    fields = set(m.ArticleEvent.model_fields) - {"mentions"}
    return [
        m.ArticleEvent(**{k: v for k, v in values.items() if k in fields}, mentions=found)
        for values, found in grouped.values()
    ]


def corrections(db: Database, limit: int, offset: int = 0) -> m.CorrectionPage:
    """A page of corrections, newest first."""
    with db.locked() as store:
        total = queries.count_corrections(store)
        rows = queries.correction_page(store, limit, offset)
    return m.CorrectionPage(
        total=total,
        limit=limit,
        offset=offset,
        corrections=[m.Correction(**row) for row in rows],
    )


def correct(db: Database, given: m.CorrectionIn) -> m.Correction | None:
    """Store a correction; None when the event does not exist. Raises ReviewError when a
    field is not acceptable (unknown type, bad country code, "changed" without a change)."""
    stored = StoredCorrection(
        event_id=given.event_id,
        verdict=given.verdict,
        event_type=given.event_type,
        mode=given.mode,
        modality=given.modality,
        actor_countries=_codes(given.actor_countries),
        recipient_countries=_codes(given.recipient_countries),
        note=given.note,
        author=given.author,
    )
    with db.locked() as store:
        if not queries.event_exists(store, given.event_id):
            return None
        correction_id = add_correction(store, stored, db.types)
        row = queries.correction(store, correction_id)
    return m.Correction(**row)


def _codes(codes: list[str] | None) -> tuple[str, ...] | None:
    return tuple(codes) if codes is not None else None


def gold(db: Database) -> list[dict[str, Any]]:
    """The corrections as gold records for `dyad eval`."""
    with db.locked() as store:
        return corrections_as_gold(store)
