"""The quality gate: F1 on gold sets must not fall below the floors pinned in floors.json.

Floors only go up. The project's own gold set is always scored; the public dev sets in
../shared/gold are scored when that folder is present and skipped otherwise.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from conftest import ROOT, SHARED

from dyad import Coder
from dyad.evaluate import Report, evaluate, load_gold

GOLD = ROOT / "tests" / "gold"
FLOORS = json.loads((GOLD / "floors.json").read_text())


def gold_path(name: str) -> Path:
    own = GOLD / name
    return own if own.exists() else SHARED / "gold" / name


def score(coder: Coder, names: list[str]) -> Report:
    paths = [gold_path(n) for n in names]
    missing = [p for p in paths if not p.exists()]
    if missing:
        pytest.skip(f"gold set not present: {missing[0]}")
    records = [r for p in paths for r in load_gold(p)]
    return evaluate(coder, records)


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_f1_stays_above_the_pinned_floor(coder: Coder, name: str) -> None:
    floor = FLOORS[name]
    report = score(coder, floor["files"])
    measured = {
        "triples_f1": report.triples.f1,
        "types_f1": report.types.f1,
        "top_decile_precision": report.precision_at_top(0.1),
    }
    for metric, minimum in floor["min"].items():
        assert measured[metric] >= minimum, f"{name}: {metric} {measured[metric]:.3f} < {minimum}"


def test_floors_only_name_known_metrics() -> None:
    for floor in FLOORS.values():
        assert set(floor["min"]) <= {"triples_f1", "types_f1", "top_decile_precision"}
        assert all(0 < value <= 1 for value in floor["min"].values())
