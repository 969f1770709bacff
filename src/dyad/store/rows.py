"""Coded articles as the column frames the store writes: one frame per table, built once per
batch so a batch is a handful of bulk inserts rather than a row-by-row loop."""

from __future__ import annotations

import hashlib
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

import polars as pl

from dyad.records import Article, CodedArticle, Entity, Event, Sentence

ENTITY = pl.Struct(
    {"text": pl.String, "name": pl.String, "country": pl.String, "sector": pl.String}
)
LOCATION = pl.Struct(
    {
        "text": pl.String,
        "name": pl.String,
        "country": pl.String,
        "lat": pl.Float64,
        "lon": pl.Float64,
    }
)
TRIGGER = pl.Struct({"text": pl.String, "start": pl.Int32, "end": pl.Int32})

ARTICLE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "article_id": pl.String,
    "hash": pl.String,
    "source": pl.String,
    "url": pl.String,
    "title": pl.String,
    "published": pl.Date,
    "text": pl.String,
    "story_id": pl.String,
    "ingested_at": pl.Datetime("us"),
}
SENTENCE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "article_id": pl.String,
    "sentence_index": pl.Int32,
    "start_char": pl.Int32,
    "end_char": pl.Int32,
    "text": pl.String,
}
FEATURE_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "article_id": pl.String,
    "minhash": pl.List(pl.UInt64),
    "embedding": pl.List(pl.Float32),
}
MENTION_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "mention_id": pl.String,
    "article_id": pl.String,
    "event_id": pl.String,
    "event_type": pl.String,
    "mode": pl.String,
    "cameo": pl.String,
    "quad_class": pl.Int8,
    "intensity": pl.Float64,
    "modality": pl.String,
    "actors": pl.List(ENTITY),
    "recipients": pl.List(ENTITY),
    "attributed_to": ENTITY,
    "actor_country": pl.String,
    "recipient_country": pl.String,
    "actor_countries": pl.List(pl.String),
    "recipient_countries": pl.List(pl.String),
    "date": pl.Date,
    "date_precision": pl.String,
    "date_from_text": pl.Boolean,
    "location": LOCATION,
    "sentence_index": pl.Int32,
    "sentence": pl.String,
    "trigger": TRIGGER,
    "confidence": pl.Float64,
}

# The `events` table (consolidated events) as polars reads it from the store.
EVENT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "event_id": pl.String,
    "story_id": pl.String,
    "event_type": pl.String,
    "mode": pl.String,
    "cameo": pl.String,
    "quad_class": pl.Int8,
    "intensity": pl.Float64,
    "modality": pl.String,
    "actors": pl.List(ENTITY),
    "recipients": pl.List(ENTITY),
    "actor_country": pl.String,
    "recipient_country": pl.String,
    "actor_countries": pl.List(pl.String),
    "recipient_countries": pl.List(pl.String),
    "date": pl.Date,
    "date_precision": pl.String,
    "location": LOCATION,
    "confidence": pl.Float64,
    "num_mentions": pl.Int32,
    "num_articles": pl.Int32,
    "num_sources": pl.Int32,
    "first_seen": pl.Date,
    "last_seen": pl.Date,
    "article_id": pl.String,
    "mention_id": pl.String,
    "source_url": pl.String,
    "sentence": pl.String,
}


def article_hash(article: Article) -> str:
    """What decides whether a stored article changed: its text and its publication date."""
    key = f"{article.text}\x00{article.published or ''}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()


@dataclass(frozen=True, slots=True)
class Fingerprint:
    """What story clustering compares: a MinHash signature and a sentence embedding."""

    minhash: tuple[int, ...]
    embedding: tuple[float, ...] | None


@dataclass(frozen=True, slots=True)
class Batch:
    """One atomic write: the rows of every table for a set of articles."""

    article_ids: tuple[str, ...]
    articles: pl.DataFrame
    sentences: pl.DataFrame
    features: pl.DataFrame
    mentions: pl.DataFrame


def build_batch(
    coded: Sequence[CodedArticle], fingerprints: Sequence[Fingerprint], now: datetime
) -> Batch:
    articles = [c.article for c in coded]
    return Batch(
        article_ids=tuple(a.id for a in articles),
        articles=pl.DataFrame([_article_row(a, now) for a in articles], schema=ARTICLE_SCHEMA),
        sentences=pl.DataFrame(
            [sentence_row(c.article.id, s) for c in coded for s in c.sentences],
            schema=SENTENCE_SCHEMA,
        ),
        features=pl.DataFrame(
            [
                {"article_id": a.id, "minhash": list(f.minhash), "embedding": f.embedding}
                for a, f in zip(articles, fingerprints, strict=True)
            ],
            schema=FEATURE_SCHEMA,
        ),
        mentions=pl.DataFrame(
            [mention_row(e) for c in coded for e in c.events], schema=MENTION_SCHEMA
        ),
    )


def article_row(article: Article) -> dict[str, Any]:
    """An article's own columns: what any writer of articles (store, Parquet) keeps."""
    return {
        "article_id": article.id,
        "hash": article_hash(article),
        "source": article.source,
        "url": article.url,
        "title": article.title,
        "published": article.published,
        "text": article.text,
    }


def sentence_row(article_id: str, sentence: Sentence) -> dict[str, Any]:
    return {
        "article_id": article_id,
        "sentence_index": sentence.index,
        "start_char": sentence.start,
        "end_char": sentence.end,
        "text": sentence.text,
    }


def _article_row(article: Article, now: datetime) -> dict[str, Any]:
    # the story is assigned when stories are refreshed after the batch
    return {**article_row(article), "story_id": None, "ingested_at": now}


def mention_row(event: Event) -> dict[str, Any]:
    """One coded event as the store keeps it; `date_from_text` says whether the text dated it."""
    data = event.to_dict()
    actor_countries = _countries(event.actors)
    recipient_countries = _countries(event.recipients)
    return {
        "mention_id": event.id,
        "article_id": event.article_id,
        "event_id": None,
        "event_type": event.event_type,
        "mode": event.mode,
        "cameo": event.cameo,
        "quad_class": event.quad_class,
        "intensity": event.intensity,
        "modality": event.modality,
        "actors": data["actors"],
        "recipients": data["recipients"],
        "attributed_to": data["attributed_to"],
        "actor_country": event.actors[0].country if event.actors else None,
        "recipient_country": event.recipients[0].country if event.recipients else None,
        "actor_countries": actor_countries,
        "recipient_countries": recipient_countries,
        "date": event.date,
        "date_precision": event.date_precision,
        "date_from_text": event.date_source == "text",
        "location": data["location"],
        "sentence_index": event.sentence_index,
        "sentence": event.sentence,
        "trigger": data["trigger"],
        "confidence": event.confidence,
    }


def _countries(entities: tuple[Entity, ...]) -> list[str]:
    return sorted({e.country for e in entities if e.country})
