"""dyad: political event data from news — who did what to whom, coded in PLOVER.

    >>> import dyad
    >>> events = dyad.extract("Putin praised Trump on Friday.", published="2025-10-17")

For many texts build one `Coder` and reuse it: it holds the loaded spaCy model.
"""

from __future__ import annotations

import typing
from pathlib import Path

from dyad.records import Article, CodedArticle, Entity, Event, InputProblem, Location, Span
from dyad.settings import Options
from dyad.store import EventQuery, Store, StoreError, open_store

__all__ = [
    "Article",
    "CodedArticle",
    "Coder",
    "Entity",
    "Event",
    "EventQuery",
    "InputProblem",
    "Location",
    "Options",
    "Span",
    "Store",
    "StoreError",
    "extract",
    "open_store",
]

__version__ = "0.1.0"

if typing.TYPE_CHECKING:
    from dyad.pipeline import Coder


def __getattr__(name: str) -> object:
    # The coder pulls in spaCy (seconds to import); commands that only read the store don't.
    if name == "Coder":
        from dyad.pipeline import Coder

        return Coder
    raise AttributeError(f"module 'dyad' has no attribute {name!r}")


def extract(
    text_or_path: str | Path, published: str | None = None, *, coder: Coder | None = None
) -> list[Event]:
    """Code a text (or every article under a path) into events.

    `published` (YYYY-MM-DD) is the publication date when the input has none. Pass `coder` to
    reuse a loaded model across calls; otherwise one is built for this call.
    """
    from dyad.pipeline import Coder

    return (coder or Coder()).extract(text_or_path, published=published)
