"""Where the ingest process's memory goes, measured in one run.

    python benchmarks/store_cache.py [--articles 20000] [--processes 2] [--memory-limit 2GB]

Ingests the varied feed corpus of ingest_memory.py in this process (as `dyad ingest` does) and,
after every stored batch, samples this process's resident memory beside what DuckDB says its
own buffers hold (`duckdb_memory()`). If the growth of the first is the growth of the second,
the only thing that grows is the store's cache, which `--memory-limit` caps.
"""

from __future__ import annotations

import argparse
import tempfile
from pathlib import Path

from ingest_memory import make_varied_corpus

from dyad.ingest import Ingester, Progress
from dyad.parallel import coder_for
from dyad.settings import Options
from dyad.store import open_store
from dyad.store.db import Store
from dyad.store.synthetic import rss_mb
from dyad.stories import StoryOptions


def duckdb_mb(store: Store) -> float:
    rows = store.con.execute("SELECT sum(memory_usage_bytes) FROM duckdb_memory()").fetchall()
    return float(rows[0][0] or 0) / 2**20


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=20_000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--memory-limit", default="2GB")
    args = parser.parse_args()
    samples: list[tuple[int, float, float]] = []
    with tempfile.TemporaryDirectory() as folder:
        corpus = make_varied_corpus(args.articles, Path(folder) / "c.jsonl")
        with (
            open_store(Path(folder) / "m.duckdb", memory_limit=args.memory_limit) as store,
            coder_for(Options(), args.processes) as coder,
        ):

            def sample(progress: Progress) -> None:
                if not progress.to_place:
                    samples.append((progress.done, rss_mb(), duckdb_mb(store)))

            Ingester(coder, StoryOptions()).ingest(store, [str(corpus)], lambda p: None, sample)
    tenths = [samples[min(len(samples) - 1, i * len(samples) // 10)] for i in range(1, 11)]
    print(f"articles={args.articles} memory_limit={args.memory_limit} batches={len(samples)}")
    print("articles_done=" + ",".join(str(t[0]) for t in tenths))
    print("process_mb=" + ",".join(f"{t[1]:.0f}" for t in tenths))
    print("duckdb_mb=" + ",".join(f"{t[2]:.0f}" for t in tenths))
    print("process_minus_duckdb_mb=" + ",".join(f"{t[1] - t[2]:.0f}" for t in tenths))


if __name__ == "__main__":
    main()
