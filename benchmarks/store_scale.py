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
from datetime import date
from pathlib import Path

import numpy as np

from dyad.store import EventQuery, open_store
from dyad.store.consolidate import refresh_stories
from dyad.store.synthetic import rss_mb, synthetic_batch
from dyad.stories import StoryOptions


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
