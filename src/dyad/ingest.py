"""`dyad ingest`: code articles into the store, batch by batch, each batch atomic.

Articles whose id and text are already stored are skipped before parsing (re-ingesting is
cheap and changes nothing); an id whose text changed is re-coded and its rows replaced. Stories
and consolidated events are rebuilt once the batches are in, for the articles not yet placed —
so an ingest killed at any point resumes where it stopped, with nothing lost or doubled.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import UTC, datetime
from itertools import islice
from typing import Protocol

from dyad.inputs import InputItem, read_inputs
from dyad.records import Article, CodedArticle, InputProblem
from dyad.settings import Options
from dyad.store.consolidate import refresh_stories
from dyad.store.db import Store
from dyad.store.rows import article_hash, build_batch
from dyad.stories import Fingerprinter, StoryOptions


@dataclass(frozen=True, slots=True)
class IngestReport:
    """What one ingest did."""

    articles_coded: int
    articles_unchanged: int
    events: int
    problems: int
    placed_in_stories: int


@dataclass(frozen=True, slots=True)
class Progress:
    """Called after every stored batch and every skipped article, then (once all are stored)
    after every chunk of articles placed in stories."""

    done: int
    coded: int
    unchanged: int
    placed: int = 0
    to_place: int = 0


class ArticleCoder(Protocol):
    """What ingest needs of a coder: the one-process `Coder` or the many-process one."""

    options: Options
    processes: int

    def clean_documents(self, items: Iterable[InputItem]) -> Iterator[Article | InputProblem]: ...

    def code_articles(
        self, items: Iterable[Article | InputProblem]
    ) -> Iterator[CodedArticle | InputProblem]: ...


class Ingester:
    """Codes input into a store; reuse it across calls to keep the models loaded."""

    def __init__(
        self,
        coder: ArticleCoder,
        stories: StoryOptions,
        fingerprinter: Fingerprinter | None = None,
    ) -> None:
        self.coder = coder
        self.stories = stories
        self.fingerprint = fingerprinter or Fingerprinter(stories)

    def ingest(
        self,
        store: Store,
        paths: Iterable[str],
        on_problem: Callable[[InputProblem], None],
        on_progress: Callable[[Progress], None] | None = None,
    ) -> IngestReport:
        coded = unchanged = events = problems = 0
        cleaned = self.coder.clean_documents(read_inputs(paths, self.coder.options))
        # a chunk is one atomic write; with several processes it keeps every worker busy
        size = self.coder.options.batch_size * self.coder.processes * 2
        for chunk in _chunks(cleaned, size):
            fresh, skipped = self._fresh(store, chunk, on_problem)
            problems += len(chunk) - len(fresh) - skipped
            unchanged += skipped
            results = list(self.coder.code_articles(fresh))
            done = [r for r in results if isinstance(r, CodedArticle)]
            for c in done:
                for warning in c.warnings:
                    on_problem(InputProblem(c.article.origin, f"warning: {warning}"))
            for problem in (r for r in results if isinstance(r, InputProblem)):
                problems += 1
                on_problem(problem)
            if done:
                fingerprints = self.fingerprint([c.article for c in done])
                store.write(build_batch(done, fingerprints, datetime.now(UTC)))
            coded += len(done)
            events += sum(len(c.events) for c in done)
            if on_progress:
                on_progress(Progress(coded + unchanged + problems, coded, unchanged))
        progress = Progress(coded + unchanged + problems, coded, unchanged)

        def on_placed(placed: int, pending: int) -> None:
            if on_progress:
                on_progress(replace(progress, placed=placed, to_place=pending))

        placed = refresh_stories(store, self.stories, on_placed)
        return IngestReport(coded, unchanged, events, problems, placed)

    def _fresh(
        self,
        store: Store,
        chunk: list[Article | InputProblem],
        on_problem: Callable[[InputProblem], None],
    ) -> tuple[list[Article], int]:
        """The articles of a chunk that need coding (the last version of each id), and how
        many were already stored unchanged."""
        latest: dict[str, Article] = {}
        for item in chunk:
            if isinstance(item, InputProblem):
                on_problem(item)
            else:
                latest.pop(item.id, None)  # a later copy of the same id wins
                latest[item.id] = item
        stored = store.stored_hashes(latest)
        fresh = [a for a in latest.values() if stored.get(a.id) != article_hash(a)]
        articles = sum(1 for item in chunk if isinstance(item, Article))
        return fresh, articles - len(fresh)


def _chunks(
    items: Iterable[Article | InputProblem], size: int
) -> Iterator[list[Article | InputProblem]]:
    iterator = iter(items)
    while chunk := list(islice(iterator, size)):
        yield chunk
