"""A local web app over a dyad store: a JSON API, charts of events over time, dyads, the
actor network, stories, articles with their coded events highlighted, and human review.

    from dyad.web import serve
    serve(Path("dyad.duckdb"), token="a secret")   # or: python -m dyad.web --db dyad.duckdb
"""

from dyad.web.app import create_app, serve

__all__ = ["create_app", "serve"]
