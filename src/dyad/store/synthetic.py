"""Synthetic stored events for scale benchmarks: articles with random dyads, types and dates,
built as the same batch frames `dyad ingest` writes, so only the coder is left out."""

from __future__ import annotations

from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import polars as pl

from dyad.store.rows import (
    ARTICLE_SCHEMA,
    FEATURE_SCHEMA,
    MENTION_SCHEMA,
    SENTENCE_SCHEMA,
    Batch,
)

COUNTRIES = [
    "RUS",
    "USA",
    "UKR",
    "CHN",
    "FRA",
    "DEU",
    "GBR",
    "POL",
    "TUR",
    "IRN",
    "ISR",
    "IND",
    "PAK",
    "JPN",
    "KOR",
    "PRK",
    "BRA",
    "HUN",
    "SYR",
    "EGY",
    "SAU",
    "QAT",
    "BLR",
    "GEO",
    "ARM",
    "AZE",
    "KAZ",
    "ITA",
    "ESP",
    "CAN",
    "MEX",
    "VEN",
    "CUB",
    "NGA",
    "ETH",
    "SDN",
    "ZAF",
    "KEN",
    "IRQ",
    "AFG",
]
TYPES = [
    "AGREE",
    "CONSULT",
    "SUPPORT",
    "CONCEDE",
    "COOPERATE",
    "AID",
    "RETREAT",
    "REQUEST",
    "ACCUSE",
    "REJECT",
    "THREATEN",
    "PROTEST",
    "SANCTION",
    "MOBILIZE",
    "COERCE",
    "ASSAULT",
]
WORDS = [
    "talks",
    "missile",
    "summit",
    "border",
    "ceasefire",
    "sanctions",
    "envoy",
    "drone",
    "refinery",
    "grain",
    "minister",
    "treaty",
    "troops",
    "strike",
    "election",
    "protest",
    "convoy",
    "pipeline",
    "aid",
    "vote",
    "council",
    "port",
    "airbase",
]
START = date(2024, 1, 1).toordinal()
DAYS = 730


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def synthetic_batch(first: int, count: int, per_article: int, rng: np.random.Generator) -> Batch:
    ids = [f"syn-{i:07d}" for i in range(first, first + count)]
    days = rng.integers(0, DAYS, count)
    published = [date.fromordinal(START + int(d)) for d in days]
    texts = [" ".join(rng.choice(WORDS, 40)) + f" report {i}." for i in range(first, first + count)]
    now = datetime(2026, 1, 1, tzinfo=UTC)
    articles = pl.DataFrame(
        {
            "article_id": ids,
            "hash": ids,
            "source": [f"outlet-{i % 50}" for i in range(count)],
            "url": [f"https://example.test/{a}" for a in ids],
            "title": [t[:60] for t in texts],
            "published": published,
            "text": texts,
            "story_id": [None] * count,
            "ingested_at": [now] * count,
        },
        schema=ARTICLE_SCHEMA,
    )
    sentences = pl.DataFrame(
        {
            "article_id": ids,
            "sentence_index": [0] * count,
            "start_char": [0] * count,
            "end_char": [len(t) for t in texts],
            "text": texts,
        },
        schema=SENTENCE_SCHEMA,
    )
    features = pl.DataFrame(
        {
            "article_id": ids,
            "minhash": [list(rng.integers(0, 2**32, 64, dtype=np.uint64)) for _ in ids],
            "embedding": [None] * count,
        },
        schema=FEATURE_SCHEMA,
    )
    return Batch(tuple(ids), articles, sentences, features, mentions(ids, days, per_article, rng))


def mentions(ids: list[str], days: np.ndarray, per: int, rng: np.random.Generator) -> pl.DataFrame:
    n = len(ids) * per
    article = np.repeat(np.arange(len(ids)), per)
    actor = rng.choice(COUNTRIES, n)
    recipient = rng.choice(COUNTRIES, n)
    kind = rng.choice(TYPES, n)
    event_day = days[article] - rng.integers(0, 3, n)
    frame = pl.DataFrame(
        {
            "article_id": np.asarray(ids)[article],
            "k": np.tile(np.arange(per), len(ids)),
            "event_type": kind,
            "actor": actor,
            "recipient": recipient,
            "date": [date.fromordinal(START + int(d)) for d in event_day],
            "confidence": rng.random(n).round(3),
        }
    )
    party = pl.struct(
        text=pl.col("actor"), name=pl.col("actor"), country=pl.col("actor"), sector=pl.lit("GOV")
    )
    target = pl.struct(
        text=pl.col("recipient"),
        name=pl.col("recipient"),
        country=pl.col("recipient"),
        sector=pl.lit("GOV"),
    )
    return frame.select(
        mention_id=pl.col("article_id") + "-" + pl.col("k").cast(pl.String),
        article_id="article_id",
        event_id=pl.lit(None, pl.String),
        event_type="event_type",
        mode=pl.lit(None, pl.String),
        cameo=pl.lit("040"),
        quad_class=pl.lit(1, pl.Int8),
        intensity=pl.lit(1.0),
        modality=pl.lit("asserted"),
        actors=pl.concat_list(party),
        recipients=pl.concat_list(target),
        attributed_to=pl.lit(None, MENTION_SCHEMA["attributed_to"]),
        actor_country="actor",
        recipient_country="recipient",
        actor_countries=pl.concat_list("actor"),
        recipient_countries=pl.concat_list("recipient"),
        date="date",
        date_precision=pl.lit("day"),
        date_from_text=pl.lit(True),
        location=pl.lit(None, MENTION_SCHEMA["location"]),
        sentence_index=pl.col("k").cast(pl.Int32),
        sentence=pl.lit("A synthetic sentence."),
        trigger=pl.struct(text=pl.lit("met"), start=pl.lit(0, pl.Int32), end=pl.lit(3, pl.Int32)),
        confidence="confidence",
    ).cast(MENTION_SCHEMA)  # type: ignore[arg-type]
