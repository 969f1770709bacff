from __future__ import annotations

import json
import re
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT

SCHEMA = json.loads((ROOT / "src/dyad/schema/event.schema.json").read_text())
SAMPLE = ROOT / "data" / "sample"


def dyad(*args: str, stdin: str | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "dyad.cli", *args],
        input=stdin,
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )


@pytest.mark.parametrize("command", [[], ["extract"], ["eval"]])
def test_help_of_every_command(command: list[str]) -> None:
    result = dyad(*command, "--help")
    assert result.returncode == 0
    assert "usage: dyad" in result.stdout


def test_readme_commands_are_the_real_ones() -> None:
    readme = (ROOT / "README.md").read_text()
    assert "make demo" in readme and "make test" in readme
    makefile = (ROOT / "Makefile").read_text()
    assert re.search(r"^demo:", makefile, re.M) and re.search(r"^test:", makefile, re.M)
    assert "make test" in (ROOT / ".ci" / "run").read_text()
    for usage in re.findall(r"^dyad (\w+) ", readme, re.M):
        assert dyad(usage, "--help").returncode == 0


def test_readme_python_quick_start_runs() -> None:
    readme = (ROOT / "README.md").read_text()
    snippet = re.search(r"```python\n(.*?)```", readme, re.S)
    assert snippet is not None
    result = subprocess.run(
        [sys.executable, "-c", snippet.group(1)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr
    assert "SUPPORT" in result.stdout or "CONSULT" in result.stdout


def test_extract_jsonl_follows_the_contract_and_ids_are_stable(tmp_path: Path) -> None:
    first = dyad("extract", str(SAMPLE))
    second = dyad("extract", str(SAMPLE))
    assert first.returncode == 0, first.stderr
    events = [json.loads(line) for line in first.stdout.splitlines()]
    assert len(events) >= 30
    for event in events:
        jsonschema.validate(event, SCHEMA)
    assert first.stdout == second.stdout
    assert len({e["id"] for e in events}) == len(events)
    ids = {e["article_id"] for e in events}
    assert "wdd-20251016-trump-putin-call" in ids  # JSONL ids are kept


def test_trigger_offsets_point_into_the_cleaned_text() -> None:
    text = "Skip to content\n\nHome » News\n\nRussia attacked Ukraine on Monday, officials said."
    result = dyad("extract", "-", "--format", "jsonl", stdin=text)
    (event,) = [json.loads(line) for line in result.stdout.splitlines()]
    sentence = event["sentence"]
    assert event["trigger"]["text"] == "attacked"
    assert "attacked" in sentence
    assert event["trigger"]["end"] - event["trigger"]["start"] == len("attacked")


def test_bad_inputs_are_reported_and_the_batch_goes_on(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "bad.jsonl").write_text('{"id": "ok", "text": "Iran condemned Israel."}\n{oops\n')
    result = dyad("extract", str(tmp_path), "--format", "jsonl")
    assert result.returncode == 0
    assert f"{tmp_path / 'empty.txt'}: empty input" in result.stderr
    assert f"{tmp_path / 'bad.jsonl'}:2: invalid record" in result.stderr
    assert [json.loads(x)["article_id"] for x in result.stdout.splitlines()] == ["ok"]


def test_exit_status_is_nonzero_only_when_nothing_was_coded(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    result = dyad("extract", str(tmp_path / "empty.txt"))
    assert result.returncode == 1
    assert result.stderr.count("\n") == 2  # the problem, then the summary


def test_csv_and_table_formats() -> None:
    csv_out = dyad("extract", str(SAMPLE / "rewrite.txt"), "--format", "csv")
    assert csv_out.stdout.splitlines()[0].startswith("id,article_id,event_type")
    table = dyad("extract", str(SAMPLE / "rewrite.txt"), "--format", "table")
    assert "events from 1 articles" in table.stdout


def test_actor_overrides_from_a_user_file(tmp_path: Path) -> None:
    extra = tmp_path / "actors.yaml"
    extra.write_text(
        "people:\n  - name: Jane Example\n    aliases: [Example]\n    country: FRA\n"
        "    sector: GOV\n"
    )
    text = "Example criticized Germany on Monday."
    plain = dyad("extract", "-", stdin=text)
    custom = dyad("extract", "-", "--actors", str(extra), stdin=text)
    assert plain.stdout.strip() == ""
    (event,) = [json.loads(line) for line in custom.stdout.splitlines()]
    assert event["actors"][0]["name"] == "Jane Example"
    assert event["actors"][0]["country"] == "FRA"


def test_eval_prints_scores(tmp_path: Path) -> None:
    gold = tmp_path / "gold.jsonl"
    gold.write_text(
        json.dumps(
            {
                "id": "g1",
                "text": "Iran condemned Israel on Monday.",
                "published": None,
                "events": [{"type": "ACCUSE", "source": ["IRN"], "target": ["ISR"]}],
            }
        )
        + "\n"
    )
    result = dyad("eval", str(gold), "--json")
    scores = json.loads(result.stdout)[str(gold)]
    assert scores["triples"]["f1"] == 1.0 and scores["types"]["f1"] == 1.0
