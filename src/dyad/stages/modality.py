"""Stage: say whether the text asserts, denies, supposes or announces each event.

needs: Analysis.doc, Analysis.frames.  adds: Frame.modality and Frame.cues.
Walks from the trigger up through the words that govern it (control and complement chains,
prepositions, event nouns) and collects cues from modality.yaml; the strongest cue wins:
conditional > alleged > negated > hypothetical > planned > asserted.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from importlib.resources import files

from spacy.tokens import Token

from dyad.datafiles import read_yaml
from dyad.records import Analysis, Frame
from dyad.syntax import ARGUMENT_PREPS, infinitive, opened_by

# Dependencies that keep us inside the event's own clause chain when walking up.
CHAIN_DEPS = {
    "xcomp",
    "ccomp",
    "pcomp",
    "prep",
    "pobj",
    "dobj",
    "acomp",
    "acl",
    "advcl",
    "conj",
    "attr",
    "nsubj",
    "nsubjpass",
    "oprd",
    "amod",
    "compound",
    "relcl",
    "appos",
    "npadvmod",
    "advmod",
}
STOP_AFTER = {"relcl"}  # a relative clause asserts on its own ("the country that attacked")
# A negating verb denies its complement ("ruled out ending"), not an adjunct ("despite ...").
COMPLEMENTS = {
    "xcomp",
    "ccomp",
    "dobj",
    "advcl",
    "pcomp",
    "acomp",
    "oprd",
    "prt",
    "nsubjpass",
    "acl",
}
MAX_STEPS = 7
FUTURE_IN_PAST = {"would", "'d"}
PLANNED_ARGS = {"xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp", "acomp", "oprd"}
FUTURE_MODALS = {"will", "would", "shall", "'ll", "'d", "wo"}
CONDITIONAL_WORDS = {"if", "unless"}
AWAITING_MARKS = {"before", "until", "till", "once"}
ADJUNCT_PREPS = {"during", "amid", "while"}
# The modality an event takes from the event word that governs it ("urged X to withdraw").
# Condemning presupposes the act; alleging does not.
GOVERNED_MODALITY = {
    "REQUEST": "hypothetical",
    "THREATEN": "hypothetical",
    "ACCUSE:allege": "alleged",
    "ACCUSE:investigate": "hypothetical",
    "REJECT": "negated",
    "AGREE": "planned",
}


@dataclass(frozen=True)
class ModalityCues:
    negating_verbs: frozenset[str]
    negating_determiners: frozenset[str]
    negating_words: frozenset[str]
    conditional_marks: frozenset[str]
    hypothetical_modals: frozenset[str]
    hypothetical_verbs: frozenset[str]
    hypothetical_nouns: frozenset[str]
    hypothetical_adjectives: frozenset[str]
    hypothetical_adverbs: frozenset[str]
    planning_verbs: frozenset[str]
    planned_modals: frozenset[str]
    vowing_words: frozenset[str]
    intent_verbs: frozenset[str]
    intent_types: frozenset[str]
    punishing_types: frozenset[str]
    planned_adjectives: frozenset[str]
    speech_verbs: frozenset[str]
    alleging_verbs: frozenset[str]
    claim_nouns: frozenset[str]
    demand_modals: frozenset[str]
    threats: Mapping[str, tuple[str, Mapping[str, str]]]  # type → (THREATEN mode, by mode)
    conditional_threats: Mapping[str, tuple[str, Mapping[str, str]]]

    def threat_mode(
        self, event_type: str, mode: str | None, conditional: bool = False
    ) -> str | None:
        """The THREATEN mode for an announced (or, for some acts, only a conditional) act of
        `event_type`; None if it is no threat."""
        table = self.threats if event_type in self.threats else {}
        if conditional and event_type in self.conditional_threats:
            table = self.conditional_threats
        if event_type not in table:
            return None
        default, by_mode = table[event_type]
        return by_mode.get(mode or "", default or None)

    @classmethod
    def bundled(cls) -> ModalityCues:
        raw = read_yaml((files("dyad") / "ontology" / "modality.yaml").read_text("utf-8"))
        words = {
            name: frozenset(str(w) for w in raw[name])
            for name in cls.__dataclass_fields__
            if name not in ("threats", "conditional_threats")
        }
        return cls(
            **words,
            threats=_threat_table(raw.get("threats") or {}),
            conditional_threats=_threat_table(raw.get("conditional_threats") or {}),
        )


class JudgeModality:
    needs: tuple[str, ...] = ("doc", "frames")
    adds: tuple[str, ...] = ("modality",)

    def __init__(self, cues: ModalityCues | None = None) -> None:
        self.cues = cues or ModalityCues.bundled()

    def __call__(self, analysis: Analysis) -> Analysis:
        events = {t.token: f"{t.event_type}:{t.mode}" for t in analysis.triggers}
        frames = tuple(
            self.judge(analysis.doc[f.trigger.token], f, events) for f in analysis.frames
        )
        return replace(analysis, frames=frames)

    def judge(self, trigger: Token, frame: Frame, events: Mapping[int, str] | None = None) -> Frame:
        """Negation and conditionals anywhere on the chain win; otherwise the nearest
        hypothetical or planned cue decides ("prepares to meet" is planned even when the
        sentence goes on to say what officials *called* it)."""
        chain, reported = self.collect(trigger, frame, events or {})
        return decide(frame, chain, reported)

    def collect(
        self, trigger: Token, frame: Frame, events: Mapping[int, str]
    ) -> tuple[list[dict[str, str]], bool]:
        """Cues from the trigger up through the words that govern it, nearest first; and
        whether the walk ended at a verb of saying (reported speech)."""
        chain: list[dict[str, str]] = []
        if frame.sentence.text.rstrip().rstrip('"”’').endswith("?"):
            chain.append({"hypothetical": "?"})
        chain.append(self.own_cues(trigger, is_trigger=True))
        node, steps, referenced = trigger, 0, False
        while node.head.i != node.i and steps < MAX_STEPS and node.dep_ in CHAIN_DEPS:
            intended = _vowed_infinitive(node, self.cues.vowing_words)
            if _purpose_clause(node) and not intended:
                chain.append({"hypothetical": "to"})  # "staged protests to demand": the goal
            if _continues_a_condition(node):
                chain.append({"conditional": "if"})  # "if a truce holds and both sides ask"
            awaited = _awaited_clause(node)
            if awaited:  # "must agree to changes before they demobilize": not yet
                chain.append({"hypothetical": awaited})
            if node.dep_ in STOP_AFTER or (_own_clause(node) and not intended):
                break  # a when/after/because clause keeps its own tense and mood
            if _misjoined_participle(node):
                break  # "... that it would expel X and recalling its envoy": not under "would"
            # "have sworn to fight", parsed as an adverbial clause, is the vow's complement
            child, dep, node = node, "xcomp" if intended else node.dep_, node.head
            content = (
                self.content_noun(node) if dep == "ccomp" and opened_by(child, "that") else None
            )
            if content is not None:  # "reiterated its demand that Israel ease ...": asked for
                chain.append({"hypothetical": content.text})
            if node.lemma_.lower() in self.cues.speech_verbs and dep in ("ccomp", "parataxis"):
                denial = _verb_keys(node) & self.cues.negating_verbs
                if denial and not _denies_a_claim(node, self.cues):
                    chain.append({"negated": node.text})
                elif dep == "ccomp" and _alleged_of_another(node, frame, self.cues):
                    chain.append({"alleged": node.text})
                # what a speaker says is asserted, unless they deny it or allege it of another
                return chain, True
            # "announced ... during a visit to Male": an adjunct is not what is announced
            adjunct = dep == "prep" and child.lower_ in ADJUNCT_PREPS
            cues = self.own_cues(node, is_trigger=False, via="adjunct" if adjunct else dep)
            argument = dep in COMPLEMENTS or (dep == "prep" and child.lower_ in ARGUMENT_PREPS)
            governor = events.get(node.i, "")
            governed = _governed_modality(governor)
            # "filed a case accusing Israel": an act of the governor's own type is the same act
            governing_type = governor.split(":")[0]
            same_act = governing_type == frame.trigger.event_type
            punished_for = child.lower_ == "for" and self.punishes(node, governing_type, events)
            if dep == "prep" and punished_for and not same_act:
                cues.setdefault("hypothetical", child.text)  # "jailed X for helping"
            if governed and argument and not referenced and not same_act:
                # what is asked, threatened or alleged has not happened; what is rejected is
                # refused; what is agreed is to come
                cues.setdefault(governed, node.text)
            if dep == "xcomp" and self.wishes_to_cooperate(node, frame):
                cues = {k: v for k, v in cues.items() if k != "hypothetical"}
                cues.setdefault("planned", node.text)  # "wants to help Israel": intent
            if referenced:  # only "the prospect of", "the risk of" still count
                cues = {k: v for k, v in cues.items() if v.lower() in self.cues.hypothetical_nouns}
            chain.append(cues)
            # An event noun hanging from another noun ("comparisons to the Alaska summit") is
            # referred to, not reported: the outer clause's tense and negation are not its own.
            referenced = referenced or (
                dep == "prep" and node.pos_ in ("NOUN", "PROPN") and node.i not in events
            )
            steps += 1
        return chain, False

    def punishes(self, node: Token, governing_type: str, events: Mapping[int, str]) -> bool:
        """A punishment, in a word ('jailed') or in a light verb's object ('imposed
        sanctions')."""
        objects = (events.get(c.i, "") for c in node.children if c.dep_ == "dobj")
        types = {governing_type, *(key.split(":")[0] for key in objects)}
        return bool(types & self.cues.punishing_types)

    def wishes_to_cooperate(self, verb: Token, frame: Frame) -> bool:
        """'X wants to help Y', 'hoped to meet Kim': a wish to cooperate with another party,
        expressed by the one who would act, is an act of its own (intent to cooperate)."""
        return (
            verb.lemma_.lower() in self.cues.intent_verbs
            and frame.trigger.event_type in self.cues.intent_types
            and bool(frame.recipients or sum(len(a.entities) for a in frame.actors) > 1)
        )

    def content_noun(self, verb: Token) -> Token | None:
        """The object of a verb that a 'that' clause spells out, when it names something not
        (yet) real: 'repeated its demand that ...', 'rejected the proposal that ...' (the
        parser hangs the clause on the verb)."""
        return next(
            (
                c
                for c in verb.children
                if c.dep_ == "dobj" and c.lemma_.lower() in self.cues.hypothetical_nouns
            ),
            None,
        )

    def own_cues(self, token: Token, is_trigger: bool, via: str = "") -> dict[str, str]:
        """The modality cues on one word of the chain: its children, then (above the trigger)
        its own lemma."""
        found = self.child_cues(token, is_trigger)
        if token.dep_ == "ROOT" and any(
            c.dep_ == "aux" and c.lower_ == "to" for c in token.children
        ):
            found.setdefault("planned", "to")  # headline future: "Trump and Putin to meet"
        if not is_trigger:
            cue = self.lemma_cue(token, via)
            if cue:
                found.setdefault(cue, token.text)
        return found

    def child_cues(self, token: Token, is_trigger: bool) -> dict[str, str]:
        """Negation, modal auxiliaries, conditional markers and hedging modifiers."""
        found: dict[str, str] = {}
        cues = self.cues
        for child in token.children:
            low, dep = child.lower_, child.dep_
            if dep == "neg" or (dep == "det" and low in cues.negating_determiners):
                found.setdefault("negated", child.text)
            elif dep in ("nsubj", "nsubjpass") and low in cues.negating_words:
                found.setdefault("negated", child.text)  # "nothing was agreed", "no one fired"
            elif dep in ("dobj", "nsubjpass") and any(
                g.dep_ == "det" and g.lower_ in cues.negating_determiners for g in child.children
            ):
                found.setdefault("negated", child.text)  # "accepted no limits", "no shots were"
            elif dep == "mark" and low in cues.conditional_marks:
                found.setdefault("conditional", child.text)
            elif dep == "advcl" and is_trigger and _conditional_clause(child):
                found.setdefault("conditional", "if")
            elif dep == "xcomp" and is_trigger and _offer(token) and _conditional_below(child):
                found.setdefault("conditional", "if")  # "ready to help rebuild it if asked"
            elif dep == "aux" and low in cues.hypothetical_modals:
                found.setdefault("hypothetical", child.text)
            elif dep == "aux" and low in cues.planned_modals:
                found.setdefault("planned", child.text)
            elif dep in ("amod", "advmod"):
                # "a potentially game-changing supply": the adverb sits on the modifier
                words = {low} | {g.lower_ for g in child.children if g.dep_ == "advmod"}
                if words & (cues.hypothetical_adjectives | cues.hypothetical_adverbs):
                    found.setdefault("hypothetical", child.text)
                elif low in cues.planned_adjectives and token.pos_ == "NOUN":
                    found.setdefault("planned", child.text)
        return found

    def lemma_cue(self, token: Token, via: str) -> str | None:
        """What a governing word says about what it governs: 'denied', 'accused of',
        'plans to', 'weighs', 'the prospect of'."""
        cues, lemma, pos = self.cues, token.lemma_.lower(), token.pos_
        if (
            _verb_keys(token) & cues.negating_verbs
            and pos in ("VERB", "AUX")
            and via in COMPLEMENTS
        ):
            return "negated"
        if lemma in cues.alleging_verbs and via in ("prep", "pcomp", "ccomp", "xcomp"):
            return "alleged"  # "accused X of harassing": alleged, whatever it says inside
        if lemma in cues.planning_verbs and pos in ("VERB", "AUX", "ADJ") and via in PLANNED_ARGS:
            return "planned"  # "announced a visit", not "announced measures, blocking assets"
        hypothetical = (
            (lemma in cues.hypothetical_verbs and pos in ("VERB", "AUX"))
            or (
                lemma in cues.hypothetical_nouns
                and pos == "NOUN"
                and via in ("prep", "acl", "relcl")
            )
            or (lemma in cues.hypothetical_adjectives and pos == "ADJ")
        )
        return "hypothetical" if hypothetical else None


def decide(frame: Frame, chain: list[dict[str, str]], reported: bool) -> Frame:
    """The strongest cue wins: conditional > alleged > negated > nearest hypothetical or
    planned."""
    for cues in chain:
        if "conditional" in cues:
            future = [
                word
                for c in chain[:2]
                for key in ("planned", "hypothetical")
                if (word := c.get(key, "")).lower() in FUTURE_MODALS
            ]
            return replace(frame, modality="hypothetical", cues=(cues["conditional"], *future))
    for cues in chain:
        if "alleged" in cues:  # "alleged that France contributed to planning ...": all of it
            return replace(frame, modality="hypothetical", cues=(cues["alleged"],))
    for cues in chain:
        if "negated" in cues:
            return replace(frame, modality="negated", cues=(cues["negated"],))
    for cues in chain:
        for weak in ("hypothetical", "planned"):
            if weak in cues:
                word = cues[weak]
                if reported and word.lower() in FUTURE_IN_PAST:
                    weak = "planned"  # "announced it would expel": future, not a supposition
                return replace(frame, modality=weak, cues=(word,))  # type: ignore[arg-type]
    if frame.modality == "asserted" and frame.cues == ():
        return frame  # as it came from the roles stage: no copy to make
    return replace(frame, modality="asserted", cues=())


def _denies_a_claim(verb: Token, cues: ModalityCues) -> bool:
    """'X accused Y of ..., a charge Y denies' (parsed with 'denies' as the main verb): the
    denial answers the accusation, it does not undo it."""
    subjects = [c for c in verb.children if c.dep_ in ("nsubj", "dobj")]
    return any(
        g.lemma_.lower() in cues.claim_nouns
        for s in subjects
        for g in (s, *s.children)
        if g.dep_ in ("compound", "amod", "nsubj", "dobj")
    )


def _alleged_of_another(verb: Token, frame: Frame, cues: ModalityCues) -> bool:
    """'Kyiv alleged that Russian troops shelled a hospital': an allegation about another
    party is not a report that the act happened."""
    speaker = frame.attributed_to
    if verb.lemma_.lower() not in cues.alleging_verbs:
        return False
    if speaker is None:  # "a report alleged that ...": alleged by no party, still only alleged
        return True
    return speaker.entity.country not in {a.entity.country for a in frame.actors}


def _governed_modality(key: str) -> str | None:
    """The modality an event takes from the event word governing it ('TYPE:mode' or 'TYPE')."""
    return GOVERNED_MODALITY.get(key) or GOVERNED_MODALITY.get(key.split(":")[0])


def _offer(token: Token) -> bool:
    """'stood ready to', 'willing to', 'offered to': an offer, which a condition suspends (a
    threat made on a condition is still made)."""
    return token.pos_ == "ADJ" or token.lemma_.lower() == "offer"


def _conditional_below(complement: Token, depth: int = 3) -> bool:
    """An if-clause on an infinitive complement, or on its complement ('stood ready to help
    rebuild the army if the authorities asked')."""
    for child in complement.children:
        if child.dep_ == "advcl" and _conditional_clause(child):
            return True
        if child.dep_ == "xcomp" and depth > 1 and _conditional_below(child, depth - 1):
            return True
    return False


def _conditional_clause(clause: Token) -> bool:
    return any(g.dep_ == "mark" and g.lower_ in ("if", "unless") for g in clause.children)


def _own_clause(node: Token) -> bool:
    """An adverbial clause with its own subject or a 'when/after/as' marker stands on its own."""
    if node.dep_ != "advcl":
        return False
    return any(c.dep_ in ("nsubj", "nsubjpass", "mark") for c in node.children)


def _misjoined_participle(node: Token) -> bool:
    """A participle the parser joined to a bare infinitive ('announcing that it would expel
    12 diplomats and recalling its ambassador'): it belongs to the outer clause, and the
    infinitive's modal is not its own."""
    return node.dep_ == "conj" and node.tag_ == "VBG" and node.head.tag_ == "VB"


def _continues_a_condition(node: Token) -> bool:
    """'if a ceasefire holds and both sides ask for it': the parser may coordinate the second
    verb with the main clause; coming right after an if-clause, it belongs to the condition."""
    if node.dep_ != "conj":
        return False
    for joint in (c for c in node.head.children if c.dep_ == "cc" and 0 < c.i < node.i):
        before = node.doc[joint.i - 1]  # the word before "and", and the clauses it ends
        for clause in (before, *before.ancestors):
            if clause.dep_ == "advcl" and clause.right_edge.i + 1 == joint.i:
                return _conditional_clause(clause)
    return False


def _awaited_clause(node: Token) -> str | None:
    """'before they demobilize', 'until the troops leave': a present-tense clause of time
    speaks of what has not happened yet. Returns its marker."""
    if node.dep_ != "advcl" or node.tag_ not in ("VB", "VBP", "VBZ"):
        return None
    return next(
        (c.text for c in node.children if c.dep_ == "mark" and c.lower_ in AWAITING_MARKS),
        None,
    )


def _purpose_clause(node: Token) -> bool:
    """An infinitive adverbial clause ('to demand') or one opened by 'for' ('pushed for the US
    to support ...') says what something was for, not what happened."""
    return node.dep_ == "advcl" and (infinitive(node) or opened_by(node, "for"))


def _vowed_infinitive(node: Token, vowing_words: frozenset[str]) -> bool:
    """'sworn to fight' parsed as an adverbial clause: the infinitive a vow governs is what is
    vowed, not a goal the vow serves."""
    return (
        node.dep_ == "advcl"
        and infinitive(node)
        and node.head.lemma_.lower() in vowing_words
        and node.head.pos_ == "VERB"
    )


def _verb_keys(token: Token) -> set[str]:
    """The verb's lemma and its phrasal forms ('rule out'), to look up in cue lists."""
    lemma = token.lemma_.lower()
    return {lemma} | {f"{lemma} {c.lower_}" for c in token.children if c.dep_ == "prt"}


def _threat_table(
    raw: Mapping[str, Mapping[str, object]],
) -> dict[str, tuple[str, Mapping[str, str]]]:
    table: dict[str, tuple[str, Mapping[str, str]]] = {}
    for event_type, spec in raw.items():
        by_mode = spec.get("by_mode") or {}
        modes = {str(k): str(v) for k, v in by_mode.items()} if isinstance(by_mode, Mapping) else {}
        table[str(event_type)] = (str(spec.get("mode") or ""), modes)
    return table
