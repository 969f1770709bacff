"""The shapes of the JSON API (they document themselves in /openapi.json)."""

from __future__ import annotations

import datetime as dt
from typing import Literal

from pydantic import BaseModel, Field, field_validator

Verdict = Literal["right", "wrong", "changed"]
ModalityName = Literal["asserted", "negated", "hypothetical", "planned"]


class Party(BaseModel):
    """An actor or recipient: the words of the text, the resolved name, country, sector."""

    text: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str | None = None


class Place(BaseModel):
    """Where an event happened."""

    text: str | None = None
    name: str | None = None
    country: str | None = None
    lat: float | None = None
    lon: float | None = None


class Trigger(BaseModel):
    """The word that made the event, with character offsets into the article text."""

    text: str | None = None
    start: int | None = None
    end: int | None = None


class Review(BaseModel):
    """The latest correction of an event; every field null when it was never reviewed."""

    review_verdict: Verdict | None = None
    review_event_type: str | None = None
    review_mode: str | None = None
    review_modality: str | None = None
    review_actor_countries: list[str] | None = None
    review_recipient_countries: list[str] | None = None
    review_note: str | None = None
    review_at: dt.datetime | None = None


class EventFields(BaseModel):
    """What the coder says about a consolidated event."""

    event_id: str
    story_id: str
    date: dt.date | None = None
    date_precision: str | None = None
    event_type: str
    mode: str | None = None
    cameo: str | None = None
    quad_class: int
    intensity: float | None = None
    modality: str
    actors: list[Party] = []
    recipients: list[Party] = []
    actor_countries: list[str] = []
    recipient_countries: list[str] = []
    location: Place | None = None
    confidence: float
    num_mentions: int
    num_articles: int
    num_sources: int
    first_seen: dt.date | None = None
    last_seen: dt.date | None = None
    article_id: str
    mention_id: str
    source_url: str | None = None
    sentence: str


# Review is the second base so that its fields come last in the JSON.
class Event(Review, EventFields):
    """A consolidated event (one real event, however many articles report it) and its
    latest review."""


class EventPage(BaseModel):
    """A page of events: `total` is how many match the filters."""

    total: int
    limit: int
    offset: int
    events: list[Event]


class SeriesPoint(BaseModel):
    """Events of one period (and one type or quad class when grouped)."""

    period: dt.date
    event_type: str | None = None
    quad_class: int | None = None
    count: int
    mean_intensity: float | None = None


class Series(BaseModel):
    """Counts per period; every period of the range has its rows, quiet ones with count 0."""

    dyad: str | None
    freq: str
    by: str | None
    modalities: list[str]
    points: list[SeriesPoint]


class CooperationPoint(BaseModel):
    """Cooperation (quad 1–2) against conflict (quad 3–4) in one period."""

    period: dt.date
    cooperation: int
    conflict: int
    index: float | None = Field(None, description="(cooperation − conflict) / their sum")
    mean_intensity: float | None = None


class Cooperation(BaseModel):
    """The cooperation–conflict index over time."""

    dyad: str | None
    freq: str
    modalities: list[str]
    points: list[CooperationPoint]


class ActorCount(BaseModel):
    """A country and the events it takes part in."""

    country: str
    events: int


class TopActors(BaseModel):
    """The most active countries in a role."""

    role: str
    actors: list[ActorCount]


class DyadCount(BaseModel):
    """A country pair with its events."""

    actor: str
    recipient: str
    events: int
    mean_intensity: float | None = None
    cooperation: int
    conflict: int


class TopDyads(BaseModel):
    """The country pairs with the most events."""

    dyads: list[DyadCount]


class NetworkNode(BaseModel):
    """A country, its events and its place in the drawing."""

    id: str
    events: int
    x: float
    y: float


class NetworkLink(BaseModel):
    """Events of `source` acting on `target`."""

    source: str
    target: str
    count: int
    mean_intensity: float | None = None
    cooperation: int
    conflict: int


class Network(BaseModel):
    """Who acts on whom."""

    nodes: list[NetworkNode]
    links: list[NetworkLink]


class Story(BaseModel):
    """Articles telling one story."""

    story_id: str
    title: str | None = None
    first_published: dt.date | None = None
    last_published: dt.date | None = None
    num_articles: int
    num_sources: int
    num_events: int


class StoryPage(BaseModel):
    """A page of stories, the most recent first."""

    total: int
    limit: int
    offset: int
    stories: list[Story]


class Outlet(BaseModel):
    """One article of a story."""

    article_id: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None


class StoryDetail(BaseModel):
    """A story, its articles and its consolidated events."""

    story: Story
    articles: list[Outlet]
    total_events: int
    events: list[Event]


class Sentence(BaseModel):
    """A sentence with its offsets into the article text."""

    index: int
    start: int
    end: int
    text: str


class Highlight(BaseModel):
    """Characters [start, end) of the article text to mark."""

    start: int
    end: int
    kind: Literal["trigger", "actor", "recipient", "place"]
    text: str
    event_ids: list[str]


class Mention(BaseModel):
    """Where the article reports an event: its sentence and trigger."""

    mention_id: str
    sentence_index: int
    sentence: str
    trigger: Trigger | None = None
    confidence: float


class ArticleEventFields(BaseModel):
    """An event the article reports: the consolidated event's values (the mention's when it
    is not consolidated yet) and its provenance in this article."""

    event_id: str | None = None
    story_id: str | None = None
    event_type: str
    mode: str | None = None
    modality: str
    quad_class: int
    actors: list[Party] = []
    recipients: list[Party] = []
    actor_countries: list[str] = []
    recipient_countries: list[str] = []
    date: dt.date | None = None
    location: Place | None = None
    confidence: float
    num_articles: int | None = None
    num_sources: int | None = None
    mentions: list[Mention]


class ArticleEvent(Review, ArticleEventFields):
    """An event the article reports, with its latest review."""


class Article(BaseModel):
    """An article, its sentences, what to highlight and the events it reports."""

    article_id: str
    source: str | None = None
    url: str | None = None
    title: str | None = None
    published: dt.date | None = None
    story_id: str | None = None
    text: str
    sentences: list[Sentence]
    highlights: list[Highlight]
    events: list[ArticleEvent]


class CorrectionIn(BaseModel):
    """A reviewer's verdict on an event; for "changed", the corrected fields (others stay
    as coded). Country codes are three letters, upper-cased here."""

    event_id: str = Field(min_length=1, max_length=200)
    verdict: Verdict
    event_type: str | None = Field(None, max_length=40)
    mode: str | None = Field(None, max_length=40)
    modality: ModalityName | None = None
    actor_countries: list[str] | None = Field(None, max_length=50)
    recipient_countries: list[str] | None = Field(None, max_length=50)
    note: str | None = Field(None, max_length=2000)
    author: str | None = Field(None, max_length=200)

    @field_validator("actor_countries", "recipient_countries")
    @classmethod
    def _codes(cls, codes: list[str] | None) -> list[str] | None:
        return None if codes is None else [c.strip().upper() for c in codes if c.strip()]

    @field_validator("event_type", "mode", "note", "author")
    @classmethod
    def _text(cls, value: str | None) -> str | None:
        return value.strip() or None if value is not None else None


class Correction(BaseModel):
    """A stored correction."""

    correction_id: str
    event_id: str
    verdict: Verdict
    event_type: str | None = None
    mode: str | None = None
    modality: str | None = None
    actor_countries: list[str] | None = None
    recipient_countries: list[str] | None = None
    note: str | None = None
    author: str | None = None
    created_at: dt.datetime


class CorrectionPage(BaseModel):
    """Corrections, newest first."""

    total: int
    limit: int
    offset: int
    corrections: list[Correction]
