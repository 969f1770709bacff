"""Memory of `dyad ingest` over a long corpus, measured in one run.

    python benchmarks/ingest_memory.py [--articles 2000] [--processes 2]

Ingests ARTICLES articles (the bundled sample repeated with new ids) with `dyad ingest
--processes P` as a user runs it, sampling the resident memory of the whole process tree (the
ingest process and its workers) every half second. Prints the samples at each tenth of the run
and the growth from the first to the last tenth: flat memory means the run would look the same
over 100,000 articles.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from dyad.bench import make_corpus

ROOT = Path(__file__).resolve().parents[1]


def tree_rss_mb(pid: int) -> float:
    """Resident memory of a process and all its descendants, from /proc."""
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        try:
            status = Path(f"/proc/{current}/status").read_text()
            children = Path(f"/proc/{current}/task/{current}/children").read_text().split()
        except OSError:
            continue
        # an exiting process (a zombie) has no resident set any more
        total += next(
            (int(line.split()[1]) for line in status.splitlines() if line.startswith("VmRSS:")),
            0,
        )
        todo += [int(c) for c in children]
    return total / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument(
        "--log", type=Path, default=Path("ingest-memory.log"), help="every sample: seconds, MB"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        corpus = make_corpus(
            ROOT / "data/sample/articles.jsonl", args.articles, Path(folder) / "c.jsonl"
        )
        command = [sys.executable, "-m", "dyad.cli", "ingest", str(corpus), "--db",
                   str(Path(folder) / "m.duckdb"), "--processes", str(args.processes)]  # fmt: skip
        started = time.perf_counter()
        process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        samples = []
        with args.log.open("w", encoding="utf-8") as log:  # kept if the run is cut short
            while process.poll() is None:
                samples.append(tree_rss_mb(process.pid))
                log.write(f"{time.perf_counter() - started:.1f} {samples[-1]:.0f}\n")
                log.flush()
                time.sleep(0.5)
        seconds = time.perf_counter() - started
    if process.returncode != 0 or len(samples) < 10:
        raise SystemExit(f"ingest failed or was too short (exit {process.returncode})")
    tenths = [samples[min(len(samples) - 1, i * len(samples) // 10)] for i in range(1, 11)]
    print(f"articles={args.articles} processes={args.processes} seconds={seconds:.0f} "
          f"articles_per_second={args.articles / seconds:.1f}")  # fmt: skip
    print("rss_mb_at_each_tenth=" + ",".join(f"{x:.0f}" for x in tenths))
    print(
        f"peak_rss_mb={max(samples):.0f} growth_first_to_last_tenth_mb={tenths[-1] - tenths[0]:.0f}"
    )


if __name__ == "__main__":
    main()
