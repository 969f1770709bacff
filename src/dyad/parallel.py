"""Coding on every core: worker processes that each load the model once and code batches of
cleaned articles, fed a bounded number of batches ahead so memory stays flat on any corpus.

Workers are started with "spawn": a fresh interpreter is safe beside the threads that torch and
DuckDB start in the parent, where "fork" can deadlock.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from itertools import islice
from multiprocessing.pool import AsyncResult
from types import TracebackType
from typing import Any

from dyad.inputs import InputItem
from dyad.records import Article, CodedArticle, InputProblem
from dyad.settings import Options
from dyad.stages.clean_text import CleanText, clean_one

# The coder of a worker process: one per process, built by `_start_worker`. Module state is
# the only way a pool worker keeps a loaded model between tasks; the parent never sets it.
_WORKER: dict[str, object] = {}


def _start_worker(options: Options, ready: Any) -> None:
    from dyad.pipeline import Coder

    _WORKER["coder"] = Coder(options)
    ready.put(True)  # the parent waits for every worker's model, as Coder() waits for its own


def _code_chunk(chunk: list[Article | InputProblem]) -> list[CodedArticle | InputProblem]:
    coder = _WORKER["coder"]
    return list(coder.code_articles(chunk))  # type: ignore[attr-defined]


class ParallelCoder:
    """Codes articles in `processes` worker processes; results come back in input order.
    Use it as a context manager (or call `close`) so the workers stop."""

    def __init__(self, options: Options, processes: int) -> None:
        if processes < 1:
            raise ValueError("--processes must be at least 1")
        self.options = options
        self.processes = processes
        self.clean = CleanText(options)
        context = multiprocessing.get_context("spawn")
        ready = context.SimpleQueue()
        self.pool = context.Pool(processes, initializer=_start_worker, initargs=(options, ready))
        for _ in range(processes):
            ready.get()

    def clean_documents(self, items: Iterable[InputItem]) -> Iterator[Article | InputProblem]:
        return (
            item if isinstance(item, InputProblem) else clean_one(self.clean, item)
            for item in items
        )

    def code_articles(
        self, items: Iterable[Article | InputProblem]
    ) -> Iterator[CodedArticle | InputProblem]:
        """Batches go to the workers at most two per worker ahead of the results read."""
        pending: deque[AsyncResult[list[CodedArticle | InputProblem]]] = deque()
        iterator = iter(items)
        while chunk := list(islice(iterator, self.options.batch_size)):
            pending.append(self.pool.apply_async(_code_chunk, (chunk,)))
            if len(pending) >= 2 * self.processes:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()

    def code_documents(self, items: Iterable[InputItem]) -> Iterator[CodedArticle | InputProblem]:
        return self.code_articles(self.clean_documents(items))

    def close(self) -> None:
        self.pool.close()
        self.pool.join()

    def __enter__(self) -> ParallelCoder:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        value: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        if kind is None:
            self.close()
        else:
            self.pool.terminate()


@contextmanager
def coder_for(options: Options, processes: int) -> Iterator[Any]:
    """A coder on `processes` processes: the plain one-process Coder for 1 (no workers to
    start), a ParallelCoder otherwise; its workers stop when the block ends."""
    if processes <= 1:
        from dyad.pipeline import Coder

        yield Coder(options)
        return
    with ParallelCoder(options, processes) as coder:
        yield coder
