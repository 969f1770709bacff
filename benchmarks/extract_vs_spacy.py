"""Speed of `dyad extract` against bare spaCy on the same text, measured in one run.

    python benchmarks/extract_vs_spacy.py [FILE] [--copies 200]

Codes FILE (default: the seed article in ../shared/seed, else the bundled sample) N times with
one Coder, and runs the same N texts through bare `nlp.pipe` of the same model. Prints both
rates and `ratio_vs_spacy` (1.0 = dyad costs nothing on top of parsing).
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

import spacy

from dyad import CodedArticle, Coder
from dyad.records import Article, RawDocument
from dyad.settings import DEFAULT_MODEL

ROOT = Path(__file__).resolve().parents[1]
SEED = ROOT.parent / "shared" / "seed" / "seed-article.txt"
FALLBACK = ROOT / "data" / "sample" / "rewrite.txt"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("file", nargs="?", type=Path, default=SEED if SEED.exists() else FALLBACK)
    parser.add_argument("--copies", type=int, default=200)
    args = parser.parse_args()
    text = args.file.read_text("utf-8")
    documents = [
        RawDocument(f"copy-{i}", text, is_html=False, id=f"copy-{i}") for i in range(args.copies)
    ]

    coder = Coder()
    cleaned = coder.clean(documents[0])
    if not isinstance(cleaned, Article):
        raise SystemExit(cleaned.message)
    words = len(cleaned.text.split()) * args.copies

    # The baseline parses the same cleaned text dyad parses, with the same model and batch
    # size. Both warm up first, and the baseline runs before and after dyad (mean), so that
    # neither profits from a warm cache or a quiet machine.
    nlp = spacy.load(DEFAULT_MODEL)
    texts = [cleaned.text] * args.copies
    batch = coder.options.batch_size
    list(nlp.pipe(texts[:10], batch_size=batch))
    list(coder.code_documents(documents[:10]))

    def bare_spacy() -> float:
        start = time.perf_counter()
        for _ in nlp.pipe(texts, batch_size=batch):
            pass
        return time.perf_counter() - start

    before = bare_spacy()
    start = time.perf_counter()
    results = list(coder.code_documents(documents))
    dyad_seconds = time.perf_counter() - start
    spacy_seconds = (before + bare_spacy()) / 2
    events = sum(len(r.events) for r in results if isinstance(r, CodedArticle))

    print(f"articles={args.copies} words={words} events={events}")
    print(f"spacy_nlp_pipe: {spacy_seconds:.2f}s  {args.copies / spacy_seconds:.1f} articles/s")
    print(f"dyad_extract:   {dyad_seconds:.2f}s  {args.copies / dyad_seconds:.1f} articles/s")
    print(f"ratio_vs_spacy={spacy_seconds / dyad_seconds:.3f}")


if __name__ == "__main__":
    main()
