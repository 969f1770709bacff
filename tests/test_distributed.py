"""The Ray run (local, 2 workers) against the one-process coder and `dyad ingest`.

One run codes the sample, a JSONL file with a bad first line and a Parquet shard; every test
reads its output. Ray starting at all is the only reason to skip.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import duckdb
import polars as pl
import pytest

from dyad.records import CodedArticle
from dyad.settings import Options

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "sample" / "articles.jsonl"
TABLES = ("events", "articles", "sentences")


@dataclass
class Run:
    out: Path
    report: Any
    inputs: list[str]  # what the Ray run read
    same_as_jsonl: list[str]  # the same records, all as JSONL (for the reference coders)
    reference_db: Path


def _inputs(folder: Path) -> tuple[list[str], list[str]]:
    """The sample, a JSONL file whose first line is broken, and a Parquet shard (plus the
    shard's records as JSONL, for the coders that read no Parquet)."""
    records = [json.loads(line) for line in SAMPLE.read_text().splitlines() if line.strip()]
    bad = folder / "bad.jsonl"
    copies = [dict(r, id=f"copy-{r['id']}") for r in records[:2]]
    bad.write_text('{"id": "broken", "text": \n' + "".join(json.dumps(c) + "\n" for c in copies))
    shard_records = [dict(r, id=f"shard-{r['id']}") for r in records[2:5]]
    shard = folder / "shard.parquet"
    pl.DataFrame(shard_records).write_parquet(shard)
    shard_jsonl = folder / "shard.jsonl"
    shard_jsonl.write_text("".join(json.dumps(r) + "\n" for r in shard_records))
    return [str(SAMPLE), str(bad), str(shard)], [str(SAMPLE), str(bad), str(shard_jsonl)]


def _ray_starts() -> str | None:
    """None when a local Ray starts here, else why not."""
    import ray

    try:
        ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False)
    except Exception as err:  # any failure to start is a reason to skip, not a test failure
        return f"Ray cannot start here: {err!r}"
    ray.shutdown()
    return None


@pytest.fixture(scope="module")
def run(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Run]:
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
    reason = _ray_starts()
    if reason:
        pytest.skip(reason)
    from dyad.distributed import run_ray

    folder = tmp_path_factory.mktemp("ray")
    inputs, as_jsonl = _inputs(folder)
    reference_db = folder / "reference.duckdb"
    command = [sys.executable, "-m", "dyad.cli", "ingest", *as_jsonl, "--db", str(reference_db)]
    reference = subprocess.Popen(
        [*command, "--no-embeddings", "--processes", "1"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    report = run_ray(inputs, folder / "out", workers=2, options=Options())
    _, err = reference.communicate(timeout=120)
    assert reference.returncode == 0, err
    yield Run(folder / "out", report, inputs, as_jsonl, reference_db)


@pytest.fixture(scope="module")
def single_process(run: Run) -> list[CodedArticle]:
    from dyad.pipeline import Coder

    return [r for r in Coder().code_paths(run.same_as_jsonl) if isinstance(r, CodedArticle)]


def _events(out: Path) -> pl.DataFrame:
    glob = out / "events" / "**" / "*.parquet"
    sql = f"SELECT * FROM read_parquet('{glob}', hive_partitioning = true)"
    frame: pl.DataFrame = duckdb.connect().sql(sql).pl()
    return frame


def test_bad_line_is_one_problem_and_the_rest_is_coded(
    run: Run, single_process: list[CodedArticle]
) -> None:
    lines = (run.out / "problems.jsonl").read_text().splitlines()
    problems = [json.loads(line) for line in lines]
    assert [p["kind"] for p in problems] == ["problem"]
    assert problems[0]["origin"].endswith("bad.jsonl:1")
    assert "invalid record" in problems[0]["message"]
    assert run.report.problems == 1
    assert run.report.articles == len(single_process) == 12 + 2 + 3
    assert run.report.events == sum(len(c.events) for c in single_process)
    assert run.report.seconds > 0


def test_events_equal_the_single_process_ones(run: Run, single_process: list[CodedArticle]) -> None:
    expected = sorted(
        (
            e.id,
            e.event_type,
            sorted({a.country for a in e.actors if a.country}),
            sorted({r.country for r in e.recipients if r.country}),
            e.modality,
            e.date,
        )
        for c in single_process
        for e in c.events
    )
    rows = _events(run.out).sort("mention_id")
    got = sorted(
        (
            r["mention_id"],
            r["event_type"],
            r["actor_countries"],
            r["recipient_countries"],
            r["modality"],
            r["date"],
        )
        for r in rows.iter_rows(named=True)
    )
    assert got == expected


def test_output_is_partitioned_by_month_and_duckdb_reads_it(run: Run) -> None:
    from dyad.store.rows import ARTICLE_SCHEMA, MENTION_SCHEMA, SENTENCE_SCHEMA

    for table in TABLES:
        folders = sorted(p.name for p in (run.out / table).iterdir())
        assert "month=2025-10" in folders
        assert all(f == "month=undated" or len(f) == len("month=2025-10") for f in folders)
    con = duckdb.connect()
    glob = run.out / "events" / "**" / "*.parquet"
    sql = f"SELECT count(*) FROM read_parquet('{glob}', hive_partitioning = true)"
    assert con.sql(sql).fetchall() == [(run.report.events,)]
    events = _events(run.out)
    assert events.columns == [*MENTION_SCHEMA, "month"]
    dated = events.filter(pl.col("date").is_not_null())
    assert (dated["date"].dt.strftime("%Y-%m") == dated["month"]).all()
    for table, schema in (("articles", ARTICLE_SCHEMA), ("sentences", SENTENCE_SCHEMA)):
        glob = run.out / table / "**" / "*.parquet"
        sql = f"SELECT * FROM read_parquet('{glob}', hive_partitioning = false) LIMIT 0"
        columns = con.sql(sql).columns
        assert columns == [c for c in schema if c not in ("story_id", "ingested_at")]


def test_ingest_parquet_stores_what_dyad_ingest_stores(run: Run, tmp_path: Path) -> None:
    from dyad.store import Store
    from dyad.store.parquet import ingest_parquet
    from dyad.stories import Fingerprinter, StoryOptions

    fingerprinter = Fingerprinter(StoryOptions(embed=False))
    mentions = "SELECT mention_id, event_type, actor_countries FROM mentions ORDER BY mention_id"
    articles = "SELECT article_id, hash, story_id FROM articles ORDER BY article_id"
    with Store(tmp_path / "from_parquet.duckdb") as store:
        assert ingest_parquet(store, run.out, fingerprinter, batch_articles=5) == 17
        assert ingest_parquet(store, run.out, fingerprinter) == 0  # already stored
        got = (store.counts(), store.con.sql(mentions).fetchall())
        got_articles = store.con.sql(articles).fetchall()
    with Store(run.reference_db, read_only=True) as reference:
        expected = (reference.counts(), reference.con.sql(mentions).fetchall())
        expected_articles = reference.con.sql(articles).fetchall()
    assert got == expected
    assert got_articles == expected_articles  # same hashes, same stories
