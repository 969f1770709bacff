"""The `dyad` command: thin argument parsing over the library."""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import IO

from dyad.cli_store import STORE_COMMANDS, add_coder_options, add_store_commands, coder_options
from dyad.evaluate import GoldFormatError, Report
from dyad.kb import KnowledgeBaseError
from dyad.output import CsvWriter, print_table, write_jsonl
from dyad.records import CodedArticle, Event, InputProblem
from dyad.settings import Options
from dyad.store.schema import StoreError


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="dyad", description="Turn news into political event data (PLOVER, with CAMEO)."
    )
    commands = parser.add_subparsers(dest="command", required=True, metavar="COMMAND")

    extract = commands.add_parser("extract", help="code articles into events")
    extract.add_argument(
        "paths",
        nargs="+",
        metavar="PATH",
        help=".txt, .html/.htm, .jsonl (id, text or html, published, url, title, source), "
        "a directory (recursive), or - for stdin",
    )
    extract.add_argument("--published", help="publication date YYYY-MM-DD for undated input")
    extract.add_argument(
        "--format",
        choices=("jsonl", "csv", "table"),
        help="output format (default: jsonl when piped, table on a terminal)",
    )
    extract.add_argument(
        "--processes", type=int, default=1, help="worker processes, each with its own model"
    )
    add_coder_options(extract)

    ev = commands.add_parser("eval", help="score the coder on gold JSONL files")
    ev.add_argument(
        "gold", nargs="+", metavar="GOLD.jsonl", help="gold records (format: docs/evaluation.md)"
    )
    ev.add_argument("--json", action="store_true", help="print the scores as JSON")
    ev.add_argument(
        "--errors", type=Path, help="write the records with mistakes to this JSONL file"
    )
    add_coder_options(ev)
    add_store_commands(commands)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        if args.command in STORE_COMMANDS:
            return STORE_COMMANDS[args.command](args, sys.stdout, sys.stderr)
        options = coder_options(args)
        if args.command == "extract":
            return run_extract(
                args.paths, args.format, options, sys.stdout, sys.stderr, args.processes
            )
        return run_eval(args.gold, args.json, args.errors, options, sys.stdout)
    except (ValueError, KnowledgeBaseError, GoldFormatError, StoreError, OSError) as err:
        print(f"dyad: error: {err}", file=sys.stderr)
        return 2


def run_extract(
    paths: list[str],
    fmt: str | None,
    options: Options,
    out: IO[str],
    err: IO[str],
    processes: int = 1,
) -> int:
    from dyad.inputs import read_inputs
    from dyad.parallel import coder_for  # spaCy loads only for the commands that code

    fmt = fmt or ("table" if out.isatty() else "jsonl")
    with coder_for(options, processes) as coder:
        return _write_extract(coder.code_documents(read_inputs(paths, options)), fmt, out, err)


def _write_extract(
    results: Iterable[CodedArticle | InputProblem], fmt: str, out: IO[str], err: IO[str]
) -> int:
    coded = problems = 0
    table_rows: list[Event] = []
    csv_writer = CsvWriter(out) if fmt == "csv" else None
    for result in results:
        if not isinstance(result, CodedArticle):
            problems += 1
            print(f"dyad: {result.message}", file=err)
            continue
        coded += 1
        for warning in result.warnings:
            print(f"dyad: warning: {warning}", file=err)
        if fmt == "jsonl":
            write_jsonl(result.events, out)
        elif csv_writer is not None:
            csv_writer.write(result.events)
        else:
            table_rows.extend(result.events)
    if fmt == "table":
        print_table(table_rows, out, title=f"{len(table_rows)} events from {coded} articles")
    if problems:
        print(f"dyad: {coded} articles coded, {problems} skipped", file=err)
    return 0 if coded else 1


def run_eval(
    gold_paths: list[str], as_json: bool, errors: Path | None, options: Options, out: IO[str]
) -> int:
    from dyad.evaluate import evaluate, load_gold
    from dyad.pipeline import Coder

    coder = Coder(options)
    reports = {}
    for path in gold_paths:
        reports[path] = evaluate(coder, load_gold(Path(path)))
    if errors:
        with errors.open("w", encoding="utf-8") as handle:
            for report in reports.values():
                for row in report.errors:
                    handle.write(json.dumps(row, ensure_ascii=False) + "\n")
    if as_json:
        out.write(json.dumps({p: r.as_dict() for p, r in reports.items()}, indent=2) + "\n")
    else:
        for path, report in reports.items():
            print_report(path, report, out)
    return 0


def print_report(path: str, report: Report, out: IO[str]) -> None:
    t, ty = report.triples, report.types
    out.write(f"{path}: {report.records} records\n")
    out.write(
        f"  triples  P={t.precision:.3f} R={t.recall:.3f} F1={t.f1:.3f} "
        f"(predicted {t.predicted}, gold {t.gold})\n"
    )
    out.write(f"  types    P={ty.precision:.3f} R={ty.recall:.3f} F1={ty.f1:.3f}\n")
    out.write(f"  precision of the top-decile confidence: {report.precision_at_top(0.1):.3f}\n")
    out.write(f"  {'type':<10} {'P':>6} {'R':>6} {'F1':>6} {'pred':>5} {'gold':>5}\n")
    for event_type, c in sorted(report.per_type.items()):
        out.write(
            f"  {event_type:<10} {c.precision:6.3f} {c.recall:6.3f} {c.f1:6.3f} "
            f"{c.predicted:5d} {c.gold:5d}\n"
        )


if __name__ == "__main__":
    raise SystemExit(main())
