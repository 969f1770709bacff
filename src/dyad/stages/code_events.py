"""Stage: turn frames into coded events — PLOVER type and mode, CAMEO code, quad class,
intensity, confidence and a stable id — and drop what cannot be coded.

needs: Analysis.frames (with modality).  adds: Analysis.events.
"""

from __future__ import annotations

import hashlib
from dataclasses import replace

from spacy.tokens import Token

from dyad.lexicon import Lexicon
from dyad.records import Analysis, Entity, Event, Frame, Mention, Span
from dyad.settings import Options
from dyad.stages.modality import CONDITIONAL_WORDS, FUTURE_MODALS, ModalityCues
from dyad.stages.roles import ArgumentRules, parties
from dyad.syntax import complements

# How much each way of naming an actor is worth to the confidence of the event.
KIND_TRUST = {
    "person": 1.0,
    "country": 1.0,
    "institution": 1.0,
    "capital": 0.95,
    "organization": 1.0,
    "demonym": 0.9,
    "pronoun": 0.85,
    "role": 0.8,
}
MODALITY_TRUST = {"asserted": 1.0, "planned": 0.9, "negated": 0.85, "hypothetical": 0.8}
LONG_SENTENCE_TOKENS = 45
PLANNED_AS_AGREE = {"RETREAT", "CONCEDE"}
# Cooperation a party says it will not give ("will not accept", "won't meet") is a refusal
# made now (PLOVER REJECT), not an event that failed to happen.
REFUSABLE = {"AGREE", "AID", "CONCEDE", "RETREAT", "COOPERATE", "SUPPORT", "CONSULT"}
REFUSING_MODALS = FUTURE_MODALS | {"can", "ca", "could"}
JOINT_AS = {"MOBILIZE": "COOPERATE"}  # what an act done together by several states amounts to
DEFINITE = {"the", "this", "that", "these", "those"}
UNARMED_MODES = {None, "beat", "destroy", "primitive"}  # what a riot can be; missiles are not


class CodeEvents:
    needs: tuple[str, ...] = ("frames",)
    adds: tuple[str, ...] = ("events",)

    def __init__(
        self,
        lexicon: Lexicon,
        options: Options,
        cues: ModalityCues | None = None,
        rules: ArgumentRules | None = None,
    ) -> None:
        self.lexicon = lexicon
        self.options = options
        self.cues = cues or ModalityCues.bundled()
        rules = rules or ArgumentRules.bundled()
        self.rules = rules
        self.rioters = rules.rioting_actors
        self.readiness = rules.readiness_words

    def __call__(self, analysis: Analysis) -> Analysis:
        events: dict[tuple[object, ...], Event] = {}
        retelling: set[str] = set()  # events named by a definite noun: "the assault"
        for frame in analysis.frames:
            event = self.code(analysis, frame)
            if event is None or event.confidence < self.options.min_confidence:
                continue
            if _definite_noun(analysis.doc[frame.trigger.token]):
                retelling.add(event.id)
            # One event per sentence, type, modality and parties: "attacks ... the attack".
            key = (
                event.sentence_index,
                event.event_type,
                event.modality,
                _countries(event.actors),
                _countries(event.recipients),
            )
            if key not in events or events[key].confidence < event.confidence:
                events[key] = event
        kept = _drop_subsumed(list(events.values()))
        ordered = sorted(kept, key=lambda e: (e.sentence_index, e.trigger.start))
        return replace(analysis, events=tuple(_drop_retold(ordered, retelling)))

    def code(self, analysis: Analysis, frame: Frame) -> Event | None:
        actors = [e for e in parties(frame.actors) if e.country]
        # Same-country recipients stay: domestic events (police against protesters) are coded
        # country-to-itself, as PLOVER and CAMEO do.
        recipients = [e for e in parties(frame.recipients) if e.country and e not in actors]
        if not actors:
            return None  # PLOVER requires an actor; an event of nobody is not a row to count
        if frame.trigger.event_type == "CONSULT" and not recipients and len(actors) == 1:
            return None  # "the cabinet met": a body meeting by itself consults no one
        frame = self.recode(analysis, self.as_threat(frame), actors, recipients)
        trigger = frame.trigger
        info = self.lexicon.types[trigger.event_type]
        mode = frame.mode if frame.mode in info.modes else None
        article = analysis.article
        return Event(
            id=event_id(article.id, frame.sentence.index, trigger.start, trigger.event_type),
            article_id=article.id,
            event_type=trigger.event_type,
            mode=mode,
            cameo=trigger.cameo or info.cameo_for(mode),
            quad_class=info.quad,
            intensity=info.intensity(mode),
            modality=frame.modality,
            actors=tuple(actors),
            recipients=tuple(recipients),
            attributed_to=frame.attributed_to.entity if frame.attributed_to else None,
            date=None,
            date_precision=None,
            location=None,
            sentence_index=frame.sentence.index,
            sentence=frame.sentence.text,
            trigger=Span(trigger.text, trigger.start, trigger.end),
            confidence=confidence(frame, bool(recipients), info.requires_recipient),
        )

    def recode(
        self, analysis: Analysis, frame: Frame, actors: list[Entity], recipients: list[Entity]
    ) -> Frame:
        """What the act amounts to, given who did it and how it is said."""
        kind = frame.trigger.event_type
        token = analysis.doc[frame.trigger.token]
        if kind in REFUSABLE and (_refused(token) or self.vowed_not_to(token)):
            return replace(_as(frame, "REJECT", None), modality="asserted")
        if frame.modality == "planned" and kind in PLANNED_AS_AGREE and frame.mode != "resign":
            # An announced withdrawal or release is a statement of intent (CAMEO 03): AGREE.
            # A resignation announced is promised to no one: it stays a RETREAT, to come.
            return _as(frame, "AGREE", None)
        blocking = kind == "COERCE" and frame.mode == "restrict"
        if blocking and all(e.sector in self.rules.obstructing_sectors for e in actors):
            return _as(frame, "PROTEST", "obstruct")  # rebels, farmers blocking roads
        unarmed = kind == "ASSAULT" and frame.mode in UNARMED_MODES
        if unarmed and any(_is_rioter(e, self.rioters) for e in actors):
            return _as(frame, "PROTEST", "riot")  # "protesters set fire to ..."
        joint = JOINT_AS.get(kind)
        if joint and len({e.country for e in actors}) > 1 and not recipients:
            return _as(frame, joint, None)  # "French and Egyptian warships held war games"
        return frame

    def vowed_not_to(self, token: Token) -> bool:
        """'vowed not to return the Golan Heights': a vow never to act refuses the act."""
        return token.lemma_.lower() in self.rules.vowing_words and any(
            any(g.dep_ == "neg" for g in c.children) for c in complements(token)
        )

    def as_threat(self, frame: Frame) -> Frame:
        """An act of conflict the actor announces ("will impose sanctions"), makes
        conditional ("will withdraw unless ...") or says it is ready for is a threat made now:
        THREATEN, asserted."""
        trigger = frame.trigger
        cues = {c.lower() for c in frame.cues}
        conditional = frame.modality == "hypothetical" and bool(
            cues & CONDITIONAL_WORDS and cues & FUTURE_MODALS
        )
        # "prepared to impose martial law": readiness for an act of force is a threat
        ready = frame.modality == "hypothetical" and bool(cues & self.readiness)
        if frame.modality != "planned" and not conditional and not ready:
            return frame
        if self.armed_preparation(frame, cues):
            mobilize = replace(trigger, event_type="MOBILIZE", mode="troops", cameo=None)
            return replace(frame, trigger=mobilize, mode="troops", modality="asserted")
        mode = self.cues.threat_mode(trigger.event_type, frame.mode, conditional)
        if mode is None:
            return frame
        threat = replace(trigger, event_type="THREATEN", mode=mode, cameo=None)
        return replace(frame, trigger=threat, mode=mode, modality="asserted")

    def armed_preparation(self, frame: Frame, cues: set[str]) -> bool:
        """'The army prepared to resume shelling': forces getting ready to attack mobilise."""
        return (
            frame.trigger.event_type == "ASSAULT"
            and bool(cues & self.rules.preparing_words)
            and any(m.entity.sector in self.rules.armed_sectors for m in frame.actors)
        )


def _as(frame: Frame, event_type: str, mode: str | None) -> Frame:
    """The frame recoded as another type and mode (its CAMEO code follows from them)."""
    trigger = replace(frame.trigger, event_type=event_type, mode=mode, cameo=None)
    return replace(frame, trigger=trigger, mode=mode)


def confidence(frame: Frame, has_recipient: bool, requires_recipient: bool) -> float:
    """A score that orders events by how likely the coding is right (see `dyad eval`)."""
    score = frame.trigger.weight
    score *= 1.0 if frame.evidence == "syntax" else 0.55
    score *= min((_trust(m) for m in frame.actors), default=0.5)
    if requires_recipient and not has_recipient:
        score *= 0.75
    elif not has_recipient and len(frame.actors) < 2:
        score *= 0.9  # a one-sided act with no one on the receiving end is often half-read
    score *= MODALITY_TRUST[frame.modality]
    words = len(frame.sentence.text.split())
    if words > LONG_SENTENCE_TOKENS:
        score *= 0.9
    return round(max(0.0, min(1.0, score)), 3)


def _refused(token: Token) -> bool:
    """'will not accept', 'won't meet', 'cannot agree': negated with a modal of will or
    ability on the word itself."""
    children = {(c.dep_, c.lower_) for c in token.children}
    negated = any(dep == "neg" for dep, _ in children)
    return negated and any(dep == "aux" and low in REFUSING_MODALS for dep, low in children)


def _drop_subsumed(events: list[Event]) -> list[Event]:
    """Two words for one event in a sentence ("held a call ... to discuss"): when one event's
    parties are a subset of another's of the same type and modality, keep the fuller one."""

    def parties_of(event: Event) -> tuple[set[str], set[str]]:
        actors = set(_countries(event.actors))
        if len(actors) > 1 and not event.recipients:  # reciprocal: every party on both sides
            return actors, actors
        return actors, set(_countries(event.recipients))

    def within(small: Event, large: Event) -> bool:
        (a1, r1), (a2, r2) = parties_of(small), parties_of(large)
        if not small.recipients and len(a1) > 1 and set(_countries(large.actors)) == a1:
            return bool(large.recipients)  # "claimed responsibility for an attack on Kenya"
        return a1 <= a2 and r1 <= r2 and (a1, r1) != (a2, r2)

    kept = []
    for event in events:
        subsumed = any(
            other is not event
            and other.sentence_index == event.sentence_index
            and other.event_type == event.event_type
            and other.modality == event.modality
            and within(event, other)
            for other in events
        )
        if not subsumed:
            kept.append(event)
    return kept


def _definite_noun(token: Token) -> bool:
    return token.pos_ == "NOUN" and any(
        c.dep_ == "det" and c.lower_ in DEFINITE for c in token.children
    )


def _drop_retold(events: list[Event], retelling: set[str]) -> list[Event]:
    """'M23 rebels attacked its positions. ... used mortars in the assault': a definite noun
    in a later sentence that names no new party tells an event already counted again."""
    kept: list[Event] = []
    for event in events:
        actors, recipients = set(_countries(event.actors)), set(_countries(event.recipients))
        told = event.id in retelling and any(
            earlier.sentence_index < event.sentence_index
            and earlier.event_type == event.event_type
            and earlier.modality == event.modality
            and actors <= set(_countries(earlier.actors))
            and recipients <= set(_countries(earlier.recipients))
            for earlier in kept
        )
        if not told:
            kept.append(event)
    return kept


def _is_rioter(entity: Entity, rioters: frozenset[str]) -> bool:
    """'protesters set fire to ...': violence by demonstrators is a riot."""
    words = entity.text.lower().split()
    return bool(words) and words[-1].rstrip("s") in rioters


def _trust(mention: Mention) -> float:
    return KIND_TRUST.get(mention.kind, 0.7)


def _countries(entities: tuple[Entity, ...]) -> tuple[str, ...]:
    return tuple(sorted({e.country for e in entities if e.country}))


def event_id(article_id: str, sentence_index: int, trigger_start: int, event_type: str) -> str:
    """Stable across runs: the same article text gives the same ids."""
    key = f"{article_id}|{sentence_index}|{trigger_start}|{event_type}"
    return hashlib.sha1(key.encode("utf-8")).hexdigest()[:16]
