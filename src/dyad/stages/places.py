"""Stage: where each event happened — the place its trigger is located at ("talks in Budapest,
Hungary", "met at the White House", "the Alaska summit"), geocoded offline.

Only a place the parse ties to the event counts: a capital that speaks for a government
("Moscow said") is an actor, not a location, and with no place in the text the location stays
empty rather than falling back to a country's centre.

needs: Analysis.events.  adds: event locations.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace

from spacy.tokens import Doc, Token

from dyad.geo import Gazetteer
from dyad.records import Analysis, Event, Location
from dyad.syntax import nearest_first, noun_phrase, prep_objects

PLACE_PREPS = frozenset({"in", "at", "inside", "near", "outside", "around", "across", "on"})
FORCE_TYPES = frozenset({"ASSAULT", "COERCE"})  # what they hit is where they happened
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC", "ORG"})  # spaCy sm calls Kyiv and the Kremlin ORG


class LocateEvents:
    needs: tuple[str, ...] = ("events",)
    adds: tuple[str, ...] = ("event_places",)

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, analysis: Analysis) -> Analysis:
        context = self.context(analysis)
        located = tuple(self.locate(analysis.doc, e, context) for e in analysis.events)
        return replace(analysis, events=located)

    @staticmethod
    def context(analysis: Analysis) -> list[str]:
        """What disambiguates a place: the countries of the story's actors and every place
        name the article mentions (Florida puts St. Petersburg in the US)."""
        countries = {m.entity.country for m in analysis.mentions if m.entity.country}
        names = {ent.text for ent in analysis.doc.ents if ent.label_ in ("GPE", "LOC")}
        return sorted(countries) + sorted(names)

    def locate(self, doc: Doc, event: Event, context: list[str]) -> Event:
        span = doc.char_span(event.trigger.start, event.trigger.end, alignment_mode="expand")
        if span is None or not len(span):
            return event
        for phrase in _place_phrases(span.root, struck=event.event_type in FORCE_TYPES):
            location = self.resolve(doc, phrase, context)
            if location is not None:
                return replace(event, location=location)
        return event

    def resolve(self, doc: Doc, tokens: list[int], context: list[str]) -> Location | None:
        text = doc[min(tokens) : max(tokens) + 1].text
        found = self.gazetteer.resolve(text, context)
        if found is not None:
            return found
        head = doc[max(tokens)] if len(tokens) == 1 else None
        entity = next((e for e in doc.ents if e.start <= min(tokens) < e.end), head)
        if entity is None or entity.text == text:
            return None
        return self.gazetteer.resolve(entity.text, context)


def _place_phrases(trigger: Token, struck: bool) -> Iterator[list[int]]:
    """Candidate place phrases, nearest first: the place an act of force hits ("missiles
    struck Kyiv"), names modifying an event noun ("the Alaska summit"), then objects of place
    prepositions under the trigger or, for an event noun, under the verb that carries it
    ("held talks in Budapest")."""
    if struck:
        for child in trigger.children:
            if child.dep_ == "dobj" and (child.pos_ == "PROPN" or child.ent_type_ in PLACE_LABELS):
                yield sorted(noun_phrase(child))
    if trigger.pos_ in ("NOUN", "PROPN"):
        for child in trigger.children:
            if child.dep_ == "compound" and child.ent_type_ in PLACE_LABELS:
                yield [child.i]
    # the trigger and its own arguments: deeper places describe them, not the event
    # ("praised Trump as a peacemaker in the Middle East")
    nodes = nearest_first(trigger, depth=1)
    if trigger.pos_ in ("NOUN", "PROPN") and trigger.head.pos_ in ("VERB", "AUX"):
        nodes += nearest_first(trigger.head, depth=1)
    for node in nodes:
        for obj in prep_objects(node, PLACE_PREPS):
            if obj.pos_ == "PROPN" or obj.ent_type_ in PLACE_LABELS:
                yield sorted(noun_phrase(obj))
