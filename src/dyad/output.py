"""Writing events: JSON lines (the output contract), CSV, and a readable table."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO

from rich.console import Console
from rich.table import Table

from dyad.records import Entity, Event

CSV_COLUMNS = (
    "id",
    "article_id",
    "event_type",
    "mode",
    "cameo",
    "quad_class",
    "intensity",
    "modality",
    "actor_countries",
    "actor_sectors",
    "actor_names",
    "recipient_countries",
    "recipient_sectors",
    "recipient_names",
    "attributed_to",
    "date",
    "date_precision",
    "location",
    "sentence_index",
    "trigger",
    "trigger_start",
    "trigger_end",
    "confidence",
    "sentence",
)


def write_jsonl(events: Iterable[Event], out: IO[str]) -> None:
    for event in events:
        out.write(json.dumps(event.to_dict(), ensure_ascii=False) + "\n")


class CsvWriter:
    """Flat rows; lists of parties are joined with ';' inside a cell."""

    def __init__(self, out: IO[str]) -> None:
        self.writer = csv.writer(out)
        self.writer.writerow(CSV_COLUMNS)

    def write(self, events: Iterable[Event]) -> None:
        for e in events:
            self.writer.writerow(
                [
                    e.id,
                    e.article_id,
                    e.event_type,
                    e.mode or "",
                    e.cameo or "",
                    e.quad_class,
                    e.intensity if e.intensity is not None else "",
                    e.modality,
                    _join(a.country for a in e.actors),
                    _join(a.sector for a in e.actors),
                    _join(a.name or a.text for a in e.actors),
                    _join(r.country for r in e.recipients),
                    _join(r.sector for r in e.recipients),
                    _join(r.name or r.text for r in e.recipients),
                    _label(e.attributed_to) if e.attributed_to else "",
                    e.date.isoformat() if e.date else "",
                    e.date_precision or "",
                    e.location.text if e.location else "",
                    e.sentence_index,
                    e.trigger.text,
                    e.trigger.start,
                    e.trigger.end,
                    e.confidence,
                    e.sentence,
                ]
            )


def events_table(events: list[Event], title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False, expand=False)
    for column in ("type", "mode", "modality", "actor", "recipient", "trigger", "conf", "sentence"):
        table.add_column(column, overflow="fold", no_wrap=column in ("type", "conf"))
    for e in events:
        table.add_row(
            e.event_type,
            e.mode or "",
            e.modality,
            ", ".join(_label(a) for a in e.actors),
            ", ".join(_label(r) for r in e.recipients),
            e.trigger.text,
            f"{e.confidence:.2f}",
            _shorten(e.sentence, 90),
        )
    return table


def print_table(events: list[Event], out: IO[str], title: str | None = None) -> None:
    Console(file=out, width=160).print(events_table(events, title))


def _label(entity: Entity) -> str:
    who = entity.name or entity.text
    parts = [p for p in (entity.country, entity.sector) if p]
    return f"{who} ({'/'.join(parts)})" if parts else who


def _join(values: Iterable[str | None]) -> str:
    return ";".join(v for v in values if v)


def _shorten(text: str, width: int) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"
