from __future__ import annotations

import json
from pathlib import Path

from dyad.inputs import read_inputs
from dyad.records import InputProblem, RawDocument
from dyad.settings import Options


def read(paths: list[Path], options: Options | None = None) -> list[RawDocument | InputProblem]:
    return list(read_inputs([str(p) for p in paths], options or Options()))


def test_bad_files_each_get_one_line_naming_the_file(tmp_path: Path) -> None:
    (tmp_path / "empty.txt").write_text("")
    (tmp_path / "binary.txt").write_bytes(b"\x00\x01\x02abc")
    (tmp_path / "latin1.txt").write_bytes("Caf\xe9 talks".encode("latin-1"))
    (tmp_path / "good.txt").write_text("Russia attacked Ukraine.")
    items = read([tmp_path])
    problems = {p.origin: p.message for p in items if isinstance(p, InputProblem)}
    assert set(problems) == {str(tmp_path / n) for n in ("empty.txt", "binary.txt", "latin1.txt")}
    assert all("\n" not in m and str(tmp_path) in m for m in problems.values())
    assert "not UTF-8" in problems[str(tmp_path / "latin1.txt")]
    assert [d.content for d in items if isinstance(d, RawDocument)] == ["Russia attacked Ukraine."]


def test_huge_file_is_refused_without_reading_it(tmp_path: Path) -> None:
    big = tmp_path / "big.txt"
    with big.open("wb") as handle:
        handle.truncate(100_000_000)  # sparse 100 MB file
    (item,) = read([big])
    assert isinstance(item, InputProblem)
    assert "too large" in item.message and "big.txt" in item.message


def test_jsonl_bad_lines_name_the_line_and_the_rest_is_read(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [
        json.dumps({"id": "a1", "text": "Talks were held.", "published": "2025-10-17"}),
        "{not json",
        json.dumps({"id": "a3"}),
        json.dumps({"id": "a4", "html": "<p>Hello</p>", "source": "Wire"}),
        json.dumps({"id": "a5", "text": "x", "published": "17/10/2025"}),
    ]
    path.write_text("\n".join(lines) + "\n")
    items = read([path])
    docs = [i for i in items if isinstance(i, RawDocument)]
    problems = [i for i in items if isinstance(i, InputProblem)]
    assert [d.id for d in docs] == ["a1", "a4"]
    assert docs[0].published is not None and docs[0].published.isoformat() == "2025-10-17"
    assert docs[1].is_html and docs[1].source == "Wire"
    assert [p.origin for p in problems] == [f"{path}:2", f"{path}:3", f"{path}:5"]


def test_directories_are_read_recursively_in_order(tmp_path: Path) -> None:
    (tmp_path / "b").mkdir()
    (tmp_path / "b" / "two.html").write_text("<html><body><p>x</p></body></html>")
    (tmp_path / "one.txt").write_text("text")
    (tmp_path / "skip.pdf").write_text("ignored")
    items = read([tmp_path])
    assert [Path(i.origin).name for i in items] == ["two.html", "one.txt"]


def test_missing_path_is_a_problem_not_a_crash(tmp_path: Path) -> None:
    (item,) = read([tmp_path / "nope.txt"])
    assert isinstance(item, InputProblem) and "no such file" in item.message


def test_a_jsonl_corpus_is_read_a_record_at_a_time_whatever_its_size(tmp_path: Path) -> None:
    path = tmp_path / "corpus.jsonl"
    records = [json.dumps({"id": f"a{i}", "text": f"Story number {i}."}) for i in range(50)]
    records.insert(7, json.dumps({"id": "huge", "text": "x" * 5000}))
    records.insert(9, "caf\xe9".encode("latin-1").decode("latin-1"))
    path.write_bytes(
        b"\n".join(r.encode("latin-1") if r.startswith("caf") else r.encode() for r in records)
    )
    items = read([path], Options(max_file_bytes=1000))  # the file is larger than the limit
    problems = [p.message for p in items if isinstance(p, InputProblem)]
    assert [d.id for d in items if isinstance(d, RawDocument)] == [f"a{i}" for i in range(50)]
    assert len(problems) == 2
    assert f"{path}:8: record too large" in problems[0]
    assert f"{path}:10: not UTF-8" in problems[1]
