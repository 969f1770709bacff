"""spaCy component: sentence starts the text itself marks, set before the parser runs.

A paragraph break always ends a sentence (headlines, bylines and one-line paragraphs otherwise
run into the next sentence), and a dateline ("WASHINGTON — ", "KYIV (AFP) - ") is not part of
the first sentence's grammar. The parser keeps boundaries set before it.
"""

from __future__ import annotations

import re

from spacy.language import Language
from spacy.tokens import Doc

COMPONENT = "dyad_segment"
DASHES = {"—", "–", "-", "--", ":"}
_UPPER = re.compile(r"^[A-Z][A-Z.'’-]+$")


@Language.component(COMPONENT)
def mark_sentence_starts(doc: Doc) -> Doc:
    for token in doc[1:]:
        previous = doc[token.i - 1]
        paragraph = "\n\n" in previous.whitespace_ or (previous.is_space and "\n" in previous.text)
        dateline = previous.text in DASHES and _opens_with_dateline(doc, previous.i)
        if paragraph or dateline:
            token.is_sent_start = True
            # the parser, handed a fixed start, tends to cut again right after it; a sentence
            # of one word is never what a paragraph opens with
            if token.i + 1 < len(doc) and not doc[token.i + 1].is_space:
                doc[token.i + 1].is_sent_start = False
    return doc


def _opens_with_dateline(doc: Doc, dash: int) -> bool:
    """Upper-case place words (and a parenthesised agency or ', Region') before a dash at the
    start of a paragraph."""
    start = dash
    while start > 0 and "\n" not in doc[start - 1].whitespace_ and not doc[start - 1].is_space:
        start -= 1
    words = [t for t in doc[start:dash] if t.is_alpha]
    return 0 < len(words) <= 6 and _UPPER.match(words[0].text) is not None
