"""The JSON API under /api/.

Every list is paginated (limit/offset) and every filter runs in SQL, so an answer stays fast
on a store of millions of events. Writing (POST /api/corrections) needs the server's token.
"""

from __future__ import annotations

import hmac
import json
from typing import Annotated

from fastapi import APIRouter, Depends, Header, HTTPException, Query, Request, Response
from fastapi.responses import PlainTextResponse

from dyad.store.db import EventQuery
from dyad.store.review import ReviewError
from dyad.web import models as m
from dyad.web import views
from dyad.web.database import Database
from dyad.web.params import (
    event_query,
    parse_by,
    parse_choice,
    parse_dyad,
    parse_freq,
    parse_modalities,
    parse_order,
    parse_role,
    parse_status,
    scope_query,
)

READ_ONLY = "review is read-only: start the server with DYAD_TOKEN set"
router = APIRouter(prefix="/api", tags=["api"])

Limit = Annotated[int, Query(ge=1, le=1000, description="rows per page")]
Offset = Annotated[int, Query(ge=0, description="rows to skip")]
Top = Annotated[int, Query(ge=0, le=1000, description="how many to list")]
Scope = Annotated[EventQuery, Depends(scope_query)]
Modalities = Annotated[
    str | None,
    Query(description="comma-separated modalities, or all (default: asserted)"),
]
DyadSpec = Annotated[str | None, Query(description="e.g. RUS>USA, RUS-USA, USA>UKR:AID")]
FreqName = Annotated[str | None, Query(description="day, week or month (default)")]


def database(request: Request) -> Database:
    """The app's store."""
    db: Database = request.app.state.db
    return db


Db = Annotated[Database, Depends(database)]


def require_token(request: Request, authorization: Annotated[str | None, Header()] = None) -> None:
    """Let a request write only with `Authorization: Bearer <the server's token>`; without a
    configured token nobody may (403)."""
    token: str | None = request.app.state.token
    if not token:
        raise HTTPException(status_code=403, detail=READ_ONLY)
    scheme, _, given = (authorization or "").partition(" ")
    # compare_digest takes as long for a wrong first byte as for a wrong last one
    if scheme.lower() != "bearer" or not hmac.compare_digest(
        given.strip().encode("utf-8"), token.encode("utf-8")
    ):
        raise HTTPException(
            status_code=401,
            detail="send the review token as 'Authorization: Bearer <token>'",
            headers={"WWW-Authenticate": "Bearer"},
        )


@router.get("/events", response_model=m.EventPage)
def list_events(
    db: Db,
    query: Annotated[EventQuery, Depends(event_query)],
    limit: Limit = 100,
    offset: Offset = 0,
    order: Annotated[str | None, Query(description="date (default) or review")] = None,
    status: Annotated[str | None, Query(description="reviewed or unreviewed")] = None,
) -> m.EventPage:
    """Consolidated events with their latest correction (`review_*` fields). Order "review"
    puts unreviewed events first, then the least confident."""
    return views.events(db, query, limit, offset, parse_order(order), parse_status(status))


@router.get("/series", response_model=m.Series)
def series(
    db: Db,
    scope: Scope,
    dyad: DyadSpec = None,
    freq: FreqName = None,
    by: Annotated[str | None, Query(description="type or quad_class")] = None,
    modality: Modalities = None,
) -> m.Series:
    """Events per period (of a dyad, or of every event the filters keep)."""
    return views.series(
        db, scope, parse_dyad(dyad), parse_freq(freq), parse_by(by), parse_modalities(modality)
    )


@router.get("/cooperation", response_model=m.Cooperation)
def cooperation(
    db: Db, scope: Scope, dyad: DyadSpec = None, freq: FreqName = None, modality: Modalities = None
) -> m.Cooperation:
    """Cooperation against conflict per period, and their index."""
    return views.cooperation(
        db, scope, parse_dyad(dyad), parse_freq(freq), parse_modalities(modality)
    )


@router.get("/top-actors", response_model=m.TopActors)
def top_actors(
    db: Db,
    scope: Scope,
    n: Top = 10,
    role: Annotated[str | None, Query(description="actor (default), recipient or any")] = None,
    modality: Modalities = None,
) -> m.TopActors:
    """The most active countries."""
    return views.top_actors(db, scope, n, parse_role(role), parse_modalities(modality))


@router.get("/top-dyads", response_model=m.TopDyads)
def top_dyads(db: Db, scope: Scope, n: Top = 10, modality: Modalities = None) -> m.TopDyads:
    """The country pairs with the most events."""
    return views.top_dyads(db, scope, n, parse_modalities(modality))


@router.get("/network", response_model=m.Network)
def network(
    db: Db,
    scope: Scope,
    min_count: Annotated[int, Query(ge=1, description="fewest events to show")] = 1,
    modality: Modalities = None,
) -> m.Network:
    """Countries and who acts on whom, with x/y positions for drawing."""
    return views.network(db, scope, min_count, parse_modalities(modality))


@router.get("/stories", response_model=m.StoryPage)
def stories(db: Db, limit: Limit = 100, offset: Offset = 0) -> m.StoryPage:
    """Stories, the most recent first."""
    return views.stories(db, limit, offset)


@router.get("/stories/{story_id}", response_model=m.StoryDetail)
def story(db: Db, story_id: str, limit: Limit = 500) -> m.StoryDetail:
    """A story, its outlets and its consolidated events."""
    found = views.story(db, story_id, limit)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no story {story_id!r}")
    return found


@router.get("/articles/{article_id}", response_model=m.Article)
def article(db: Db, article_id: str) -> m.Article:
    """An article's text, sentences, highlights and events with their provenance."""
    found = views.article(db, article_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id!r}")
    return found


@router.get("/corrections", response_model=m.CorrectionPage)
def corrections(db: Db, limit: Limit = 100, offset: Offset = 0) -> m.CorrectionPage:
    """Every correction, newest first."""
    return views.corrections(db, limit, offset)


@router.post(
    "/corrections",
    response_model=m.Correction,
    status_code=201,
    dependencies=[Depends(require_token)],
    responses={401: {"description": "no or wrong token"}, 403: {"description": READ_ONLY}},
)
def add_correction(db: Db, body: m.CorrectionIn) -> m.Correction:
    """Store a reviewer's verdict on an event (right, wrong, or changed with new values)."""
    try:
        stored = views.correct(db, body)
    except ReviewError as err:
        raise HTTPException(status_code=422, detail=str(err)) from None
    if stored is None:
        raise HTTPException(status_code=404, detail=f"no event {body.event_id!r}")
    return stored


@router.get(
    "/corrections/export",
    response_class=PlainTextResponse,
    responses={200: {"content": {"application/x-ndjson": {}}}},
)
def export_corrections(
    db: Db, format: Annotated[str, Query(description="gold: records `dyad eval` reads")] = "gold"
) -> Response:
    """The corrections as JSON lines: one gold record (a reviewed sentence) per line."""
    parse_choice("format", format, ("gold",))
    lines = [json.dumps(record, ensure_ascii=False) + "\n" for record in views.gold(db)]
    return Response(
        "".join(lines),
        media_type="application/x-ndjson",
        headers={"Content-Disposition": 'attachment; filename="dyad-gold.jsonl"'},
    )
