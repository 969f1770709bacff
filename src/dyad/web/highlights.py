"""What the article page marks in the text: event triggers (the coder's own character
offsets), and the words naming actors, recipients and places, found by searching the
event's sentence for the text the coder read them from.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import pairwise
from typing import Any, Literal

Kind = Literal["trigger", "actor", "recipient", "place"]
KINDS: tuple[Kind, ...] = ("trigger", "actor", "recipient", "place")  # drawing priority


@dataclass(frozen=True, slots=True)
class Span:
    """Characters [start, end) of the article text, of one kind, for some events."""

    start: int
    end: int
    kind: Kind
    text: str
    event_ids: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class Segment:
    """A run of text covered by the same spans: what the page wraps in one <mark>."""

    text: str
    kinds: tuple[Kind, ...]
    event_ids: tuple[str, ...]


def find(text: str, start: int, end: int, words: str | None) -> tuple[int, int] | None:
    """Where `words` occur in text[start:end]: as whole words if they do, else anywhere,
    else ignoring case (when lower-casing keeps the length, so offsets stay right)."""
    if not words or not words.strip():
        return None
    window = text[start:end]
    whole = re.search(rf"(?<!\w){re.escape(words)}(?!\w)", window)
    if whole:
        return start + whole.start(), start + whole.end()
    at = window.find(words)
    if at < 0 and len(window.lower()) == len(window) and len(words.lower()) == len(words):
        at = window.lower().find(words.lower())
    return (start + at, start + at + len(words)) if at >= 0 else None


def _sentence_bounds(
    text: str, sentences: Mapping[int, tuple[int, int]], mention: Mapping[str, Any]
) -> tuple[int, int]:
    """The mention's sentence in the text; the whole text when it cannot be placed."""
    if mention["sentence_index"] in sentences:
        return sentences[mention["sentence_index"]]
    at = text.find(mention["sentence"] or "\0")
    return (at, at + len(mention["sentence"])) if at >= 0 else (0, len(text))


def _trigger(text: str, mention: Mapping[str, Any]) -> tuple[int, int] | None:
    """The trigger's offsets, when the coder gave offsets that fit the text."""
    trigger = mention["trigger"] or {}
    start, end = trigger.get("start"), trigger.get("end")
    if start is None or end is None or not 0 <= start < end <= len(text):
        return None
    return start, end


def _words(mention: Mapping[str, Any]) -> Iterable[tuple[Kind, str | None]]:
    for party in mention["actors"] or ():
        yield "actor", party.get("text")
    for party in mention["recipients"] or ():
        yield "recipient", party.get("text")
    if mention["location"]:
        yield "place", mention["location"].get("text")


def spans(
    text: str, sentences: Mapping[int, tuple[int, int]], mentions: Sequence[Mapping[str, Any]]
) -> list[Span]:
    """Every highlight of the article, in text order; one span per place and kind, listing
    the events (or, for mentions not yet consolidated, the mentions) it belongs to."""
    found: dict[tuple[int, int, Kind], list[str]] = {}
    for mention in mentions:
        owner = mention["event_id"] or mention["mention_id"]
        places: list[tuple[Kind, tuple[int, int] | None]] = [("trigger", _trigger(text, mention))]
        start, end = _sentence_bounds(text, sentences, mention)
        places.extend((kind, find(text, start, end, words)) for kind, words in _words(mention))
        for kind, where in places:
            if where is not None:
                owners = found.setdefault((where[0], where[1], kind), [])
                if owner not in owners:
                    owners.append(owner)
    return [
        Span(start, end, kind, text[start:end], tuple(owners))
        for (start, end, kind), owners in sorted(
            found.items(), key=lambda item: (item[0][0], item[0][1], KINDS.index(item[0][2]))
        )
    ]


def segments(text: str, marks: Sequence[Span]) -> list[Segment]:
    """The text cut at every span boundary; each piece with the kinds covering it (most
    important first), so overlapping highlights still draw as flat, non-nested marks."""
    cuts = sorted({0, len(text), *(s.start for s in marks), *(s.end for s in marks)})
    pieces: list[Segment] = []
    for start, end in pairwise(cuts):
        covering = [s for s in marks if s.start <= start and end <= s.end]
        kinds = tuple(k for k in KINDS if any(s.kind == k for s in covering))
        owners = tuple(dict.fromkeys(o for s in covering for o in s.event_ids))
        pieces.append(Segment(text[start:end], kinds, owners))
    return pieces
