from __future__ import annotations

from dataclasses import replace

import pytest

from dyad import CodedArticle, Coder, InputProblem
from dyad.pipeline import Pipeline, PipelineError
from dyad.records import Analysis, RawDocument
from dyad.stages.code_events import CodeEvents
from dyad.stages.segment import COMPONENT


class NeedsNothing:
    needs: tuple[str, ...] = ("doc",)
    adds: tuple[str, ...] = ("mentions",)

    def __call__(self, analysis: Analysis) -> Analysis:
        return analysis


class ReturnsNone(NeedsNothing):
    def __call__(self, analysis: Analysis) -> Analysis:
        return None  # type: ignore[return-value]


class Explodes(NeedsNothing):
    def __call__(self, analysis: Analysis) -> Analysis:
        if "boom" in analysis.article.text:
            raise RuntimeError("kaboom")
        return analysis


def test_stages_are_checked_for_order_when_the_pipeline_is_built(coder: Coder) -> None:
    with pytest.raises(PipelineError, match="CodeEvents needs"):
        Pipeline([CodeEvents(coder.lexicon, coder.options)])


def test_a_stage_that_breaks_its_contract_is_named(coder: Coder) -> None:
    pipeline = Pipeline([ReturnsNone()])
    doc = coder.nlp("Iran condemned Israel.")
    analysis = Analysis(
        article=coder.clean(RawDocument("x", doc.text, False)), doc=doc, sentences=()
    )  # type: ignore[arg-type]
    with pytest.raises(PipelineError, match="ReturnsNone returned NoneType"):
        pipeline(analysis)


def test_one_failing_article_does_not_stop_the_batch(coder: Coder) -> None:
    broken = Coder(coder.options, nlp=coder.nlp)
    broken.pipeline = Pipeline([Explodes(), *coder.pipeline.stages[1:]])
    # the first stage is replaced, so mentions are missing: events still need a clean run
    documents = [
        RawDocument("a", "Iran condemned Israel on Monday.", False, id="a"),
        RawDocument("b", "The boom was heard in the capital.", False, id="b"),
        RawDocument("c", "Russia attacked Ukraine on Tuesday.", False, id="c"),
    ]
    results = list(broken.code_documents(documents))
    assert [type(r) for r in results] == [CodedArticle, InputProblem, CodedArticle]
    problem = results[1]
    assert isinstance(problem, InputProblem) and "coding failed" in problem.message


def test_the_model_is_loaded_once_and_segments_paragraphs(coder: Coder) -> None:
    assert coder.nlp.pipe_names.index(COMPONENT) < coder.nlp.pipe_names.index("parser")
    events = coder.extract("Talks on trade\n\nChina and India held talks in Delhi on Monday.")
    assert [e.sentence for e in events] == ["China and India held talks in Delhi on Monday."]
    again = Coder(replace(coder.options), nlp=coder.nlp)
    assert again.nlp is coder.nlp  # a coder can share a loaded model
