"""The store commands as a user runs them: ingest, events, stories; idempotent re-ingest,
a killed ingest that resumes, and refusal of files that are not dyad stores."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, snapshot

from dyad.store import open_store

SAMPLE = ROOT / "data" / "sample"


def dyad(*args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dyad.cli", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=600,
    )


@pytest.fixture(scope="module")
def sample_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    db = tmp_path_factory.mktemp("store") / "sample.duckdb"
    result = dyad("ingest", str(SAMPLE), "--db", str(db))
    assert result.returncode == 0, result.stderr
    return db


def subcommands() -> list[str]:
    from dyad.cli import build_parser

    action = next(a for a in build_parser()._actions if a.dest == "command")
    return sorted(action.choices)  # type: ignore[arg-type]


@pytest.mark.parametrize("command", subcommands())
def test_help_of_every_command(command: str) -> None:
    result = dyad(command, "--help")
    assert result.returncode == 0 and "usage: dyad" in result.stdout


def test_ingest_reports_what_it_stored(sample_db: Path) -> None:
    with open_store(sample_db, read_only=True) as store:
        counts = store.counts()
    assert counts["articles"] == 14 and counts["mentions"] > 50
    assert 0 < counts["stories"] < counts["articles"]  # some stories are told several times
    assert counts["events"] < counts["mentions"]  # the same events were consolidated


def test_reingesting_identical_input_changes_nothing(sample_db: Path) -> None:
    with open_store(sample_db, read_only=True) as store:
        before = snapshot(store)
    result = dyad("ingest", str(SAMPLE), "--db", str(sample_db))
    assert result.returncode == 0, result.stderr
    assert "0 articles coded" in result.stderr and "14 unchanged" in result.stderr
    with open_store(sample_db, read_only=True) as store:
        assert snapshot(store) == before


def test_events_are_jsonl_with_counts_and_filters(sample_db: Path) -> None:
    result = dyad("events", "--db", str(sample_db), "--actor", "RUS", "--recipient", "USA")
    rows = [json.loads(line) for line in result.stdout.splitlines()]
    assert rows and all("RUS" in r["actor_countries"] for r in rows)
    assert all("USA" in r["recipient_countries"] for r in rows)
    assert all(r["num_articles"] >= 1 and r["num_mentions"] >= 1 for r in rows)
    everything = dyad("events", "--db", str(sample_db)).stdout.splitlines()
    assert len(rows) < len(everything)


def test_events_as_gdelt_rows_have_61_fields(sample_db: Path, tmp_path: Path) -> None:
    out = tmp_path / "events.tsv"
    result = dyad("events", "--db", str(sample_db), "--format", "gdelt", "--out", str(out))
    assert result.returncode == 0, result.stderr
    lines = out.read_text("utf-8").splitlines()
    assert lines and all(len(line.split("\t")) == 61 for line in lines)


def test_the_story_of_the_budapest_call_has_its_three_outlets(sample_db: Path) -> None:
    result = dyad("stories", "--db", str(sample_db))
    stories = [json.loads(line) for line in result.stdout.splitlines()]
    assert all(set(s) == {"story_id", "article_ids", "title", "first_published"} for s in stories)
    budapest = {
        "wdd-20251016-trump-putin-call",
        "cap-20251017-budapest-summit-plan",
        "gbn-20251017-trump-putin-budapest",
    }
    assert any(budapest <= set(s["article_ids"]) for s in stories)


def test_a_foreign_file_is_refused_with_one_line(tmp_path: Path) -> None:
    path = tmp_path / "thesis.duckdb"
    path.write_bytes(b"%PDF-1.7 not a database" * 50)
    result = dyad("events", "--db", str(path))
    assert result.returncode == 2
    assert result.stderr.count("\n") == 1 and "thesis.duckdb" in result.stderr
    assert path.read_bytes() == b"%PDF-1.7 not a database" * 50


def corpus(path: Path, copies: int) -> Path:
    lines = (SAMPLE / "articles.jsonl").read_text("utf-8").splitlines()
    with path.open("w", encoding="utf-8") as out:
        for copy in range(copies):
            for line in lines:
                record = json.loads(line)
                record["id"] = f"{record['id']}-{copy}"
                record["text"] = f"{record['text']}\n\nEdition {copy}."
                out.write(json.dumps(record) + "\n")
    return path


def test_an_ingest_killed_mid_batch_resumes_to_the_same_tables(tmp_path: Path) -> None:
    source = corpus(tmp_path / "corpus.jsonl", copies=8)  # 96 articles, two batches
    ingest = [sys.executable, "-m", "dyad.cli", "ingest", str(source), "--no-embeddings"]
    ingest += ["--processes", "1"]  # batches of 64: the kill lands after the first commit
    clean = tmp_path / "clean.duckdb"
    done = subprocess.run(
        [*ingest, "--db", str(clean), "--memory-limit", "256MB"],
        check=True,
        cwd=ROOT,
        capture_output=True,
        text=True,
    )
    assert "dyad: 96/96 articles placed in stories" in done.stderr.splitlines()

    killed = tmp_path / "killed.duckdb"
    process = subprocess.Popen(
        [*ingest, "--db", str(killed)], cwd=ROOT, stderr=subprocess.PIPE, text=True
    )
    assert process.stderr is not None
    for line in process.stderr:  # the first batch is committed: kill in the middle of the next
        if "articles read" in line:
            os.kill(process.pid, signal.SIGKILL)
            break
    process.wait(timeout=60)
    assert process.returncode == -signal.SIGKILL
    with open_store(killed, read_only=True) as store:
        partial = store.counts()["articles"]
    assert 0 < partial < 96

    subprocess.run([*ingest, "--db", str(killed)], check=True, cwd=ROOT, capture_output=True)
    with open_store(clean, read_only=True) as a, open_store(killed, read_only=True) as b:
        assert snapshot(a) == snapshot(b)
