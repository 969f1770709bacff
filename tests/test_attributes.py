"""The remembered attribute ruler gives exactly the model's own attribute ruler's tokens."""

from __future__ import annotations

import numpy as np
import pytest
import spacy
from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG
from spacy.language import Language

from dyad import Coder
from dyad.settings import Options
from dyad.stages.segment import COMPONENT as SEGMENT

# sentences where the ruler's two-token patterns and its word lists matter, each twice so
# the second reading comes from what the component remembered
TEXTS = [
    "There is a plan to meet. It is a plan that they gon na sign, and I got ta say so.",
    "It is a plan. There were talks. Let's see what they're doing with 'em.",
    "Russia's envoy said he wasn't ready.\n\nThe talks, which are set to resume, ain't over.",
    "He did not attend; she did. Nothing was agreed, y'all.",
]
ATTRIBUTES = [TAG, POS, MORPH, LEMMA, DEP]


@pytest.fixture(scope="module")
def reference() -> Language:
    nlp = spacy.load(Options().model)
    nlp.add_pipe(SEGMENT, before="parser")
    return nlp


def test_the_ruler_is_replaced(coder: Coder) -> None:
    assert "attribute_ruler" not in coder.nlp.pipe_names
    assert "dyad_attributes" in coder.nlp.pipe_names


def test_tokens_equal_the_model_rulers(coder: Coder, reference: Language) -> None:
    texts = TEXTS + TEXTS
    fixes = coder.lexicon.lemma_fixes
    for ours, theirs in zip(coder.nlp.pipe(texts), reference.pipe(texts), strict=True):
        mine, expected = ours.to_array(ATTRIBUTES), theirs.to_array(ATTRIBUTES)
        fixed = [i for i, t in enumerate(ours) if t.lower_ in fixes]  # dyad's own lemma fixes
        mine[fixed, 3] = expected[fixed, 3]
        assert np.array_equal(mine, expected), ours.text


def test_a_word_read_beside_its_pair_is_not_remembered(coder: Coder) -> None:
    # "is" after "There" is a verb; remembered from there, "It is" would be coded wrongly
    first = coder.nlp("There is a plan.")
    second = coder.nlp("It is a plan.")
    assert first[1].pos_ == "VERB"
    assert second[1].pos_ == "AUX"


def test_a_pair_is_answered_from_memory_once_seen(coder: Coder) -> None:
    attributes = coder.nlp.get_pipe("dyad_attributes")
    coder.nlp("There is a plan to meet.")
    asked = []
    ruler = attributes.ruler
    attributes.ruler = lambda doc: asked.append(doc.text) or ruler(doc)
    try:
        doc = coder.nlp("There is a plan to meet.")
    finally:
        attributes.ruler = ruler
    assert asked == []
    assert doc[1].pos_ == "VERB"
