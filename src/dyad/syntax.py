"""Walking the dependency parse: noun phrases, prepositional objects, conjuncts.

Small helpers shared by the stages that read the parse; they know spaCy's English labels and
nothing about events.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import numpy as np
from numpy.typing import NDArray
from spacy.attrs import LEMMA, LOWER, POS, TAG
from spacy.parts_of_speech import PRON
from spacy.strings import hash_string  # type: ignore[attr-defined]  # not in the stubs
from spacy.tokens import Doc, Token

SUBJECT_DEPS = ("nsubj", "csubj")
NP_DEPS = {"compound", "amod", "poss", "nmod", "appos", "flat", "det", "nummod", "case", "npadvmod"}
RELATIVE_PRONOUNS = {"WDT", "WP", "WP$"}
# Prepositions that attach what an event word is about ("rejected calls for talks").
ARGUMENT_PREPS = {"for", "of", "on", "to", "against", "over", "about", "with", "from"}
EXTENDED_PREPS = {
    "of",
    "from",
    "by",
    "in",
    "throughout",
    "across",
    "at",
    "within",
    "inside",
    "with",
    "to",
    "against",
    "on",
    "for",
}


def noun_phrase(token: Token) -> list[int]:
    """The token and its modifiers (not relative clauses or other prepositions), plus 'of' phrases
    ("the president of Russia")."""
    found = [token.i]
    for child in token.children:
        if child.dep_ in NP_DEPS:
            found += noun_phrase(child)
        elif child.dep_ == "prep" and child.lower_ == "of":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    found += noun_phrase(grandchild)
    return found


OWN_CLAUSES = frozenset({"relcl", "advcl", "ccomp"})


def nearest_first(token: Token, depth: int, skip: frozenset[str] = OWN_CLAUSES) -> list[Token]:
    """The token and its descendants down to `depth`, breadth first, not entering clauses of
    the kinds in `skip`."""
    layer, found = [token], [token]
    for _ in range(depth):
        layer = [c for t in layer for c in t.children if c.dep_ not in skip]
        found += layer
    return found


def extended_phrase(token: Token, depth: int = 1) -> list[int]:
    """What the noun phrase's prepositional phrases name, `depth` levels down ("suspended
    approvals for arms exports to Israel")."""
    found = []
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in EXTENDED_PREPS:
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    found += noun_phrase(grandchild)
                    if depth > 1:
                        found += extended_phrase(grandchild, depth - 1)
    return found


def role_words(token: Token) -> list[str]:
    words = [token.lemma_.lower(), token.lower_]
    compounds = [c for c in token.children if c.dep_ in ("compound", "amod") and c.i < token.i]
    if compounds:
        words.insert(0, " ".join(t.lower_ for t in [*compounds, token]))
        words.insert(1, " ".join([compounds[-1].lower_, token.lemma_.lower()]))
    return words


def with_conjuncts(token: Token) -> list[Token]:
    items = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("PROPN", "NOUN", "PRON"):
            items += with_conjuncts(child)
        elif child.dep_ == "appos" and child.pos_ == "PROPN" and token.pos_ == "PROPN":
            items += with_conjuncts(child)  # "The US, Russia, and Switzerland" parsed as appos
    return items


def _of_objects(prep: Token) -> list[Token]:
    """'outside of the city', 'out of Gaza': the parser hangs the object on a second 'of'."""
    return [
        g
        for c in prep.children
        if c.dep_ == "prep" and c.lower_ == "of"
        for g in c.children
        if g.dep_ == "pobj"
    ]


def opened_by(clause: Token, word: str) -> bool:
    """'that Israel ease ...', 'for the US to support ...': the word marking the clause."""
    return any(c.dep_ == "mark" and c.lower_ == word for c in clause.children)


def complements(token: Token) -> list[Token]:
    """The infinitive complements of a word ('declined to meet'), with those the parser hung
    on as adverbial clauses ('have sworn to fight')."""
    return [c for c in token.children if c.dep_ == "xcomp" or (c.dep_ == "advcl" and infinitive(c))]


def time_phrase(prep: Token) -> bool:
    """'on Wednesday' is when, not the 'on' of 'called on Moscow'."""
    return any(g.dep_ == "pobj" and g.ent_type_ in ("DATE", "TIME") for g in prep.children)


def has_object(verb: Token) -> bool:
    """Whether a verb has a direct object of its own."""
    return any(c.dep_ == "dobj" for c in verb.children)


def infinitive(clause: Token) -> bool:
    """'to host talks': a clause with infinitive 'to'."""
    return any(c.dep_ == "aux" and c.lower_ == "to" for c in clause.children)


STRANDED_REACH = 6  # how many words after a bare preposition may be its stranded object


def _stranded_object(prep: Token) -> list[Token]:
    """'granted asylum to five officers holed up in ...': the parser made the noun after the
    preposition the subject of the next clause; it is the preposition's object."""
    if any(c.dep_ in ("pobj", "pcomp", "prep") for c in prep.children):
        return []
    for token in prep.doc[prep.i + 1 : prep.i + 1 + STRANDED_REACH]:
        if token.pos_ in ("NOUN", "PROPN") and token.dep_ in ("nsubj", "nsubjpass"):
            return [token]
        if token.pos_ in ("VERB", "AUX", "PUNCT", "ADP"):
            break
    return []


def prep_objects(token: Token, preps: Iterable[str]) -> list[Token]:
    """Objects of the token's prepositions, also where the parser hung the preposition on a
    particle or an instrument ("hand back to Azerbaijan", "spoke by telephone with Putin")."""
    wanted = preps if isinstance(preps, (set, frozenset)) else set(preps)
    objects = []
    for child in token.children:
        dep = child.dep_
        if dep in ("prep", "agent", "dative") and child.lower_ in wanted:
            objects += (
                [g for g in child.children if g.dep_ == "pobj"]
                or _of_objects(child)
                or _stranded_object(child)
            )
        elif dep in ("advmod", "prt") or (dep == "prep" and child.lower_ == "by"):
            hosts = [child, *(g for g in child.children if g.dep_ == "pobj")]
            for host in hosts:
                for prep in host.children:
                    if prep.dep_ == "prep" and prep.lower_ in wanted and prep.lower_ != "by":
                        objects += [g for g in prep.children if g.dep_ == "pobj"]
    return objects


def prep_objects_deep(token: Token) -> list[Token]:
    return [t for t in token.subtree if t.dep_ == "pobj"]


def governors(token: Token, depth: int) -> list[int]:
    found = []
    for _ in range(depth):
        if token.head.i == token.i:
            break
        token = token.head
        found.append(token.i)
    return found


DIRECTIONAL_PREPS = {"to", "into", "for", "against", "on", "toward", "towards"}


def directional_phrase(token: Token, depth: int) -> set[int]:
    """Tokens of the noun phrases the token's directional prepositions lead to ('aid deliveries
    to Gaza'), `depth` levels down."""
    found: set[int] = set()
    for child in token.children:
        if child.dep_ != "prep":
            continue
        for pobj in (g for g in child.children if g.dep_ == "pobj"):
            if child.lower_ in DIRECTIONAL_PREPS:
                found.update(noun_phrase(pobj))
            if depth > 1:
                found |= directional_phrase(pobj, depth - 1)
    return found


WordHashes = NDArray[np.uint64]


def word_hashes(words: Iterable[str]) -> WordHashes:
    """The string-store hashes of a word list, for `tokens_among`."""
    return np.array(sorted({hash_string(w) for w in words}), dtype=np.uint64)


def tokens_among(doc: Doc, words: WordHashes) -> list[int]:
    """Indices of the tokens whose lowercase form or lemma is one of `words` (a proper noun's
    lemma is its text, so its lowercase form stands for the lowercased lemma).

    A stage that looks words up in a lexicon visits only these instead of every token:
    reading the parse into arrays costs little, making a Token object for each word does not.
    """
    table = doc.to_array([LOWER, LEMMA])
    hit = among(table, words)
    return np.flatnonzero(hit[:, 0] | hit[:, 1]).tolist()


def among(values: NDArray[Any], words: WordHashes) -> NDArray[np.bool_]:
    """`np.isin(values, words)` for the sorted `words` of `word_hashes`: a binary search per
    value instead of sorting the lexicon together with the values on every call."""
    if not len(words):
        return np.zeros(values.shape, dtype=bool)
    at = np.searchsorted(words, values)
    at[at == len(words)] = 0
    return np.asarray(words[at] == values)


PLURAL_TAGS = word_hashes(["NNS", "NNPS"])


def pronouns_and_plurals(doc: Doc) -> list[int]:
    """Indices of pronouns and plural nouns: the words that may point back to a name."""
    table = doc.to_array([POS, TAG])
    hit = (table[:, 0] == PRON) | among(table[:, 1], PLURAL_TAGS)
    return np.flatnonzero(hit).tolist()
