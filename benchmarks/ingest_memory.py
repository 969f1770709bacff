"""Memory of `dyad ingest` over a long corpus, measured in one run.

    python benchmarks/ingest_memory.py [--articles 2000] [--processes 2] [--corpus varied]

Ingests ARTICLES articles with `dyad ingest --processes P` as a user runs it, sampling the
resident memory of the whole process tree (the ingest process and its workers) every half
second. Prints the samples at each tenth of the run
and the growth from the first to the last tenth: flat memory means the run would look the same
over 100,000 articles.

The `varied` corpus (the default) is what a feed looks like: distinct articles spread over two
years, each seven passages drawn from the project's own texts (the sample and the gold sets),
one in ten a syndicated copy of an article of the same day. The `copies` corpus repeats the
twelve sample articles, so a few days hold every article: the worst case for story grouping.
"""

from __future__ import annotations

import argparse
import json
import random
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path

from dyad.bench import make_corpus

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [ROOT / "data/sample/articles.jsonl", *sorted((ROOT / "tests/gold").glob("*.jsonl"))]
START = date(2024, 1, 1)


def passages() -> list[str]:
    """Every paragraph of more than eight words in the project's own texts."""
    found = []
    for path in TEXTS:
        for line in path.read_text("utf-8").splitlines():
            text = json.loads(line).get("text", "") if line.strip() else ""
            found += [p.strip() for p in text.split("\n\n") if len(p.split()) > 8]
    return found


def make_varied_corpus(articles: int, out: Path, days: int = 730, copies: float = 0.1) -> Path:
    """ARTICLES distinct articles in date order over DAYS days; a share COPIES are
    syndicated copies (another outlet, a credit line added) of the article before them."""
    pool, rng = passages(), random.Random(7)
    previous: dict[str, str] = {}
    with out.open("w", encoding="utf-8") as handle:
        for i in range(articles):
            published = (START + timedelta(days=i * days // articles)).isoformat()
            if previous and rng.random() < copies:
                text = f"{previous['text']}\n\n(Reporting by desk {i}.)"
                title = previous["title"]
            else:
                text = "\n\n".join(rng.sample(pool, 7))
                title = text.split(". ")[0][:90]
            previous = {"id": f"feed-{i:06d}", "source": f"Outlet {i % 60}", "title": title,
                        "published": published, "text": text}  # fmt: skip
            handle.write(json.dumps(previous) + "\n")
    return out


def rss_mb(pid: int) -> tuple[float, list[int]]:
    """Resident memory of one process (MB) and its children's ids, from /proc."""
    try:
        status = Path(f"/proc/{pid}/status").read_text()
        children = Path(f"/proc/{pid}/task/{pid}/children").read_text().split()
    except OSError:
        return 0.0, []
    # an exiting process (a zombie) has no resident set any more
    kb = next((int(x.split()[1]) for x in status.splitlines() if x.startswith("VmRSS:")), 0)
    return kb / 1024, [int(c) for c in children]


def tree_rss_mb(pid: int) -> tuple[float, float]:
    """Resident memory of the whole process tree, and of its root alone."""
    own, todo = rss_mb(pid)
    total = own
    while todo:
        rss, children = rss_mb(todo.pop())
        total += rss
        todo += children
    return total, own


@dataclass
class Sample:
    seconds: float
    tree_mb: float
    ingest_mb: float
    placing: bool  # the articles are stored; they are being grouped into stories


def follow(process: subprocess.Popen[str], lines: list[str]) -> None:
    """Keeps the ingest's progress lines (one per batch, then per chunk of stories)."""
    assert process.stderr is not None
    lines.extend(process.stderr)


def run(command: list[str], log_path: Path) -> list[Sample]:
    started = time.perf_counter()
    process = subprocess.Popen(
        command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True
    )
    lines: list[str] = []
    reader = threading.Thread(target=follow, args=(process, lines), daemon=True)
    reader.start()
    samples = []
    with log_path.open("w", encoding="utf-8") as log:  # kept if the run is cut short
        while process.poll() is None:
            tree, own = tree_rss_mb(process.pid)
            placing = any("placed in stories" in line for line in lines[-3:])
            samples.append(Sample(time.perf_counter() - started, tree, own, placing))
            log.write(f"{samples[-1].seconds:.1f} {tree:.0f} {own:.0f} {int(placing)}\n")
            log.flush()
            time.sleep(0.5)
    reader.join()
    if process.returncode != 0 or len(samples) < 20:
        raise SystemExit(
            f"ingest failed or was too short (exit {process.returncode}): {lines[-1:]}"
        )
    return samples


def tenths(values: list[float]) -> str:
    return ",".join(
        f"{values[min(len(values) - 1, i * len(values) // 10)]:.0f}" for i in range(1, 11)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--articles", type=int, default=2000)
    parser.add_argument("--processes", type=int, default=2)
    parser.add_argument("--corpus", choices=["varied", "copies"], default="varied")
    parser.add_argument("--memory-limit", default="2GB", help="the store's cache cap")
    parser.add_argument(
        "--log", type=Path, default=Path("ingest-memory.log"),
        help="every sample: seconds, tree MB, ingest process MB, placing stories (0/1)",
    )  # fmt: skip
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "c.jsonl"
        if args.corpus == "varied":
            corpus = make_varied_corpus(args.articles, path)
        else:
            corpus = make_corpus(ROOT / "data/sample/articles.jsonl", args.articles, path)
        command = [sys.executable, "-m", "dyad.cli", "ingest", str(corpus), "--db",
                   str(Path(folder) / "m.duckdb"), "--processes", str(args.processes),
                   "--memory-limit", args.memory_limit]  # fmt: skip
        samples = run(command, args.log)
    coding = [s for s in samples if not s.placing]
    placing = [s for s in samples if s.placing]
    seconds, coded = samples[-1].seconds, coding[-1].seconds
    print(f"articles={args.articles} processes={args.processes} corpus={args.corpus} "
          f"memory_limit={args.memory_limit} seconds={seconds:.0f} "
          f"coding_seconds={coded:.0f} stories_seconds={seconds - coded:.0f} "
          f"articles_per_second={args.articles / seconds:.1f}")  # fmt: skip
    tree = [s.tree_mb for s in coding]
    print("coding_rss_mb_at_each_tenth=" + tenths(tree))
    print("coding_ingest_process_mb_at_each_tenth=" + tenths([s.ingest_mb for s in coding]))
    print("coding_workers_mb_at_each_tenth=" + tenths([s.tree_mb - s.ingest_mb for s in coding]))
    print(f"coding_peak_rss_mb={max(tree):.0f} "
          f"stories_peak_rss_mb={max((s.tree_mb for s in placing), default=0):.0f}")  # fmt: skip


if __name__ == "__main__":
    main()
