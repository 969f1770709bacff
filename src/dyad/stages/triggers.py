"""Stage: find the words that name events, using the trigger lexicon.

needs: Analysis.doc, Analysis.mentions.  adds: Analysis.triggers (one per event word, with the
lexicon entry's type, mode and prior weight).
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Token

from dyad.lexicon import Lexicon, TriggerEntry
from dyad.records import Analysis, Trigger
from dyad.stages.modality import ModalityCues
from dyad.syntax import complements, time_phrase, tokens_among, word_hashes

POS_ALIASES = {"PROPN": "NOUN", "AUX": "VERB"}
ARG_CHILD_DEPS = ("prep", "prt", "agent", "dative", "advmod", "mark")
# Modifier positions where an event word names a kind of thing, not an event ("attack helicopter").
NON_EVENT_DEPS = ("compound",)


class FindTriggers:
    needs: tuple[str, ...] = ("doc", "mentions")
    adds: tuple[str, ...] = ("triggers",)

    def __init__(self, lexicon: Lexicon, cues: ModalityCues | None = None) -> None:
        self.lexicon = lexicon
        self.cues = cues or ModalityCues.bundled()
        # suppressed phrases by their first lemma, so each token looks up only its own
        self.suppress: dict[str, list[tuple[str, ...]]] = {}
        for phrase in lexicon.suppress:
            self.suppress.setdefault(phrase[0], []).append(phrase)
        # the words each loop can act on (a lemma, or a form the lemma fixes rewrite): the
        # loops visit only tokens among them
        fixed = set(lexicon.lemma_fixes)
        self.trigger_words = word_hashes({*lexicon.triggers, *fixed})
        self.suppress_words = word_hashes({*self.suppress, *fixed})
        self.speech_words = word_hashes(self.cues.speech_verbs)

    def __call__(self, analysis: Analysis) -> Analysis:
        named = {
            i
            for m in analysis.mentions
            if m.kind != "pronoun"
            for i in range(m.first_token, m.head_token + 1)
        }
        suppressed = self.suppressed_tokens(analysis)
        found = []
        consumed: set[int] = set()  # tokens already part of a trigger phrase
        doc = analysis.doc
        for i in tokens_among(doc, self.trigger_words):
            if i in named or i in consumed or i in suppressed:
                continue
            token = doc[i]
            if token.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT"):
                continue  # "in March", "a strike price": not event words
            # A modifier ("attack helicopter", "drone strike") names a kind of thing, not an
            # event, unless it starts a phrase of the lexicon ("hunger strike").
            modifier = (
                token.dep_ in NON_EVENT_DEPS
                and token.head.pos_ in ("NOUN", "PROPN")
                and token.head.lemma_.lower() not in self.lexicon.effort_nouns
            )
            if token.dep_ == "amod" and token.tag_ in ("VBN", "VBG", "JJ") and token.pos_ != "ADJ":
                continue  # "the proposed fund", "the besieged city": a description, no event
            matched = self.match(token, sequences_only=modifier)
            if matched is None:
                continue
            entry, tokens = matched
            found.append(self.make_trigger(entry, tokens))
            consumed.update(t.i for t in tokens)
            if entry.objects:  # "lifted sanctions" is one event, not also a SANCTION
                consumed.update(_object_tokens(_root_of(tokens)))
        taken = {t.token for t in found}
        found += [t for t in self.demands(analysis) if t.token not in taken]
        return replace(analysis, triggers=tuple(sorted(found, key=lambda t: t.start)))

    @staticmethod
    def names_a_party(token: Token, analysis: Analysis) -> bool:
        """'X said Iran must ...' names a party; 'Europe must ...' or 'we must ...' does not."""
        span = {t.i for t in token.subtree}
        return any(
            m.head_token in span and m.kind not in ("place", "pronoun") for m in analysis.mentions
        )

    def demands(self, analysis: Analysis) -> list[Trigger]:
        """'X said Y must drop its barriers': saying another party must act is a demand."""
        found = []
        for i in tokens_among(analysis.doc, self.speech_words):
            token = analysis.doc[i]
            if token.lemma_.lower() not in self.cues.speech_verbs or token.pos_ != "VERB":
                continue
            for clause in (c for c in token.children if c.dep_ == "ccomp"):
                modal = any(
                    a.dep_ == "aux" and a.lower_ in self.cues.demand_modals for a in clause.children
                )
                subject = [c for c in clause.children if c.dep_ == "nsubj"]
                if modal and subject and self.names_a_party(subject[0], analysis):
                    mode = self.lexicon.cue_mode("REQUEST", "complement", {clause.lemma_.lower()})
                    found.append(
                        Trigger(
                            token.i,
                            token.text,
                            token.idx,
                            token.idx + len(token),
                            "REQUEST",
                            mode,
                            None,
                            0.6,
                        )
                    )
                    break
        return found

    def suppressed_tokens(self, analysis: Analysis) -> set[int]:
        out: set[int] = set()
        for i in tokens_among(analysis.doc, self.suppress_words):
            token = analysis.doc[i]
            for phrase in self.suppress.get(self.lexicon.lemma(token.text, token.lemma_), ()):
                tokens = _sequence(token, phrase, self.lexicon)
                if tokens:
                    out.update(t.i for t in tokens)
        return out

    def match(
        self, token: Token, sequences_only: bool = False
    ) -> tuple[TriggerEntry, list[Token]] | None:
        lemma = self.lexicon.lemma(token.text, token.lemma_)
        entries = self.lexicon.triggers.get(lemma) or self.lexicon.triggers.get(token.lower_)
        if not entries:
            return None
        pos = POS_ALIASES.get(token.pos_, token.pos_)
        fitting = []
        sequences: dict[tuple[str, ...], list[Token] | None] = {}  # entries share phrases
        hosts: dict[int, list[tuple[str, Token]]] = {}  # and the words they hang from
        for entry in entries:
            if sequences_only and len(entry.lemmas) == 1:
                continue
            if entry.lemmas not in sequences:
                sequences[entry.lemmas] = _sequence(token, entry.lemmas, self.lexicon)
            tokens = sequences[entry.lemmas]
            if tokens and pos_fits(entry, tokens, pos) and constraints_hold(entry, tokens, hosts):
                fitting.append((entry, tokens))
        if not fitting:
            return None
        # Entries with constraints that hold are more specific than bare ones; then longer
        # sequences; then the entry the lexicon trusts most.
        return max(fitting, key=lambda f: (f[0].constrained, len(f[1]), f[0].weight))

    def make_trigger(self, entry: TriggerEntry, tokens: list[Token]) -> Trigger:
        head = _root_of(tokens)
        first, last = tokens[0], tokens[-1]
        doc = head.doc
        # the words around the trigger are read only for a type that has cues to meet
        kind = entry.event_type
        mode = entry.mode
        if not mode:
            cued = kind in self.lexicon.mode_cues
            mode = self.lexicon.cue_mode(kind, "mode", _cue_lemmas(head)) if cued else None
        if mode is None and kind in self.lexicon.complement_modes:
            mode = self.lexicon.cue_mode(kind, "complement", _complement_lemmas(head))
        return Trigger(
            token=head.i,
            text=doc[first.i : last.i + 1].text,
            start=first.idx,
            end=last.idx + len(last),
            event_type=entry.event_type,
            mode=mode,
            cameo=entry.cameo,
            weight=entry.weight,
            reverse=entry.reverse,
        )


def _sequence(token: Token, lemmas: tuple[str, ...], lexicon: Lexicon) -> list[Token] | None:
    """The tokens from `token` on whose lemmas spell `lemmas` (hyphens skipped)."""
    tokens = [token]
    doc = token.doc
    i = token.i
    for lemma in lemmas[1:]:
        i += 1
        while i < len(doc) and doc[i].text == "-":
            i += 1
        if i >= len(doc):
            return None
        word = doc[i]
        if lexicon.lemma(word.text, word.lemma_) != lemma and word.lower_ != lemma:
            return None
        tokens.append(word)
    return tokens


def _prep_hosts(head: Token) -> list[Token]:
    """The word's children, those of an instrument phrase ('spoke by phone with'), and the
    'for' that opens a clause ('pushed for the US to support ...', parsed as its marker)."""
    children = list(head.children)
    found = list(children)
    for child in children:
        if child.dep_ == "prep" and child.lower_ == "by":
            for pobj in child.children:
                found += [g for g in pobj.children if g.dep_ == "prep"]
        elif child.dep_ == "advcl":
            found += [g for g in child.children if g.dep_ == "mark" and g.lower_ == "for"]
    return found


def _arguments(head: Token, hosts: dict[int, list[tuple[str, Token]]]) -> list[tuple[str, Token]]:
    """The prepositions and particles that may attach the word's arguments, with their form:
    read once per word, not again for each of its lexicon entries."""
    if head.i not in hosts:
        hosts[head.i] = [(c.lower_, c) for c in _prep_hosts(head) if c.dep_ in ARG_CHILD_DEPS]
    return hosts[head.i]


def _object_tokens(head: Token) -> list[int]:
    return [c.i for c in head.children if c.dep_ in ("dobj", "nsubjpass")]


def pos_fits(entry: TriggerEntry, tokens: list[Token], pos: str) -> bool:
    head = _root_of(tokens)
    head_pos = POS_ALIASES.get(head.pos_, head.pos_)
    return head_pos in entry.pos or pos in entry.pos


def constraints_hold(
    entry: TriggerEntry, tokens: list[Token], hosts: dict[int, list[tuple[str, Token]]]
) -> bool:
    """`hosts`: the argument words of each head, filled as the entries of one word ask."""
    head = _root_of(tokens)
    if entry.forms and " ".join(t.lower_ for t in tokens) not in entry.forms:
        return False
    if entry.prep and not any(
        word in entry.prep and not time_phrase(c) for word, c in _arguments(head, hosts)
    ):
        return False
    if entry.governed_by and _governing_lemma(head) not in entry.governed_by:
        return False
    if entry.subjects and not _subject_lemmas(head) & entry.subjects:
        return False
    if entry.complement and not complements(head):
        return False  # "declined to meet"; "have sworn to fight" (parsed as adverbial)
    if entry.bare and complements(head):
        return False  # "will help end the war": helping on, not aid
    if entry.modifiers and not any(
        c.dep_ in ("amod", "compound", "advmod") and c.lemma_.lower() in entry.modifiers
        for c in head.subtree
        if c.i < head.i
    ):
        return False
    return not entry.objects or bool(_object_lemmas(head) & entry.objects)


def _subject_lemmas(head: Token) -> set[str]:
    """The subject's lemma, and its members' ("thousands of protesters")."""
    lemmas: set[str] = set()
    for child in head.children:
        if child.dep_ in ("nsubj", "nsubjpass"):
            lemmas.add(child.lemma_.lower())
            for prep in child.children:
                if prep.dep_ == "prep" and prep.lower_ == "of":
                    lemmas.update(g.lemma_.lower() for g in prep.children if g.dep_ == "pobj")
    return lemmas


def _governing_lemma(noun: Token) -> str:
    """The verb a noun is the subject or object of ('waged war', 'unrest erupted')."""
    head = noun.head
    if noun.dep_ == "pobj" and head.dep_ == "prep":
        head = head.head
    return head.lemma_.lower() if head.pos_ in ("VERB", "AUX") else ""


def _object_lemmas(head: Token) -> set[str]:
    lemmas: set[str] = set()
    for child in head.children:
        if child.dep_ in ("dobj", "nsubjpass", "attr", "obj", "oprd"):  # "held X responsible"
            lemmas.add(child.lemma_.lower())
            lemmas.update(
                c.lemma_.lower() for c in child.children if c.dep_ in ("compound", "amod")
            )
            for of in (c for c in child.children if c.dep_ == "prep" and c.lower_ == "of"):
                # "15 tonnes of relief supplies", "the same number of diplomats"
                lemmas.update(g.lemma_.lower() for g in of.children if g.dep_ == "pobj")
        if child.dep_ in ("prep", "prt"):
            lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ == "pobj")
    if head.dep_ in ("acl", "amod") and head.head.pos_ == "NOUN":
        lemmas.add(head.head.lemma_.lower())  # "the diplomats expelled", "seized ships"
    return lemmas


def _cue_lemmas(head: Token) -> set[str]:
    """Words around a trigger that may tell its mode: modifiers, object, instrument."""
    lemmas = {head.lemma_.lower(), head.lower_}
    for child in head.children:
        if child.dep_ in ("compound", "amod", "nmod", "dobj", "npadvmod", "nsubjpass", "nsubj"):
            lemmas.add(child.lemma_.lower())
            lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ == "compound")
        if child.dep_ in ("prep", "agent", "prt"):
            lemmas.add(child.lower_)
            lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ == "pobj")
            for pobj in (g for g in child.children if g.dep_ == "pobj"):
                lemmas.update(c.lemma_.lower() for c in pobj.children if c.dep_ == "compound")
    if head.dep_ in ("dobj", "pobj") and head.head.pos_ == "VERB":
        lemmas.add(head.head.lemma_.lower())  # "opened fire", "went on strike"
    return lemmas


def _complement_lemmas(head: Token) -> set[str]:
    """What is asked, refused or threatened: "urged X to withdraw", "threatened sanctions"."""
    lemmas: set[str] = set()
    for child in head.children:
        if child.dep_ in ("xcomp", "ccomp", "dobj", "pobj", "prep", "advcl"):
            lemmas.add(child.lemma_.lower())
            lemmas.update(g.lemma_.lower() for g in child.children if g.dep_ in ("dobj", "pobj"))
    return lemmas


def _root_of(tokens: list[Token]) -> Token:
    if len(tokens) == 1:  # most triggers are one word
        return tokens[0]
    inside = {t.i for t in tokens}
    for token in tokens:
        if token.head.i not in inside or token.head.i == token.i:
            return token
    return tokens[-1]
