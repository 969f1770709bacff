"""`dyad report` and `dyad timing` on a store: a self-contained HTML file with its charts, PNG
copies of them, and an honest timing answer when data are few."""

from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT
from test_store import coded, minhash, store_with

from dyad.report import ReportOptions, build_report


@pytest.fixture
def small_db(tmp_path: Path) -> Path:
    path = tmp_path / "s.duckdb"
    articles = [
        (coded(f"a{i}", f"Putin called Trump, edition {i}.", f"W{i}"), minhash(i)) for i in range(3)
    ]
    store_with(path, articles).close()
    return path


def test_the_report_is_one_self_contained_file_with_png_copies(
    small_db: Path, tmp_path: Path
) -> None:
    from dyad.store import open_store

    with open_store(small_db, read_only=True) as store:
        report = build_report(store, ReportOptions())
    written = report.write(tmp_path / "report.html")
    html = (tmp_path / "report.html").read_text()
    assert "<h2>Corpus</h2>" in html and "<h2>Timing" in html and "RUS" in html
    assert not re.search(r"""(src|href)=["']https?://""", html)  # nothing fetched when opened
    assert html.count("data:image/png;base64,") == len(report.charts) >= 4
    pngs = [p for p in written if p.suffix == ".png"]
    assert len(pngs) == len(report.charts)
    assert all(p.read_bytes().startswith(b"\x89PNG") for p in pngs)


def dyad(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dyad.cli", *args], capture_output=True, text=True, cwd=ROOT
    )


def test_timing_says_when_data_are_too_few(small_db: Path) -> None:
    result = dyad(
        "timing", "--db", str(small_db), "--lead", "USA>UKR:AID", "--follow", "RUS>USA:CONSULT"
    )
    assert result.returncode == 0, result.stderr
    assert "Too few events to test" in result.stdout


def test_timing_as_json_and_a_bad_dyad_is_one_line(small_db: Path) -> None:
    ok = dyad("timing", "--db", str(small_db), "--lead", "RUS>USA", "--follow", "USA", "--json")
    data = json.loads(ok.stdout)
    assert data["enough_data"] is False and data["lead_count"] >= 1
    bad = dyad("timing", "--db", str(small_db), "--lead", "russia>USA", "--follow", "USA")
    assert bad.returncode == 2 and bad.stderr.count("\n") == 1 and "russia" in bad.stderr


def test_report_command_prints_the_path(small_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "r.html"
    result = dyad("report", "--db", str(small_db), "--out", str(out))
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == str(out.resolve())
    assert (tmp_path / "r-charts" / "timeline.png").exists()


@pytest.mark.parametrize("what", ["series", "cooperation", "top-actors", "top-dyads", "network"])
def test_analyze_answers_each_question_as_csv(small_db: Path, what: str) -> None:
    result = dyad("analyze", what, "--db", str(small_db), "--dyad", "RUS-USA", "--format", "csv")
    assert result.returncode == 0, result.stderr
    header, *rows = result.stdout.splitlines()
    assert rows, result.stdout
    expected = {
        "series": "period,count,mean_intensity",
        "cooperation": "period,cooperation,conflict,index,mean_intensity",
        "top-actors": "country,events",
        "top-dyads": "actor,recipient,events,mean_intensity,cooperation,conflict",
        "network": "source,target,count,mean_intensity,cooperation,conflict",
    }
    assert header == expected[what]
