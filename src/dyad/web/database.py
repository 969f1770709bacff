"""The one store the app uses, its lock and a small cache of analysis results."""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Hashable, Iterator, Mapping
from contextlib import contextmanager
from pathlib import Path
from typing import Any, TypeVar

from dyad.lexicon import Lexicon, TypeInfo
from dyad.store.db import Store, open_store

T = TypeVar("T")
CACHE_SIZE = 256


class Database:
    """A writable store shared by every request.

    A DuckDB connection must not be used by two threads at once, and FastAPI runs plain `def`
    endpoints in a thread pool, so every use goes through `locked()`.

    The app's writable connection locks the file against every other process, and the app
    itself writes only corrections, so the events cannot change while it runs: analysis
    results (which read events only) are cached for the lifetime of the app.
    """

    def __init__(self, path: Path) -> None:
        self.store = open_store(path)
        self.types: Mapping[str, TypeInfo] = Lexicon.bundled().types
        self._lock = threading.Lock()
        self._cache: OrderedDict[Hashable, Any] = OrderedDict()

    @contextmanager
    def locked(self) -> Iterator[Store]:
        """The store, for this thread alone until the block ends."""
        with self._lock:
            yield self.store

    def cached(self, key: Hashable, compute: Callable[[Store], T]) -> T:
        """`compute(store)`, remembered under `key` (least recently used entries go first)."""
        with self._lock:
            if key in self._cache:
                self._cache.move_to_end(key)
                found: T = self._cache[key]
                return found
            value = compute(self.store)
            self._cache[key] = value
            if len(self._cache) > CACHE_SIZE:
                self._cache.popitem(last=False)
            return value

    def close(self) -> None:
        """Close the store (at shutdown)."""
        with self._lock:
            self.store.close()
