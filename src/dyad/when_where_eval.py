"""`dyad eval-when-where`: how often the coder gives an event its right date and place.

Gold format (one JSON object a line): {"id", "published", "text", "expect": [{"type", "date",
"precision", "place", "country"}]}. Each expected event is matched to the coder's first event
of its type in the text. Date accuracy: date and precision both right. Place accuracy: no
location when gold has none; otherwise the same place name (accents, case and words such as
"region" aside) and country. Both are shares of the expected events the coder found.
"""

from __future__ import annotations

import json
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyad.evaluate import GoldFormatError
from dyad.records import Event, Location

if TYPE_CHECKING:
    from dyad.pipeline import Coder

GENERIC_PLACE_WORDS = {"region", "oblast", "province", "city", "the"}


@dataclass(frozen=True, slots=True)
class Expected:
    event_type: str
    date: date | None
    precision: str | None
    place: str | None
    country: str | None


@dataclass(frozen=True, slots=True)
class WhenWhereRecord:
    id: str
    text: str
    published: str
    expect: tuple[Expected, ...]


@dataclass
class WhenWhereReport:
    """Counts behind the accuracies, and the misses for reading."""

    expected: int = 0
    found: int = 0
    dates_right: int = 0
    places_right: int = 0
    misses: list[dict[str, Any]] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "expected": self.expected,
            "found": self.found,
            "date_accuracy": round(self.dates_right / max(self.found, 1), 3),
            "place_accuracy": round(self.places_right / max(self.found, 1), 3),
        }


def load_when_where(path: Path) -> list[WhenWhereRecord]:
    records = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            expect = tuple(
                Expected(
                    e["type"],
                    date.fromisoformat(e["date"]) if e.get("date") else None,
                    e.get("precision"),
                    e.get("place"),
                    e.get("country"),
                )
                for e in raw["expect"]
            )
            records.append(WhenWhereRecord(raw["id"], raw["text"], raw["published"], expect))
        except (ValueError, KeyError, TypeError) as err:
            raise GoldFormatError(f"{path}:{number}: not a when/where record: {err}") from None
    return records


def evaluate_when_where(coder: Coder, records: Sequence[WhenWhereRecord]) -> WhenWhereReport:
    report = WhenWhereReport()
    for record in records:
        events = coder.extract(record.text, published=record.published)
        for expected in record.expect:
            report.expected += 1
            event = next((e for e in events if e.event_type == expected.event_type), None)
            if event is None:
                continue
            report.found += 1
            date_ok = (event.date, event.date_precision) == (expected.date, expected.precision)
            place_ok = same_place(event.location, expected)
            report.dates_right += date_ok
            report.places_right += place_ok
            if not (date_ok and place_ok):
                report.misses.append(_miss(record, expected, event))
    return report


def same_place(found: Location | None, expected: Expected) -> bool:
    if expected.place is None or found is None:
        return expected.place is None and found is None
    return found.country == expected.country and _key(found.name or found.text) == _key(
        expected.place
    )


def _key(name: str) -> str:
    plain = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().casefold()
    return " ".join(w for w in plain.replace("-", " ").split() if w not in GENERIC_PLACE_WORDS)


def _miss(record: WhenWhereRecord, expected: Expected, event: Event) -> dict[str, Any]:
    location = event.location
    return {
        "id": record.id,
        "type": expected.event_type,
        "gold": [str(expected.date), expected.precision, expected.place],
        "found": [str(event.date), event.date_precision, location.name if location else None],
        "text": record.text,
    }
