"""Reading inputs: files, directories, JSONL and stdin, into RawDocuments.

Bad input never stops a batch: each problem becomes an InputProblem with a one-line message
naming the file (and line), and reading goes on with the next record.
"""

from __future__ import annotations

import json
import sys
from collections.abc import Iterable, Iterator
from datetime import date
from pathlib import Path
from typing import Any

from dyad.records import InputProblem, RawDocument
from dyad.settings import Options

TEXT_SUFFIXES = {".txt", ".text"}
HTML_SUFFIXES = {".html", ".htm"}
JSONL_SUFFIXES = {".jsonl", ".ndjson"}
SUPPORTED_SUFFIXES = TEXT_SUFFIXES | HTML_SUFFIXES | JSONL_SUFFIXES

InputItem = RawDocument | InputProblem


def read_inputs(paths: Iterable[str], options: Options) -> Iterator[InputItem]:
    """Yield one RawDocument per article found under `paths`, or an InputProblem per bad one."""
    for raw in paths:
        if raw == "-":
            yield from _read_stdin(options)
            continue
        path = Path(raw)
        if path.is_dir():
            yield from _read_directory(path, options)
        elif path.exists():
            yield from _read_file(path, options)
        else:
            yield InputProblem(str(path), f"{path}: no such file or directory")


def count_inputs(paths: Iterable[str]) -> int | None:
    """About how many articles `read_inputs` will yield (JSONL lines, other files one each),
    for a progress bar; None when standard input is among the paths."""
    total = 0
    for raw in paths:
        if raw == "-":
            return None
        path = Path(raw)
        files = [path] if path.is_file() else sorted(path.rglob("*")) if path.is_dir() else []
        for file in files:
            suffix = file.suffix.lower()
            if suffix in JSONL_SUFFIXES:
                with file.open("rb") as handle:
                    total += sum(1 for line in handle if line.strip())
            elif suffix in SUPPORTED_SUFFIXES and file.is_file():
                total += 1
    return total


def _read_directory(root: Path, options: Options) -> Iterator[InputItem]:
    files = sorted(
        p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES
    )
    if not files:
        yield InputProblem(str(root), f"{root}: no .txt, .html or .jsonl files in this directory")
    for path in files:
        yield from _read_file(path, options)


def _read_file(path: Path, options: Options) -> Iterator[InputItem]:
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        yield InputProblem(str(path), f"{path}: unsupported file type '{suffix or '(none)'}'")
        return
    if suffix in JSONL_SUFFIXES:  # read a record at a time: a corpus file can be any size
        yield from _stream_jsonl(path, options)
        return
    size = path.stat().st_size
    if size > options.max_file_bytes:
        yield InputProblem(
            str(path),
            f"{path}: file too large ({size / 1e6:.1f} MB; the limit is "
            f"{options.max_file_bytes / 1e6:.0f} MB), skipped",
        )
        return
    text = _decode(path.read_bytes(), str(path))
    if isinstance(text, InputProblem):
        yield text
    else:
        yield RawDocument(origin=str(path), content=text, is_html=suffix in HTML_SUFFIXES)


def _stream_jsonl(path: Path, options: Options) -> Iterator[InputItem]:
    """JSONL line by line, so memory stays flat over a corpus of any size; a bad line is one
    problem naming file:line and the lines after it are still read."""
    with path.open("rb") as handle:
        if b"\x00" in handle.read(8192):
            yield InputProblem(str(path), f"{path}: binary file (contains NUL bytes), skipped")
            return
        handle.seek(0)
        found = False
        for number, raw in enumerate(handle, start=1):
            where = f"{path}:{number}"
            if len(raw) > options.max_file_bytes:
                yield InputProblem(
                    where, f"{where}: record too large ({len(raw) / 1e6:.1f} MB), skipped"
                )
                continue
            line = _decode(raw, where) if raw.strip() else None
            if line is None:
                continue
            found = True
            if isinstance(line, InputProblem):
                yield line
            else:
                yield from read_jsonl_lines([line], path=str(path), first=number)
        if not found:
            yield InputProblem(str(path), f"{path}: empty input, skipped")


def _read_stdin(options: Options) -> Iterator[InputItem]:
    data = sys.stdin.buffer.read(options.max_file_bytes + 1)
    if len(data) > options.max_file_bytes:
        yield InputProblem("-", "-: standard input too large, skipped")
        return
    text = _decode(data, "-")
    if isinstance(text, InputProblem):
        yield text
    elif text.lstrip().startswith("{"):
        yield from read_jsonl_lines(text.splitlines(), "-")
    else:
        is_html = text.lstrip()[:200].lower().startswith(("<!doctype html", "<html"))
        yield RawDocument(origin="-", content=text, is_html=is_html)


def _decode(data: bytes, origin: str) -> str | InputProblem:
    if not data.strip():
        return InputProblem(origin, f"{origin}: empty input, skipped")
    if b"\x00" in data[:8192]:
        return InputProblem(origin, f"{origin}: binary file (contains NUL bytes), skipped")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        return InputProblem(
            origin, f"{origin}: not UTF-8 text (invalid byte at offset {err.start}), skipped"
        )


def read_jsonl_lines(lines: Iterable[str], path: str, first: int = 1) -> Iterator[InputItem]:
    """Parse JSONL article records: `id`, `text` or `html`; optional `published`, `url`,
    `title`, `source`. `first` is the line number of the first line, for messages."""
    for number, line in enumerate(lines, start=first):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            yield _record_to_document(json.loads(line), where)
        except (json.JSONDecodeError, ValueError, TypeError) as err:
            yield InputProblem(where, f"{where}: invalid record: {_first_line(err)}, skipped")


def _record_to_document(record: Any, where: str) -> RawDocument:
    if not isinstance(record, dict):
        raise ValueError("expected a JSON object")
    text, html = record.get("text"), record.get("html")
    content = text if isinstance(text, str) and text.strip() else html
    if not isinstance(content, str) or not content.strip():
        raise ValueError("needs a non-empty 'text' or 'html' field")
    record_id = record.get("id")
    return RawDocument(
        origin=where,
        content=content,
        is_html=content is html,
        id=str(record_id) if record_id is not None else None,
        published=parse_date(record.get("published")),
        url=_optional_str(record.get("url")),
        title=_optional_str(record.get("title")),
        source=_optional_str(record.get("source")),
    )


def parse_date(value: Any) -> date | None:
    """An ISO date (or the date part of an ISO timestamp); None when absent."""
    if value in (None, ""):
        return None
    if not isinstance(value, str):
        raise ValueError(f"'published' must be a YYYY-MM-DD string, not {value!r}")
    try:
        return date.fromisoformat(value[:10])
    except ValueError:
        raise ValueError(f"'published' is not a YYYY-MM-DD date: {value!r}") from None


def _optional_str(value: Any) -> str | None:
    return str(value) if value not in (None, "") else None


def _first_line(err: Exception) -> str:
    return str(err).splitlines()[0] if str(err) else type(err).__name__
