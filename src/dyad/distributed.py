"""Coding on a Ray cluster: Ray Data reads the inputs, actors code them, and the results land
as Parquet partitioned by month, for DuckDB to query directly or `ingest_parquet` to store.

Each actor loads one `Coder` (the spaCy model) when it starts, codes batches of 32 records and
writes their rows itself as Parquet parts, so writing grows with the actors and the driver only
collects a summary of each batch (row counts, problems).
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
import uuid
from collections.abc import Iterable, Iterator, Mapping, Sequence
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
LINE_SCHEMA = pa.schema(
    [("path", pa.string()), ("line_no", pa.int64()), ("line", pa.string()), ("issue", pa.string())]
)
TABLE_SCHEMAS: dict[str, Mapping[str, pl.DataType | type[pl.DataType]]] = {
    "events": MENTION_SCHEMA,
    "articles": ARTICLE_OUT,
    "sentences": SENTENCE_SCHEMA,
}
# What an actor hands back for each batch: rows written per table, and each problem.
SUMMARY = pa.schema(
    [
        ("table", pa.string()),
        ("rows", pa.int64()),
        ("origin", pa.string()),
        ("message", pa.string()),
        ("kind", pa.string()),
    ]
)


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
        with ray_session(workers, address), quiet_data_context():
            summaries = coded_dataset(files, workers, options, out).iter_rows()
            for row in summaries:  # a few rows per batch: counts, problems, warnings
                if row["table"] == "problems":
                    problems.append(_problem(row["origin"], row["message"], row["kind"]))
                else:
                    counts[row["table"]] += int(row["rows"])
    problems.sort(key=lambda r: (r["kind"], r["origin"], r["message"]))
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


@contextmanager
def quiet_data_context() -> Iterator[None]:
    """No progress bars or per-operator statistics from Ray Data during a run: on a small
    machine redrawing them takes CPU from the coding actors (dyad reports its own totals)."""
    context = ray.data.DataContext.get_current()
    saved = (context.enable_progress_bars, context.enable_auto_log_stats)
    verbose = context.execution_options.verbose_progress
    context.enable_progress_bars, context.enable_auto_log_stats = False, False
    context.execution_options.verbose_progress = False
    try:
        yield
    finally:
        context.enable_progress_bars, context.enable_auto_log_stats = saved
        context.execution_options.verbose_progress = verbose


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


def coded_dataset(
    files: Sequence[Path], workers: int, options: Options, out: Path
) -> ray.data.Dataset:
    """The lazy pipeline: file lines (one reading task a file), then the coding actors, which
    write their Parquet parts under `out` and hand on only a summary of each batch."""
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
        fn_constructor_kwargs={"options": options, "out": str(out)},
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
    """A Ray Data actor: one `Coder` (one loaded model) that codes batches of lines and writes
    their rows itself, so that writing grows with the actors instead of waiting for the run."""

    def __init__(self, options: Options, out: str) -> None:
        from dyad.pipeline import Coder  # spaCy loads in the actor, not in the driver

        self.coder = Coder(options)
        self.writer = PartWriter(Path(out))

    def __call__(self, lines: pa.Table) -> pa.Table:
        """Code a batch of numbered lines; write its rows; return its summary (`SUMMARY`)."""
        items = list(line_items(lines))
        cleaned = self.coder.clean_documents(items)
        return self.writer.write(self.coder.code_articles(cleaned))


def line_items(lines: pa.Table) -> Iterator[InputItem]:
    """Raw documents (or problems) of numbered lines, parsed by dyad's own JSONL reader."""
    for row in lines.to_pylist():
        path, number = row["path"], row["line_no"]
        if row["issue"] is not None:
            yield InputProblem(f"{path}:{number}" if number else path, row["issue"])
        else:
            yield from read_jsonl_lines([row["line"]], path, first=number)


class PartWriter:
    """Writes one actor's batches as Parquet parts: OUT/TABLE/month=M/part-ACTOR-N.parquet."""

    def __init__(self, out: Path) -> None:
        self.out = out
        self.actor = uuid.uuid4().hex[:12]
        self.parts = 0

    def write(self, results: Iterable[CodedArticle | InputProblem]) -> pa.Table:
        """Write every article, sentence and event of a batch; return one summary row per
        table written and per problem or warning."""
        rows: dict[str, list[dict[str, Any]]] = {t: [] for t in TABLES}
        summary: list[dict[str, Any]] = []
        for result in results:
            if isinstance(result, InputProblem):
                summary.append(_summary_problem(result.origin, result.message, "problem"))
                continue
            for table, row in _coded_rows(result):
                rows[table].append(row)
            summary += [
                _summary_problem(result.article.origin, f"warning: {w}", "warning")
                for w in result.warnings
            ]
        for table, table_rows in rows.items():
            if table_rows:
                self._write_table(table, table_rows)
                summary.append({"table": table, "rows": len(table_rows)})
        return pa.Table.from_pylist(summary, schema=SUMMARY)

    def _write_table(self, table: str, rows: list[dict[str, Any]]) -> None:
        frame = pl.DataFrame(rows, schema={**TABLE_SCHEMAS[table], "month": pl.String})
        for (month,), part in frame.partition_by("month", as_dict=True).items():
            folder = self.out / table / f"month={month}"
            folder.mkdir(parents=True, exist_ok=True)
            name = f"part-{self.actor}-{self.parts:06d}.parquet"
            part.drop("month").write_parquet(folder / name)
            self.parts += 1


def _coded_rows(coded: CodedArticle) -> Iterator[tuple[str, dict[str, Any]]]:
    """(table, row with its `month`) for the article, its sentences and its events."""
    article = coded.article
    month = _month(article.published)
    yield "articles", {**article_row(article), "month": month}
    for sentence in coded.sentences:
        yield "sentences", {**sentence_row(article.id, sentence), "month": month}
    for event in coded.events:
        yield "events", {**mention_row(event), "month": _month(event.date or article.published)}


def _summary_problem(origin: str, message: str, kind: str) -> dict[str, Any]:
    return {"table": "problems", "rows": 1, "origin": origin, "message": message, "kind": kind}


def _month(day: date | None) -> str:
    return day.strftime("%Y-%m") if day else "undated"


def _problem(origin: str, message: str, kind: str = "problem") -> dict[str, str]:
    return {"origin": origin, "message": message, "kind": kind}


# -- writing -------------------------------------------------------------------------------


def _write_problems(path: Path, problems: list[dict[str, str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8") as handle:
        for problem in problems:
            handle.write(json.dumps(problem, ensure_ascii=False) + "\n")
