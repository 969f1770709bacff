"""Analysis over event frames: dyad specs and matching, series with honest gaps, rankings, the
actor network and the lead/lag timing test. Frames are built by hand with the columns of the
store's `events` table; one test goes through a real store to prove its output is accepted."""

from __future__ import annotations

import json
import time
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

import numpy as np
import polars as pl
import pytest

from dyad.analysis import (
    Dyad,
    actor_network,
    cooperation_conflict,
    network_json,
    parse_window,
    select,
    series,
    timing_test,
    top_actors,
    top_dyads,
)
from dyad.records import Article, CodedArticle, Entity, Event, Sentence, Span
from dyad.store import open_store
from dyad.store.consolidate import refresh_stories
from dyad.store.rows import EVENT_SCHEMA, Fingerprint, build_batch
from dyad.stories import StoryOptions

SCHEMA = EVENT_SCHEMA
QUAD = {"AGREE": 1, "CONSULT": 1, "AID": 2, "ACCUSE": 3, "THREATEN": 3, "ASSAULT": 4}
INTENSITY = {"AGREE": 5.0, "CONSULT": 1.0, "AID": 7.0, "ACCUSE": -2.0, "THREATEN": -4.0}


def party(country: str | None) -> dict[str, str | None]:
    return {"text": country or "rebels", "name": None, "country": country, "sector": "GOV"}


def row(
    event_id: str,
    actors: tuple[str | None, ...] = ("USA",),
    recipients: tuple[str | None, ...] = ("UKR",),
    kind: str = "AID",
    when: date | None = date(2025, 1, 15),
    modality: str = "asserted",
    intensity: float | None = None,
    precision: str = "day",
) -> dict[str, Any]:
    """One row of the events table; a None country is a party without a known country."""
    return {
        "event_id": event_id,
        "story_id": "s-" + event_id,
        "event_type": kind,
        "quad_class": QUAD.get(kind, 4),
        "intensity": INTENSITY.get(kind, -9.0) if intensity is None else intensity,
        "modality": modality,
        "actors": [party(c) for c in actors],
        "recipients": [party(c) for c in recipients],
        "actor_country": actors[0] if actors else None,
        "recipient_country": recipients[0] if recipients else None,
        "actor_countries": sorted({c for c in actors if c}),
        "recipient_countries": sorted({c for c in recipients if c}),
        "date": when,
        "date_precision": precision if when else None,
        "confidence": 0.9,
        "num_mentions": 1,
        "num_articles": 1,
        "num_sources": 1,
        "article_id": "a-" + event_id,
        "mention_id": "m-" + event_id,
        "sentence": f"Sentence of {event_id}.",
    }


def frame(*rows: dict[str, Any]) -> pl.DataFrame:
    return pl.DataFrame(list(rows), schema=SCHEMA)


def ids(events: pl.DataFrame) -> list[str]:
    return sorted(events["event_id"].to_list())


# -- dyads ------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("USA>UKR", Dyad("USA", "UKR")),
        (" USA > UKR : AID, AGREE ", Dyad("USA", "UKR", True, ("AID", "AGREE"))),
        ("RUS-USA", Dyad("RUS", "USA", directed=False)),
        ("RUS", Dyad("RUS", None)),
        ("RUS>*", Dyad("RUS", None)),
        ("RUS-*", Dyad("RUS", None, directed=False)),
        ("UNO>IGO:CONSULT", Dyad("UNO", "IGO", True, ("CONSULT",))),
    ],
)
def test_dyad_specs_parse(text: str, expected: Dyad) -> None:
    assert Dyad.parse(text) == expected
    assert Dyad.parse(str(expected)) == expected


@pytest.mark.parametrize(
    "text",
    [
        "",
        "usa>UKR",
        "USA>UK",
        "USAA",
        "USA>>UKR",
        "USA>UKR>RUS",
        "USA-UKR>RUS",
        "*>UKR",
        "USA<UKR",
        "USA>UKR:",
        "USA>UKR:aid",
        "USA>UKR:AID,,AGREE",
    ],
)
def test_bad_dyad_specs_raise_one_clear_line(text: str) -> None:
    with pytest.raises(ValueError, match=r"bad (dyad|country code)") as error:
        Dyad.parse(text)
    assert "\n" not in str(error.value)


def test_a_dyad_built_directly_is_checked_too() -> None:
    with pytest.raises(ValueError, match="bad country code"):
        Dyad("usa", None)
    with pytest.raises(ValueError, match="bad event type"):
        Dyad("USA", "UKR", types=("aid",))


MATCHING = frame(
    row("e1", ("USA",), ("UKR",), "AID"),
    row("e2", ("UKR",), ("USA",), "ACCUSE"),
    row("e3", ("UKR", "USA"), (), "AGREE"),  # reciprocal: a joint agreement
    row("e4", ("USA",), ("RUS",), "THREATEN"),
    row("e5", ("RUS", "USA"), ("UKR",), "AID"),
    row("e6", ("USA",), ("UKR",), "AID", modality="negated"),
    row("e7", ("UKR", "USA"), (None,), "ASSAULT"),  # a recipient without a country
    row("e8", ("USA",), ("USA",), "ACCUSE"),  # domestic
    row("e9", ("USA",), (), "CONSULT"),
)


def test_directed_dyads_match_their_direction_and_reciprocal_events() -> None:
    assert ids(select(MATCHING, Dyad.parse("USA>UKR"))) == ["e1", "e3", "e5"]
    assert ids(select(MATCHING, Dyad.parse("UKR>USA"))) == ["e2", "e3"]
    assert ids(select(MATCHING, Dyad.parse("RUS>USA"))) == []


def test_undirected_dyads_match_either_direction() -> None:
    assert ids(select(MATCHING, Dyad.parse("USA-UKR"))) == ["e1", "e2", "e3", "e5"]
    assert ids(select(MATCHING, Dyad.parse("UKR-USA"))) == ["e1", "e2", "e3", "e5"]


def test_actor_only_dyads_and_wildcards() -> None:
    assert ids(select(MATCHING, Dyad.parse("RUS"))) == ["e5"]
    assert ids(select(MATCHING, Dyad.parse("RUS>*"))) == ["e5"]
    assert ids(select(MATCHING, Dyad.parse("RUS-*"))) == ["e4", "e5"]


def test_types_modalities_and_domestic_dyads() -> None:
    assert ids(select(MATCHING, Dyad.parse("USA>UKR:AID"))) == ["e1", "e5"]
    negated_too = select(MATCHING, Dyad.parse("USA>UKR:AID"), ("asserted", "negated"))
    assert ids(negated_too) == ["e1", "e5", "e6"]
    assert ids(select(MATCHING, Dyad.parse("USA>UKR"), "negated")) == ["e6"]
    assert ids(select(MATCHING, Dyad.parse("USA>USA"))) == ["e8"]


# -- series -----------------------------------------------------------------------------


def test_monthly_series_fill_empty_months_inside_the_range() -> None:
    events = frame(
        row("a", when=date(2025, 1, 15), intensity=4.0),
        row("b", when=date(2025, 1, 31), intensity=6.0),
        row("c", when=date(2025, 3, 3), intensity=1.0),
        row("d", when=None),
        row("e", ("RUS",), ("FRA",), when=date(2025, 4, 9)),
    )
    result = series(events, Dyad.parse("USA>UKR"))
    assert result.columns == ["period", "count", "mean_intensity"]
    assert result.schema["period"] == pl.Date
    assert result.rows() == [
        (date(2025, 1, 1), 2, 5.0),
        (date(2025, 2, 1), 0, None),
        (date(2025, 3, 1), 1, 1.0),
        (date(2025, 4, 1), 0, None),  # the frame reaches April, so the dyad's zero is real
    ]
    assert series(events)["count"].to_list() == [2, 0, 1, 1]


def test_weekly_series_start_on_monday() -> None:
    events = frame(
        row("a", when=date(2025, 1, 1)),  # a Wednesday: week of Monday 30 December
        row("b", when=date(2025, 1, 5)),  # the Sunday of the same week
        row("c", when=date(2025, 1, 20)),  # a Monday
    )
    result = series(events, freq="week")
    assert result.select("period", "count").rows() == [
        (date(2024, 12, 30), 2),
        (date(2025, 1, 6), 0),
        (date(2025, 1, 13), 0),
        (date(2025, 1, 20), 1),
    ]
    daily = series(events, freq="day")
    assert daily.height == 20 and daily["count"].sum() == 3


def test_series_by_quad_class_and_by_type() -> None:
    events = frame(
        row("a", kind="AID", when=date(2025, 1, 2)),
        row("b", kind="ACCUSE", when=date(2025, 2, 2)),
        row("c", kind="ACCUSE", when=date(2025, 2, 9)),
    )
    by_quad = series(events, by="quad_class")
    assert by_quad.columns == ["period", "quad_class", "count", "mean_intensity"]
    assert by_quad.height == 8  # every quad class in every month
    assert by_quad.filter(pl.col("count") > 0).select("quad_class", "count").rows() == [
        (2, 1),
        (3, 2),
    ]
    by_type = series(events, by="type")
    assert by_type.select("event_type", "count").rows() == [
        ("ACCUSE", 0),
        ("AID", 1),
        ("ACCUSE", 2),
        ("AID", 0),
    ]


def test_series_of_no_dated_events_is_empty() -> None:
    result = series(frame(row("a", when=None)))
    assert result.height == 0 and result.columns == ["period", "count", "mean_intensity"]
    with pytest.raises(ValueError, match="frequency"):
        series(frame(row("a")), freq="year")  # type: ignore[arg-type]


def test_cooperation_index_per_month() -> None:
    events = frame(
        row("a", kind="AID", when=date(2025, 1, 2)),
        row("b", kind="AGREE", when=date(2025, 1, 3)),
        row("c", kind="CONSULT", when=date(2025, 1, 4)),
        row("d", kind="ACCUSE", when=date(2025, 1, 5)),
        row("e", kind="ASSAULT", when=date(2025, 3, 1)),
        row("f", kind="THREATEN", when=date(2025, 3, 2)),
    )
    result = cooperation_conflict(events)
    assert result.columns == ["period", "cooperation", "conflict", "index", "mean_intensity"]
    assert result.select("cooperation", "conflict", "index").rows() == [
        (3, 1, 0.5),
        (0, 0, None),
        (0, 2, -1.0),
    ]
    assert result["mean_intensity"][0] == pytest.approx((7 + 5 + 1 - 2) / 4)


# -- rankings and the network ------------------------------------------------------------

RANKED = frame(
    row("a", ("USA",), ("UKR",), "AID"),
    row("b", ("USA",), ("UKR",), "ACCUSE"),
    row("c", ("RUS",), ("UKR",), "ASSAULT"),
    row("d", ("USA", "RUS"), (), "CONSULT"),  # reciprocal
    row("e", ("FRA", "DEU", "POL"), (), "AGREE"),  # reciprocal, three parties
    row("f", ("USA",), ("USA",), "ACCUSE"),  # domestic
    row("g", ("CHN",), ("UKR",), "AID", modality="planned"),
)


def test_top_actors_by_role() -> None:
    assert top_actors(RANKED, n=3).rows() == [("USA", 4), ("RUS", 2), ("DEU", 1)]
    assert top_actors(RANKED, role="recipient").rows() == [("UKR", 3), ("USA", 1)]
    any_role = top_actors(RANKED, n=2, role="any")
    assert any_role.columns == ["country", "events"]
    assert any_role.rows() == [("USA", 4), ("UKR", 3)]  # the domestic event counts once
    assert top_actors(RANKED, role="recipient", modalities=("planned",)).rows() == [("UKR", 1)]


def test_top_dyads_count_reciprocal_pairs_once_in_alphabetical_order() -> None:
    result = top_dyads(RANKED)
    assert result.columns == [
        "actor",
        "recipient",
        "events",
        "mean_intensity",
        "cooperation",
        "conflict",
    ]
    assert result.rows() == [
        ("USA", "UKR", 2, 2.5, 1, 1),
        ("DEU", "FRA", 1, 5.0, 1, 0),
        ("DEU", "POL", 1, 5.0, 1, 0),
        ("FRA", "POL", 1, 5.0, 1, 0),
        ("RUS", "UKR", 1, -9.0, 0, 1),
        ("RUS", "USA", 1, 1.0, 1, 0),
    ]
    assert top_dyads(RANKED, n=1).height == 1


def test_actor_network_edges_and_attributes() -> None:
    graph = actor_network(RANKED)
    assert graph.nodes["USA"]["events"] == 4 and graph.nodes["UKR"]["events"] == 3
    assert "CHN" not in graph  # planned events are left out by default
    usa_ukr = graph.edges["USA", "UKR"]
    assert usa_ukr == {
        "count": 2,
        "mean_intensity": 2.5,
        "cooperation": 1,
        "conflict": 1,
        "weight": 2,
    }
    assert graph.has_edge("USA", "RUS") and graph.has_edge("RUS", "USA")  # reciprocal
    assert graph.has_edge("FRA", "POL") and graph.has_edge("POL", "FRA")
    assert not graph.has_edge("UKR", "USA") and not graph.has_edge("USA", "USA")
    assert graph.number_of_edges() == 2 + 2 + 6  # directed, USA–RUS, three pairs both ways


def test_network_json_is_sorted_and_serialisable() -> None:
    data = network_json(actor_network(RANKED))
    assert [n["id"] for n in data["nodes"]] == ["DEU", "FRA", "POL", "RUS", "UKR", "USA"]
    pairs = [(link["source"], link["target"]) for link in data["links"]]
    assert pairs == sorted(pairs) and len(pairs) == 10
    assert data["links"][-1] == {
        "source": "USA",
        "target": "UKR",
        "count": 2,
        "mean_intensity": 2.5,
        "cooperation": 1,
        "conflict": 1,
    }
    assert json.loads(json.dumps(data)) == data


# -- timing -----------------------------------------------------------------------------

START = date(2025, 1, 1)
LEAD = Dyad.parse("USA>UKR:AID,AGREE")
FOLLOW = Dyad.parse("RUS>USA:CONSULT")


def lead_row(name: str, when: date) -> dict[str, Any]:
    return row(name, ("USA",), ("UKR",), "AID", when)


def follow_row(name: str, when: date) -> dict[str, Any]:
    return row(name, ("RUS",), ("USA",), "CONSULT", when)


def test_parse_window() -> None:
    assert parse_window("3d") == timedelta(days=3)
    assert parse_window("2w") == timedelta(days=14)
    assert parse_window("12h") == timedelta(days=1)  # dates are days: part days round up
    assert parse_window("25H") == timedelta(days=2)
    for bad in ("", "3", "d", "-1d", "3x", "1.5d"):
        with pytest.raises(ValueError, match="bad window"):
            parse_window(bad)


def test_a_planted_lead_lag_pattern_is_found() -> None:
    rows = []
    for week in range(52):
        day = START + timedelta(days=7 * week)
        rows.append(lead_row(f"lead{week:02}", day))
        rows.append(follow_row(f"follow{week:02}", day + timedelta(days=1 + week % 2)))
    result = timing_test(frame(*rows), LEAD, FOLLOW, parse_window("3d"))
    assert result.enough_data and result.lead_count == 52 and result.follow_count == 52
    assert result.share == 1.0 and result.followed == 52
    assert result.p_value is not None and result.p_value < 0.01
    assert result.null_mean is not None and result.null_mean < 0.6
    assert len(result.null_distribution) == 2000
    first = result.pairs[0]
    assert (first.lead_event_id, first.follow_event_id, first.lag_days) == ("lead00", "follow00", 1)
    assert first.lead_sentence == "Sentence of lead00." and first.follow_date == date(2025, 1, 2)
    assert "52 of 52 lead events (100%)" in result.message


def test_independent_dates_show_no_lead_lag() -> None:
    rng = np.random.default_rng(7)
    lead_days, follow_days = rng.integers(0, 365, 40), rng.integers(0, 365, 40)
    rows = [lead_row(f"l{i}", START + timedelta(days=int(d))) for i, d in enumerate(lead_days)]
    rows += [follow_row(f"f{i}", START + timedelta(days=int(d))) for i, d in enumerate(follow_days)]
    result = timing_test(frame(*rows), LEAD, FOLLOW, timedelta(days=3), seed=1)
    assert result.enough_data and result.p_value is not None and result.p_value > 0.05
    again = timing_test(frame(*rows), LEAD, FOLLOW, timedelta(days=3), seed=1)
    assert again == result  # seeded: the same data and seed give the same answer


def test_too_few_events_are_reported_not_tested() -> None:
    events = frame(
        lead_row("l1", date(2025, 1, 1)),
        lead_row("l2", date(2025, 2, 1)),
        follow_row("f1", date(2025, 1, 3)),
    )
    result = timing_test(events, LEAD, FOLLOW, timedelta(days=3))
    assert not result.enough_data
    assert result.message == (
        "Too few events to test: 2 lead and 1 follow events (need at least 5 of each)."
    )
    assert result.p_value is None and result.null_mean is None and result.null_distribution == ()
    assert result.share == 0.5 and [p.follow_event_id for p in result.pairs] == ["f1"]


def test_same_day_counts_but_an_event_never_follows_itself() -> None:
    events = frame(
        row("x", ("RUS", "USA"), (), "CONSULT", date(2025, 1, 1)),  # reciprocal: both dyads
        lead_row("l1", date(2025, 1, 10)),
        follow_row("f1", date(2025, 1, 10)),
        lead_row("l2", date(2025, 2, 10)),
        lead_row("l3", date(2025, 2, 20)) | {"date_precision": "month"},
    )
    both = Dyad.parse("USA-RUS")
    result = timing_test(events, Dyad.parse("USA>*"), both, timedelta(days=0))
    assert [(p.lead_event_id, p.follow_event_id, p.lag_days) for p in result.pairs] == [
        ("l1", "f1", 0)
    ]
    assert result.lead_count == 3  # x, l1 and l2; l3 is dated only to its month


def test_two_thousand_permutations_over_hundreds_of_events_are_fast() -> None:
    rng = np.random.default_rng(3)
    rows = [
        lead_row(f"l{i}", START + timedelta(days=int(d)))
        for i, d in enumerate(rng.integers(0, 730, 400))
    ]
    rows += [
        follow_row(f"f{i}", START + timedelta(days=int(d)))
        for i, d in enumerate(rng.integers(0, 730, 400))
    ]
    events = frame(*rows)
    began = time.perf_counter()
    result = timing_test(events, LEAD, FOLLOW, timedelta(days=3))
    assert time.perf_counter() - began < 1.0
    assert len(result.null_distribution) == 2000


# -- through a real store ----------------------------------------------------------------

NOW = datetime(2025, 10, 18, tzinfo=UTC)


def coded_event(number: int, kind: str, actor: str, recipient: str, when: date) -> CodedArticle:
    text = f"Report {number}: {actor} and {recipient} {kind.lower()} number {number}."
    event = Event(
        id=f"art{number}-0",
        article_id=f"art{number}",
        event_type=kind,
        mode=None,
        cameo=None,
        quad_class=QUAD[kind],
        intensity=INTENSITY[kind],
        modality="asserted",
        actors=(Entity(actor, actor, "GOV"),),
        recipients=(Entity(recipient, recipient, "GOV"),),
        attributed_to=None,
        date=when,
        date_precision="day",
        location=None,
        sentence_index=0,
        sentence=text,
        trigger=Span("x", 0, 1),
        confidence=0.9,
        date_source="text",
    )
    article = Article(f"art{number}", text, f"art{number}.txt", when, None, text, "Wire")
    return CodedArticle(article, (event,), (Sentence(0, 0, len(text), text),))


def test_store_output_is_accepted(tmp_path: Path) -> None:
    articles = []
    for week in range(8):
        day = START + timedelta(days=7 * week)
        articles.append(coded_event(2 * week, "AID", "USA", "UKR", day))
        articles.append(coded_event(2 * week + 1, "CONSULT", "RUS", "USA", day + timedelta(1)))
    fingerprints = [Fingerprint(tuple(n * 1000 + i for i in range(64)), None) for n in range(16)]
    with open_store(tmp_path / "s.duckdb") as store:
        store.write(build_batch(articles, fingerprints, NOW))
        refresh_stories(store, StoryOptions(embed=False))
        events = store.events()
    assert events.height == 16
    assert events.schema == pl.Schema(SCHEMA)  # the hand-made frames have the store's columns
    assert select(events, LEAD).height == 8
    assert series(events, LEAD)["count"].to_list() == [5, 3]
    assert top_dyads(events).select("actor", "recipient", "events").rows() == [
        ("RUS", "USA", 8),
        ("USA", "UKR", 8),
    ]
    assert actor_network(events).edges["RUS", "USA"]["count"] == 8
    result = timing_test(events, LEAD, FOLLOW, timedelta(days=2), permutations=200)
    assert result.enough_data and result.share == 1.0 and len(result.pairs) == 8
