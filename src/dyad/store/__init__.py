"""The event store (DuckDB): articles, sentences, mentions, consolidated events, stories."""

from dyad.store.db import EventQuery, Store, open_store
from dyad.store.schema import StoreError

__all__ = ["EventQuery", "Store", "StoreError", "open_store"]
