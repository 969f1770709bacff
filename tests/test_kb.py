"""The actor knowledge base (src/dyad/kb.py and src/dyad/actors/*.yaml)."""

from __future__ import annotations

import re
from collections import defaultdict
from functools import cache
from pathlib import Path
from typing import Any

import pytest
import yaml

from dyad.kb import ActorKB, KnowledgeBaseError

ACTORS = Path(__file__).resolve().parents[1] / "src" / "dyad" / "actors"
CODE = re.compile(r"[A-Z]{3}")
IGO_CODES = {"IGO", "UNO", "EUR"}


@cache
def bundled() -> ActorKB:
    return ActorKB.load()


@cache
def countries() -> list[dict[str, Any]]:
    entries: list[dict[str, Any]] = yaml.safe_load((ACTORS / "countries.yaml").read_text("utf-8"))[
        "countries"
    ]
    return entries


@pytest.mark.parametrize(
    ("text", "name", "country", "kind"),
    [
        ("Putin", "Vladimir Putin", "RUS", "person"),
        ("Vladimir Putin", "Vladimir Putin", "RUS", "person"),
        ("Trump", "Donald Trump", "USA", "person"),
        ("Kremlin", None, "RUS", "institution"),  # "the Kremlin" is matched on "Kremlin"
        ("Kyiv", None, "UKR", "capital"),
        ("Kiev", None, "UKR", "capital"),
        ("Downing Street", None, "GBR", "institution"),
        ("White House", None, "USA", "institution"),
        ("Beijing", None, "CHN", "capital"),
        ("Russia", "Russia", "RUS", "country"),
        ("Ukrainian", None, "UKR", "demonym"),
    ],
)
def test_facts_users_rely_on(text: str, name: str | None, country: str, kind: str) -> None:
    entry = bundled().phrases.get(text)
    assert entry is not None, text
    assert (entry.country, entry.kind) == (country, kind)
    if name is not None:
        assert entry.name == name


def test_kyiv_and_kiev_are_the_same_government() -> None:
    assert bundled().phrases["Kyiv"] == bundled().phrases["Kiev"]
    assert bundled().phrases["Kyiv"].sector == "GOV"


def test_nato_is_an_intergovernmental_organization() -> None:
    entry = bundled().phrases["NATO"]
    assert entry.country in IGO_CODES and entry.kind == "organization"


def test_office_holders_are_found_by_title() -> None:
    putin = bundled().office_holders[("RUS", "president")]
    assert putin.name == "Vladimir Putin" and "kremlin leader" in putin.titles
    assert bundled().office_holders[("USA", "president")].name == "Donald Trump"


@pytest.mark.parametrize(
    ("words", "sector"),
    [
        (["troops"], "MIL"),
        (["troop"], "MIL"),
        (["police"], "COP"),
        (["officials"], "GOV"),
        (["official"], "GOV"),
        (["Troops"], "MIL"),  # case does not matter
        (["the", "senior", "police"], "COP"),  # the first role word found wins
        (["the", "weather"], None),
    ],
)
def test_role_words_give_a_sector(words: list[str], sector: str | None) -> None:
    assert bundled().sector_of_role(words) == sector


def test_a_user_file_overrides_bundled_aliases_and_adds_people(tmp_path: Path) -> None:
    extra = tmp_path / "mine.yaml"
    extra.write_text(
        """
people:
  - name: Jane Example
    aliases: [Jane Example, Example]
    country: FRA
    sector: GOV
    office: Minister of Examples
    titles: [minister of examples]
  - name: Putin Lookalike
    aliases: [Putin]
    country: BLR
    sector: CVL
countries:
  - code: COG
    name: Republic of the Congo
    aliases: [Congo]
roles:
  CVL: [flood victims]
""",
        encoding="utf-8",
    )
    assert bundled().phrases["Congo"].country == "COD"  # the bundled choice being overridden
    kb = ActorKB.load(extra)
    jane = kb.phrases["Example"]
    assert (jane.name, jane.country, jane.kind) == ("Jane Example", "FRA", "person")
    assert kb.phrases["Jane Example"] is jane
    assert kb.office_holders[("FRA", "minister of examples")] is jane
    assert (kb.phrases["Putin"].name, kb.phrases["Putin"].country) == ("Putin Lookalike", "BLR")
    assert kb.phrases["Vladimir Putin"].country == "RUS"  # aliases not in the file are kept
    assert kb.phrases["Congo"].country == "COG"
    assert kb.roles["flood victims"] == "CVL" and kb.roles["troops"] == "MIL"
    assert "Example" not in bundled().phrases  # loading a user file leaves the bundled KB alone


def test_an_empty_user_file_changes_nothing(tmp_path: Path) -> None:
    extra = tmp_path / "empty.yaml"
    extra.write_text("# nothing yet\n", encoding="utf-8")
    kb = ActorKB.load(extra)
    assert kb.phrases == bundled().phrases and kb.roles == bundled().roles


@pytest.mark.parametrize(
    "content",
    [
        pytest.param("people: [unclosed\n", id="not-yaml"),
        pytest.param("- a list\n- not a mapping\n", id="top-level-list"),
        pytest.param("people:\n  - aliases: [Nobody]\n", id="person-without-name"),
        pytest.param("people:\n  - Jane Example\n", id="person-not-a-mapping"),
        pytest.param("countries:\n  - name: Nowhere\n", id="country-without-code"),
        pytest.param("organizations:\n  - code: NGO\n", id="organization-without-name"),
        pytest.param("roles: [troops, police]\n", id="roles-a-list"),
        pytest.param("roles:\n  GOV: 5\n", id="role-words-a-number"),
        pytest.param("people: 5\n", id="people-a-number"),
    ],
)
def test_a_malformed_user_file_is_an_error_naming_the_file(tmp_path: Path, content: str) -> None:
    extra = tmp_path / "broken-actors.yaml"
    extra.write_text(content, encoding="utf-8")
    with pytest.raises(KnowledgeBaseError) as caught:
        ActorKB.load(extra)
    assert str(extra) in str(caught.value)


def test_a_missing_user_file_is_an_error_naming_the_file(tmp_path: Path) -> None:
    missing = tmp_path / "no-such-file.yaml"
    with pytest.raises(KnowledgeBaseError, match=re.escape(str(missing))):
        ActorKB.load(missing)


def test_every_country_code_is_three_uppercase_letters() -> None:
    codes = [entry["code"] for entry in countries()]
    assert len(codes) > 190
    assert [c for c in codes if not (isinstance(c, str) and CODE.fullmatch(c))] == []
    assert len(set(codes)) == len(codes)


@pytest.mark.parametrize(
    ("file", "section", "key"),
    [
        ("organizations.yaml", "organizations", "code"),
        ("people.yaml", "people", "country"),
    ],
)
def test_codes_in_the_other_actor_files_are_three_uppercase_letters(
    file: str, section: str, key: str
) -> None:
    entries = yaml.safe_load((ACTORS / file).read_text("utf-8"))[section]
    bad = [(e.get("name"), e.get(key)) for e in entries if not CODE.fullmatch(str(e.get(key)))]
    assert bad == []


def test_every_resolved_country_is_a_code_or_none() -> None:
    bad = {
        text: entry.country
        for text, entry in bundled().phrases.items()
        if entry.country is not None and not CODE.fullmatch(entry.country)
    }
    assert bad == {}


def test_no_alias_names_two_countries() -> None:
    owners: dict[str, set[str]] = defaultdict(set)
    for entry in countries():
        names = [entry.get("name")]
        for key in ("aliases", "demonyms", "capitals"):
            names += entry.get(key) or []
        for name in names:
            if name:
                owners[str(name).strip()].add(entry["code"])
    assert len(owners) > 800
    assert {n: sorted(c) for n, c in owners.items() if len(c) > 1} == {}


def test_no_later_bundled_file_repoints_a_country_name() -> None:
    phrases = bundled().phrases
    wrong = []
    for entry in countries():
        names = [n for k in ("aliases", "demonyms", "capitals") for n in entry.get(k) or []]
        names += [i["text"] for i in entry.get("institutions") or []]
        wrong += [
            (name, entry["code"], phrases[str(name)].country)
            for name in names
            if phrases[str(name)].country != entry["code"]
        ]
    assert wrong == []


def test_a_former_office_holder_is_coded_by_the_years_served(tmp_path: Path) -> None:
    extra = tmp_path / "former.yaml"
    extra.write_text(
        "people:\n"
        "  - name: Imaginary Premier\n"
        "    aliases: [Imaginary Premier]\n"
        "    country: FRA\n"
        "    sector: GOV\n"
        "    office: Prime Minister of France\n"
        "    served: [1990, 1995]\n",
        "utf-8",
    )
    entry = ActorKB.load(extra).phrases["Imaginary Premier"]
    assert entry.served == (1990, 1995)
    assert [entry.sector_in(year) for year in (1989, 1990, 1995, 2020, None)] == [
        "ELI",
        "GOV",
        "GOV",
        "ELI",
        "ELI",
    ]


def test_former_office_holder_files_hold_no_titles() -> None:
    # a title ("the president") names the current holder; former holders must not claim it
    for name in ("history-americas-europe.yaml", "history-africa-asia.yaml"):
        document = yaml.safe_load((ACTORS / name).read_text("utf-8")) or {}
        for person in document.get("people") or []:
            assert not person.get("titles"), (name, person["name"])
            assert person.get("served"), (name, person["name"])
