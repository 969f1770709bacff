"""Scaling of the Ray run on one machine: the same corpus coded by 1 and by 2 workers.

    python benchmarks/ray_scaling.py [--articles 2000] [--out DIR]

The corpus repeats data/sample/articles.jsonl with new ids. Each run starts a local Ray with
`workers + 1` CPUs (as `run_ray` would; not timed, like a cluster that is already up) and
times `run_ray` on it: starting the actors and loading one model in each, coding, and writing
the Parquet output. That start-up does not shrink with more workers, so each worker count also
codes a small corpus (one batch per worker): the difference of the two runs is the marginal
cost of the extra articles, free of the fixed start-up. Prints both speedups; the last line is
`speedup_2_vs_1=<x>` (end to end, start-up included).
"""

from __future__ import annotations

import argparse
import json
import os
import tempfile
from pathlib import Path

import ray

from dyad.distributed import RunReport, run_ray
from dyad.settings import Options

SMALL = 64  # articles: one coder batch for each of two workers
SAMPLE = Path(__file__).resolve().parents[1] / "data" / "sample" / "articles.jsonl"


def build_corpus(path: Path, articles: int) -> None:
    """`articles` records: the sample over and over, each copy with its own id."""
    records = [json.loads(line) for line in SAMPLE.read_text().splitlines() if line.strip()]
    with path.open("w", encoding="utf-8") as handle:
        for n in range(articles):
            record = dict(records[n % len(records)])
            record["id"] = f"{record['id']}-{n}"
            handle.write(json.dumps(record) + "\n")


def timed_run(corpus: Path, out: Path, workers: int) -> RunReport:
    """One run; prints its throughput."""
    ray.init(num_cpus=workers + 1, include_dashboard=False, log_to_driver=False)
    try:
        report = run_ray([str(corpus)], out, workers, Options())
    finally:
        ray.shutdown()
    rate = report.articles / report.seconds
    print(
        f"workers={workers} articles={report.articles} events={report.events} "
        f"seconds={report.seconds:.1f} articles_per_s={rate:.1f}",
        flush=True,
    )
    return report


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--out", type=Path, help="folder for the corpus and outputs")
    args = parser.parse_args()
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    folder = args.out or Path(tempfile.mkdtemp(prefix="dyad-ray-"))
    corpus = folder / "corpus.jsonl"
    build_corpus(corpus, args.articles)
    small = folder / "small.jsonl"
    build_corpus(small, SMALL)
    runs = {}
    for workers in (1, 2):
        fixed = timed_run(small, folder / f"small-{workers}", workers)
        full = timed_run(corpus, folder / f"workers-{workers}", workers)
        runs[workers] = (fixed, full)
    (fixed1, one), (fixed2, two) = runs[1], runs[2]
    assert one.events == two.events, "the two runs coded different events"
    extra = args.articles - SMALL
    marginal = {w: extra / (full.seconds - fixed.seconds) for w, (fixed, full) in runs.items()}
    print(
        f"fixed_seconds_1={fixed1.seconds:.1f} fixed_seconds_2={fixed2.seconds:.1f} "
        f"marginal_articles_per_s_1={marginal[1]:.1f} marginal_articles_per_s_2={marginal[2]:.1f}"
    )
    print(f"speedup_without_startup={marginal[2] / marginal[1]:.2f}")
    print(f"speedup_2_vs_1={one.seconds / two.seconds:.2f}")


if __name__ == "__main__":
    main()
