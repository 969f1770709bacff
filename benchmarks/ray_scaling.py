"""Scaling of the Ray run on one machine: the same corpus coded by 1 and by 2 workers.

    python benchmarks/ray_scaling.py [--articles 400] [--out DIR]

The corpus repeats data/sample/articles.jsonl with new ids. Each run starts a local Ray with
`workers + 1` CPUs (as `run_ray` would; not timed, like a cluster that is already up) and
times `run_ray` on it: starting the actors and loading one model in each, coding, and writing
the Parquet output. That start-up does not shrink with more workers, so the speedup grows
with the corpus. The last line is `speedup_2_vs_1=<x>`.
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
    parser.add_argument("--articles", type=int, default=400)
    parser.add_argument("--out", type=Path, help="folder for the corpus and outputs")
    args = parser.parse_args()
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    folder = args.out or Path(tempfile.mkdtemp(prefix="dyad-ray-"))
    corpus = folder / "corpus.jsonl"
    build_corpus(corpus, args.articles)
    one = timed_run(corpus, folder / "workers-1", 1)
    two = timed_run(corpus, folder / "workers-2", 2)
    assert one.events == two.events, "the two runs coded different events"
    print(f"speedup_2_vs_1={one.seconds / two.seconds:.2f}")


if __name__ == "__main__":
    main()
