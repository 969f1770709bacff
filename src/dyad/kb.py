"""The actor knowledge base: who and what a name in the text stands for.

Built from the YAML data files in `actors/` (countries, organizations, office holders, roles),
plus an optional user file in the same format whose entries override the bundled ones.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

import yaml

from dyad.datafiles import read_yaml
from dyad.records import MentionKind

# Former office holders first, so that a current holder's entry wins a shared surname.
BUNDLED_FILES = (
    "history-americas-europe.yaml",
    "history-africa-asia.yaml",
    "countries.yaml",
    "organizations.yaml",
    "people.yaml",
    "people-world.yaml",
    "roles.yaml",
)


class KnowledgeBaseError(ValueError):
    """An actor file that cannot be read; the message names the file and the entry."""


@dataclass(frozen=True, slots=True)
class KBEntry:
    """What one surface form refers to."""

    name: str
    country: str | None
    sector: str | None
    kind: MentionKind
    titles: tuple[str, ...] = ()
    served: tuple[int, int] | None = None  # years in office, for former office holders

    def sector_in(self, year: int | None) -> str | None:
        """The sector on a given year: a former office holder outside the years served, or
        with no year to go by, is a former official (ELI)."""
        if self.served is None:
            return self.sector
        if year is not None and self.served[0] <= year <= self.served[1]:
            return self.sector
        return "ELI"


@dataclass
class ActorKB:
    """Surface forms (exact case) → entries; role words (lowercase) → PLOVER sector."""

    phrases: dict[str, KBEntry] = field(default_factory=dict)
    roles: dict[str, str] = field(default_factory=dict)
    places: dict[str, str] = field(default_factory=dict)  # place name → country (locations only)
    office_holders: dict[tuple[str, str], KBEntry] = field(default_factory=dict)

    @classmethod
    def load(cls, extra: Path | None = None) -> ActorKB:
        kb = cls()
        for name in BUNDLED_FILES:
            resource = files("dyad") / "actors" / name
            kb.add_document(read_yaml(resource.read_text("utf-8")) or {}, name)
        if extra is not None:
            try:
                document = read_yaml(extra.read_text("utf-8")) or {}
            except (OSError, yaml.YAMLError) as err:
                raise KnowledgeBaseError(f"{extra}: cannot read actor file: {err}") from err
            kb.add_document(document, str(extra))
        return kb

    def add_document(self, document: Mapping[str, Any], origin: str) -> None:
        if not isinstance(document, Mapping):
            raise KnowledgeBaseError(f"{origin}: expected a mapping with countries/people/...")
        for key, adder in (
            ("countries", self._add_country),
            ("organizations", self._add_organization),
            ("people", self._add_person),
        ):
            entries = document.get(key) or []
            if not isinstance(entries, list):
                raise KnowledgeBaseError(f"{origin}: '{key}' must be a list of entries")
            for position, entry in enumerate(entries, start=1):
                try:
                    adder(entry)
                except (KeyError, TypeError, AttributeError) as err:
                    raise KnowledgeBaseError(
                        f"{origin}: {key} entry {position} is malformed ({err!r})"
                    ) from err
        self._add_roles(document.get("roles") or {}, origin)

    def _add_roles(self, roles: Any, origin: str) -> None:
        if not isinstance(roles, Mapping):
            raise KnowledgeBaseError(f"{origin}: 'roles' must map sector codes to lists of words")
        for sector, words in roles.items():
            if not isinstance(words, list):
                raise KnowledgeBaseError(f"{origin}: roles.{sector} must be a list of words")
            for word in words:
                self.roles[str(word).lower()] = str(sector)

    def _add_country(self, entry: Mapping[str, Any]) -> None:
        code, name = entry["code"], entry.get("name") or entry["code"]
        for alias in _names(entry.get("aliases"), name):
            self.phrases[alias] = KBEntry(name, code, "GOV", "country")
        for demonym in _names(entry.get("demonyms")):
            self.phrases[demonym] = KBEntry(name, code, None, "demonym")
        for capital in _names(entry.get("capitals")):
            self.phrases[capital] = KBEntry(f"Government of {name}", code, "GOV", "capital")
        for place in _names(entry.get("places")):
            self.places.setdefault(place, code)
        for institution in entry.get("institutions") or []:
            text = institution["text"]
            self.phrases[text] = KBEntry(
                institution.get("name") or text, code, institution.get("sector"), "institution"
            )

    def _add_organization(self, entry: Mapping[str, Any]) -> None:
        code, name = entry["code"], entry["name"]
        for alias in _names(entry.get("aliases"), name):
            self.phrases[alias] = KBEntry(name, code, entry.get("sector"), "organization")

    def _add_person(self, entry: Mapping[str, Any]) -> None:
        titles = tuple(str(t).lower() for t in entry.get("titles") or ())
        served = entry.get("served")
        person = KBEntry(
            entry["name"],
            entry.get("country"),
            entry.get("sector"),
            "person",
            titles,
            (int(served[0]), int(served[1])) if served else None,
        )
        for alias in _names(entry.get("aliases"), entry["name"]):
            self.phrases[alias] = person
        for title in titles:
            if person.country:
                self.office_holders.setdefault((person.country, title), person)

    def sector_of_role(self, words: Iterable[str]) -> str | None:
        """The sector of the first role word found (lowercased lemmas or phrases)."""
        for word in words:
            sector = self.roles.get(word.lower())
            if sector:
                return sector
        return None


def _names(values: Any, *also: str) -> list[str]:
    names = [str(v) for v in (values or [])] + [a for a in also if a]
    return list(dict.fromkeys(n.strip() for n in names if n and n.strip()))
