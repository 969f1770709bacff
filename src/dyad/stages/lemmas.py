"""spaCy component: corrects the lemmas en_core_web_sm gets wrong ("hoped" -> "hop").

The corrections are the lexicon's `lemma_fixes` (data, not code). Every stage reads lemmas,
so they are fixed once on the parsed document rather than at each lookup.
"""

from __future__ import annotations

from collections.abc import Mapping

import numpy as np
from spacy.attrs import LOWER
from spacy.language import Language
from spacy.tokens import Doc

from dyad.syntax import among, word_hashes

COMPONENT = "dyad_lemmas"


class FixLemmas:
    def __init__(self, fixes: Mapping[str, str]) -> None:
        self.fixes = {form.lower(): lemma for form, lemma in fixes.items()}
        self.forms = word_hashes(self.fixes)

    def __call__(self, doc: Doc) -> Doc:
        # look the forms up in the token array instead of visiting every token
        lowers = doc.to_array(LOWER)
        for i in np.flatnonzero(among(lowers, self.forms)):
            token = doc[int(i)]
            token.lemma_ = self.fixes[token.lower_]
        return doc


@Language.factory(COMPONENT, default_config={"fixes": {}})
def make_fix_lemmas(nlp: Language, name: str, fixes: dict[str, str]) -> FixLemmas:
    return FixLemmas(fixes)
