"""Review: corrections sit beside the coder's output, the latest one counts, bad ones are
refused with a clear message, and reviewed sentences become gold that `dyad eval` reads."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from test_store import coded, minhash, store_with

from dyad.evaluate import load_gold
from dyad.lexicon import Lexicon
from dyad.store.review import (
    Correction,
    ReviewError,
    add_correction,
    corrections,
    corrections_as_gold,
    reviewed_events,
)

TYPES = tuple(Lexicon.bundled().types)


@pytest.fixture
def event_store(tmp_path: Path):  # type: ignore[no-untyped-def]
    store = store_with(
        tmp_path / "s.duckdb",
        [(coded("a1", "Putin called Trump.", "W"), minhash(1))],
    )
    yield store
    store.close()


def the_event_id(store) -> str:  # type: ignore[no-untyped-def]
    return str(store.events()["event_id"][0])


def test_a_correction_never_changes_the_coders_event(event_store) -> None:  # type: ignore[no-untyped-def]
    before = event_store.events().to_dicts()
    event_id = the_event_id(event_store)
    add_correction(event_store, Correction(event_id, "changed", event_type="ACCUSE"), TYPES)
    assert event_store.events().to_dicts() == before
    row = reviewed_events(event_store).row(0, named=True)
    assert (row["event_type"], row["review_verdict"], row["review_event_type"]) == (
        "CONSULT",
        "changed",
        "ACCUSE",
    )


def test_the_latest_correction_counts_and_history_is_kept(event_store) -> None:  # type: ignore[no-untyped-def]
    event_id = the_event_id(event_store)
    add_correction(event_store, Correction(event_id, "wrong"), TYPES)
    add_correction(event_store, Correction(event_id, "right"), TYPES)
    assert reviewed_events(event_store)["review_verdict"].to_list() == ["right"]
    assert corrections(event_store).height == 2


@pytest.mark.parametrize(
    ("correction", "message"),
    [
        (Correction("x", "maybe"), "verdict"),
        (Correction("x", "changed", event_type="INVADE"), "event type"),
        (Correction("x", "changed", modality="perhaps"), "modality"),
        (Correction("x", "changed", actor_countries=("Russia",)), "country code"),
        (Correction("x", "changed"), "corrected field"),
        (Correction("missing", "right"), "no event"),
    ],
)
def test_bad_corrections_are_refused_with_a_reason(
    event_store,
    correction: Correction,
    message: str,  # type: ignore[no-untyped-def]
) -> None:
    with pytest.raises(ReviewError, match=message):
        add_correction(event_store, correction, TYPES)
    assert corrections(event_store).height == 0


def test_reviewed_sentences_become_gold_that_eval_reads(event_store, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    event_id = the_event_id(event_store)
    add_correction(
        event_store,
        Correction(event_id, "changed", event_type="SUPPORT", recipient_countries=("UKR",)),
        TYPES,
    )
    (record,) = corrections_as_gold(event_store)
    assert record["text"] == "Putin called Trump on Thursday."
    assert record["events"] == [
        {"type": "SUPPORT", "mode": None, "source": ["RUS"], "target": ["UKR"]}
    ]
    path = tmp_path / "gold.jsonl"
    path.write_text(json.dumps(record) + "\n")
    (gold,) = load_gold(path)
    assert gold.text == record["text"]


def test_an_event_marked_wrong_leaves_a_trap_record(event_store) -> None:  # type: ignore[no-untyped-def]
    add_correction(event_store, Correction(the_event_id(event_store), "wrong"), TYPES)
    (record,) = corrections_as_gold(event_store)
    assert record["events"] == []
