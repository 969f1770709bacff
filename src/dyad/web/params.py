"""Query parameters of the API and the pages, read by hand so that a bad value is a 400 that
names the parameter (FastAPI's own typed parameters would answer 422 with a generic message).

Empty strings count as "not given": an HTML form submits every field, filled or not.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Collection
from datetime import date
from typing import Annotated, Literal, cast

from fastapi import Depends, HTTPException, Query, Request

from dyad.analysis import Dyad
from dyad.records import MODALITIES
from dyad.store.db import EventQuery
from dyad.store.review import COUNTRY_CODE

Freq = Literal["day", "week", "month"]
By = Literal["type", "quad_class"]
Role = Literal["actor", "recipient", "any"]
Status = Literal["reviewed", "unreviewed"]
Order = Literal["date", "review"]

FREQS: tuple[Freq, ...] = ("day", "week", "month")
BYS: tuple[By, ...] = ("type", "quad_class")
ROLES: tuple[Role, ...] = ("actor", "recipient", "any")
STATUSES: tuple[Status, ...] = ("reviewed", "unreviewed")
ORDERS: tuple[Order, ...] = ("date", "review")
DEFAULT_MODALITIES = ("asserted",)


def bad(param: str, why: str) -> HTTPException:
    """A 400 whose message starts with the parameter's name."""
    return HTTPException(status_code=400, detail=f"{param}: {why}")


def blank(value: str | None) -> str | None:
    """The stripped value, or None when it is missing or empty."""
    if value is None:
        return None
    stripped = value.strip()
    return stripped or None


def parse_day(param: str, value: str | None) -> date | None:
    """A YYYY-MM-DD date, or None."""
    text = blank(value)
    if text is None:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise bad(param, f"not a date: {text!r} (write YYYY-MM-DD)") from None


def parse_code(param: str, value: str | None) -> str | None:
    """A three-letter country (or PLOVER actor) code, upper-cased."""
    text = blank(value)
    if text is None:
        return None
    code = text.upper()
    if not COUNTRY_CODE.match(code):
        raise bad(param, f"not a country code: {text!r} (three letters, e.g. USA)")
    return code


def parse_choice(param: str, value: str | None, choices: Collection[str]) -> str | None:
    """One of `choices`, or None."""
    text = blank(value)
    if text is None:
        return None
    if text not in choices:
        raise bad(param, f"{text!r} is not one of {', '.join(sorted(choices))}")
    return text


def parse_modalities(value: str | None) -> tuple[str, ...]:
    """A comma-separated list of modalities, "all" for every one; asserted when not given
    (the analysis default: negated or hypothetical events did not happen)."""
    text = blank(value)
    if text is None:
        return DEFAULT_MODALITIES
    if text == "all":
        return tuple(MODALITIES)
    chosen = tuple(dict.fromkeys(m.strip() for m in text.split(",") if m.strip()))
    unknown = [m for m in chosen if m not in MODALITIES]
    if unknown or not chosen:
        raise bad("modality", f"{text!r}: use all or some of {', '.join(MODALITIES)}")
    return chosen


def parse_dyad(value: str | None) -> Dyad | None:
    """A dyad spec such as RUS>USA, RUS-USA or USA>UKR:AID,AGREE, or None."""
    text = blank(value)
    if text is None:
        return None
    try:
        return Dyad.parse(text)
    except ValueError as err:
        raise bad("dyad", str(err)) from None


def parse_freq(value: str | None) -> Freq:
    """day, week or month (the default)."""
    return cast(Freq, parse_choice("freq", value, FREQS) or "month")


def parse_by(value: str | None) -> By | None:
    """type, quad_class or None (one series)."""
    return cast("By | None", parse_choice("by", value, BYS))


def parse_role(value: str | None) -> Role:
    """actor (the default), recipient or any."""
    return cast(Role, parse_choice("role", value, ROLES) or "actor")


def parse_status(value: str | None) -> Status | None:
    """reviewed, unreviewed or None (both)."""
    return cast("Status | None", parse_choice("status", value, STATUSES))


def parse_order(value: str | None) -> Order:
    """date (the default) or review (unreviewed first, then the least confident)."""
    return cast(Order, parse_choice("order", value, ORDERS) or "date")


def event_types(request: Request) -> Collection[str]:
    """The PLOVER event types the app was started with."""
    types: Collection[str] = request.app.state.db.types
    return types


def scope_query(
    request: Request,
    since: Annotated[str | None, Query(description="first day, YYYY-MM-DD")] = None,
    until: Annotated[str | None, Query(description="last day, YYYY-MM-DD")] = None,
    actor: Annotated[str | None, Query(description="a country among the actors")] = None,
    recipient: Annotated[str | None, Query(description="a country among the recipients")] = None,
    event_type: Annotated[str | None, Query(alias="type", description="PLOVER type")] = None,
    story: Annotated[str | None, Query(description="a story id")] = None,
) -> EventQuery:
    """The filters every event view shares (no modality: views choose theirs)."""
    kind = blank(event_type)
    if kind is not None and kind not in event_types(request):
        raise bad("type", f"unknown PLOVER event type {kind!r}")
    return EventQuery(
        since=parse_day("since", since),
        until=parse_day("until", until),
        actor=parse_code("actor", actor),
        recipient=parse_code("recipient", recipient),
        event_type=kind,
        story_id=blank(story),
    )


def event_query(
    scope: Annotated[EventQuery, Depends(scope_query)],
    modality: Annotated[str | None, Query(description="one modality")] = None,
) -> EventQuery:
    """`scope_query` plus one modality (asserted, negated, hypothetical or planned)."""
    return dataclasses.replace(scope, modality=parse_choice("modality", modality, MODALITIES))
