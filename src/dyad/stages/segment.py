"""spaCy component: sentence starts the text itself marks, set before the parser runs.

A paragraph break always ends a sentence (headlines, bylines and one-line paragraphs otherwise
run into the next sentence), and a dateline ("WASHINGTON — ", "KYIV (AFP) - ") is not part of
the first sentence's grammar. The parser keeps boundaries set before it.
"""

from __future__ import annotations

import re

import numpy as np
from spacy.attrs import IS_SPACE, ORTH
from spacy.language import Language
from spacy.tokens import Doc

from dyad.syntax import word_hashes

COMPONENT = "dyad_segment"
DASHES = {"—", "–", "-", "--", ":"}
DASH_WORDS = word_hashes(DASHES)
_UPPER = re.compile(r"^[A-Z][A-Z.'’-]+$")


@Language.component(COMPONENT)
def mark_sentence_starts(doc: Doc) -> Doc:
    # only whitespace tokens and dashes can end a paragraph or a dateline: find them in the
    # token arrays rather than visiting every token
    table = doc.to_array([IS_SPACE, ORTH])
    ends = np.flatnonzero((table[:-1, 0] == 1) | np.isin(table[:-1, 1], DASH_WORDS))
    for end in ends:
        previous, token = doc[int(end)], doc[int(end) + 1]
        paragraph = previous.is_space and "\n" in previous.text
        dateline = previous.text in DASHES and _opens_with_dateline(doc, previous.i)
        if paragraph or dateline:
            token.is_sent_start = True
            # the parser, handed a fixed start, tends to cut again right after it; a sentence
            # of one word is never what a paragraph opens with
            if token.i + 1 < len(doc) and not doc[token.i + 1].is_space:
                doc[token.i + 1].is_sent_start = False
    return doc


def _opens_with_dateline(doc: Doc, dash: int) -> bool:
    """'WASHINGTON — ', 'ANCHORAGE, Alaska — ', 'KYIV (AFP) - ': upper-case place words,
    perhaps a region after a comma or an agency in brackets, from the paragraph start to the
    dash."""
    start = dash
    while start > 0 and "\n" not in doc[start - 1].whitespace_ and not doc[start - 1].is_space:
        start -= 1
    words = doc[start:dash]
    if not 0 < len(words) <= 8 or not _UPPER.match(words[0].text):
        return False
    after_comma = False
    for token in words:
        if token.text in (",", "(", ")"):
            after_comma = after_comma or token.text == ","
        elif not (_UPPER.match(token.text) or (after_comma and token.text[:1].isupper())):
            return False
    return True
