"""Scale check of the store, measured in one run.

    python benchmarks/store_scale.py [--articles 100000] [--events 100] [--db FILE]

Writes ARTICLES synthetic articles with EVENTS coded events each (10M event rows by default)
through the same atomic batch writer `dyad ingest` uses, then places them in stories and
consolidates their events, sampling the process's resident memory after every batch. Then
times `dyad events` with a dyad + month filter, in-process and as the command a user runs.
The events are synthetic (random dyads, types and dates); the write, story and query paths
are the real ones.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from datetime import UTC, date, datetime
from pathlib import Path

import numpy as np
import polars as pl

from dyad.store import EventQuery, open_store
from dyad.store.consolidate import refresh_stories
from dyad.store.rows import (
    ARTICLE_SCHEMA,
    FEATURE_SCHEMA,
    MENTION_SCHEMA,
    SENTENCE_SCHEMA,
    Batch,
)
from dyad.stories import StoryOptions

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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=100_000)
    parser.add_argument("--events", type=int, default=100, help="events per article")
    parser.add_argument("--batch", type=int, default=1000, help="articles per transaction")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--memory-limit", default="2GB", help="DuckDB's cache cap (the default)")
    args = parser.parse_args()
    db = args.db or Path(tempfile.mkdtemp()) / "scale.duckdb"
    rng = np.random.default_rng(7)
    samples = []
    started = time.perf_counter()
    with open_store(db, memory_limit=args.memory_limit) as store:
        for first in range(0, args.articles, args.batch):
            count = min(args.batch, args.articles - first)
            store.write(synthetic_batch(first, count, args.events, rng))
            samples.append(rss_mb())
        written = time.perf_counter() - started
        refresh_stories(store, StoryOptions(embed=False))
        placed = time.perf_counter() - started - written
        samples.append(rss_mb())
        counts = store.counts()
        query = EventQuery(
            actor="RUS", recipient="USA", since=date(2025, 10, 1), until=date(2025, 10, 31)
        )
        timings = []
        for _ in range(5):
            t = time.perf_counter()
            found = store.events(query).height
            timings.append(time.perf_counter() - t)
    command = [
        sys.executable, "-m", "dyad.cli", "events", "--db", str(db), "--actor", "RUS",
        "--recipient", "USA", "--since", "2025-10-01", "--until", "2025-10-31",
        "--out", "/dev/null",
    ]  # fmt: skip
    t = time.perf_counter()
    subprocess.run(command, check=True, capture_output=True)
    cli_seconds = time.perf_counter() - t

    print(f"articles={args.articles} mentions={counts['mentions']} events={counts['events']}")
    print(f"write_seconds={written:.1f} rows_per_second={counts['mentions'] / written:,.0f}")
    print(f"stories_and_consolidation_seconds={placed:.1f} stories={counts['stories']}")
    writes = samples[:-1]
    deciles = [writes[min(len(writes) - 1, i * len(writes) // 10)] for i in range(1, 11)]
    print(f"memory_limit={args.memory_limit}")
    print("rss_mb_at_each_tenth_of_the_writes=" + ",".join(f"{x:.0f}" for x in deciles))
    print(
        f"rss_mb first_batch={writes[0]:.0f} last_batch={writes[-1]:.0f} "
        f"after_stories={samples[-1]:.0f} peak={max(samples):.0f}"
    )
    print(f"store_file_mb={db.stat().st_size / 1e6:.0f}")
    print(
        f"query dyad RUS>USA month 2025-10: {found} events; in-process first={timings[0]:.3f}s "
        f"best={min(timings):.3f}s; `dyad events` command {cli_seconds:.2f}s"
    )


if __name__ == "__main__":
    main()
