"""Stage: where each event happened — the place its trigger is located at ("talks in Budapest,
Hungary", "met at the White House", "the Alaska summit"), geocoded offline.

Only a place the parse ties to the event counts: a capital that speaks for a government
("Moscow said") is an actor, not a location, and with no place in the text the location stays
empty rather than falling back to a country's centre.

needs: Analysis.events.  adds: event locations.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import replace

from spacy.tokens import Doc, Span, Token

from dyad.geo import Gazetteer, PlaceContext
from dyad.records import Analysis, Event, Location, Mention
from dyad.syntax import nearest_first, noun_phrase, prep_objects

EntitySpans = dict[int, tuple[int, int, str]]
PLACE_PREPS = frozenset(
    {"in", "at", "inside", "near", "outside", "around", "across", "on", "through"}
)
MOVING_TYPES = frozenset({"MOBILIZE"})  # "deployed troops to X": X is where it happens
FORCE_TYPES = frozenset({"ASSAULT", "COERCE"})  # what they hit is where they happened
MOTION_VERBS = frozenset({"travel", "fly", "go", "come", "head", "return", "journey", "jet"})
OCCASION_PREPS = frozenset({"for", "at", "during"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG"})  # spaCy sm calls Kyiv and the Kremlin ORG


class LocateEvents:
    needs: tuple[str, ...] = ("events",)
    adds: tuple[str, ...] = ("event_places",)

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, analysis: Analysis) -> Analysis:
        if not analysis.events:
            return analysis
        # the article's places and actors, read once for all its events (`doc.ents` makes
        # its spans anew on every read)
        ents = analysis.doc.ents
        context = self.gazetteer.read_context(self.context_of(analysis.mentions, ents))
        names = entity_spans(ents)
        located = tuple(self.locate(analysis.doc, e, context, names) for e in analysis.events)
        return replace(analysis, events=located)

    @staticmethod
    def context_of(mentions: Iterable[Mention], ents: Iterable[Span]) -> list[str]:
        """What disambiguates a place: the countries of the story's actors and every place
        name the article mentions (Florida puts St. Petersburg in the US)."""
        countries = {m.entity.country for m in mentions if m.entity.country}
        names = {ent.text for ent in ents if ent.label_ in ("GPE", "LOC")}
        return sorted(countries) + sorted(names)

    def locate(self, doc: Doc, event: Event, context: PlaceContext, names: EntitySpans) -> Event:
        span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
        if span is None or not len(span):
            return event
        struck, moved = event.event_type in FORCE_TYPES, event.event_type in MOVING_TYPES
        for phrase in place_phrases(span.root, struck, moved, names):
            location = self.resolve(doc, phrase, context)
            if location is not None:
                return replace(event, location=location)
        return event

    def resolve(self, doc: Doc, tokens: list[int], context: PlaceContext) -> Location | None:
        return self.gazetteer.resolve(doc[min(tokens) : max(tokens) + 1].text, context)


def place_phrases(
    trigger: Token, struck: bool, moved: bool, names: EntitySpans
) -> Iterator[list[int]]:
    """Candidate place phrases, nearest first.

    The event is anchored at its trigger, at the verb that carries an event noun ("drones
    struck", "held talks") and at the main verb of a clause it depends on ("signed an accord in
    Bucharest, agreeing to ..."). At each anchor: what an act of force hits ("struck Kyiv"),
    names modifying an event noun ("the Alaska summit"), place prepositions ("in Budapest",
    "at a base in Anchorage"), where troops are sent ("deploy to Los Angeles"), and where the
    actors are ("students in Jakarta clashed with police").
    """
    if trigger.pos_ in ("NOUN", "PROPN"):
        for child in trigger.children:
            if child.dep_ == "compound" and child.ent_type_ in PLACE_LABELS:
                yield [child.i]
    for anchor in _anchors(trigger):
        # "deploy to Los Angeles", "travelled to Riyadh for talks": where they went
        preps = PLACE_PREPS | ({"to"} if moved or anchor.lemma_ in MOTION_VERBS else set())
        if struck:
            for obj in (c for c in anchor.children if c.dep_ == "dobj"):
                yield from _place_and_inner(obj, preps, names)
        # the anchor and its own arguments: deeper places describe them, not the event
        # ("praised Trump as a peacemaker in the Middle East")
        for node in nearest_first(anchor, depth=1):
            for obj in prep_objects(node, preps):
                yield from _place_and_inner(obj, preps, names)
        for subject in (c for c in anchor.children if c.dep_ == "nsubj"):
            for obj in prep_objects(subject, {"in"}):
                yield from _place_and_inner(obj, preps, names)


def _anchors(trigger: Token) -> list[Token]:
    anchors = [trigger]
    head = trigger.head
    noun = trigger.pos_ in ("NOUN", "PROPN")
    carried = noun and trigger.dep_ in ("nsubj", "dobj")
    clause = trigger.pos_ == "VERB" and trigger.dep_ in ("advcl", "xcomp", "conj")
    if head.i != trigger.i and head.pos_ in ("VERB", "AUX") and (carried or clause):
        anchors.append(head)
    # "travelled to Riyadh for talks", "arrested 900 people in London at a sit-in": the verb
    # an event noun is the purpose or occasion of happened where the event did
    occasion = noun and trigger.dep_ == "pobj" and head.lower_ in OCCASION_PREPS
    if occasion and head.head.pos_ == "VERB":
        anchors.append(head.head)
    return anchors


def _place_and_inner(
    token: Token, preps: frozenset[str] | set[str], names: EntitySpans
) -> Iterator[list[int]]:
    """A named place as it stands; a common noun through the place it is in ("a military
    base in Anchorage", "the plant at Fordow", "the city of El Fasher")."""
    if token.pos_ == "PROPN" or token.ent_type_ in PLACE_LABELS:
        yield from _name(token, names)
    for inner in prep_objects(token, set(preps) | {"of"}):
        if inner.pos_ == "PROPN" or inner.ent_type_ in PLACE_LABELS:
            yield from _name(inner, names)


def _name(token: Token, names: EntitySpans) -> Iterator[list[int]]:
    """The name a token is part of: its entity ("St. Petersburg", "Mexico City"), else the
    token with what modifies it ("the White House"). A full personal name is no place
    ("detained Istanbul mayor Ekrem Imamoglu"); one word the model calls a person may be
    ("struck Kyiv")."""
    entity = names.get(token.i)
    if entity is None:
        yield sorted(noun_phrase(token))
    elif entity[2] != "PERSON":
        yield list(range(entity[0], entity[1]))
    elif entity[1] - entity[0] == 1:
        yield [token.i]


def entity_spans(ents: Iterable[Span]) -> EntitySpans:
    """Each token inside a named entity (`doc.ents`) → the entity's (start, end, label), read
    once a doc."""
    return {i: (e.start, e.end, e.label_) for e in ents for i in range(e.start, e.end)}
