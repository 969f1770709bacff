"""Integrity of the bundled PLOVER ontology and trigger lexicon (src/dyad/ontology/*.yaml)."""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from dyad.lexicon import Lexicon

PACKAGE = Path(__file__).resolve().parents[1] / "src" / "dyad"
ONTOLOGY = PACKAGE / "ontology"
ACTORS = PACKAGE / "actors"
CAMEO = re.compile(r"[0-9]{2,4}")
QUADS = {
    "AGREE": 1,
    "CONSULT": 1,
    "SUPPORT": 1,
    "CONCEDE": 1,
    "COOPERATE": 2,
    "AID": 2,
    "RETREAT": 2,
    "REQUEST": 3,
    "ACCUSE": 3,
    "REJECT": 3,
    "THREATEN": 3,
    "PROTEST": 4,
    "SANCTION": 4,
    "MOBILIZE": 4,
    "COERCE": 4,
    "ASSAULT": 4,
}
BOOL_KEYS = {"requires_recipient", "reverse", "complement", "bare"}


@cache
def lexicon() -> Lexicon:
    return Lexicon.bundled()


@cache
def raw(name: str) -> Any:
    return yaml.safe_load((ONTOLOGY / name).read_text("utf-8"))


def schema_types() -> list[str]:
    schema = json.loads((PACKAGE / "schema" / "event.schema.json").read_text("utf-8"))
    types: list[str] = schema["properties"]["event_type"]["enum"]
    return types


def test_types_are_the_sixteen_of_the_output_schema() -> None:
    assert len(schema_types()) == 16 == len(set(schema_types()))
    assert set(lexicon().types) == set(schema_types())
    assert set(QUADS) == set(schema_types())


@pytest.mark.parametrize(("event_type", "quad"), sorted(QUADS.items()))
def test_quad_class_of_each_type(event_type: str, quad: int) -> None:
    assert lexicon().types[event_type].quad == quad


def documented_trigger_keys() -> set[str]:
    """The keys the header of triggers.yaml explains under `# triggers:`."""
    header = (ONTOLOGY / "triggers.yaml").read_text("utf-8").split("\ntriggers:")[0]
    section = header.split("# triggers:", 1)[1].split("\n#\n", 1)[0]
    return set(re.findall(r"^#   ([a-z_]+) ", section, flags=re.MULTILINE))


def test_trigger_entries_use_documented_keys_and_a_mode_of_their_type() -> None:
    known = documented_trigger_keys()
    assert {"lemma", "pos", "type", "mode", "cameo", "weight", "prep", "reverse"} <= known
    types = lexicon().types
    problems = []
    for entry in raw("triggers.yaml")["triggers"]:
        unknown = set(entry) - known
        if unknown:
            problems.append(f"{entry['lemma']}: unknown keys {sorted(unknown)}")
        if entry["type"] not in types:
            problems.append(f"{entry['lemma']}: unknown type {entry['type']}")
        elif entry.get("mode") is not None and entry["mode"] not in types[entry["type"]].modes:
            problems.append(f"{entry['lemma']}: {entry['type']} has no mode {entry['mode']!r}")
    assert problems == []


def test_every_loaded_trigger_mode_exists_under_its_type() -> None:
    entries = [e for group in lexicon().triggers.values() for e in group]
    assert len(entries) == len(raw("triggers.yaml")["triggers"])
    bad = [
        (e.lemmas, e.event_type, e.mode)
        for e in entries
        if e.mode is not None and e.mode not in lexicon().types[e.event_type].modes
    ]
    assert bad == []


@pytest.mark.parametrize("table", ["mode_cues", "complement_modes"])
def test_cue_tables_name_existing_types_and_modes(table: str) -> None:
    types = lexicon().types
    cues = getattr(lexicon(), table)
    assert cues, table
    bad = [
        (event_type, mode)
        for event_type, modes in cues.items()
        for mode in modes
        if event_type not in types or mode not in types[event_type].modes
    ]
    assert bad == []
    assert all(words for modes in cues.values() for words in modes.values())


def test_trigger_pos_tags_are_coarse_tags_the_coder_matches() -> None:
    tags = Counter(p for e in raw("triggers.yaml")["triggers"] for p in e["pos"])
    assert set(tags) <= {"VERB", "NOUN", "ADJ"}


def test_trigger_weights_are_in_zero_one() -> None:
    bad = [
        (e.lemmas, e.weight)
        for group in lexicon().triggers.values()
        for e in group
        if not 0 < e.weight <= 1
    ]
    assert bad == []


def _raw_cameo_codes() -> Iterator[tuple[str, Any]]:
    """Every CAMEO code as the YAML parser read it, with where it came from."""
    for name, info in raw("plover.yaml")["types"].items():
        yield name, info.get("cameo")
        for mode, mode_info in (info.get("modes") or {}).items():
            yield f"{name}/{mode}", mode_info.get("cameo")
    for entry in raw("triggers.yaml")["triggers"]:
        if "cameo" in entry:
            yield f"trigger {entry['lemma']}", entry["cameo"]
    for root, info in raw("plover.yaml")["cameo_roots"].items():
        yield f"cameo root {root!r}", root
        for code in info.get("by_code") or {}:
            yield f"cameo root {root!r} by_code", code


def test_cameo_codes_are_two_to_four_digit_strings() -> None:
    codes = list(_raw_cameo_codes())
    assert len(codes) > 100
    # An unquoted 046 reads as an integer (octal 38 in YAML 1.1): the code must be a string.
    bad = [
        (where, code)
        for where, code in codes
        if code is not None and not (isinstance(code, str) and CAMEO.fullmatch(code))
    ]
    assert bad == []


def test_loaded_cameo_codes_are_two_to_four_digits() -> None:
    lex = lexicon()
    codes = [e.cameo for group in lex.triggers.values() for e in group]
    codes += [t.cameo for t in lex.types.values()]
    codes += [m.cameo for t in lex.types.values() for m in t.modes.values()]
    assert [c for c in codes if c is not None and not CAMEO.fullmatch(c)] == []
    assert all(t.cameo is not None for t in lex.types.values())


def test_cameo_crosswalk_points_at_known_types() -> None:
    roots = raw("plover.yaml")["cameo_roots"]
    assert sorted(roots) == [f"{n:02d}" for n in range(1, 21)]
    for root, info in roots.items():
        targets = [info["plover"], *(info.get("by_code") or {}).values()]
        assert all(t is None or t in QUADS for t in targets), root
        assert all(code.startswith(root) for code in info.get("by_code") or {}), root


@pytest.mark.parametrize("event_type", sorted(QUADS))
def test_every_type_has_at_least_ten_trigger_entries(event_type: str) -> None:
    count = Counter(e.event_type for group in lexicon().triggers.values() for e in group)
    assert count[event_type] >= 10


@pytest.mark.parametrize("event_type", sorted(QUADS))
def test_intensity_is_within_plover_scale(event_type: str) -> None:
    info = lexicon().types[event_type]
    for mode in [None, "no-such-mode", *info.modes]:
        assert -10 <= info.intensity(mode) <= 10, (event_type, mode)


def test_intensity_falls_back_to_the_type_score() -> None:
    protest = lexicon().types["PROTEST"]
    assert protest.modes["vandalize"].score is None
    assert protest.intensity("vandalize") == protest.score == protest.intensity(None)
    assert protest.intensity("riot") == -7
    assert lexicon().types["ASSAULT"].intensity("unconventional") == -10


def test_conflict_types_score_below_cooperation_types() -> None:
    types = lexicon().types
    cooperation = [t.score for t in types.values() if t.quad in (1, 2)]
    conflict = [t.score for t in types.values() if t.quad == 4]
    assert min(cooperation) > 0 > max(conflict)


def _bools(node: Any, path: str, key: str | None = None) -> Iterator[str]:
    """Paths of booleans that are not the value of an allowed boolean key."""
    if isinstance(node, bool):
        if key not in BOOL_KEYS:
            yield f"{path}: {node}"
    elif isinstance(node, dict):
        for k, value in node.items():
            if isinstance(k, bool):
                yield f"{path}: key {k}"
            yield from _bools(value, f"{path}.{k}", str(k))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _bools(value, f"{path}[{i}]", key)


def test_the_bool_walk_finds_unquoted_yaml_words() -> None:
    document = yaml.safe_load("a: [not, no, 'on']\nb: {yes: 1, reverse: true}\nc: off\n")
    assert list(_bools(document, "doc")) == ["doc.a[1]: False", "doc.b: key True", "doc.c: False"]


@pytest.mark.parametrize(
    "path",
    sorted(ONTOLOGY.glob("*.yaml")) + sorted(ACTORS.glob("*.yaml")),
    ids=lambda p: f"{p.parent.name}/{p.name}",
)
def test_no_yaml_word_was_read_as_a_boolean(path: Path) -> None:
    document = yaml.safe_load(path.read_text("utf-8"))
    assert list(_bools(document, path.name)) == []


def test_ontology_and_actor_folders_hold_the_expected_files() -> None:
    assert {p.name for p in ONTOLOGY.glob("*.yaml")} >= {
        "plover.yaml",
        "triggers.yaml",
        "arguments.yaml",
        "modality.yaml",
    }
    from dyad.kb import BUNDLED_FILES

    assert {p.name for p in ACTORS.glob("*.yaml")} == set(BUNDLED_FILES)
    assert {"countries.yaml", "organizations.yaml", "people.yaml", "roles.yaml"} <= set(
        BUNDLED_FILES
    )


def test_a_misspelt_trigger_constraint_is_refused() -> None:
    # an unknown key would be ignored and the entry would fire with no constraint at all
    from dyad.lexicon import _trigger_entry

    with pytest.raises(ValueError, match="modifiers"):
        _trigger_entry({"lemma": "arrive", "type": "AID", "modifiers": ["peacekeeping"]})
