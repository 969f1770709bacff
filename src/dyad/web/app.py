"""The web app: the JSON API, the pages and their static files, over one store.

    dyad.web.serve(Path("dyad.duckdb"), token=os.environ.get("DYAD_TOKEN"))

Everything the browser loads comes from the app itself (plotly.js from the installed plotly
package), so it works without internet access.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable
from contextlib import asynccontextmanager
from importlib import resources
from pathlib import Path

import uvicorn
from fastapi import FastAPI, Request, Response
from fastapi.exception_handlers import http_exception_handler
from fastapi.responses import FileResponse
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException as StarletteHTTPException

from dyad.web import api, pages
from dyad.web.database import Database

STATIC = Path(__file__).parent / "static"
# Plotly injects its own <style> elements and style attributes, hence 'unsafe-inline' for
# styles only; no script runs unless it is a file the app serves.
SECURITY_HEADERS = {
    "Content-Security-Policy": (
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; "
        "img-src 'self' data: blob:; connect-src 'self'; frame-ancestors 'none'; "
        "base-uri 'none'; form-action 'self'"
    ),
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "same-origin",
}


def plotly_js_path() -> Path:
    """plotly.min.js as the installed plotly package bundles it."""
    return Path(str(resources.files("plotly") / "package_data" / "plotly.min.js"))


def create_app(db: Path, token: str | None = None) -> FastAPI:
    """The app over the store `db`. Corrections can be posted only with `token` (sent as
    `Authorization: Bearer <token>`); without one the review is read-only."""

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.db = Database(db)
        try:
            yield
        finally:
            app.state.db.close()

    app = FastAPI(
        title="dyad",
        summary="Political event data (PLOVER) coded from news: events, dyads, stories, review.",
        version="0.1.0",
        lifespan=lifespan,
        docs_url=None,  # /docs is a local page (pages.docs): Swagger UI would need a CDN
        redoc_url=None,
    )
    app.state.token = token or None
    app.state.templates = pages.make_templates()
    app.include_router(api.router)
    app.include_router(pages.router)
    plotly_js = plotly_js_path()

    @app.get("/static/plotly.min.js", include_in_schema=False)
    def plotly() -> FileResponse:
        return FileResponse(plotly_js, media_type="text/javascript", headers=_CACHED)

    app.mount("/static", StaticFiles(directory=STATIC), name="static")
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.middleware("http")(_security_headers)
    return app


_CACHED = {"Cache-Control": "public, max-age=86400"}


async def _http_error(request: Request, exc: Exception) -> Response:
    """JSON errors for the API (and anything not a page), an HTML page for the pages."""
    assert isinstance(exc, StarletteHTTPException)
    path = request.url.path
    if path.startswith(("/api/", "/static/")) or path == "/openapi.json":
        return await http_exception_handler(request, exc)
    context = {"nav": "", "status": exc.status_code, "detail": exc.detail}
    return pages.render(request, "error.html", context, exc.status_code)


async def _security_headers(
    request: Request, call_next: Callable[[Request], Awaitable[Response]]
) -> Response:
    response = await call_next(request)
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    return response


def serve(db: Path, host: str = "127.0.0.1", port: int = 8000, token: str | None = None) -> None:
    """Run the app with uvicorn until interrupted (one process: it holds the store open)."""
    uvicorn.run(create_app(db, token), host=host, port=port)
