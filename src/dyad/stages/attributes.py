"""spaCy component: the small model's attribute ruler, with its answers remembered.

The attribute ruler of en_core_web_sm sets part of speech, morphology and some lemmas from 179
token patterns, running a Matcher over every document: about a sixth of the model's own time.
All but a few of its patterns look at one token only — its tag, dependency label, whether it
is a space, and (for a few hundred listed words) its lowercase form — so what it does to a
token is a function of those four values; for the two tokens of a two-token pattern ("gon
na", "there is"), a function of the eight values of both. This component asks the real ruler
once for each combination and then writes the remembered answer from the token arrays. A
document with a combination not seen yet (or where two patterns overlap on a token) goes
through the real ruler whole, so the result is always exactly the ruler's.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import DEP, IS_SPACE, LEMMA, LOWER, MORPH, POS, TAG
from spacy.language import Language
from spacy.pipeline import AttributeRuler
from spacy.tokens import Doc

from dyad.syntax import WordHashes, among

COMPONENT = "dyad_attributes"
READ = [TAG, LOWER, DEP, IS_SPACE]
WRITTEN = [TAG, POS, MORPH, LEMMA, DEP]
OTHER_WORD = 0  # a lowercase form no pattern names
MAX_REMEMBERED = 100_000  # combinations kept; beyond that the ruler answers the rest
# (tag, lowercase form or OTHER_WORD, label, space), or two of those and a position in a pair
Key = tuple[int, ...]


class RememberedAttributes:
    def __init__(self, ruler: AttributeRuler) -> None:
        self.ruler = ruler
        strings = ruler.vocab.strings
        patterns: list[dict[str, Any]] = ruler.patterns
        words, regexes = _pattern_words(patterns)
        self.regexes = [re.compile(r) for r in regexes]
        self.words = {strings.add(w) for w in words}
        self.pairs = [
            (_TokenTest(first, strings), _TokenTest(second, strings))
            for entry in patterns
            for pattern in entry["patterns"]
            if len(pattern) == 2
            for first, second in [pattern]
        ]
        self.kind: dict[int, int] = {}  # lowercase hash -> itself, or OTHER_WORD
        self.answers: dict[Key, tuple[int, ...]] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        table = doc.to_array(READ).astype(np.uint64)
        keys = self.keys(table)
        if not all(k is not None and k in self.answers for k in keys):
            doc = self.ruler(doc)
            self.learn(keys, doc.to_array(WRITTEN))
            return doc
        written = np.array([self.answers[k] for k in keys if k is not None], dtype=np.uint64)
        if not np.array_equal(written[:, [0, 4]], table[:, [0, 2]]):
            return self.ruler(doc)  # the ruler would change a tag or a label: let it
        columns: Any = written[:, 1:4]  # spaCy's stubs want its own array type
        doc.from_array([POS, MORPH, LEMMA], columns)
        return doc

    def keys(self, table: NDArray[np.uint64]) -> list[Key | None]:
        """What decides each token's answer: its own values, and for a token of a two-token
        pattern ("there is") its neighbour's too and its place in the pair; None for a token
        two patterns overlap on (its answer depends on three tokens: left to the ruler)."""
        keys: list[Key | None] = [self.key(row) for row in table]
        pairs = self.paired_tokens(table)
        seen: set[int] = set()
        for i, j in pairs:
            first, second = self.key(table[i]), self.key(table[j])
            for position, token in enumerate((i, j)):
                keys[token] = None if token in seen else (*first, *second, position)
            seen.update((i, j))
        return keys

    def key(self, row: NDArray[np.uint64]) -> Key:
        tag, lower, dep, space = (int(v) for v in row)
        return tag, self.word_kind(lower), dep, space

    def word_kind(self, lower: int) -> int:
        """The lowercase form if a pattern could name it, else OTHER_WORD."""
        if lower not in self.kind:
            text = self.ruler.vocab.strings[lower]
            named = lower in self.words or any(r.search(text) for r in self.regexes)
            self.kind[lower] = lower if named else OTHER_WORD
        return self.kind[lower]

    def paired_tokens(self, table: NDArray[np.uint64]) -> list[tuple[int, int]]:
        """The neighbours a two-token pattern ("gon na", "there is") matches: what the ruler
        does to them depends on both."""
        paired: set[tuple[int, int]] = set()
        for first, second in self.pairs:
            for i in np.flatnonzero(first.matches(table[:-1])):
                if second.matches(table[i + 1 : i + 2]).any():
                    paired.add((int(i), int(i) + 1))
        return sorted(paired)

    def learn(self, keys: list[Key | None], written: NDArray[Any]) -> None:
        for key, row in zip(keys, written, strict=True):
            if len(self.answers) >= MAX_REMEMBERED:
                return
            if key is not None:
                self.answers.setdefault(key, tuple(int(v) for v in row))


class _TokenTest:
    """One token of a two-token pattern, tested on rows of (tag, lower, dep, space) hashes:
    its LOWER (a word, a list or a regular expression), TAG and DEP, when it names them."""

    def __init__(self, spec: Mapping[str, Any], strings: Any) -> None:
        self.strings = strings
        self.tests: list[tuple[int, WordHashes, re.Pattern[str] | None]] = []
        for column, name in TESTED:
            if name in spec:
                words, regex = _values(spec[name])
                # the store's own ids: labels and tags are spaCy symbols, not string hashes
                ids = np.array(sorted({strings.add(w) for w in words}), dtype=np.uint64)
                self.tests.append((column, ids, regex))
        self.searched: dict[int, bool] = {}  # a form's hash -> whether the regex finds it

    def matches(self, rows: NDArray[np.uint64]) -> NDArray[np.bool_]:
        hit = np.ones(len(rows), dtype=bool)
        for column, hashes, regex in self.tests:
            found = among(rows[:, column], hashes)
            if regex is not None:
                found |= [self.search(regex, int(v)) for v in rows[:, column]]
            hit &= found
        return hit

    def search(self, regex: re.Pattern[str], value: int) -> bool:
        """The regex on a form, once per form (every token of every document asks)."""
        if value not in self.searched:
            self.searched[value] = bool(regex.search(self.strings[value]))
        return self.searched[value]


TESTED = ((0, "TAG"), (1, "LOWER"), (2, "DEP"))


def _values(value: Any) -> tuple[list[str], re.Pattern[str] | None]:
    """A pattern value as the words it allows and a regular expression, if any."""
    if isinstance(value, str):
        return [value], None
    regex = re.compile(value["REGEX"]) if "REGEX" in value else None
    return list(value.get("IN", [])), regex


def _pattern_words(patterns: Iterable[Mapping[str, Any]]) -> tuple[set[str], set[str]]:
    """The lowercase words the patterns name, and their regular expressions."""
    words: set[str] = set()
    regexes: set[str] = set()
    for entry in patterns:
        for pattern in entry["patterns"]:
            for token in pattern:
                value = token.get("LOWER")
                if isinstance(value, str):
                    words.add(value)
                elif isinstance(value, dict):
                    words.update(value.get("IN", []))
                    if "REGEX" in value:
                        regexes.add(value["REGEX"])
    return words, regexes


@Language.factory(COMPONENT)
def make_remembered_attributes(nlp: Language, name: str) -> RememberedAttributes:
    ruler = nlp.get_pipe("attribute_ruler")
    if not isinstance(ruler, AttributeRuler):
        raise TypeError("the pipeline's attribute_ruler is not spaCy's AttributeRuler")
    return RememberedAttributes(ruler)
