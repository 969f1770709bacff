"""Time expressions resolved against a publication date (src/dyad/timex.py, ontology/time.yaml).

Unless a test says otherwise the story ran on Friday 17 October 2025.
"""

from __future__ import annotations

import inspect
from datetime import date
from importlib.resources import files
from itertools import pairwise
from typing import Any

import pytest
import yaml

from dyad import timex
from dyad.timex import Precision, TimeExpression, TimeResolver, Vocabulary

FRIDAY = date(2025, 10, 17)


@pytest.fixture(scope="module")
def resolver() -> TimeResolver:
    return TimeResolver.bundled()


def bundled_mapping() -> dict[str, Any]:
    source = files("dyad.ontology").joinpath("time.yaml").read_text(encoding="utf-8")
    mapping: dict[str, Any] = yaml.safe_load(source)
    return mapping


def only(
    resolver: TimeResolver, text: str, published: date = FRIDAY, future: bool = False
) -> TimeExpression:
    found = resolver.find(text, published, future)
    assert len(found) == 1, found
    return found[0]


# (sentence, future, words matched, date, precision, approximate)
Case = tuple[str, bool, str, date, Precision, bool]

SEED_CASES: list[Case] = [
    ("a few months ago, during the Alaska summit", False, "a few months ago",
     date(2025, 7, 1), "month", True),
    ("On Thursday, the Kremlin said", False, "Thursday", date(2025, 10, 16), "day", False),
    ("Fighting flared again earlier this month.", False, "earlier this month",
     date(2025, 10, 1), "month", True),
    ("Leaders will meet in Budapest next week.", True, "next week",
     date(2025, 10, 24), "day", True),
]  # fmt: skip

EXPLICIT_CASES: list[Case] = [
    ("The truce was signed on October 16, 2025 in Cairo.", False, "October 16, 2025",
     date(2025, 10, 16), "day", False),
    ("Envoys met Oct. 16 after a pause.", False, "Oct. 16", date(2025, 10, 16), "day", False),
    ("Ministers gathered on 16 October in Geneva.", False, "16 October",
     date(2025, 10, 16), "day", False),
    ("The accord of 16 October 2024 still holds.", False, "16 October 2024",
     date(2024, 10, 16), "day", False),
    ("A statement dated 2025-10-16 said the border was shut.", False, "2025-10-16",
     date(2025, 10, 16), "day", False),
    ("Troops pulled back on Sept. 30, officials said.", False, "Sept. 30",
     date(2025, 9, 30), "day", False),
    ("Protesters rallied on December 5 outside parliament.", False, "December 5",
     date(2024, 12, 5), "day", False),
    ("The vote is scheduled for November 3.", True, "November 3",
     date(2025, 11, 3), "day", False),
    ("The summit will open on October 10.", True, "October 10",
     date(2026, 10, 10), "day", False),
    ("The report came out on the 3rd of March.", False, "the 3rd of March",
     date(2025, 3, 3), "day", False),
    ("Talks ended Thursday, October 16, without a deal.", False, "Thursday, October 16",
     date(2025, 10, 16), "day", False),
    ("Rebels took the town on the 12th.", False, "the 12th", date(2025, 10, 12), "day", False),
    ("Voting closes on the 5th.", True, "the 5th", date(2025, 11, 5), "day", False),
    ("Polls opened on the 31st, observers said.", False, "the 31st",
     date(2025, 8, 31), "day", False),
    ("The mandate ran out on February 29.", False, "February 29",
     date(2024, 2, 29), "day", False),
    ("The treaty lapsed in October 2025.", False, "October 2025",
     date(2025, 10, 1), "month", False),
    ("Aid stopped in May 2025, the agency said.", False, "May 2025",
     date(2025, 5, 1), "month", False),
    ("Sanctions have been in force since 2014.", False, "2014", date(2014, 1, 1), "year", False),
    ("Elections were held in 2024 across the region.", False, "2024",
     date(2024, 1, 1), "year", False),
    ("Output rose sharply in late 2024.", False, "late 2024", date(2024, 1, 1), "year", False),
]  # fmt: skip

MONTH_CASES: list[Case] = [
    ("The offensive began in August.", False, "August", date(2025, 8, 1), "month", False),
    ("Talks will resume in August.", True, "August", date(2026, 8, 1), "month", False),
    ("Inspectors arrive in October.", True, "October", date(2025, 10, 1), "month", False),
    ("Inspectors arrived in October.", False, "October", date(2025, 10, 1), "month", False),
    ("The army withdrew in November.", False, "November", date(2024, 11, 1), "month", False),
    ("Clashes erupted in early August.", False, "early August",
     date(2025, 8, 1), "month", False),
    ("Fuel ran short in mid-July.", False, "mid-July", date(2025, 7, 1), "month", False),
    ("The ceasefire collapsed last August.", False, "last August",
     date(2025, 8, 1), "month", False),
    ("A new round is due next March.", True, "next March", date(2026, 3, 1), "month", False),
    ("Exports have fallen since May.", False, "May", date(2025, 5, 1), "month", False),
    ("Reserves shrank by the end of June.", False, "the end of June",
     date(2025, 6, 1), "month", False),
]  # fmt: skip

WEEKDAY_CASES: list[Case] = [
    ("Officials said Friday that the road was open.", False, "Friday",
     date(2025, 10, 17), "day", False),
    ("Shelling resumed on Saturday.", False, "Saturday", date(2025, 10, 11), "day", False),
    ("The ministers will meet on Friday.", True, "Friday", date(2025, 10, 24), "day", False),
    ("Parliament will vote on Monday.", True, "Monday", date(2025, 10, 20), "day", False),
    ("The envoy arrived last Friday.", False, "last Friday", date(2025, 10, 10), "day", False),
    ("Both sides meet next Tuesday.", False, "next Tuesday", date(2025, 10, 21), "day", False),
    ("Next Thursday the court rules.", True, "Next Thursday", date(2025, 10, 23), "day", False),
    ("Drones struck Thursday night.", False, "Thursday night",
     date(2025, 10, 16), "day", False),
    ("The curfew was lifted on Sunday's orders.", False, "Sunday",
     date(2025, 10, 12), "day", False),
]  # fmt: skip

RELATIVE_CASES: list[Case] = [
    ("The ministry said yesterday it had no comment.", False, "yesterday",
     date(2025, 10, 16), "day", False),
    ("Yesterday, the army said the pass was closed.", False, "Yesterday",
     date(2025, 10, 16), "day", False),
    ("The president speaks tonight.", False, "tonight", date(2025, 10, 17), "day", False),
    ("Missiles hit the city last night.", False, "last night",
     date(2025, 10, 16), "day", False),
    ("The talks resume tomorrow.", True, "tomorrow", date(2025, 10, 18), "day", False),
    ("Aid arrived the day before yesterday.", False, "the day before yesterday",
     date(2025, 10, 15), "day", False),
    ("Police said yesterday morning that two men were held.", False, "yesterday morning",
     date(2025, 10, 16), "day", False),
    ("Three people were detained last week.", False, "last week",
     date(2025, 10, 10), "day", True),
    ("Negotiators met earlier this week.", False, "earlier this week",
     date(2025, 10, 17), "day", True),
    ("Prices rose last month.", False, "last month", date(2025, 9, 1), "month", False),
    ("The embassy reopens next month.", True, "next month", date(2025, 11, 1), "month", False),
    ("The mission ends later this month.", True, "later this month",
     date(2025, 10, 1), "month", True),
    ("Inflation peaked last year.", False, "last year", date(2024, 1, 1), "year", False),
    ("Exports fell Earlier This Year.", False, "Earlier This Year",
     date(2025, 1, 1), "year", True),
    ("Elections are due next year.", True, "next year", date(2026, 1, 1), "year", False),
    ("Rockets were fired over the weekend.", False, "over the weekend",
     date(2025, 10, 11), "day", True),
    ("Protests are planned this weekend.", True, "this weekend",
     date(2025, 10, 18), "day", True),
    ("Both leaders spoke last weekend.", False, "last weekend",
     date(2025, 10, 11), "day", True),
]  # fmt: skip

AGO_CASES: list[Case] = [
    ("The border closed three days ago.", False, "three days ago",
     date(2025, 10, 14), "day", False),
    ("He resigned 2 days ago.", False, "2 days ago", date(2025, 10, 15), "day", False),
    ("Three days ago, the army moved north.", False, "Three days ago",
     date(2025, 10, 14), "day", False),
    ("The convoy left two weeks ago.", False, "two weeks ago", date(2025, 10, 3), "day", True),
    ("The law passed a week ago.", False, "a week ago", date(2025, 10, 10), "day", True),
    ("The strike began a few days ago.", False, "a few days ago",
     date(2025, 10, 14), "day", True),
    ("Talks stalled several weeks ago.", False, "several weeks ago",
     date(2025, 9, 1), "month", True),
    ("A truce took hold a couple of weeks ago.", False, "a couple of weeks ago",
     date(2025, 10, 1), "month", True),
    ("The blockade started six months ago.", False, "six months ago",
     date(2025, 4, 1), "month", True),
    ("Fighting began 18 months ago.", False, "18 months ago", date(2024, 4, 1), "month", True),
    ("The war began two years ago.", False, "two years ago", date(2023, 1, 1), "year", True),
    ("The dam was finished about a year ago.", False, "about a year ago",
     date(2024, 1, 1), "year", True),
    ("Envoys met about two weeks ago.", False, "about two weeks ago",
     date(2025, 10, 3), "day", True),
]  # fmt: skip


@pytest.mark.parametrize(
    ("text", "future", "words", "expected", "precision", "approximate"),
    SEED_CASES + EXPLICIT_CASES + MONTH_CASES + WEEKDAY_CASES + RELATIVE_CASES + AGO_CASES,
    ids=lambda value: value if isinstance(value, str) else None,
)
def test_one_expression_is_found_and_dated(
    resolver: TimeResolver,
    text: str,
    future: bool,
    words: str,
    expected: date,
    precision: Precision,
    approximate: bool,
) -> None:
    found = only(resolver, text, future=future)
    assert (found.text, found.date, found.precision, found.approximate) == (
        words,
        expected,
        precision,
        approximate,
    )
    assert text[found.start : found.end] == words


@pytest.mark.parametrize(
    "text",
    [
        "Officials may meet again soon.",
        "May the talks succeed, the envoy said.",
        "Thousands joined a protest march through the capital.",
        "March organisers said the route was blocked.",
        "Theresa May said the deal was dead.",
        "He served in May's cabinet for two years.",
        "Analysts asked whether Jan would run for the seat.",
        "The army deployed 2,000 troops near the border.",
        "Some 1,200 people fled in 2,000 vehicles.",
        "Officials counted 2024 ballots by hand.",
        "Ruins dating from 1850 were found.",
        "Unrest in the 1990s shaped the region.",
        "Shops reported record Black Friday sales.",
        "Pilgrims marked Good Friday in the old city.",
        "The second round of talks failed.",
        "The embassy is on the 16th floor.",
        "The memo gave February 30 as the deadline.",
        "A file named 2025-13-01 was leaked.",
        "Mondays are quiet at the ministry.",
        "The plan was approved within days.",
    ],
)
def test_no_expression_is_found(resolver: TimeResolver, text: str) -> None:
    assert resolver.find(text, FRIDAY) == []


@pytest.mark.parametrize(
    ("text", "published", "future", "expected"),
    [
        # Published on a Thursday: a past "Thursday" is that day, a planned one next week's.
        ("The minister spoke on Thursday.", date(2025, 10, 16), False, date(2025, 10, 16)),
        ("The minister speaks on Thursday.", date(2025, 10, 16), True, date(2025, 10, 23)),
        ("Troops left last Thursday.", date(2025, 10, 16), False, date(2025, 10, 9)),
        ("The court sits next Thursday.", date(2025, 10, 16), True, date(2025, 10, 23)),
        # Across the turn of the year.
        ("Prices fell last month.", date(2025, 1, 10), False, date(2024, 12, 1)),
        ("Prices fell in December.", date(2025, 1, 10), False, date(2024, 12, 1)),
        ("Prices fell on December 20.", date(2025, 1, 10), False, date(2024, 12, 20)),
        ("Prices will fall next month.", date(2025, 1, 10), True, date(2025, 2, 1)),
        ("Prices fell three months ago.", date(2025, 1, 10), False, date(2024, 10, 1)),
        ("A new cabinet forms in January.", date(2024, 12, 28), True, date(2025, 1, 1)),
        # Weekends seen from a Sunday.
        ("Rallies took place over the weekend.", date(2025, 10, 19), False, date(2025, 10, 18)),
        ("Rallies took place last weekend.", date(2025, 10, 19), False, date(2025, 10, 11)),
        # Long ago and far ahead: nothing depends on the day the tests run.
        ("The wall fell yesterday.", date(1989, 11, 10), False, date(1989, 11, 9)),
        ("The leap day came on February 29.", date(2029, 3, 1), False, date(2028, 2, 29)),
    ],
)
def test_the_publication_date_decides(
    resolver: TimeResolver, text: str, published: date, future: bool, expected: date
) -> None:
    assert only(resolver, text, published, future).date == expected


def test_several_expressions_come_back_in_order(resolver: TimeResolver) -> None:
    text = "Yesterday the minister said talks held on Thursday would resume next week."
    found = resolver.find(text, FRIDAY)
    assert [(e.text, e.date) for e in found] == [
        ("Yesterday", date(2025, 10, 16)),
        ("Thursday", date(2025, 10, 16)),
        ("next week", date(2025, 10, 24)),
    ]
    assert [text[e.start : e.end] for e in found] == [e.text for e in found]


@pytest.mark.parametrize(
    ("text", "words"),
    [
        ("Shelling eased earlier this month.", "earlier this month"),
        ("Aid came the day before yesterday.", "the day before yesterday"),
        ("The pact was signed Thursday, October 16, 2025 in Doha.", "Thursday, October 16, 2025"),
        ("The pact was signed on the 16th of October 2025.", "the 16th of October 2025"),
        ("Rain fell this weekend.", "this weekend"),
        ("Talks began in mid-August 2024.", "mid-August 2024"),
    ],
)
def test_the_longest_match_wins(resolver: TimeResolver, text: str, words: str) -> None:
    assert only(resolver, text).text == words


def test_expressions_never_overlap(resolver: TimeResolver) -> None:
    text = (
        "On October 10, 2025 and again last week, the day before yesterday and "
        "a couple of weeks ago, envoys met in early August and in 2024."
    )
    found = resolver.find(text, FRIDAY)
    assert len(found) == 6
    for before, after in pairwise(found):
        assert before.end <= after.start


def test_a_phrase_like_the_day_before_counts_from_the_previous_date(
    resolver: TimeResolver,
) -> None:
    text = (
        "The summit opened on October 10; the day before, envoys met, and the next day they left."
    )
    found = resolver.find(text, FRIDAY)
    assert [(e.text, e.date) for e in found] == [
        ("October 10", date(2025, 10, 10)),
        ("the day before", date(2025, 10, 9)),
        ("the next day", date(2025, 10, 10)),
    ]


def test_a_phrase_like_the_day_before_falls_back_on_the_publication_date(
    resolver: TimeResolver,
) -> None:
    found = only(resolver, "The day before, envoys met in Doha.")
    assert (found.date, found.approximate) == (date(2025, 10, 16), True)


def test_a_year_out_of_range_is_left_off_the_date(resolver: TimeResolver) -> None:
    found = only(resolver, "On October 16, 3000 people marched.")
    assert (found.text, found.date) == ("October 16", date(2025, 10, 16))


def test_time_expressions_are_frozen(resolver: TimeResolver) -> None:
    found = only(resolver, "Shelling resumed on Saturday.")
    with pytest.raises(AttributeError):
        found.text = "Sunday"  # type: ignore[misc]


def test_the_bundled_vocabulary_spells_september_with_a_period() -> None:
    assert "Sept." in bundled_mapping()["months"][9]


def test_words_come_from_the_vocabulary_not_the_code(resolver: TimeResolver) -> None:
    mapping = bundled_mapping()
    mapping["months"][10] = [*mapping["months"][10], "Okt."]
    mapping["relative"].append(
        {"words": ["in recent days"], "unit": "day", "traits": ["approximate"]}
    )
    custom = TimeResolver(mapping)
    text = "Envoys met Okt. 16 and spoke in recent days."
    assert [e.text for e in custom.find(text, FRIDAY)] == ["Okt. 16", "in recent days"]
    # The bundled resolver shares nothing with the custom one.
    assert resolver.find(text, FRIDAY) == []


def test_a_checked_vocabulary_can_be_passed_directly() -> None:
    vocabulary = Vocabulary.from_mapping(bundled_mapping())
    found = TimeResolver(vocabulary).find("He left yesterday.", FRIDAY)
    assert [e.date for e in found] == [date(2025, 10, 16)]


@pytest.mark.parametrize(
    ("section", "broken"),
    [
        ("relative", [{"words": ["fortnightly"], "unit": "fortnight"}]),
        ("modifiers", {"last": "backwards"}),
        ("weekdays", {7: ["Someday"]}),
    ],
)
def test_a_broken_vocabulary_is_refused(section: str, broken: object) -> None:
    mapping = bundled_mapping()
    mapping[section] = broken
    with pytest.raises(ValueError):
        TimeResolver(mapping)


def test_an_empty_word_list_matches_nothing() -> None:
    mapping = bundled_mapping()
    mapping["weekday_blockers"] = []
    found = TimeResolver(mapping).find("Shops reported record Black Friday sales.", FRIDAY)
    assert [e.text for e in found] == ["Friday"]


def test_the_resolver_never_reads_the_clock() -> None:
    source = inspect.getsource(timex)
    for call in ("today(", "now(", "utcnow(", "time.time"):
        assert call not in source
