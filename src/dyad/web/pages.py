"""The HTML pages. Tables are rendered on the server; charts are drawn in the browser by
plotly.js from the JSON API, and review buttons post to it (static/*.js)."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated, Any
from urllib.parse import urlencode

from fastapi import APIRouter, Depends, HTTPException, Query, Request
from fastapi.responses import HTMLResponse
from fastapi.templating import Jinja2Templates
from starlette.datastructures import QueryParams

from dyad.records import MODALITIES
from dyad.store.db import EventQuery
from dyad.web import highlights, views
from dyad.web.api import Db, Offset
from dyad.web.params import (
    blank,
    event_query,
    parse_dyad,
    parse_freq,
    parse_modalities,
    parse_status,
    scope_query,
)

TEMPLATES = Path(__file__).parent / "templates"
PAGE = 50  # rows per page of a table
REVIEW_PAGE = 25
QUADS = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}

router = APIRouter(include_in_schema=False)


def make_templates() -> Jinja2Templates:
    """The page templates, with the helpers they use."""
    templates = Jinja2Templates(directory=str(TEMPLATES))
    templates.env.filters["side"] = side
    templates.env.filters["review_text"] = review_text
    templates.env.globals["page_link"] = page_link
    templates.env.globals["QUADS"] = QUADS
    return templates


def side(event: Any, role: str) -> str:
    """An event's actors (or recipients) as country codes, or as names when none has a
    country; "—" for nobody."""
    codes: list[str] = getattr(event, f"{role}_countries")
    if codes:
        return ", ".join(codes)
    parties = getattr(event, f"{role}s")
    names = [p.name or p.text for p in parties if p.name or p.text]
    return ", ".join(names) or "—"


def review_text(event: Any) -> str:
    """The latest review of an event in a few words ("unreviewed", "right", "changed: …")."""
    verdict = event.review_verdict
    if verdict is None:
        return "unreviewed"
    if verdict != "changed":
        return str(verdict)
    changes = [
        value
        for value in (event.review_event_type, event.review_mode, event.review_modality)
        if value
    ]
    for role in ("actor", "recipient"):
        codes = getattr(event, f"review_{role}_countries")
        if codes:
            changes.append(f"{role}s {', '.join(codes)}")
    return "changed: " + " · ".join(changes)


def page_link(params: QueryParams, offset: int) -> str:
    """The current URL's query with another offset."""
    kept = [(k, v) for k, v in params.multi_items() if k != "offset" and v != ""]
    return "?" + urlencode([*kept, ("offset", str(max(offset, 0)))])


def render(
    request: Request, name: str, context: dict[str, Any], status_code: int = 200
) -> HTMLResponse:
    """A page: `context` plus what every page needs (the ontology for selects, whether
    review is enabled, the query for refilling forms)."""
    db = request.app.state.db
    base = {
        "root": request.scope.get("root_path", ""),
        "readonly": not request.app.state.token,
        "types": list(db.types),
        "modes": {name: list(info.modes) for name, info in db.types.items()},
        "modalities": list(MODALITIES),
        "params": request.query_params,
    }
    templates: Jinja2Templates = request.app.state.templates
    response: HTMLResponse = templates.TemplateResponse(
        request, name, {**base, **context}, status_code=status_code
    )
    return response


@router.get("/", response_class=HTMLResponse)
def timeline(
    request: Request,
    db: Db,
    query: Annotated[EventQuery, Depends(event_query)],
    freq: str | None = None,
    offset: Offset = 0,
) -> HTMLResponse:
    """Events over time by quad class, and the table of the events the filters keep."""
    parse_freq(freq)
    page = views.events(db, query, PAGE, offset)
    return render(request, "timeline.html", {"nav": "timeline", "page": page})


@router.get("/dyads", response_class=HTMLResponse)
def dyads(
    request: Request,
    db: Db,
    dyad: str | None = None,
    freq: str | None = None,
    modality: str | None = None,
) -> HTMLResponse:
    """One dyad over time (the busiest one unless asked), and the busiest dyads."""
    parse_freq(freq)
    top = views.top_dyads(db, EventQuery(), 20, parse_modalities(modality))
    spec = blank(dyad)
    if spec is None and top.dyads:
        spec = f"{top.dyads[0].actor}>{top.dyads[0].recipient}"
    error = None
    try:
        parse_dyad(spec)
    except HTTPException as err:
        error = str(err.detail)
    context = {"nav": "dyads", "top": top, "dyad": spec or "", "error": error}
    return render(request, "dyads.html", context, 400 if error else 200)


@router.get("/network", response_class=HTMLResponse)
def network(request: Request, scope: Annotated[EventQuery, Depends(scope_query)]) -> HTMLResponse:
    """The actor network. The filters are only checked here (a bad date is a 400 page); the
    chart's script reads them from the form."""
    return render(request, "network.html", {"nav": "network"})


@router.get("/stories", response_class=HTMLResponse)
def stories(request: Request, db: Db, offset: Offset = 0) -> HTMLResponse:
    """Stories, the most recent first."""
    page = views.stories(db, PAGE, offset)
    return render(request, "stories.html", {"nav": "stories", "page": page})


@router.get("/stories/{story_id}", response_class=HTMLResponse)
def story(request: Request, db: Db, story_id: str) -> HTMLResponse:
    """A story's outlets and consolidated events."""
    found = views.story(db, story_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no story {story_id!r}")
    return render(request, "story.html", {"nav": "stories", "detail": found})


@router.get("/articles/{article_id}", response_class=HTMLResponse)
def article(request: Request, db: Db, article_id: str) -> HTMLResponse:
    """An article with its coded events highlighted, their provenance and review."""
    found = views.article(db, article_id)
    if found is None:
        raise HTTPException(status_code=404, detail=f"no article {article_id!r}")
    marks = [
        highlights.Span(h.start, h.end, h.kind, h.text, tuple(h.event_ids))
        for h in found.highlights
    ]
    pieces = highlights.segments(found.text, marks)
    context = {"nav": "", "article": found, "segments": pieces, "kinds": highlights.KINDS}
    return render(request, "article.html", context)


@router.get("/review", response_class=HTMLResponse)
def review(
    request: Request,
    db: Db,
    scope: Annotated[EventQuery, Depends(scope_query)],
    status: Annotated[str | None, Query()] = None,
    offset: Offset = 0,
) -> HTMLResponse:
    """Events to review: unreviewed first, then the least confident."""
    page = views.events(db, scope, REVIEW_PAGE, offset, "review", parse_status(status))
    return render(request, "review.html", {"nav": "review", "page": page})


@router.get("/docs", response_class=HTMLResponse)
def docs(request: Request) -> HTMLResponse:
    """The API's endpoints and parameters, from its OpenAPI description (served locally:
    the usual Swagger page loads its scripts from a CDN)."""
    schema = request.app.openapi()
    return render(request, "docs.html", {"nav": "docs", "paths": schema["paths"]})
