"""The seed article: the events an analyst reads in it, and none it says did not happen."""

from __future__ import annotations

from pathlib import Path

import pytest

from dyad import Coder, Event


@pytest.fixture(scope="module")
def seed_events(coder: Coder, shared_dir: Path) -> list[Event]:
    return coder.extract(shared_dir / "seed" / "seed-article.txt", published="2025-10-17")


def parties(event: Event) -> set[str | None]:
    return {e.country for e in (*event.actors, *event.recipients)}


def asserted(events: list[Event], event_type: str) -> list[Event]:
    return [e for e in events if e.event_type == event_type and e.modality == "asserted"]


def test_kremlin_white_house_phone_call(seed_events: list[Event]) -> None:
    calls = [e for e in asserted(seed_events, "CONSULT") if e.mode == "phone"]
    assert any(parties(e) == {"RUS", "USA"} for e in calls)


def test_putin_praises_trump(seed_events: list[Event]) -> None:
    (praise,) = asserted(seed_events, "SUPPORT")
    assert praise.actors[0].name == "Vladimir Putin" and praise.recipients[0].country == "USA"
    assert praise.attributed_to is not None and praise.attributed_to.country == "RUS"


def test_budapest_summit_agreed(seed_events: list[Event]) -> None:
    assert any(parties(e) == {"RUS", "USA"} for e in asserted(seed_events, "AGREE"))


def test_alaska_summit(seed_events: list[Event]) -> None:
    alaska = [e for e in asserted(seed_events, "CONSULT") if "Alaska" in e.sentence]
    assert any(parties(e) == {"RUS", "USA"} for e in alaska)


def test_ukrainian_drone_attacks_on_russia(seed_events: list[Event]) -> None:
    attacks = asserted(seed_events, "ASSAULT")
    assert any(
        e.mode == "drone" and e.actors[0].country == "UKR" and parties(e) == {"UKR", "RUS"}
        for e in attacks
    )


def test_nothing_the_text_denies_or_only_weighs(seed_events: list[Event]) -> None:
    assert asserted(seed_events, "CONCEDE") == []
    assert asserted(seed_events, "AID") == []
    assert [e for e in asserted(seed_events, "COERCE") if parties(e) & {"RUS"}] == []
