"""The coder: cleaning, parsing, and the ordered per-article stages.

Each stage is a small callable from one `Analysis` to the next and declares what it needs and
what it adds, so the order is checked when the pipeline is built, not when it breaks. The spaCy
model is loaded once per `Coder` and documents are parsed in batches with `nlp.pipe`.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import replace
from itertools import islice
from pathlib import Path
from typing import Protocol

import spacy
from spacy.language import Language

from dyad.geo import Gazetteer
from dyad.inputs import InputItem, parse_date, read_inputs
from dyad.kb import ActorKB
from dyad.lexicon import Lexicon
from dyad.records import (
    Analysis,
    Article,
    CodedArticle,
    Event,
    InputProblem,
    RawDocument,
    Sentence,
)
from dyad.settings import Options
from dyad.stages.attributes import COMPONENT as ATTRIBUTES
from dyad.stages.clean_text import CleanText, clean_one
from dyad.stages.code_events import CodeEvents
from dyad.stages.dates import DateEvents
from dyad.stages.lemmas import COMPONENT as LEMMAS
from dyad.stages.mentions import FindMentions
from dyad.stages.modality import JudgeModality, ModalityCues
from dyad.stages.places import LocateEvents
from dyad.stages.roles import ArgumentRules, AssignRoles
from dyad.stages.segment import COMPONENT as SEGMENT
from dyad.stages.triggers import FindTriggers
from dyad.timex import TimeResolver


class Stage(Protocol):
    needs: tuple[str, ...]
    adds: tuple[str, ...]

    def __call__(self, analysis: Analysis) -> Analysis: ...


class PipelineError(RuntimeError):
    """A stage broke its contract (wrong order, or returned something other than an Analysis)."""


class Pipeline:
    def __init__(self, stages: Sequence[Stage]) -> None:
        available = {"doc"}
        for stage in stages:
            missing = set(stage.needs) - available
            if missing:
                raise PipelineError(f"{type(stage).__name__} needs {sorted(missing)} first")
            available |= set(stage.adds)
        self.stages = tuple(stages)

    def __call__(self, analysis: Analysis) -> Analysis:
        for stage in self.stages:
            result = stage(analysis)
            if not isinstance(result, Analysis):
                raise PipelineError(f"{type(stage).__name__} returned {type(result).__name__}")
            analysis = result
        return analysis


class Coder:
    """Codes articles into events. Build one and reuse it: it holds the loaded model."""

    processes = 1  # one process; dyad.parallel.ParallelCoder spreads the work over several

    def __init__(self, options: Options | None = None, nlp: Language | None = None) -> None:
        self.options = options or Options()
        # every component of the small English model is read: tags, lemmas, parse, entities
        self.nlp = nlp or spacy.load(self.options.model)
        if SEGMENT not in self.nlp.pipe_names:
            self.nlp.add_pipe(SEGMENT, before="parser")
        if "attribute_ruler" in self.nlp.pipe_names:
            # the same attributes, remembered per token kind (see stages/attributes.py)
            self.nlp.add_pipe(ATTRIBUTES, before="attribute_ruler")
            self.nlp.remove_pipe("attribute_ruler")
        kb = ActorKB.load(self.options.actors_file)
        lexicon = Lexicon.bundled()
        if LEMMAS not in self.nlp.pipe_names:
            fixes = {"fixes": dict(lexicon.lemma_fixes)}
            self.nlp.add_pipe(LEMMAS, after="lemmatizer", config=fixes)
        rules = ArgumentRules.bundled()
        cues = ModalityCues.bundled()
        gazetteer = Gazetteer.bundled()
        self.lexicon = lexicon
        self.clean = CleanText(self.options)
        self.pipeline = Pipeline(
            [
                FindMentions(self.nlp, kb),
                FindTriggers(lexicon, cues),
                AssignRoles(kb, lexicon, rules, gazetteer),
                JudgeModality(cues),
                CodeEvents(lexicon, self.options, cues, rules),
                DateEvents(TimeResolver.bundled()),
                LocateEvents(gazetteer),
            ]
        )

    def code_paths(self, paths: Iterable[str]) -> Iterator[CodedArticle | InputProblem]:
        return self.code_documents(read_inputs(paths, self.options))

    def code_documents(
        self, items: Iterable[InputItem], clean: CleanText | None = None
    ) -> Iterator[CodedArticle | InputProblem]:
        """Code every document; bad ones come back as InputProblems, in input order."""
        cleaner = clean or self.clean
        return self.code_articles(
            item if isinstance(item, InputProblem) else clean_one(cleaner, item) for item in items
        )

    def clean_documents(self, items: Iterable[InputItem]) -> Iterator[Article | InputProblem]:
        """Cleaned articles, for callers that decide what to code before parsing (ingest)."""
        return (
            item if isinstance(item, InputProblem) else clean_one(self.clean, item)
            for item in items
        )

    def code_articles(
        self, items: Iterable[Article | InputProblem]
    ) -> Iterator[CodedArticle | InputProblem]:
        """Code cleaned articles in batches; problems pass through in input order."""
        iterator = iter(items)
        while batch := list(islice(iterator, self.options.batch_size)):
            yield from self._code_batch(batch)

    def _code_batch(
        self, cleaned: list[Article | InputProblem]
    ) -> Iterator[CodedArticle | InputProblem]:
        articles = [a for a in cleaned if isinstance(a, Article)]
        docs = iter(self.nlp.pipe(a.text for a in articles))
        for item in cleaned:
            if isinstance(item, InputProblem):
                yield item
                continue
            yield self._code_article(item, next(docs))

    def _code_article(self, article: Article, doc: spacy.tokens.Doc) -> CodedArticle | InputProblem:
        # the doc was parsed from article.text: slicing it is the span's text, without joining
        # the sentence's tokens again
        text = article.text
        sentences = tuple(
            Sentence(i, s.start_char, s.end_char, text[s.start_char : s.end_char].strip())
            for i, s in enumerate(doc.sents)
        )
        try:
            analysis = self.pipeline(Analysis(article=article, doc=doc, sentences=sentences))
        except PipelineError:
            raise
        except Exception as err:  # report the article, keep the batch going
            return InputProblem(article.origin, f"{article.origin}: coding failed: {err!r}")
        warnings: tuple[str, ...] = ()
        if article.published is None:
            warnings = (
                f"{article.origin}: no publication date (give --published or a 'published' "
                "field); event dates left empty",
            )
        return CodedArticle(article, analysis.events, sentences, warnings)

    def extract(self, text_or_path: str | Path, published: str | None = None) -> list[Event]:
        """Events of one text, or of every article under a path. `published` (YYYY-MM-DD)
        dates the articles that carry no date of their own."""
        if isinstance(text_or_path, Path) or _looks_like_path(text_or_path):
            items: Iterable[InputItem] = read_inputs([str(text_or_path)], self.options)
        else:
            items = [RawDocument(origin="<text>", content=str(text_or_path), is_html=False)]
        clean = self.clean
        if published is not None:  # a fallback date, after the page's own metadata
            clean = CleanText(replace(self.options, published=parse_date(published)))
        return [
            event
            for result in self.code_documents(items, clean)
            if isinstance(result, CodedArticle)
            for event in result.events
        ]


def _looks_like_path(value: str) -> bool:
    if "\n" in value or len(value) > 1024:
        return False
    try:
        return Path(value).exists()
    except OSError:  # a sentence is not a valid file name
        return False
