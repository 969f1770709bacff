"""`dyad bench`: throughput of `extract` and `ingest` against bare spaCy on the same corpus,
with the same model and number of processes — the practical limit — measured in one run.

Each phase runs in a fresh process (`python -m dyad.bench PHASE ...`) so its peak memory is
its own; models are loaded and warmed before the clock starts, for spaCy as for dyad.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import resource
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import IO

from dyad.inputs import read_inputs
from dyad.records import Article, CodedArticle, RawDocument
from dyad.settings import DEFAULT_MODEL, Options

PHASES = ("spacy", "extract", "ingest")
WARM_UP = 8


@dataclass(frozen=True, slots=True)
class Measured:
    """One phase: how long the corpus took, what it held, and the peak memory."""

    phase: str
    seconds: float
    articles: int
    sentences: int
    words: int
    peak_rss_mb: float

    def line(self) -> str:
        rate = self.articles / self.seconds
        return (
            f"{self.phase:<8} {rate:8.1f} articles/s {self.sentences / self.seconds:9.1f} "
            f"sentences/s {self.words / self.seconds:10.0f} words/s  peak RSS "
            f"{self.peak_rss_mb:6.0f} MB"
        )


def make_corpus(source: Path, articles: int, out: Path) -> Path:
    """`articles` records from a JSONL corpus, repeated with new ids (and a line that makes
    each text distinct, so nothing is skipped as already seen)."""
    records = [json.loads(line) for line in source.read_text("utf-8").splitlines() if line.strip()]
    if not records:
        raise ValueError(f"{source}: no articles to benchmark with")
    with out.open("w", encoding="utf-8") as handle:
        for i in range(articles):
            record = dict(records[i % len(records)])
            record["id"] = f"bench-{i:06d}"
            record["text"] = f"{record.get('text', '')}\n\nEdition {i}."
            handle.write(json.dumps(record) + "\n")
    return out


def peak_rss_mb() -> float:
    """The largest resident size of this process plus that of its largest worker (kB on
    Linux)."""
    own = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    workers = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    return (own + workers) / 1024


def documents(corpus: Path) -> list[RawDocument]:
    return [d for d in read_inputs([str(corpus)], Options()) if isinstance(d, RawDocument)]


def phase_spacy(corpus: Path, processes: int) -> Measured:
    import spacy

    from dyad.stages.clean_text import CleanText

    clean = CleanText(Options())
    texts = [a.text for d in documents(corpus) if isinstance(a := clean(d), Article)]
    nlp = spacy.load(DEFAULT_MODEL)
    list(nlp.pipe(texts[:WARM_UP], batch_size=Options().batch_size))
    started = time.perf_counter()
    docs = list(nlp.pipe(texts, batch_size=Options().batch_size, n_process=processes))
    seconds = time.perf_counter() - started
    sentences = sum(len(list(doc.sents)) for doc in docs)
    words = sum(len(t.split()) for t in texts)
    return Measured("spacy", seconds, len(docs), sentences, words, peak_rss_mb())


def phase_extract(corpus: Path, processes: int) -> Measured:
    from dyad.parallel import coder_for

    docs = documents(corpus)
    with coder_for(Options(), processes) as coder:
        list(coder.code_documents(docs[: WARM_UP * processes]))
        started = time.perf_counter()
        coded = [r for r in coder.code_documents(docs) if isinstance(r, CodedArticle)]
        seconds = time.perf_counter() - started
    return _measured("extract", seconds, coded)


def phase_ingest(corpus: Path, processes: int) -> Measured:
    from dyad.ingest import Ingester
    from dyad.parallel import coder_for
    from dyad.store import open_store
    from dyad.stories import StoryOptions

    with tempfile.TemporaryDirectory() as folder, coder_for(Options(), processes) as coder:
        ingester = Ingester(coder, StoryOptions())
        list(coder.code_documents(documents(corpus)[: WARM_UP * processes]))
        with open_store(Path(folder) / "bench.duckdb") as store:
            started = time.perf_counter()
            report = ingester.ingest(store, [str(corpus)], lambda problem: None)
            seconds = time.perf_counter() - started
            sentences = store.counts()["sentences"]
            words = sum(
                len(t.split()) for (t,) in store.con.execute("SELECT text FROM articles").fetchall()
            )
    return Measured("ingest", seconds, report.articles_coded, sentences, words, peak_rss_mb())


def _measured(phase: str, seconds: float, coded: list[CodedArticle]) -> Measured:
    sentences = sum(len(c.sentences) for c in coded)
    words = sum(len(c.article.text.split()) for c in coded)
    return Measured(phase, seconds, len(coded), sentences, words, peak_rss_mb())


RUNNERS = {"spacy": phase_spacy, "extract": phase_extract, "ingest": phase_ingest}


def run_phase(phase: str, corpus: Path, processes: int) -> Measured:
    """Run one phase in a fresh interpreter and read its measurement."""
    command = [sys.executable, "-m", "dyad.bench", phase, str(corpus), str(processes)]
    result = subprocess.run(command, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        last = (result.stderr.strip().splitlines() or ["no output"])[-1]
        raise RuntimeError(f"bench phase {phase} failed: {last}")
    return Measured(**json.loads(result.stdout.strip().splitlines()[-1]))


def run_bench(source: Path, articles: int, processes: int, out: IO[str], rounds: int = 3) -> float:
    """Print every phase and, last, `ratio_vs_spacy=` (extract ÷ bare spaCy articles/s).

    spaCy and extract run `rounds` times, alternating, and each keeps its fastest round: on a
    shared machine the speed drifts by tens of percent within minutes, and alternating the two
    phases exposes them to the same drift (the best of several rounds is the least disturbed).
    Ingest runs once.
    """
    with tempfile.TemporaryDirectory() as folder:
        corpus = make_corpus(source, articles, Path(folder) / "corpus.jsonl")
        out.write(f"corpus: {articles} articles from {source}, processes={processes}\n")
        best: dict[str, Measured] = {}
        for _ in range(max(1, rounds)):
            for phase in ("spacy", "extract"):
                measured = run_phase(phase, corpus, processes)
                if phase not in best or measured.seconds < best[phase].seconds:
                    best[phase] = measured
        best["ingest"] = run_phase("ingest", corpus, processes)
        for phase in PHASES:
            out.write(best[phase].line() + "\n")
    spacy_rate = best["spacy"].articles / best["spacy"].seconds
    ratio = best["extract"].articles / best["extract"].seconds / spacy_rate
    out.write(f"rounds={max(1, rounds)} (spaCy and extract alternated, fastest of each kept)\n")
    out.write(f"ratio_vs_spacy={ratio:.2f}\n")
    return ratio


def _phases(argv: list[str]) -> Iterator[Measured]:
    parser = argparse.ArgumentParser(prog="python -m dyad.bench")
    parser.add_argument("phase", choices=PHASES)
    parser.add_argument("corpus", type=Path)
    parser.add_argument("processes", type=int)
    args = parser.parse_args(argv)
    yield RUNNERS[args.phase](args.corpus, args.processes)


if __name__ == "__main__":
    for measured in _phases(sys.argv[1:]):
        sys.stdout.write(json.dumps(dataclasses.asdict(measured)) + "\n")
