"""Dyads: who acts on whom. A `Dyad` names a pair of countries (or one country and anyone), and
`select` finds its events in a frame shaped like the store's `events` table.

Reciprocal events — a meeting, a joint statement, an agreement signed together — have several
actors and no recipient. For them the direction is meaningless, so a dyad A>B also matches an
event with no recipients whose actors include both A and B.
"""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from typing import Literal

import polars as pl

_CODE = re.compile(r"[A-Z]{3}")
_TYPE = re.compile(r"[A-Z]+(?:_[A-Z]+)*")
_HELP = "write it like USA>UKR, USA>UKR:AID,AGREE, RUS-USA, RUS or RUS>*"

ANY = "*"


@dataclass(frozen=True, slots=True)
class Dyad:
    """An actor country, an optional recipient country and optional PLOVER event types.

    `directed=False` matches both directions. A missing recipient means "with anyone": the
    actor must then be among the event's actors, or with `directed=False` among either side.
    Codes are three capital letters: ISO alpha-3 countries and PLOVER codes such as IGO,
    UNO, EUR and NGO.
    """

    actor: str
    recipient: str | None
    directed: bool = True
    types: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        """Check the codes however the dyad was made, so a bad one never reaches a query."""
        for code in (self.actor, self.recipient):
            if code is not None and not _CODE.fullmatch(code):
                raise ValueError(f"bad country code {code!r}: use three capital letters (USA, UNO)")
        for kind in self.types:
            if not _TYPE.fullmatch(kind):
                raise ValueError(f"bad event type {kind!r}: use PLOVER names such as AID or AGREE")

    @classmethod
    def parse(cls, text: str) -> Dyad:
        """Read "USA>UKR", "USA>UKR:AID,AGREE", "RUS-USA" (either direction), "RUS" or "RUS>*"
        (RUS acting on anyone) and "RUS-*" (RUS on either side). Raises ValueError."""
        spec = text.strip()
        head, colon, tail = spec.partition(":")
        types = _types(tail, text) if colon else ()
        separators = [c for c in head if c in ">-"]
        if len(separators) > 1:
            raise ValueError(f"bad dyad {text!r}: one '>' or '-' at most; {_HELP}")
        if not separators:
            return cls(_code(head, text), None, True, types)
        left, right = head.split(separators[0])
        recipient = None if right.strip() == ANY else _code(right, text)
        return cls(_code(left, text), recipient, separators[0] == ">", types)

    def __str__(self) -> str:
        """The spec `parse` reads back, e.g. "USA>UKR:AID,AGREE"."""
        text = self.actor + (">" if self.directed else "-") + (self.recipient or ANY)
        if self.directed and self.recipient is None:
            text = self.actor
        return text + (":" + ",".join(self.types) if self.types else "")


def _code(part: str, text: str) -> str:
    """One side of a spec as a country code; `text` is the whole spec, for the message."""
    code = part.strip()
    if code == ANY:
        raise ValueError(f"bad dyad {text!r}: '*' may stand only for the recipient (RUS>*)")
    if not _CODE.fullmatch(code):
        raise ValueError(f"bad dyad {text!r}: {code!r} is not a three-letter code; {_HELP}")
    return code


def _types(tail: str, text: str) -> tuple[str, ...]:
    """The event types after ':' (duplicates dropped, order kept)."""
    types = [t.strip() for t in tail.split(",")]
    if not all(types):
        raise ValueError(f"bad dyad {text!r}: list event types after ':' as AID,AGREE")
    for kind in types:
        if not _TYPE.fullmatch(kind):
            raise ValueError(f"bad dyad {text!r}: {kind!r} is not a PLOVER type such as AID")
    return tuple(dict.fromkeys(types))


def of_modalities(events: pl.DataFrame, modalities: Collection[str]) -> pl.DataFrame:
    """The events whose modality is one of `modalities` (a bare string counts as one)."""
    chosen = [modalities] if isinstance(modalities, str) else list(modalities)
    return events.filter(pl.col("modality").is_in(chosen))


def no_recipients() -> pl.Expr:
    """True for reciprocal events: no recipient at all (a recipient without a country still
    counts as a recipient, so "Russia and Iran attacked rebels" is not a Russia–Iran event)."""
    return pl.col("recipients").list.len().fill_null(0) == 0


def _directed(actor: str, recipient: str) -> pl.Expr:
    """Events of actor acting on recipient, counting reciprocal events of the two."""
    acts = pl.col("actor_countries").list.contains(actor)
    onto = pl.col("recipient_countries").list.contains(recipient)
    if actor == recipient:  # a domestic dyad (USA>USA) needs the country on both sides
        return acts & onto
    together = no_recipients() & pl.col("actor_countries").list.contains(recipient)
    return acts & (onto | together)


def matches(dyad: Dyad) -> pl.Expr:
    """A boolean expression: does an event (a row of `events`) belong to the dyad?"""
    if dyad.recipient is None:
        acts = pl.col("actor_countries").list.contains(dyad.actor)
        either = acts | pl.col("recipient_countries").list.contains(dyad.actor)
        found = acts if dyad.directed else either
    elif dyad.directed:
        found = _directed(dyad.actor, dyad.recipient)
    else:
        found = _directed(dyad.actor, dyad.recipient) | _directed(dyad.recipient, dyad.actor)
    if dyad.types:
        found = found & pl.col("event_type").is_in(list(dyad.types))
    return found


def select(
    events: pl.DataFrame, dyad: Dyad, modalities: Collection[str] = ("asserted",)
) -> pl.DataFrame:
    """The events of `dyad` with one of the given modalities, in their original order.

    By default only asserted events count: negated, hypothetical and planned ones did not
    (yet) happen, and counting them would inflate every series.
    """
    return of_modalities(events, modalities).filter(matches(dyad))


def chosen(events: pl.DataFrame, dyad: Dyad | None, modalities: Collection[str]) -> pl.DataFrame:
    """`select` when a dyad is given, otherwise every event of the given modalities."""
    return of_modalities(events, modalities) if dyad is None else select(events, dyad, modalities)


def pairs(events: pl.DataFrame, reciprocal: Literal["once", "both"] = "once") -> pl.DataFrame:
    """One row per (event, actor country, recipient country), for counting dyads.

    Events with recipients give every actor country × recipient country pair, except a
    country paired with itself (domestic events are not country-to-country interactions).
    Reciprocal events give every unordered pair of their actor countries: once, with
    actor < recipient alphabetically, or (`reciprocal="both"`) once in each direction.
    Columns: row (the event's position in `events`), actor, recipient, quad_class, intensity.
    """
    mutual = no_recipients()
    others = pl.when(mutual).then("actor_countries").otherwise("recipient_countries")
    listed = events.with_row_index("row").select(
        "row", "quad_class", "intensity", mutual=mutual, actor="actor_countries", recipient=others
    )
    apart = pl.col("actor") != pl.col("recipient")
    ordered = pl.col("actor") < pl.col("recipient") if reciprocal == "once" else apart
    found = listed.explode("actor").explode("recipient").drop_nulls(["actor", "recipient"])
    found = found.filter(pl.when("mutual").then(ordered).otherwise(apart))
    columns = ["row", "actor", "recipient", "quad_class", "intensity"]
    return found.select(columns).unique(maintain_order=True)
