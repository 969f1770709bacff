"""The store commands of `dyad`: ingest, events, stories, eval-stories (thin parsing only),
and the coder options every coding command shares."""

from __future__ import annotations

import argparse
import dataclasses
import io
import json
import os
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

import numpy as np
import polars as pl
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    SpinnerColumn,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.progress import (
    Progress as Bar,
)
from rich.table import Table

from dyad.inputs import count_inputs, parse_date
from dyad.records import InputProblem
from dyad.settings import REPORT_FOLLOW, REPORT_LEAD, Options
from dyad.store.db import DEFAULT_PATH, EventQuery, Store
from dyad.store.formats import EXPORT_FORMATS, write_events

if TYPE_CHECKING:
    from dyad.ingest import Progress


Handler = Callable[[argparse.Namespace, IO[str], IO[str]], int]


def add_coder_options(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--actors",
        type=Path,
        metavar="FILE.yaml",
        help="extra actor entries that add to or override the bundled ones",
    )
    parser.add_argument(
        "--min-confidence", type=float, default=0.0, help="drop events below this confidence (0..1)"
    )


def coder_options(args: argparse.Namespace) -> Options:
    return Options(
        published=parse_date(getattr(args, "published", None)),
        actors_file=args.actors,
        min_confidence=args.min_confidence,
    )


def _add_db(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--db", type=Path, default=DEFAULT_PATH, help=f"store file (default: ./{DEFAULT_PATH})"
    )


def add_store_commands(commands: Any) -> None:
    ingest = commands.add_parser("ingest", help="code articles into the store (idempotent)")
    ingest.add_argument("paths", nargs="*", metavar="PATH", help="the inputs `extract` reads")
    ingest.add_argument(
        "--parquet", type=Path, metavar="DIR", help="store the output of `dyad run` instead"
    )
    _add_db(ingest)
    ingest.add_argument("--published", help="publication date YYYY-MM-DD for undated input")
    ingest.add_argument(
        "--processes",
        type=int,
        default=os.cpu_count() or 1,
        help="worker processes, each with its own model (default: all cores)",
    )
    ingest.add_argument(
        "--no-embeddings",
        action="store_true",
        help="find stories by near-duplicate text only (faster; misses heavy rewrites)",
    )
    ingest.add_argument(
        "--memory-limit",
        default="2GB",
        metavar="SIZE",
        help="cap on the store's cache, e.g. 512MB (default: 2GB)",
    )
    add_coder_options(ingest)

    events = commands.add_parser("events", help="query the consolidated events of the store")
    _add_db(events)
    events.add_argument("--since", help="first event date, YYYY-MM-DD")
    events.add_argument("--until", help="last event date, YYYY-MM-DD")
    events.add_argument("--actor", help="a country code among the actors, e.g. RUS")
    events.add_argument("--recipient", help="a country code among the recipients, e.g. USA")
    events.add_argument("--type", dest="event_type", help="PLOVER event type, e.g. CONSULT")
    events.add_argument("--modality", choices=("asserted", "negated", "hypothetical", "planned"))
    events.add_argument("--story", help="a story id (see `dyad stories`)")
    events.add_argument("--limit", type=int, help="at most this many events")
    events.add_argument(
        "--format", choices=EXPORT_FORMATS, default="jsonl", help="output format (default jsonl)"
    )
    events.add_argument("--out", type=Path, help="write to this file instead of stdout")

    stories = commands.add_parser("stories", help="list the story clusters of the store")
    _add_db(stories)
    stories.add_argument("--format", choices=("jsonl", "table"), default="jsonl")

    ev = commands.add_parser("eval-stories", help="score story clustering on gold JSONL files")
    ev.add_argument("gold", nargs="+", metavar="GOLD.jsonl", help="format: docs/store.md")
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")

    analyze = commands.add_parser("analyze", help="dyad time series, rankings, the network")
    analyze.add_argument(
        "what",
        choices=("series", "cooperation", "top-actors", "top-dyads", "network"),
        help="series: counts and mean intensity per period; cooperation: the cooperation–"
        "conflict index; top-actors / top-dyads: rankings; network: weighted actor edges",
    )
    _add_db(analyze)
    analyze.add_argument("--dyad", help='a dyad: "RUS>USA", "RUS-USA" (either way), "RUS"')
    analyze.add_argument("--freq", choices=("day", "week", "month"), default="month")
    analyze.add_argument("--by", choices=("type", "quad_class"), help="split series by this")
    analyze.add_argument("--n", type=int, default=10, help="rows of a ranking (default 10)")
    analyze.add_argument(
        "--role", choices=("actor", "recipient", "any"), default="actor", help="for top-actors"
    )
    analyze.add_argument(
        "--format", choices=("table", "csv", "jsonl"), default="table",
        help="output format (default table)",
    )  # fmt: skip

    timing = commands.add_parser(
        "timing", help="do FOLLOW events come within a window after LEAD events, beyond chance?"
    )
    _add_db(timing)
    timing.add_argument("--lead", required=True, help='lead dyad, e.g. "USA>UKR:AID,AGREE"')
    timing.add_argument("--follow", required=True, help='follow dyad, e.g. "RUS>USA:CONSULT"')
    timing.add_argument("--window", default="3d", help="how soon after: 3d, 12h, 2w (default 3d)")
    timing.add_argument(
        "--permutations", type=int, default=2000, help="size of the null distribution"
    )
    timing.add_argument("--seed", type=int, default=0, help="seed of the permutations")
    timing.add_argument("--json", action="store_true", help="print the result as JSON")

    run = commands.add_parser("run", help="code a large corpus on a Ray cluster into Parquet")
    run.add_argument("paths", nargs="+", metavar="INPUT", help="JSONL or Parquet files/folders")
    run.add_argument("--out", type=Path, required=True, help="output folder (Parquet by month)")
    run.add_argument("--engine", choices=("ray",), default="ray", help="the distributed engine")
    run.add_argument("--workers", type=int, default=os.cpu_count() or 1, help="coder actors")
    run.add_argument(
        "--address", help="Ray cluster address (default: RAY_ADDRESS, else a local Ray)"
    )
    add_coder_options(run)

    bench = commands.add_parser(
        "bench", help="throughput of extract and ingest against bare spaCy, in one run"
    )
    bench.add_argument("--articles", type=int, default=200, help="corpus size (default 200)")
    bench.add_argument(
        "--processes", type=int, default=1, help="processes for spaCy, extract and ingest alike"
    )
    bench.add_argument(
        "--input",
        type=Path,
        default=Path("data/sample/articles.jsonl"),
        help="JSONL articles the corpus is made from, repeated (default: the bundled sample)",
    )
    bench.add_argument(
        "--rounds",
        type=int,
        default=3,
        help="spaCy and extract alternate this many times, fastest of each kept (default 3)",
    )

    serve = commands.add_parser("serve", help="the dashboard: timeline, dyads, network, review")
    _add_db(serve)
    serve.add_argument("--host", default="127.0.0.1", help="address to bind (default 127.0.0.1)")
    serve.add_argument("--port", type=int, default=8000, help="port (default 8000)")

    report = commands.add_parser("report", help="write a self-contained HTML report")
    _add_db(report)
    report.add_argument("--out", type=Path, default=Path("report.html"), help="the HTML file")
    report.add_argument(
        "--png-dir", type=Path, help="where the charts go as PNG (default: OUT-charts/)"
    )
    report.add_argument("--lead", default=REPORT_LEAD, help="timing test: lead dyad")
    report.add_argument("--follow", default=REPORT_FOLLOW, help="timing: follow dyad")
    report.add_argument("--window", default="3d", help="timing test window (default 3d)")
    report.add_argument(
        "--freq", choices=("day", "week", "month"), default="week", help="timeline periods"
    )

    fixes = commands.add_parser("corrections", help="export the human review of the store")
    _add_db(fixes)
    fixes.add_argument(
        "--format",
        choices=("gold", "jsonl"),
        default="gold",
        help="gold: records `dyad eval` reads (reviewed sentences); jsonl: every correction",
    )
    fixes.add_argument("--out", type=Path, help="write to this file instead of stdout")

    ww = commands.add_parser("eval-when-where", help="score event dates and places on gold")
    ww.add_argument("gold", nargs="+", metavar="GOLD.jsonl", help="format: docs/evaluation.md")
    ww.add_argument("--json", action="store_true", help="print the scores as JSON")


def run_ray_job(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from dyad.distributed import run_ray

    address = args.address or os.environ.get("RAY_ADDRESS") or None
    report = run_ray(args.paths, args.out, args.workers, coder_options(args), address)
    print(
        f"dyad: {report.articles} articles coded ({report.events} events), {report.problems} "
        f"problems (see {args.out / 'problems.jsonl'}) in {report.seconds:.0f} s; "
        f"store them with: dyad ingest --parquet {args.out}",
        file=err,
    )
    return 0


def ingest_parquet_folder(args: argparse.Namespace, err: IO[str]) -> int:
    from dyad.store.parquet import ingest_parquet
    from dyad.stories import Fingerprinter, StoryOptions

    fingerprinter = Fingerprinter(StoryOptions(embed=not args.no_embeddings))
    with Store(args.db, memory_limit=args.memory_limit) as store:
        written = ingest_parquet(store, args.parquet, fingerprinter)
        counts = store.counts()
    print(
        f"dyad: {written} articles stored from {args.parquet}; store {args.db}: "
        f"{counts['articles']} articles, {counts['events']} events, {counts['stories']} stories",
        file=err,
    )
    return 0


def run_ingest(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    if args.parquet is not None:
        if args.paths:
            raise ValueError("give either input paths or --parquet DIR, not both")
        return ingest_parquet_folder(args, err)
    if not args.paths:
        raise ValueError("nothing to ingest: give input paths or --parquet DIR")
    from dyad.ingest import Ingester  # spaCy loads only for the commands that code
    from dyad.parallel import coder_for
    from dyad.stories import StoryOptions

    story_options = StoryOptions(embed=not args.no_embeddings)
    problems: list[InputProblem] = []

    def report_problem(problem: InputProblem) -> None:
        problems.append(problem)
        print(f"dyad: {problem.message}", file=err)

    with (
        Store(args.db, memory_limit=args.memory_limit) as store,
        coder_for(coder_options(args), args.processes) as coder,
    ):
        ingester = Ingester(coder, story_options)
        with _progress(err, count_inputs(args.paths)) as on_progress:
            report = ingester.ingest(store, args.paths, report_problem, on_progress)
        counts = store.counts()
    print(
        f"dyad: {report.articles_coded} articles coded ({report.events} events), "
        f"{report.articles_unchanged} unchanged, {report.problems} skipped; store {args.db}: "
        f"{counts['articles']} articles, {counts['events']} events, {counts['stories']} stories",
        file=err,
    )
    return 1 if report.problems and not (report.articles_coded or report.articles_unchanged) else 0


def run_events(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    query = EventQuery(
        since=parse_date(args.since),
        until=parse_date(args.until),
        actor=args.actor,
        recipient=args.recipient,
        event_type=args.event_type,
        modality=args.modality,
        story_id=args.story,
        limit=args.limit,
    )
    with Store(args.db, read_only=True) as store:
        frame = store.events(query)
    if args.out:
        with args.out.open("wb") as handle:
            rows = write_events(frame, args.format, handle)
        print(f"dyad: {rows} events written to {args.out}", file=err)
    elif args.format == "parquet":
        raise ValueError("--format parquet writes a binary file: give --out FILE")
    elif out is sys.stdout and hasattr(sys.stdout, "buffer"):
        out.flush()
        write_events(frame, args.format, sys.stdout.buffer)  # no second copy of a large export
    else:
        buffer = io.BytesIO()
        write_events(frame, args.format, buffer)
        out.write(buffer.getvalue().decode("utf-8"))
    return 0


def run_stories(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    with Store(args.db, read_only=True) as store:
        frame = store.stories()
    rows = frame.select("story_id", "article_ids", "title", "first_published").to_dicts()
    if args.format == "jsonl":
        for row in rows:
            first = row["first_published"]
            row["first_published"] = first.isoformat() if first else None
            out.write(json.dumps(row, ensure_ascii=False) + "\n")
        return 0
    table = Table(title=f"{len(rows)} stories")
    for column in ("story", "first published", "articles", "title"):
        table.add_column(column)
    for row in rows:
        first = row["first_published"]
        table.add_row(
            row["story_id"], str(first or ""), str(len(row["article_ids"])), row["title"] or ""
        )
    Console(file=out, width=120).print(table)
    return 0


def run_eval_stories(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from dyad.stories import Fingerprinter, StoryOptions
    from dyad.story_eval import evaluate_stories, load_story_gold

    options = StoryOptions()
    fingerprinter = Fingerprinter(options)
    reports = {
        p: evaluate_stories(load_story_gold(Path(p)), options, fingerprinter) for p in args.gold
    }
    if args.json:
        out.write(json.dumps({p: r.as_dict() for p, r in reports.items()}, indent=2) + "\n")
        return 0
    for path, report in reports.items():
        pairs = report.pairs
        out.write(
            f"{path}: {len(report.gold)} articles, {len(set(report.gold.values()))} gold stories, "
            f"{len(report.clusters)} predicted\n  pairwise P={pairs.precision:.3f} "
            f"R={pairs.recall:.3f} F1={pairs.f1:.3f}\n"
        )
    return 0


def _progress_line(p: Progress, of: str) -> str:
    if p.to_place:
        return f"dyad: {p.placed}/{p.to_place} articles placed in stories"
    return f"dyad: {p.done}{of} articles read, {p.coded} coded, {p.unchanged} unchanged"


@contextmanager
def _progress(err: IO[str], total: int | None) -> Iterator[Callable[[Progress], None]]:
    """A live bar with rate and time left on a terminal; otherwise one plain line per stored
    batch and per chunk placed in stories (for logs)."""
    if not err.isatty():
        of = f"/{total}" if total is not None else ""
        yield lambda p: print(_progress_line(p, of), file=err)
        return
    columns = (
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        TextColumn("left"),
        TimeRemainingColumn(),
    )
    with Bar(*columns, TextColumn("{task.fields[rate]}"), console=Console(file=err)) as bar:
        task = bar.add_task("ingest", total=total, rate="")
        started = time.monotonic()

        def update(p: Progress) -> None:
            if p.to_place:  # the articles are stored; now they are grouped into stories
                bar.update(
                    task, description="stories", completed=p.placed, total=p.to_place, rate=""
                )
                return
            rate = p.done / max(time.monotonic() - started, 1e-6)
            bar.update(task, completed=p.done, rate=f"{rate:.1f} articles/s")

        yield update


def run_eval_when_where(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from dyad.pipeline import Coder
    from dyad.when_where_eval import evaluate_when_where, load_when_where

    coder = Coder()
    reports = {p: evaluate_when_where(coder, load_when_where(Path(p))) for p in args.gold}
    if args.json:
        out.write(json.dumps({p: r.as_dict() for p, r in reports.items()}, indent=2) + "\n")
        return 0
    for path, report in reports.items():
        scores = report.as_dict()
        out.write(
            f"{path}: {report.found} of {report.expected} expected events found; date right "
            f"{scores['date_accuracy']:.3f}, place right {scores['place_accuracy']:.3f}\n"
        )
    return 0


def run_analyze(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from dyad import analysis

    dyad = analysis.Dyad.parse(args.dyad) if args.dyad else None
    with Store(args.db, read_only=True) as store:
        events = store.events()
    frame = _analysis_frame(analysis, args, events, dyad)
    if args.format == "csv":
        out.write(frame.write_csv())
    elif args.format == "jsonl":
        out.write(frame.write_ndjson())
    else:
        table = Table(title=f"{args.what}{f' {dyad}' if dyad else ''}")
        for column in frame.columns:
            table.add_column(column)
        for row in frame.iter_rows():
            table.add_row(*("" if v is None else f"{v:.2f}" if isinstance(v, float) else str(v)
                            for v in row))  # fmt: skip
        Console(file=out, width=120).print(table)
    return 0


def _analysis_frame(analysis: Any, args: argparse.Namespace, events: Any, dyad: Any) -> Any:
    if args.what == "series":
        return analysis.series(events, dyad, freq=args.freq, by=args.by)
    if args.what == "cooperation":
        return analysis.cooperation_conflict(events, dyad, freq=args.freq)
    if args.what == "top-actors":
        return analysis.top_actors(events, n=args.n, role=args.role)
    if args.what == "top-dyads":
        return analysis.top_dyads(events, n=args.n)
    return pl.DataFrame(analysis.network_json(analysis.actor_network(events))["links"])


def run_timing(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from dyad.analysis import Dyad, parse_window, timing_test

    lead, follow = Dyad.parse(args.lead), Dyad.parse(args.follow)
    window = parse_window(args.window)
    with Store(args.db, read_only=True) as store:
        events = store.events()
    result = timing_test(events, lead, follow, window, args.permutations, args.seed)
    if args.json:
        out.write(json.dumps(dataclasses.asdict(result), default=str, indent=2) + "\n")
        return 0
    out.write(f"lead   {lead}: {result.lead_count} events\nfollow {follow}: ")
    out.write(f"{result.follow_count} events\nwindow {args.window}\n{result.message}\n")
    if result.null_distribution:
        quantiles = np.quantile(result.null_distribution, [0.05, 0.5, 0.95])
        out.write(
            "null distribution of the share (5%/50%/95%): "
            + " / ".join(f"{q:.0%}" for q in quantiles)
            + "\n"
        )
    for pair in result.pairs:
        out.write(
            f"\n{pair.lead_date} → {pair.follow_date} (+{pair.lag_days} d)\n"
            f"  lead:   {pair.lead_sentence}\n  follow: {pair.follow_sentence}\n"
        )
    return 0


def run_bench(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from dyad.bench import run_bench as bench

    if not args.input.exists():
        raise ValueError(f"{args.input}: no such corpus (give --input FILE.jsonl)")
    bench(args.input, args.articles, args.processes, out, args.rounds)
    return 0


def run_serve(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from dyad.web.app import serve

    token = os.environ.get("DYAD_TOKEN") or None  # review writes need it; reading does not
    with Store(args.db, read_only=True):
        pass  # a missing or foreign file fails here, with the store's one-line error
    mode = "review enabled (DYAD_TOKEN set)" if token else "read-only: set DYAD_TOKEN to review"
    print(f"dyad: serving {args.db} on http://{args.host}:{args.port}/ ({mode})", file=err)
    serve(args.db, args.host, args.port, token)
    return 0


def run_report(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from dyad.analysis import Dyad, parse_window
    from dyad.report import ReportOptions, build_report

    Dyad.parse(args.lead), Dyad.parse(args.follow)  # a bad spec fails before any work
    options = ReportOptions(args.lead, args.follow, parse_window(args.window), args.freq)
    with Store(args.db, read_only=True) as store:
        report = build_report(store, options)
    written = report.write(args.out, args.png_dir)
    print(
        f"dyad: report written to {args.out.resolve()} ({len(written) - 1} charts as PNG)", file=err
    )
    out.write(f"{args.out.resolve()}\n")
    return 0


def run_corrections(args: argparse.Namespace, out: IO[str], err: IO[str]) -> int:
    from dyad.store.review import corrections, corrections_as_gold

    with Store(args.db, read_only=True) as store:
        if args.format == "gold":
            rows = corrections_as_gold(store)
        else:
            rows = corrections(store).to_dicts()
    lines = [json.dumps(row, ensure_ascii=False, default=str) + "\n" for row in rows]
    if args.out:
        args.out.write_text("".join(lines), encoding="utf-8")
        print(f"dyad: {len(lines)} records written to {args.out}", file=err)
    else:
        out.writelines(lines)
    return 0


STORE_COMMANDS: dict[str, Handler] = {
    "ingest": run_ingest,
    "events": run_events,
    "stories": run_stories,
    "eval-stories": run_eval_stories,
    "eval-when-where": run_eval_when_where,
    "corrections": run_corrections,
    "timing": run_timing,
    "report": run_report,
    "serve": run_serve,
    "analyze": run_analyze,
    "bench": run_bench,
    "run": run_ray_job,
}
