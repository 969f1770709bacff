"""The PLOVER ontology and the trigger lexicon, loaded from the YAML files in `ontology/`."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any

from dyad.datafiles import read_yaml


@dataclass(frozen=True, slots=True)
class ModeInfo:
    score: float | None
    cameo: str | None


@dataclass(frozen=True, slots=True)
class TypeInfo:
    name: str
    quad: int
    score: float
    cameo: str | None
    requires_recipient: bool
    modes: Mapping[str, ModeInfo]

    def intensity(self, mode: str | None) -> float:
        info = self.modes.get(mode) if mode else None
        return info.score if info and info.score is not None else self.score

    def cameo_for(self, mode: str | None) -> str | None:
        info = self.modes.get(mode) if mode else None
        return info.cameo if info and info.cameo else self.cameo


@dataclass(frozen=True, slots=True)
class TriggerEntry:
    """One way a word can name an event; constraints narrow when it applies."""

    lemmas: tuple[str, ...]  # one lemma, or a fixed sequence of lemmas
    pos: frozenset[str]
    event_type: str
    mode: str | None = None
    cameo: str | None = None
    weight: float = 0.8
    prep: frozenset[str] = frozenset()  # a child preposition/particle that must be present
    objects: frozenset[str] = frozenset()  # lemmas one of which must head the object
    forms: frozenset[str] = frozenset()  # surface forms (lowercase) the word must take
    governed_by: frozenset[str] = frozenset()  # verbs a noun must hang from ("wage war")
    subjects: frozenset[str] = frozenset()  # lemmas one of which must head the subject
    complement: bool = False  # fires only with an infinitive complement ("declined to meet")
    bare: bool = False  # fires only without one ("helped Malawi", not "helped end the war")
    modifiers: frozenset[str] = frozenset()  # lemmas one of which must modify the word
    reverse: bool = False  # the subject is the recipient (host, receive)

    @property
    def constrained(self) -> bool:
        return bool(
            self.prep
            or self.objects
            or self.forms
            or self.governed_by
            or self.subjects
            or self.complement
            or self.modifiers
        )


@dataclass(frozen=True)
class Lexicon:
    types: Mapping[str, TypeInfo]
    triggers: Mapping[str, tuple[TriggerEntry, ...]]  # keyed by the first lemma
    light_verbs: frozenset[str]
    mode_cues: Mapping[str, Mapping[str, frozenset[str]]]  # type → mode → cue lemmas
    complement_modes: Mapping[str, Mapping[str, frozenset[str]]] = field(default_factory=dict)
    # Lemma sequences in which a trigger word is not an event ("press conference").
    suppress: tuple[tuple[str, ...], ...] = ()
    # Surface form → lemma, where the spaCy model lemmatizes wrongly ("staged" → "stag").
    lemma_fixes: Mapping[str, str] = field(default_factory=dict)
    # Nouns that only frame the event word modifying them ("a mediation effort").
    effort_nouns: frozenset[str] = frozenset()

    @classmethod
    def bundled(cls) -> Lexicon:
        folder = files("dyad") / "ontology"
        ontology = read_yaml((folder / "plover.yaml").read_text("utf-8"))
        lexicon = read_yaml((folder / "triggers.yaml").read_text("utf-8"))
        return cls.from_documents(ontology, lexicon)

    @classmethod
    def from_documents(cls, ontology: Mapping[str, Any], lexicon: Mapping[str, Any]) -> Lexicon:
        types = {name: _type_info(name, raw) for name, raw in ontology["types"].items()}
        triggers: dict[str, list[TriggerEntry]] = defaultdict(list)
        for raw in lexicon["triggers"]:
            entry = _trigger_entry(raw)
            if entry.event_type not in types:
                raise ValueError(f"trigger {raw!r}: unknown event type {entry.event_type}")
            triggers[entry.lemmas[0]].append(entry)
        return cls(
            types=types,
            triggers={k: tuple(v) for k, v in triggers.items()},
            light_verbs=frozenset(lexicon.get("light_verbs") or ()),
            mode_cues=_cue_table(lexicon.get("mode_cues")),
            complement_modes=_cue_table(lexicon.get("complement_modes")),
            suppress=tuple(
                tuple(str(p).lower().replace("-", " ").split())
                for p in lexicon.get("suppress") or ()
            ),
            lemma_fixes={
                str(k).lower(): str(v) for k, v in (lexicon.get("lemma_fixes") or {}).items()
            },
            effort_nouns=frozenset(lexicon.get("effort_nouns") or ()),
        )

    def lemma(self, form: str, lemma: str) -> str:
        return self.lemma_fixes.get(form.lower(), lemma.lower())

    def cue_mode(self, event_type: str, table: str, lemmas: set[str]) -> str | None:
        """The first mode of `event_type` whose cue words meet `lemmas`."""
        cues = (self.mode_cues if table == "mode" else self.complement_modes).get(event_type, {})
        for mode, words in cues.items():
            if words & lemmas:
                return mode
        return None


def _type_info(name: str, raw: Mapping[str, Any]) -> TypeInfo:
    modes = {
        str(mode): ModeInfo(_float(info.get("score")), _code(info.get("cameo")))
        for mode, info in (raw.get("modes") or {}).items()
    }
    return TypeInfo(
        name=name,
        quad=int(raw["quad"]),
        score=float(raw["score"]),
        cameo=_code(raw.get("cameo")),
        requires_recipient=bool(raw.get("requires_recipient", False)),
        modes=modes,
    )


TRIGGER_KEYS = frozenset(
    {
        "lemma",
        "pos",
        "type",
        "mode",
        "cameo",
        "weight",
        "prep",
        "object",
        "forms",
        "governed_by",
        "subject",
        "complement",
        "bare",
        "modifier",
        "reverse",
    }
)


def _trigger_entry(raw: Mapping[str, Any]) -> TriggerEntry:
    # a misspelt constraint would be ignored and the entry would fire unconstrained
    unknown = set(raw) - TRIGGER_KEYS
    if unknown:
        raise ValueError(f"trigger {raw.get('lemma')!r}: unknown keys {sorted(unknown)}")
    pos = raw.get("pos") or ["VERB", "NOUN"]
    return TriggerEntry(
        lemmas=tuple(str(raw["lemma"]).lower().replace("-", " ").split()),
        pos=frozenset([pos] if isinstance(pos, str) else pos),
        event_type=str(raw["type"]),
        mode=raw.get("mode"),
        cameo=_code(raw.get("cameo")),
        weight=float(raw.get("weight", 0.8)),
        prep=_lower_set(raw.get("prep")),
        objects=_lower_set(raw.get("object")),
        forms=_lower_set(raw.get("forms")),
        governed_by=_lower_set(raw.get("governed_by")),
        subjects=_lower_set(raw.get("subject")),
        complement=bool(raw.get("complement", False)),
        bare=bool(raw.get("bare", False)),
        modifiers=_lower_set(raw.get("modifier")),
        reverse=bool(raw.get("reverse", False)),
    )


def _cue_table(raw: Any) -> dict[str, dict[str, frozenset[str]]]:
    return {
        str(event_type): {str(mode): _lower_set(words) for mode, words in (modes or {}).items()}
        for event_type, modes in (raw or {}).items()
    }


def _lower_set(values: Any) -> frozenset[str]:
    if values is None:
        return frozenset()
    if isinstance(values, str):
        values = [values]
    return frozenset(str(v).lower() for v in values)


def _code(value: Any) -> str | None:
    return None if value is None else str(value)


def _float(value: Any) -> float | None:
    return None if value is None else float(value)
