"""Event dates and places through the whole coder: sentences in, the event's own date and
location out; plus a gate on the when/where gold set."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import date
from pathlib import Path

import pytest
from conftest import ROOT

from dyad import Coder, Event

PUBLISHED = "2025-10-17"  # a Friday


def only(coder: Coder, text: str, event_type: str) -> Event:
    events = [e for e in coder.extract(text, published=PUBLISHED) if e.event_type == event_type]
    assert events, f"no {event_type} in {text!r}"
    return events[0]


@pytest.mark.parametrize(
    ("text", "event_type", "expected", "precision"),
    [
        ("On Thursday, Putin and Trump spoke by phone.", "CONSULT", date(2025, 10, 16), "day"),
        ("Putin praised Trump.", "SUPPORT", date(2025, 10, 17), "day"),
        (
            "A few months ago, Trump and Putin met at the Alaska summit.",
            "CONSULT",
            date(2025, 7, 1),
            "month",
        ),
        ("Trump and Putin will meet in Budapest next week.", "CONSULT", date(2025, 10, 24), "day"),
        (
            "Earlier this month, Russia attacked Ukrainian ports.",
            "ASSAULT",
            date(2025, 10, 1),
            "month",
        ),
        ("Russian drones struck Kharkiv yesterday.", "ASSAULT", date(2025, 10, 16), "day"),
        ("On October 3, Israel and Egypt signed a gas deal.", "SUPPORT", date(2025, 10, 3), "day"),
    ],
)
def test_the_event_date_comes_from_its_sentence(
    coder: Coder, text: str, event_type: str, expected: date, precision: str
) -> None:
    event = only(coder, text, event_type)
    assert (event.date, event.date_precision) == (expected, precision)


def test_the_date_of_the_events_own_clause_wins(coder: Coder) -> None:
    event = only(coder, "The minister, who arrived on Monday, met Lavrov on Wednesday.", "CONSULT")
    assert event.date == date(2025, 10, 15)


def test_a_planned_event_without_time_words_has_no_date(coder: Coder) -> None:
    event = only(coder, "Trump and Putin plan to meet in Budapest.", "CONSULT")
    assert event.modality == "planned" and event.date is None


def test_undated_text_gives_no_date_rather_than_today(coder: Coder) -> None:
    (event,) = [e for e in coder.extract("Putin praised Trump.") if e.event_type == "SUPPORT"]
    assert event.date is None and event.date_source is None


@pytest.mark.parametrize(
    ("text", "event_type", "name", "country"),
    [
        (
            "Trump and Putin will meet in Budapest, Hungary, next week.",
            "CONSULT",
            "Budapest",
            "HUN",
        ),
        ("Zelensky met Trump at the White House on Friday.", "CONSULT", "White House", "USA"),
        ("Trump met Putin at the Alaska summit.", "CONSULT", "Alaska", "USA"),
        ("Russian missiles struck Kiev overnight.", "ASSAULT", "Kyiv", "UKR"),
        (
            "Protesters rallied in St. Petersburg against Putin.",
            "PROTEST",
            "Saint Petersburg",
            "RUS",
        ),
        # the verb an event noun is the purpose of happened where the event did
        (
            "Marco Rubio flew to Geneva for talks with Ukrainian officials.",
            "CONSULT",
            "Geneva",
            "CHE",
        ),
    ],
)
def test_the_event_place_is_geocoded(
    coder: Coder, text: str, event_type: str, name: str, country: str
) -> None:
    location = only(coder, text, event_type).location
    assert location is not None and (location.name, location.country) == (name, country)


@pytest.mark.parametrize(
    ("text", "event_type"),
    [
        ("Moscow condemned the new sanctions imposed by Washington.", "ACCUSE"),
        ("Putin praised Trump as a peacemaker in the Middle East.", "SUPPORT"),
        ("The United States sanctioned Russia on Wednesday.", "SANCTION"),
    ],
)
def test_no_place_in_the_text_means_no_location(coder: Coder, text: str, event_type: str) -> None:
    assert only(coder, text, event_type).location is None


def test_extract_warns_once_about_an_undated_file(tmp_path: Path) -> None:
    path = tmp_path / "undated.txt"
    path.write_text("Putin praised Trump as a peacemaker.")
    result = subprocess.run(
        [sys.executable, "-m", "dyad.cli", "extract", str(path)],
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=300,
    )
    assert result.returncode == 0
    warnings = [line for line in result.stderr.splitlines() if "warning" in line]
    assert len(warnings) == 1 and "undated.txt" in warnings[0]
    assert all(json.loads(line)["date"] is None for line in result.stdout.splitlines())


def test_dates_and_places_on_the_gold_set_stay_above_their_floors(coder: Coder) -> None:
    from dyad.when_where_eval import evaluate_when_where, load_when_where

    report = evaluate_when_where(coder, load_when_where(ROOT / "tests/gold/when-where.jsonl"))
    scores = report.as_dict()
    assert scores["date_accuracy"] >= 0.95 and scores["place_accuracy"] >= 0.82, scores


def test_a_verbless_headline_with_a_date_is_coded(coder: Coder) -> None:
    # the clause finder once climbed past a noun root for ever (Token identity, not position)
    import threading

    found: list[list[Event]] = []
    worker = threading.Thread(
        target=lambda: found.append(
            coder.extract("Russian drone strikes on Kyiv on Monday.", published="2025-10-17")
        ),
        daemon=True,
    )
    worker.start()
    worker.join(timeout=60)
    assert not worker.is_alive(), "coding a verbless headline did not finish"
    (events,) = found
    assert [(e.event_type, str(e.date)) for e in events] == [("ASSAULT", "2025-10-13")]
