"""The records that cross stage boundaries: Article → Sentence → Mention → Frame → Event.

Every record is a frozen dataclass. Stages never pass dicts or joined strings to each other;
`Event.to_dict` is the one place a record becomes the JSON of the output contract.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import TYPE_CHECKING, Any, Literal

if TYPE_CHECKING:
    from spacy.tokens import Doc

Modality = Literal["asserted", "negated", "hypothetical", "planned"]
MODALITIES: tuple[Modality, ...] = ("asserted", "negated", "hypothetical", "planned")


@dataclass(frozen=True, slots=True)
class RawDocument:
    """One input record before cleaning: HTML or text, plus what the input said about it."""

    origin: str  # where it came from, for error messages: "file.jsonl:12", "page.html", "-"
    content: str
    is_html: bool
    id: str | None = None
    published: date | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Article:
    """Cleaned article text; every character offset downstream points into `text`."""

    id: str
    text: str
    origin: str
    published: date | None = None
    url: str | None = None
    title: str | None = None
    source: str | None = None


@dataclass(frozen=True, slots=True)
class Sentence:
    index: int
    start: int
    end: int
    text: str


@dataclass(frozen=True, slots=True)
class Entity:
    """An actor as the output contract describes it."""

    text: str
    country: str | None
    sector: str | None
    name: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "text": self.text,
            "name": self.name,
            "country": self.country,
            "sector": self.sector,
        }


MentionKind = Literal[
    "person",
    "country",
    "capital",
    "institution",
    "organization",
    "demonym",
    "role",
    "pronoun",
    "place",
]


@dataclass(frozen=True, slots=True)
class Mention:
    """A stretch of text that names an actor, with the token it hangs from in the parse."""

    entity: Entity
    kind: MentionKind
    start: int  # character offsets into Article.text
    end: int
    first_token: int  # token indices into the parsed document
    head_token: int
    plural: bool = False
    also: tuple[Entity, ...] = ()  # further parties one phrase stands for ("the two sides")

    @property
    def entities(self) -> tuple[Entity, ...]:
        return (self.entity, *self.also)


@dataclass(frozen=True, slots=True)
class Trigger:
    """A word that names an event, with the lexicon entry it matched."""

    token: int
    text: str
    start: int
    end: int
    event_type: str
    mode: str | None
    cameo: str | None
    weight: float
    reverse: bool = False


@dataclass(frozen=True, slots=True)
class Frame:
    """A trigger with the parties found for it; the last step before an Event."""

    trigger: Trigger
    sentence: Sentence
    actors: tuple[Mention, ...]
    recipients: tuple[Mention, ...]
    attributed_to: Mention | None = None
    mode: str | None = None
    modality: Modality = "asserted"
    # How the parties were found: "syntax" (from the parse) or "context" (sentence co-occurrence)
    evidence: Literal["syntax", "context"] = "syntax"
    cues: tuple[str, ...] = field(default=())  # words that set the modality, for auditing


@dataclass(frozen=True, slots=True)
class Span:
    """Words of the article and their character offsets into the cleaned text."""

    text: str
    start: int
    end: int


@dataclass(frozen=True, slots=True)
class Location:
    """Where an event happened: the words, the resolved place and its coordinates."""

    text: str
    name: str | None
    country: str | None
    lat: float | None = None
    lon: float | None = None


@dataclass(frozen=True, slots=True)
class Event:
    """One coded event: the row users count, chart and trace back to its sentence."""

    id: str
    article_id: str
    event_type: str
    mode: str | None
    cameo: str | None
    quad_class: int
    intensity: float | None
    modality: Modality
    actors: tuple[Entity, ...]
    recipients: tuple[Entity, ...]
    attributed_to: Entity | None
    date: date | None
    date_precision: Literal["day", "month", "year"] | None
    location: Location | None
    sentence_index: int
    sentence: str
    trigger: Span
    confidence: float
    # "text": the sentence dates the event; "published": no date in the text, so the
    # publication date stands in (the event is reported as current news)
    date_source: Literal["text", "published"] | None = None

    def to_dict(self) -> dict[str, Any]:
        """The event as one line of `dyad extract` output (see schema/event.schema.json)."""
        location = None
        if self.location is not None:
            loc = self.location
            location = {
                "text": loc.text,
                "name": loc.name,
                "country": loc.country,
                "lat": loc.lat,
                "lon": loc.lon,
            }
        return {
            "id": self.id,
            "article_id": self.article_id,
            "event_type": self.event_type,
            "mode": self.mode,
            "cameo": self.cameo,
            "quad_class": self.quad_class,
            "intensity": self.intensity,
            "modality": self.modality,
            "actors": [a.to_dict() for a in self.actors],
            "recipients": [r.to_dict() for r in self.recipients],
            "attributed_to": self.attributed_to.to_dict() if self.attributed_to else None,
            "date": self.date.isoformat() if self.date else None,
            "date_precision": self.date_precision,
            "date_source": self.date_source,
            "location": location,
            "sentence_index": self.sentence_index,
            "sentence": self.sentence,
            "trigger": {
                "text": self.trigger.text,
                "start": self.trigger.start,
                "end": self.trigger.end,
            },
            "confidence": self.confidence,
        }


@dataclass(frozen=True, slots=True)
class InputProblem:
    """Bad input that was skipped; `message` is one line naming the file (and line)."""

    origin: str
    message: str


@dataclass(frozen=True, slots=True)
class Analysis:
    """The record passed between the per-article coding stages; each stage fills one field."""

    article: Article
    doc: Doc
    sentences: tuple[Sentence, ...]
    mentions: tuple[Mention, ...] = ()
    triggers: tuple[Trigger, ...] = ()
    frames: tuple[Frame, ...] = ()
    events: tuple[Event, ...] = ()


@dataclass(frozen=True, slots=True)
class CodedArticle:
    """One article with its sentences and the events coded from them."""

    article: Article
    events: tuple[Event, ...]
    sentences: tuple[Sentence, ...]
    warnings: tuple[str, ...] = ()  # one line each, naming the input
