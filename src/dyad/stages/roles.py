"""Stage: find who did it, to whom, and who says so, for each trigger.

needs: Analysis.doc, mentions, triggers.  adds: Analysis.frames (trigger + actor and recipient
mentions + attribution). Reads the dependency parse: subjects and "by"-agents of verbs (through
passives, coordination, control and complement chains), possessors and modifiers of event nouns,
the subject of a light verb ("held talks"), and prepositional objects per arguments.yaml.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from importlib.resources import files
from typing import Any

import yaml
from spacy.tokens import Doc, Token

from dyad.kb import ActorKB
from dyad.lexicon import Lexicon
from dyad.records import Analysis, Entity, Frame, Mention, Sentence, Trigger

SUBJECT_DEPS = ("nsubj", "csubj")
NP_DEPS = {"compound", "amod", "poss", "nmod", "appos", "flat", "det", "nummod", "case", "npadvmod"}
# Preferred kinds when one noun phrase names several actors ("Russia's President Putin").
KIND_RANK = {
    "person": 0, "organization": 1, "institution": 2, "capital": 3, "country": 4,
    "demonym": 5, "pronoun": 6, "role": 7,
}
RELATIVE_PRONOUNS = {"WDT", "WP", "WP$"}


@dataclass(frozen=True)
class ArgumentRules:
    recipient_preps: Mapping[str, frozenset[str]]
    actor_preps: frozenset[str]
    of_is_recipient: frozenset[str]
    of_is_actor: frozenset[str]
    reciprocal_preps: frozenset[str]
    reciprocal_types: frozenset[str]
    speech_verbs: frozenset[str]
    planning_verbs: frozenset[str]

    @classmethod
    def bundled(cls) -> ArgumentRules:
        folder = files("dyad") / "ontology"
        raw: dict[str, Any] = yaml.safe_load((folder / "arguments.yaml").read_text("utf-8"))
        modality = yaml.safe_load((folder / "modality.yaml").read_text("utf-8"))
        return cls(
            recipient_preps={k: frozenset(v) for k, v in raw["recipient_preps"].items()},
            actor_preps=frozenset(raw["actor_preps"]),
            of_is_recipient=frozenset(raw["of_is_recipient"]),
            of_is_actor=frozenset(raw["of_is_actor"]),
            reciprocal_preps=frozenset(raw["reciprocal_preps"]),
            reciprocal_types=frozenset(raw["reciprocal_types"]),
            speech_verbs=frozenset(modality["speech_verbs"]),
            planning_verbs=frozenset(modality["planning_verbs"]),
        )

    def recipient_prep(self, event_type: str, prep: str) -> bool:
        return prep in self.recipient_preps.get("*", ()) or prep in self.recipient_preps.get(
            event_type, ()
        )


class AssignRoles:
    needs = ("doc", "mentions", "triggers")
    adds = ("frames",)

    def __init__(self, kb: ActorKB, lexicon: Lexicon, rules: ArgumentRules | None = None) -> None:
        self.kb = kb
        self.lexicon = lexicon
        self.rules = rules or ArgumentRules.bundled()

    def __call__(self, analysis: Analysis) -> Analysis:
        finder = _Parties(analysis, self.kb, self.lexicon, self.rules)
        frames = [finder.frame(trigger) for trigger in analysis.triggers]
        return replace(analysis, frames=tuple(f for f in frames if f is not None))


class _Parties:
    """Reads the parties of triggers off one parsed article."""

    def __init__(self, analysis: Analysis, kb: ActorKB, lexicon: Lexicon, rules: ArgumentRules):
        self.doc: Doc = analysis.doc
        self.kb, self.lexicon, self.rules = kb, lexicon, rules
        self.sentences = analysis.sentences
        self.by_token: dict[int, list[Mention]] = {}
        for mention in analysis.mentions:
            for i in {mention.head_token, mention.first_token}:
                self.by_token.setdefault(i, []).append(mention)
        self.mentions = analysis.mentions

    def frame(self, trigger: Trigger) -> Frame | None:
        token = self.doc[trigger.token]
        sentence = self.sentence_of(token)
        if token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
            actors, recipients = self.verb_parties(token, trigger)
        else:
            actors, recipients = self.noun_parties(token, trigger)
        if trigger.reverse:
            actors, recipients = recipients, actors
        evidence = "syntax"
        if not actors and trigger.event_type in self.rules.reciprocal_types:
            actors, recipients, evidence = self.context_parties(token, sentence), [], "context"
        actors = _unique(actors)
        recipients = [r for r in _unique(recipients) if r not in actors]
        return Frame(
            trigger=trigger,
            sentence=sentence,
            actors=tuple(actors),
            recipients=tuple(recipients),
            attributed_to=self.attribution(token),
            mode=trigger.mode,
            evidence=evidence,  # type: ignore[arg-type]
        )

    # --- verbs -------------------------------------------------------------------------------

    def verb_parties(self, verb: Token, trigger: Trigger) -> tuple[list[Mention], list[Mention]]:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        if passive:
            actors = self.args(c for c in _prep_objects(verb, {"by"}))
            recipients = self.args(c for c in verb.children if c.dep_ == "nsubjpass")
        else:
            actors = self.args(self.subjects(verb))
            recipients = self.args(c for c in verb.children if c.dep_ in ("dobj", "dative"))
        preps = {p for p in _child_preps(verb) if self.rules.recipient_prep(trigger.event_type, p)}
        recipients += self.args(_prep_objects(verb, preps))
        if not passive and not actors and verb.dep_ == "acl":
            # "forces attacking the city" (active participle): the noun is the actor;
            # "diplomats expelled by Russia" is passive and handled above.
            if verb.tag_ == "VBG":
                actors = self.args([verb.head])
        elif passive and verb.dep_ == "acl" and not recipients:
            recipients = self.args([verb.head])
        reciprocal = self.args(_prep_objects(verb, self.rules.reciprocal_preps))
        return actors + reciprocal, recipients

    def subjects(self, verb: Token, depth: int = 0) -> list[Token]:
        """The subject of `verb`, inherited through control, coordination and participles."""
        own = [c for c in verb.children if c.dep_ in SUBJECT_DEPS]
        if own:
            if own[0].tag_ in RELATIVE_PRONOUNS and verb.dep_ == "relcl":
                return [verb.head]
            return own
        if depth > 4:
            return []
        head = verb.head
        if verb.dep_ == "xcomp":
            controller = [c for c in head.children if c.dep_ in ("dobj",)]
            return controller or self.subjects(head, depth + 1)
        if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            return self.subjects(head, depth + 1)
        if verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN", "VB"):
            return self.subjects(head, depth + 1)
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            return self.subjects(head.head, depth + 1)
        if verb.dep_ == "relcl" and verb.tag_ == "VBG":
            return [head]
        return []

    # --- nouns -------------------------------------------------------------------------------

    def noun_parties(self, noun: Token, trigger: Trigger) -> tuple[list[Mention], list[Mention]]:
        event_type = trigger.event_type
        actors = self.args(c for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod"))
        actors += self.args(_prep_objects(noun, self.rules.actor_preps))
        recipients = self.args(
            _prep_objects(
                noun, {p for p in _child_preps(noun) if self.rules.recipient_prep(event_type, p)}
            )
        )
        of_objects = list(_prep_objects(noun, {"of"}))
        if event_type in self.rules.of_is_recipient:
            recipients += self.args(of_objects)
        elif event_type in self.rules.of_is_actor:
            actors += self.args(of_objects)
        reciprocal = self.args(_prep_objects(noun, self.rules.reciprocal_preps))
        if reciprocal:
            actors += reciprocal
        governor = self.governing_verb(noun)
        if governor is not None:
            if not actors:
                actors = self.args(self.subjects(governor))
            if not recipients:
                recipients = self.args(c for c in governor.children if c.dep_ == "dative")
                preps = {p for p in _child_preps(governor) if self.rules.recipient_prep(event_type, p)}
                recipients += self.args(_prep_objects(governor, preps))
        if not actors:
            actors = self.relative_clause_subject(noun)
        return actors, recipients

    def governing_verb(self, noun: Token) -> Token | None:
        """A light or planning verb whose subject is the noun's actor: "held talks", "agreed on a
        summit", "launched strikes". Other verbs ("condemned the attacks") do not lend theirs."""
        head = noun.head
        if noun.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head
        elif noun.dep_ not in ("dobj", "attr", "conj"):
            return None
        if noun.dep_ == "conj":
            return self.governing_verb(head) if head.pos_ == "NOUN" else None
        lemma = head.lemma_.lower()
        if lemma in self.lexicon.light_verbs or lemma in self.rules.planning_verbs:
            return head
        return None

    def relative_clause_subject(self, noun: Token) -> list[Mention]:
        """'the call they initiated': the subject of a relative clause on the event noun."""
        for child in noun.children:
            if child.dep_ == "relcl" and not any(c.dep_ == "dobj" for c in child.children):
                subjects = [c for c in child.children if c.dep_ in SUBJECT_DEPS]
                if subjects and subjects[0].tag_ not in RELATIVE_PRONOUNS:
                    return self.args(subjects)
        return []

    def context_parties(self, token: Token, sentence: Sentence) -> list[Mention]:
        """Two countries named in the sentence and nothing better: a reciprocal event between them
        (low confidence). More than two, or fewer, and we do not guess."""
        inside = [
            m for m in self.mentions
            if sentence.start <= m.start < sentence.end and m.entity.country and m.kind != "demonym"
        ]
        countries = {m.entity.country for m in inside}
        if len(countries) != 2:
            return []
        best: dict[str | None, Mention] = {}
        for mention in inside:
            best.setdefault(mention.entity.country, mention)
        return list(best.values())

    # --- shared ------------------------------------------------------------------------------

    def args(self, tokens: Iterable[Token]) -> list[Mention]:
        """The actor mentions that argument tokens (and their conjuncts) stand for."""
        found: list[Mention] = []
        for token in tokens:
            for item in _with_conjuncts(token):
                mention = self.mention_for(item)
                if mention is not None:
                    found.append(mention)
        return found

    def mention_for(self, token: Token) -> Mention | None:
        candidates = [m for i in _noun_phrase(token) for m in self.by_token.get(i, [])]
        if not candidates:
            return None
        best = min(candidates, key=lambda m: (KIND_RANK.get(m.kind, 9), abs(m.head_token - token.i)))
        entity = best.entity
        if entity.country is None:
            country = next((m.entity.country for m in candidates if m.entity.country), None)
            entity = replace(entity, country=country)
        if entity.sector is None:
            sector = self.kb.sector_of_role([token.lemma_, token.text]) or next(
                (m.entity.sector for m in candidates if m.entity.sector), None
            )
            entity = replace(entity, sector=sector)
        if entity.country is None and entity.sector is None:
            return None
        return replace(best, entity=entity)

    def attribution(self, token: Token) -> Mention | None:
        """Who the text says reported it: the subject of a governing 'said', or 'according to'."""
        node, steps = token, 0
        while node.head.i != node.i and steps < 8:
            head = node.head
            if node.dep_ in ("ccomp", "parataxis") and head.lemma_.lower() in self.rules.speech_verbs:
                found = self.args(c for c in head.children if c.dep_ in SUBJECT_DEPS)
                if found:
                    return found[0]
            node, steps = head, steps + 1
        for child in node.subtree:
            if child.lower_ == "according":
                found = self.args(_prep_objects_deep(child))
                if found:
                    return found[0]
        for child in node.children:
            if child.dep_ == "parataxis" and child.lemma_.lower() in self.rules.speech_verbs:
                found = self.args(c for c in child.children if c.dep_ in SUBJECT_DEPS)
                if found:
                    return found[0]
        return None

    def sentence_of(self, token: Token) -> Sentence:
        for sentence in self.sentences:
            if sentence.start <= token.idx < sentence.end:
                return sentence
        return self.sentences[-1]


def _noun_phrase(token: Token) -> list[int]:
    """The token and its modifiers (not relative clauses or other prepositions), plus 'of' phrases
    ("the president of Russia")."""
    found = [token.i]
    for child in token.children:
        if child.dep_ in NP_DEPS:
            found += _noun_phrase(child)
        elif child.dep_ == "prep" and child.lower_ == "of":
            for grandchild in child.children:
                if grandchild.dep_ == "pobj":
                    found += _noun_phrase(grandchild)
    return found


def _with_conjuncts(token: Token) -> list[Token]:
    items = [token]
    for child in token.children:
        if child.dep_ == "conj" and child.pos_ in ("PROPN", "NOUN", "PRON"):
            items += _with_conjuncts(child)
    return items


def _child_preps(token: Token) -> set[str]:
    return {c.lower_ for c in token.children if c.dep_ in ("prep", "agent", "dative")}


def _prep_objects(token: Token, preps: Iterable[str]) -> list[Token]:
    wanted = set(preps)
    objects = []
    for child in token.children:
        if child.dep_ in ("prep", "agent", "dative") and child.lower_ in wanted:
            objects += [g for g in child.children if g.dep_ == "pobj"]
    return objects


def _prep_objects_deep(token: Token) -> list[Token]:
    return [t for t in token.subtree if t.dep_ == "pobj"]


def _unique(mentions: list[Mention]) -> list[Mention]:
    seen: set[tuple[str | None, str | None, str | None]] = set()
    out = []
    for mention in mentions:
        key = (mention.entity.country, mention.entity.name, mention.entity.sector)
        if key not in seen:
            seen.add(key)
            out.append(mention)
    return out


def parties(mentions: Iterable[Mention]) -> list[Entity]:
    """All entities a list of mentions stands for, in order, without repeats."""
    out: list[Entity] = []
    for mention in mentions:
        for entity in mention.entities:
            if entity not in out:
                out.append(entity)
    return out
