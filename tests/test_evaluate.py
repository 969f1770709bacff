"""Scoring rules of `dyad eval` (src/dyad/evaluate.py), on hand-built events and gold records."""

from __future__ import annotations

import json
import re
from dataclasses import replace
from pathlib import Path

import pytest

from dyad import Entity, Event, Span
from dyad.evaluate import (
    CLAIM_MODALITIES,
    FUTURE_AS_AGREE,
    IGO_FAMILY,
    GoldFormatError,
    GoldRecord,
    Report,
    Triple,
    claims,
    load_gold,
    matches,
    score_record,
)
from dyad.lexicon import Lexicon
from dyad.records import MODALITIES, Modality

DOCS = Path(__file__).resolve().parents[1] / "docs" / "evaluation.md"


def party(code: str) -> Entity:
    return Entity(text=code, country=code, sector="GOV", name=code)


def event(
    event_type: str,
    actors: tuple[str, ...],
    recipients: tuple[str, ...] = (),
    *,
    modality: Modality = "asserted",
    confidence: float = 0.8,
) -> Event:
    return Event(
        id=f"{event_type}-{'+'.join(actors)}-{'+'.join(recipients)}-{modality}-{confidence}",
        article_id="a1",
        event_type=event_type,
        mode=None,
        cameo=None,
        quad_class=1,
        intensity=None,
        modality=modality,
        actors=tuple(party(c) for c in actors),
        recipients=tuple(party(c) for c in recipients),
        attributed_to=None,
        date=None,
        date_precision=None,
        location=None,
        sentence_index=0,
        sentence="A sentence.",
        trigger=Span("word", 2, 6),
        confidence=confidence,
    )


def triple(event_type: str, sources: str, targets: str = "") -> Triple:
    """`triple("CONSULT", "JPN PHL")`: codes separated by spaces."""
    return Triple(event_type, frozenset(sources.split()), frozenset(targets.split()))


def gold(*events: Triple, id: str = "g1") -> GoldRecord:
    return GoldRecord(id=id, text="Some text.", published=None, events=events)


# ------------------------------------------------------------------ matching rules


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        (triple("CONSULT", "JPN", "PHL"), True),  # directed claim covering both parties
        (triple("CONSULT", "PHL", "JPN"), True),  # either direction covers them
        (triple("CONSULT", "JPN PHL"), True),  # reciprocal claim with the same parties
        (triple("CONSULT", "JPN PHL USA"), True),  # parties beyond the gold ones are fine
        (triple("CONSULT", "JPN"), False),  # one party missing
        (triple("CONSULT", "JPN", "CHN"), False),  # the other party is wrong
        (triple("AGREE", "JPN", "PHL"), False),  # wrong type
    ],
)
def test_reciprocal_gold_matches_when_the_parties_cover_the_gold_countries(
    predicted: Triple, expected: bool
) -> None:
    assert matches(predicted, triple("CONSULT", "JPN PHL")) is expected


@pytest.mark.parametrize(
    ("gold_triple", "expected"),
    [
        (triple("AGREE", "JPN", "PHL"), True),
        (triple("AGREE", "PHL", "JPN"), True),
        (triple("AGREE", "JPN"), True),
        (triple("AGREE", "JPN PHL"), True),
        (triple("AGREE", "JPN", "CHN"), False),  # the gold target is not a party
        (triple("AGREE", "CHN", "PHL"), False),  # the gold source is not a party
        (triple("CONSULT", "JPN", "PHL"), False),  # wrong type
    ],
)
def test_reciprocal_prediction_matches_directed_gold_covered_by_its_parties(
    gold_triple: Triple, expected: bool
) -> None:
    assert matches(triple("AGREE", "JPN PHL"), gold_triple) is expected


def test_a_single_actor_prediction_is_not_reciprocal() -> None:
    # One actor and no recipient says nothing about the gold target.
    assert not matches(triple("AGREE", "JPN"), triple("AGREE", "JPN", "PHL"))


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        (triple("ASSAULT", "RUS", "UKR"), True),
        (triple("ASSAULT", "RUS", "UKR POL"), True),
        (triple("ASSAULT", "RUS BLR", "UKR"), True),
        (triple("ASSAULT", "RUS"), False),  # no recipient at all
        (triple("ASSAULT", "RUS", "POL"), False),  # the gold target is not a recipient
        (triple("ASSAULT", "UKR", "RUS"), False),  # direction reversed
        (triple("ASSAULT", "POL", "UKR"), False),  # the gold source is not an actor
    ],
)
def test_a_gold_target_must_be_among_the_recipients(predicted: Triple, expected: bool) -> None:
    assert matches(predicted, triple("ASSAULT", "RUS", "UKR")) is expected


@pytest.mark.parametrize(
    ("predicted", "expected"),
    [
        (triple("RETREAT", "TUR"), True),
        (triple("RETREAT", "TUR", "IRQ"), True),  # an empty gold target checks nothing
        (triple("RETREAT", "IRQ", "TUR"), False),  # the gold source must still be an actor
        (triple("ASSAULT", "TUR"), False),
    ],
)
def test_an_empty_gold_target_checks_nothing(predicted: Triple, expected: bool) -> None:
    assert matches(predicted, triple("RETREAT", "TUR")) is expected


# ------------------------------------------------------------------ claims


@pytest.mark.parametrize(
    ("event_type", "modality", "scored_as"),
    [
        ("CONSULT", "planned", "AGREE"),
        ("SUPPORT", "planned", "AGREE"),
        ("COOPERATE", "planned", "AGREE"),
        ("AID", "planned", "AGREE"),
        ("AGREE", "planned", "AGREE"),
        ("ASSAULT", "planned", "ASSAULT"),
        ("SANCTION", "planned", "SANCTION"),
        ("REQUEST", "planned", "REQUEST"),
        ("RETREAT", "planned", "RETREAT"),
        ("CONSULT", "asserted", "CONSULT"),
        ("AID", "asserted", "AID"),
    ],
)
def test_planned_cooperation_counts_as_agree(
    event_type: str, modality: Modality, scored_as: str
) -> None:
    (claim,) = claims([event(event_type, ("FRA",), ("DEU",), modality=modality)])
    assert claim.event_type == scored_as
    assert (claim.sources, claim.targets) == (frozenset({"FRA"}), frozenset({"DEU"}))


def test_future_as_agree_is_exactly_the_four_cooperative_types() -> None:
    assert set(Lexicon.bundled().types) >= FUTURE_AS_AGREE
    assert {"CONSULT", "SUPPORT", "COOPERATE", "AID"} == FUTURE_AS_AGREE


@pytest.mark.parametrize("modality", ["negated", "hypothetical"])
def test_negated_and_hypothetical_events_are_not_claims(modality: Modality) -> None:
    events = [event("ASSAULT", ("RUS",), ("UKR",), modality=modality)]
    assert claims(events) == []
    report = Report()
    score_record(report, gold(triple("ASSAULT", "RUS", "UKR")), events)
    assert (report.triples.predicted, report.triples.gold, report.triples.gold_found) == (0, 1, 0)
    assert report.scored == []


def test_claim_modalities_are_asserted_and_planned() -> None:
    assert set(MODALITIES) - CLAIM_MODALITIES == {"negated", "hypothetical"}
    assert {"asserted", "planned"} == CLAIM_MODALITIES
    for modality in MODALITIES:
        kept = claims([event("PROTEST", ("FRA",), modality=modality)])
        assert bool(kept) is (modality in CLAIM_MODALITIES), modality


def test_un_and_eu_bodies_count_as_igo(tmp_path: Path) -> None:
    (claim,) = claims([event("REQUEST", ("UNO",), ("EUR", "SDN"))])
    assert claim.sources == frozenset({"IGO"})
    assert claim.targets == frozenset({"IGO", "SDN"})
    path = tmp_path / "gold.jsonl"
    line = {
        "id": "x",
        "text": "t",
        "events": [{"type": "AID", "source": ["EUR"], "target": ["UNO"]}],
    }
    path.write_text(json.dumps(line) + "\n")
    (record,) = load_gold(path)
    assert record.events == (triple("AID", "IGO", "IGO"),)
    assert IGO_FAMILY == {"UNO": "IGO", "EUR": "IGO"}


def test_a_un_claim_matches_gold_coded_igo() -> None:
    report = Report()
    score_record(
        report, gold(triple("ACCUSE", "IGO", "ISR")), [event("ACCUSE", ("UNO",), ("ISR",))]
    )
    assert report.triples.predicted_correct == 1 and report.triples.gold_found == 1


def test_claims_without_a_country_have_empty_parties() -> None:
    unknown = Entity(text="gunmen", country=None, sector="UAF")
    anonymous = replace(event("ASSAULT", ("NGA",)), actors=(unknown,))
    (claim,) = claims([anonymous])
    assert claim.sources == frozenset() and claim.targets == frozenset()


# ------------------------------------------------------------------ counting


def test_duplicate_claims_in_a_record_collapse_to_one_keeping_the_best_confidence() -> None:
    events = [
        event("ASSAULT", ("RUS",), ("UKR",), confidence=0.4),
        event("ASSAULT", ("RUS",), ("UKR",), confidence=0.9),
        event("ASSAULT", ("RUS",), ("UKR",), confidence=0.6),
    ]
    (claim,) = claims(events)
    assert claim.confidence == 0.9
    report = Report()
    score_record(report, gold(triple("ASSAULT", "RUS", "UKR")), events)
    assert report.triples.predicted == 1 and report.triples.predicted_correct == 1
    assert report.triples.precision == 1.0 and report.triples.recall == 1.0
    assert report.scored == [(0.9, True)]
    assert report.errors == []


def test_wrong_duplicates_count_once_against_precision() -> None:
    events = [event("ASSAULT", ("RUS",), ("UKR",)), event("ASSAULT", ("RUS",), ("POL",))] * 3
    report = Report()
    score_record(report, gold(triple("ASSAULT", "RUS", "UKR")), events)
    assert (report.triples.predicted, report.triples.predicted_correct) == (2, 1)
    assert report.triples.precision == 0.5


def test_distinct_claims_are_counted_per_record() -> None:
    report = Report()
    same = [event("CONSULT", ("FRA",), ("DEU",))]
    score_record(report, gold(triple("CONSULT", "FRA", "DEU"), id="r1"), same)
    score_record(report, gold(triple("CONSULT", "FRA", "DEU"), id="r2"), same)
    assert report.records == 2
    assert (report.triples.predicted, report.triples.predicted_correct) == (2, 2)
    assert (report.triples.gold, report.triples.gold_found) == (2, 2)


@pytest.mark.parametrize(
    "events",
    [
        [],
        [event("ASSAULT", ("RUS",), ("UKR",), modality="negated")],
        [event("CONSULT", ("FRA",), ("DEU",), modality="hypothetical")],
    ],
)
def test_a_record_with_no_gold_and_no_claims_counts_nothing(events: list[Event]) -> None:
    report = Report()
    score_record(report, gold(), events)
    assert report.records == 1
    for counts in (report.triples, report.types):
        assert (counts.predicted, counts.predicted_correct, counts.gold, counts.gold_found) == (
            0,
            0,
            0,
            0,
        )
    assert report.per_type == {}
    assert report.scored == [] and report.errors == []


def test_a_claim_on_a_trap_record_is_a_false_positive_with_an_error_row() -> None:
    report = Report()
    score_record(report, gold(id="trap"), [event("ASSAULT", ("RUS",), ("UKR",))])
    assert (report.triples.predicted, report.triples.predicted_correct) == (1, 0)
    assert (report.types.predicted, report.types.predicted_correct) == (1, 0)
    assert report.scored == [(0.8, False)]
    (row,) = report.errors
    assert row["id"] == "trap" and row["gold"] == [] and row["predicted"] == ["ASSAULT RUS>UKR"]


def test_a_record_scores_triples_types_and_per_type() -> None:
    record = gold(
        triple("CONSULT", "FRA", "DEU"),
        triple("SUPPORT", "FRA", "UKR"),
        triple("SANCTION", "FRA", "RUS"),
    )
    events = [
        event("CONSULT", ("FRA",), ("DEU",)),  # right
        event("SUPPORT", ("FRA",), ("POL",)),  # right type, wrong target
        event("ASSAULT", ("RUS",), ("UKR",)),  # not in gold
    ]
    report = Report()
    score_record(report, record, events)
    assert (report.triples.predicted, report.triples.predicted_correct) == (3, 1)
    assert (report.triples.gold, report.triples.gold_found) == (3, 1)
    # types are per-record sets: CONSULT and SUPPORT found, ASSAULT spurious, SANCTION missed
    assert (report.types.predicted, report.types.predicted_correct) == (3, 2)
    assert (report.types.gold, report.types.gold_found) == (3, 2)
    assert report.per_type["CONSULT"].as_dict()["f1"] == 1.0
    assert report.per_type["SUPPORT"].as_dict()["f1"] == 0.0
    assert report.per_type["SANCTION"].gold == 1 and report.per_type["SANCTION"].predicted == 0
    assert report.per_type["ASSAULT"].predicted == 1 and report.per_type["ASSAULT"].gold == 0
    (row,) = report.errors
    assert sorted(row["predicted"]) == ["ASSAULT RUS>UKR", "CONSULT FRA>DEU", "SUPPORT FRA>POL"]


def test_a_record_with_the_same_type_twice_in_gold_counts_it_once_for_types() -> None:
    record = gold(triple("ASSAULT", "RUS", "UKR"), triple("ASSAULT", "UKR", "RUS"))
    report = Report()
    score_record(report, record, [event("ASSAULT", ("RUS",), ("UKR",))])
    assert (report.types.gold, report.types.gold_found) == (1, 1)
    assert (report.triples.gold, report.triples.gold_found) == (2, 1)


# ------------------------------------------------------------------ precision at top


@pytest.mark.parametrize(
    ("scored", "share", "expected"),
    [
        ([], 0.1, 0.0),
        ([(0.9, True)] + [(0.5, False)] * 9, 0.1, 1.0),  # top 1 of 10
        ([(0.5, False)] * 9 + [(0.9, True)], 0.1, 1.0),  # ranked by confidence, not order
        ([(0.9, False)] + [(0.5, True)] * 9, 0.1, 0.0),
        ([(0.9, True), (0.8, True), (0.7, False), (0.6, False)], 0.5, 1.0),
        ([(0.9, True), (0.8, False), (0.7, True), (0.6, False)], 0.5, 0.5),
        ([(0.9, True), (0.8, False), (0.7, True), (0.6, False)], 1.0, 0.5),
        ([(0.2, True), (0.9, False), (0.1, True)], 0.1, 0.0),  # at least one claim is ranked
    ],
)
def test_precision_at_top(scored: list[tuple[float, bool]], share: float, expected: float) -> None:
    assert Report(scored=scored).precision_at_top(share) == pytest.approx(expected)


def test_report_dict_gives_the_top_decile() -> None:
    report = Report(scored=[(0.9, True)] + [(0.1, False)] * 19)  # top decile: 2 claims
    assert report.as_dict()["precision_top_decile"] == 0.5


# ------------------------------------------------------------------ gold files


def test_load_gold_reads_records_and_skips_blank_lines(tmp_path: Path) -> None:
    path = tmp_path / "gold.jsonl"
    lines = [
        json.dumps(
            {
                "id": 7,
                "text": "France and Germany met.",
                "published": "2025-06-12",
                "dataset": "x",
                "events": [{"type": "CONSULT", "source": ["FRA", "DEU"], "target": []}],
            }
        ),
        "",
        "   ",
        json.dumps({"id": "trap", "text": "Nothing happened.", "events": []}),
        json.dumps({"id": "t2", "text": "x", "events": [{"type": "PROTEST", "source": ["FRA"]}]}),
    ]
    path.write_text("\n".join(lines) + "\n")
    records = load_gold(path)
    assert [r.id for r in records] == ["7", "trap", "t2"]
    assert records[0].published == "2025-06-12" and records[1].published is None
    assert records[0].events == (triple("CONSULT", "FRA DEU"),)
    assert records[1].events == ()
    assert records[2].events == (triple("PROTEST", "FRA"),)


@pytest.mark.parametrize(
    "bad",
    [
        pytest.param("{not json", id="not-json"),
        pytest.param(json.dumps({"text": "no id"}), id="no-id"),
        pytest.param(json.dumps({"id": "x"}), id="no-text"),
        pytest.param(json.dumps(["a", "list"]), id="not-an-object"),
        pytest.param(
            json.dumps({"id": "x", "text": "t", "events": [{"source": ["RUS"]}]}),
            id="event-without-type",
        ),
        pytest.param(
            json.dumps({"id": "x", "text": "t", "events": ["CONSULT"]}), id="event-not-an-object"
        ),
        pytest.param(
            json.dumps({"id": "x", "text": "t", "events": [{"type": "AID", "source": "RUS"}]}),
            id="source-a-string",
        ),
    ],
)
def test_load_gold_names_file_and_line_of_a_bad_line(tmp_path: Path, bad: str) -> None:
    path = tmp_path / "gold.jsonl"
    good = json.dumps({"id": "ok", "text": "t", "events": []})
    path.write_text("\n".join([good, "", bad, good]) + "\n")
    with pytest.raises(GoldFormatError) as caught:
        load_gold(path)
    assert str(caught.value).startswith(f"{path}:3: ")
    assert "\n" not in str(caught.value)


def test_bundled_gold_sets_load() -> None:
    folder = Path(__file__).resolve().parent / "gold"
    for path in sorted(folder.glob("*.jsonl")):
        records = load_gold(path)
        assert records, path
        assert len({r.id for r in records}) == len(records), f"duplicate ids in {path}"
        types = set(Lexicon.bundled().types)
        for record in records:
            assert {e.event_type for e in record.events} <= types, record.id


# ------------------------------------------------------------------ docs honesty


def _bullet(text: str, needle: str) -> str:
    """The markdown bullet (with its continuation lines) that contains `needle`."""
    for bullet in re.split(r"\n(?=- )", text):
        if needle in bullet:
            return " ".join(bullet.split())
    raise AssertionError(f"no bullet in {DOCS} mentions {needle!r}")


def test_docs_name_every_future_as_agree_type_and_no_other() -> None:
    bullet = _bullet(DOCS.read_text("utf-8"), "counts as AGREE")
    named = set(re.findall(r"\b[A-Z]{3,}\b", bullet)) & set(Lexicon.bundled().types)
    assert named - {"AGREE"} == FUTURE_AS_AGREE


def test_docs_name_the_claim_modalities_and_the_rest_as_not_claims() -> None:
    bullet = _bullet(DOCS.read_text("utf-8"), "are claims")
    claimed, _, rest = bullet.partition("are claims")
    assert set(re.findall(r"`(\w+)`", claimed)) == CLAIM_MODALITIES
    assert set(re.findall(r"`(\w+)`", rest)) >= set(MODALITIES) - CLAIM_MODALITIES


def test_docs_name_every_igo_family_code() -> None:
    bullet = _bullet(DOCS.read_text("utf-8"), "count as IGO")
    for code, family in IGO_FAMILY.items():
        assert code in bullet and family in bullet, code
