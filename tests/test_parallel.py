"""Coding on several processes gives exactly what one process gives, in input order; and
`dyad bench` prints its measurements with the ratio last."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from conftest import ROOT

from dyad import Coder, Options
from dyad.inputs import read_inputs
from dyad.parallel import ParallelCoder
from dyad.records import CodedArticle, InputProblem

SAMPLE = ROOT / "data" / "sample"


def test_two_processes_code_exactly_what_one_does(coder: Coder, tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl"
    bad.write_text('{"id": "x", "text": "Putin called Trump."}\nnot json\n')
    paths = [str(SAMPLE), str(bad)]
    one = list(coder.code_documents(read_inputs(paths, Options())))
    with ParallelCoder(Options(batch_size=4), processes=2) as parallel:
        two = list(parallel.code_documents(read_inputs(paths, Options())))
    assert [type(r) for r in one] == [type(r) for r in two]
    for a, b in zip(one, two, strict=True):
        if isinstance(a, CodedArticle) and isinstance(b, CodedArticle):
            assert a.article.id == b.article.id and a.events == b.events
        else:
            assert isinstance(a, InputProblem) and a == b


def test_bench_prints_every_phase_and_the_ratio_last(tmp_path: Path) -> None:
    result = subprocess.run(
        [
            *(sys.executable, "-m", "dyad.cli", "bench", "--articles", "12"),
            *("--processes", "1", "--rounds", "2"),
        ],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert [line.split()[0] for line in lines[1:4]] == ["spacy", "extract", "ingest"]
    assert all("articles/s" in line and "peak RSS" in line for line in lines[1:4])
    assert lines[-1].startswith("ratio_vs_spacy=") and float(lines[-1].split("=")[1]) > 0
