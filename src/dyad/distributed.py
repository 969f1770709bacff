"""Coding on a Ray cluster: Ray Data reads the inputs, actors code them, and the results land
as Parquet partitioned by month, for DuckDB to query directly or `ingest_parquet` to store.

Each actor loads one `Coder` (the spaCy model) when it starts and codes batches of 32 records.
Input files are the unit of reading (one task streams a file's lines, so each record keeps its
line number for messages); JSONL lines go through `read_jsonl_lines`, so a bad line is a
one-line problem in OUT/problems.jsonl and the job goes on. Parquet shards with the JSONL
columns (id, text or html, published, url, title, source) are read the same way, a row a line.

Output under OUT (hive partitions, `month=YYYY-MM` or `month=undated`):

    events/     one row per coded event, the columns of the store's `mentions` table
    articles/   one row per coded article (the store's `articles` without story_id/ingested_at)
    sentences/  one row per sentence of a coded article
    problems.jsonl  {"origin", "message", "kind": "problem" | "warning"} a line

An event's month is its event date's, else its article's publication month; articles and
sentences go by publication month.

On one machine, `run_ray(..., address=None)` starts a private Ray with `workers + 1` logical
CPUs: one per coding actor and one for the reading and writing tasks (with no CPU left for
them, Ray Data waits for ever). On a cluster, start Ray on every node first:

    ray start --head                          # on the head node
    ray start --address=HEAD_IP:6379          # on every other node

then pass `address="auto"` (on a node of the cluster) or `address="ray://HEAD_IP:10001"`, or set
RAY_ADDRESS. The cluster needs at least `workers` CPUs for the actors plus one for reading and
writing, dyad installed on every node, and the input and output paths visible under the same
name on every node (shared storage such as NFS). Setting RAY_USAGE_STATS_ENABLED=0 keeps Ray
from trying to report usage statistics.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import polars as pl
import pyarrow as pa
import pyarrow.parquet as pq
import ray
import ray.data
from ray.data.expressions import col

from dyad.inputs import JSONL_SUFFIXES, InputItem, read_jsonl_lines
from dyad.records import CodedArticle, InputProblem
from dyad.settings import Options
from dyad.store.rows import (
    ARTICLE_SCHEMA,
    MENTION_SCHEMA,
    SENTENCE_SCHEMA,
    article_row,
    mention_row,
    sentence_row,
)

LOG = logging.getLogger(__name__)

PARQUET_SUFFIXES = {".parquet"}
RECORD_COLUMNS = ("id", "text", "html", "published", "url", "title", "source")
LINES_PER_BLOCK = 256  # lines a reading task hands on at a time
CODER_BATCH = 32  # records per actor call
IO_CPUS = 0.5  # what a reading, unpacking or writing task asks of the scheduler
TABLES = ("events", "articles", "sentences")

ARTICLE_OUT = {k: v for k, v in ARTICLE_SCHEMA.items() if k not in ("story_id", "ingested_at")}
PROBLEM = pl.Struct({"origin": pl.String, "message": pl.String, "kind": pl.String})
LINE_SCHEMA = pa.schema(
    [("path", pa.string()), ("line_no", pa.int64()), ("line", pa.string()), ("issue", pa.string())]
)
RECORD_FIELDS: dict[str, pl.DataType | type[pl.DataType]] = {
    "events": pl.Struct(MENTION_SCHEMA),
    "articles": pl.Struct(ARTICLE_OUT),
    "sentences": pl.Struct(SENTENCE_SCHEMA),
    "problems": PROBLEM,
}
# One output record a row: `table` says which struct column holds it.
RESULT_SCHEMA: dict[str, pl.DataType | type[pl.DataType]] = {
    "table": pl.String,
    "month": pl.String,
    **RECORD_FIELDS,
}


@dataclass(frozen=True, slots=True)
class RunReport:
    """What one distributed run did: coded articles, events, input problems, wall time."""

    articles: int
    events: int
    problems: int
    seconds: float


def run_ray(
    paths: Sequence[str],
    out: Path,
    workers: int,
    options: Options,
    address: str | None = None,
) -> RunReport:
    """Code the JSONL / Parquet inputs under `paths` with `workers` Ray actors into OUT (see
    the module docstring). `address` None starts a local Ray; otherwise it names a cluster.
    A Ray already initialised by the caller is used as it is and left running."""
    if workers < 1:
        raise ValueError("workers must be at least 1")
    started = time.perf_counter()
    _check_output(out)
    files, problems = input_files(paths)
    counts = {t: 0 for t in TABLES}
    if files:
        with ray_session(workers, address):
            coded = coded_dataset(files, workers, options).materialize()
            counts = _write_tables(coded, out)
            problems += _problem_rows(coded)
    _write_problems(out / "problems.jsonl", problems)
    return RunReport(
        articles=counts["articles"],
        events=counts["events"],
        problems=sum(1 for p in problems if p["kind"] == "problem"),
        seconds=time.perf_counter() - started,
    )


def _check_output(out: Path) -> None:
    """Refuse to mix a run's files into an earlier run's output."""
    for table in TABLES:
        if (out / table).exists():
            raise FileExistsError(f"{out / table} exists: give an empty or new output folder")


# -- Ray ---------------------------------------------------------------------------------------


@contextmanager
def ray_session(workers: int, address: str | None) -> Iterator[None]:
    """Ray for one run: the caller's if already up, else a local one (`workers` + 1 CPUs) or
    a connection to the cluster at `address`; shut down afterwards if started here."""
    if ray.is_initialized():
        yield
        return
    if address is None:
        ray.init(num_cpus=workers + 1, include_dashboard=False, log_to_driver=False)
    else:
        ray.init(address=address, log_to_driver=False)
        _check_cluster(workers)
    try:
        yield
    finally:
        ray.shutdown()


def _check_cluster(workers: int) -> None:
    """Warn when the cluster leaves no CPU beside the actors: the run would wait for ever."""
    cpus = float(ray.cluster_resources().get("CPU", 0.0))  # type: ignore[no-untyped-call]
    if cpus < workers + IO_CPUS:
        LOG.warning(
            "the Ray cluster has %s CPUs: %d coding workers leave none for reading and "
            "writing; the run may wait until the cluster grows",
            cpus,
            workers,
        )


def coded_dataset(files: Sequence[Path], workers: int, options: Options) -> ray.data.Dataset:
    """The lazy pipeline: file lines (one reading task a file), then the coding actors."""
    listing = ray.data.from_items([{"path": str(f)} for f in files])
    lines = listing.map_batches(
        read_lines,  # type: ignore[arg-type]  # Ray's stubs do not allow extra arguments
        batch_size=1,
        batch_format="pyarrow",
        fn_kwargs={"max_bytes": options.max_file_bytes},
        num_cpus=IO_CPUS,
    )
    # the reading task's output arrives as one block; an actor takes a whole block, so cut
    # it into coder batches that every actor can take its share of
    batches = lines.repartition(target_num_rows_per_block=CODER_BATCH)
    return batches.map_batches(
        CoderActor,
        fn_constructor_kwargs={"options": options},
        concurrency=workers,
        batch_size=CODER_BATCH,
        batch_format="pyarrow",
        num_cpus=1,
    )


# -- reading -------------------------------------------------------------------------------


def input_files(paths: Sequence[str]) -> tuple[list[Path], list[dict[str, str]]]:
    """The JSONL and Parquet files under `paths`, and a problem for each path that names none."""
    files: list[Path] = []
    problems: list[dict[str, str]] = []
    supported = JSONL_SUFFIXES | PARQUET_SUFFIXES
    for raw in paths:
        path = Path(raw)
        if path.is_dir():
            found = sorted(
                p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in supported
            )
            files += found
            if not found:
                problems.append(_problem(raw, f"{raw}: no .jsonl or .parquet files here"))
        elif not path.exists():
            problems.append(_problem(raw, f"{raw}: no such file or directory"))
        elif path.suffix.lower() not in supported:
            message = f"{raw}: unsupported file type for a Ray run (give .jsonl or .parquet)"
            problems.append(_problem(raw, message))
        else:
            files.append(path)
    return files, problems


def read_lines(listing: pa.Table, max_bytes: int) -> Iterator[pa.Table]:
    """Stream each listed file as numbered lines (Parquet rows become JSON lines); an
    unreadable line or file becomes a row whose `issue` says why."""
    for name in listing.column("path").to_pylist():
        path = Path(name)
        is_parquet = path.suffix.lower() in PARQUET_SUFFIXES
        rows = _parquet_lines(path) if is_parquet else _jsonl_lines(path, max_bytes)
        block: list[tuple[int, str | None, str | None]] = []
        for row in rows:
            block.append(row)
            if len(block) >= LINES_PER_BLOCK:
                yield _line_table(name, block)
                block = []
        if block:
            yield _line_table(name, block)


def _jsonl_lines(path: Path, max_bytes: int) -> Iterator[tuple[int, str | None, str | None]]:
    """(line number, text, issue) of every non-blank line, as `dyad.inputs` judges them."""
    try:
        handle = path.open("rb")
    except OSError as err:
        yield 0, None, f"{path}: cannot read ({err.strerror})"
        return
    with handle:
        if b"\x00" in handle.read(8192):
            yield 0, None, f"{path}: binary file (contains NUL bytes), skipped"
            return
        handle.seek(0)
        found = False
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            found = True
            yield number, *_decode_line(raw, f"{path}:{number}", max_bytes)
        if not found:
            yield 0, None, f"{path}: empty input, skipped"


def _decode_line(raw: bytes, where: str, max_bytes: int) -> tuple[str | None, str | None]:
    if len(raw) > max_bytes:
        return None, f"{where}: record too large ({len(raw) / 1e6:.1f} MB), skipped"
    try:
        return raw.decode("utf-8-sig"), None
    except UnicodeDecodeError as err:
        return None, f"{where}: not UTF-8 text (invalid byte at offset {err.start}), skipped"


def _parquet_lines(path: Path) -> Iterator[tuple[int, str | None, str | None]]:
    """Each row of a Parquet shard as a JSON line of the record columns it has."""
    try:
        shard = pq.ParquetFile(path)
    except (OSError, pa.ArrowException) as err:
        yield 0, None, f"{path}: not a readable Parquet file ({err}), skipped"
        return
    columns = [c for c in RECORD_COLUMNS if c in shard.schema_arrow.names]
    number = 0
    for batch in shard.iter_batches(batch_size=LINES_PER_BLOCK, columns=columns):
        for record in batch.to_pylist():
            number += 1
            yield number, json.dumps(record, default=_json_value), None
    if number == 0:
        yield 0, None, f"{path}: empty input, skipped"


def _json_value(value: Any) -> str:
    return value.isoformat() if isinstance(value, date) else str(value)


def _line_table(path: str, rows: list[tuple[int, str | None, str | None]]) -> pa.Table:
    return pa.table(
        {
            "path": [path] * len(rows),
            "line_no": [r[0] for r in rows],
            "line": [r[1] for r in rows],
            "issue": [r[2] for r in rows],
        },
        schema=LINE_SCHEMA,
    )


# -- coding --------------------------------------------------------------------------------


class CoderActor:
    """A Ray Data actor: one `Coder` (one loaded model) that codes batches of lines."""

    def __init__(self, options: Options) -> None:
        from dyad.pipeline import Coder  # spaCy loads in the actor, not in the driver

        self.coder = Coder(options)

    def __call__(self, lines: pa.Table) -> pa.Table:
        """Code a batch of numbered lines into result rows (see `RESULT_SCHEMA`)."""
        items = list(line_items(lines))
        cleaned = self.coder.clean_documents(items)
        return result_table(self.coder.code_articles(cleaned))


def line_items(lines: pa.Table) -> Iterator[InputItem]:
    """Raw documents (or problems) of numbered lines, parsed by dyad's own JSONL reader."""
    for row in lines.to_pylist():
        path, number = row["path"], row["line_no"]
        if row["issue"] is not None:
            yield InputProblem(f"{path}:{number}" if number else path, row["issue"])
        else:
            yield from read_jsonl_lines([row["line"]], path, first=number)


def result_table(results: Iterator[CodedArticle | InputProblem]) -> pa.Table:
    """Every event, article, sentence, problem and warning of a batch, one row each."""
    rows: list[dict[str, Any]] = []
    for result in results:
        if isinstance(result, InputProblem):
            rows.append(_record("problems", None, _problem(result.origin, result.message)))
        else:
            rows += _coded_rows(result)
    frame = pl.DataFrame(rows, schema=RESULT_SCHEMA)
    return frame.to_arrow(compat_level=pl.CompatLevel.oldest())


def _coded_rows(coded: CodedArticle) -> list[dict[str, Any]]:
    article = coded.article
    month = _month(article.published)
    rows = [_record("articles", month, article_row(article))]
    rows += [_record("sentences", month, sentence_row(article.id, s)) for s in coded.sentences]
    rows += [
        _record("events", _month(e.date or article.published), mention_row(e)) for e in coded.events
    ]
    rows += [
        _record("problems", None, _problem(article.origin, f"warning: {w}", "warning"))
        for w in coded.warnings
    ]
    return rows


def _record(table: str, month: str | None, value: dict[str, Any]) -> dict[str, Any]:
    return {"table": table, "month": month, table: value}


def _month(day: date | None) -> str:
    return day.strftime("%Y-%m") if day else "undated"


def _problem(origin: str, message: str, kind: str = "problem") -> dict[str, str]:
    return {"origin": origin, "message": message, "kind": kind}


# -- writing -------------------------------------------------------------------------------


def unpack(results: pa.Table, table: str) -> pa.Table:
    """The rows of one output table (its struct column spread out) plus `month`."""
    frame = pl.from_arrow(results)
    assert isinstance(frame, pl.DataFrame)
    picked = frame.filter(pl.col("table") == table).select(pl.col(table).struct.unnest(), "month")
    return picked.to_arrow(compat_level=pl.CompatLevel.oldest())


def count_tables(results: pa.Table) -> pa.Table:
    """How many rows of each table a block of results holds."""
    frame = pl.from_arrow(results.select(["table"]))
    assert isinstance(frame, pl.DataFrame)
    counted = frame.group_by("table").len(name="rows")
    return counted.to_arrow(compat_level=pl.CompatLevel.oldest())


def _write_tables(coded: ray.data.Dataset, out: Path) -> dict[str, int]:
    """Write events, articles and sentences under OUT, partitioned by month; row counts."""
    counts = {t: 0 for t in TABLES}
    per_block = coded.map_batches(count_tables, batch_format="pyarrow", num_cpus=IO_CPUS)
    for row in per_block.take_all():  # a row per block and table: no shuffle, unlike groupby
        if row["table"] in counts:
            counts[row["table"]] += int(row["rows"])
    for table in TABLES:
        if not counts[table]:
            continue
        rows = coded.map_batches(
            unpack,  # type: ignore[arg-type]  # Ray's stubs do not allow extra arguments
            fn_kwargs={"table": table},
            batch_format="pyarrow",
            num_cpus=IO_CPUS,
        )
        rows.write_parquet(
            str(out / table), partition_cols=["month"], ray_remote_args={"num_cpus": IO_CPUS}
        )
    return counts


def _problem_rows(coded: ray.data.Dataset) -> list[dict[str, str]]:
    """The problems and warnings of a run, in a stable order."""
    problems = coded.filter(expr=col("table") == "problems").select_columns(["problems"])
    rows = [dict(r["problems"]) for r in problems.take_all()]
    return sorted(rows, key=lambda r: (r["kind"], r["origin"], r["message"]))


def _write_problems(path: Path, problems: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for problem in problems:
            handle.write(json.dumps(problem, ensure_ascii=False) + "\n")
