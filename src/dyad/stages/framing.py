"""Which triggers of the roles stage become frames, and how frames inform each other.

A trigger can be the content of another event ("agreed to resign"), a background mention
("after the invasion", "the 2014 annexation") or part of a protest ("rallied, demanding ...");
and a frame can lend its parties to another ("condemned the detention by X": X is accused).
"""

from __future__ import annotations

from dataclasses import replace
from typing import TYPE_CHECKING

from spacy.tokens import Doc, Token

from dyad.records import Analysis, Frame, Trigger
from dyad.syntax import (
    ARGUMENT_PREPS,
    complements,
    governors,
    has_object,
    nearest_first,
    opened_by,
    time_phrase,
)

if TYPE_CHECKING:
    from dyad.stages.roles import ArgumentRules


def accuse_the_doer(frames: list[Frame], doc: Doc) -> list[Frame]:
    """'condemned the detention of its staff by Houthi authorities': who is condemned is
    who did the condemned act, not whom it was done to."""
    doers = {f.trigger.token: f.actors for f in frames if f.actors}
    out = []
    for frame in frames:
        if frame.trigger.event_type == "ACCUSE":
            token = doc[frame.trigger.token]
            acts = [c.i for c in token.children if c.dep_ == "dobj" and c.i in doers]
            if acts and not set(doers[acts[0]]) & set(frame.actors):
                frame = replace(frame, recipients=doers[acts[0]])
        out.append(frame)
    return out


def history(token: Token, year: int | None) -> bool:
    """'Russia's 2014 annexation of Crimea' in a 2025 story is history told in passing: an
    event noun or verb dated by an earlier year ('In 1994, the army fought ...') is not news
    of the day."""
    if token.dep_ == "relcl" and token.head.pos_ in ("NOUN", "PROPN"):
        return history(token.head, year)  # "the 1994 genocide, in which extremists killed ..."
    if year is None or token.pos_ not in ("NOUN", "PROPN", "VERB"):
        return False
    dated = [
        c
        for c in token.children
        if c.ent_type_ == "DATE" and c.dep_ in ("nummod", "compound", "amod", "poss", "npadvmod")
    ]
    for child in token.children:
        if child.dep_ == "prep" and child.lower_ in ("in", "during"):
            dated += [g for g in child.children if g.ent_type_ == "DATE"]  # "In 1994, ... fought"
    return any(t.text.isdigit() and len(t.text) == 4 and int(t.text) < year for t in dated)


def protest_heads(analysis: Analysis) -> set[int]:
    """Protest words and the verbs that carry protest nouns ('staged rallies')."""
    heads = set()
    for trigger in analysis.triggers:
        if trigger.event_type == "PROTEST":
            token = analysis.doc[trigger.token]
            heads.update({token.i, token.head.i} if token.pos_ == "NOUN" else {token.i})
    return heads


def purpose_of(token: Token, protests: set[int]) -> bool:
    """'demonstrated in Kirkuk, calling for independence', 'rallied in support of the mayor':
    the demand or the support is what the protest is about, part of the protest event rather
    than a second one."""
    if token.dep_ == "pobj" and token.head.lower_ == "in":
        return token.head.head.i in protests
    return token.dep_ in ("advcl", "xcomp", "acl", "conj") and token.head.i in protests


def share_agreed_parties(frames: list[Frame], doc: Doc) -> list[Frame]:
    """'Seoul and Tokyo agreed to revive visits by their leaders': the meeting agreed on is
    between the parties that agreed, whatever words name them inside the clause."""
    agreed = {f.trigger.token: f for f in frames if f.trigger.event_type == "AGREE" and f.actors}
    out = []
    for frame in frames:
        token = doc[frame.trigger.token]
        agreement = next((agreed[i] for i in governors(token, 3) if i in agreed), None)
        if frame.trigger.event_type == "CONSULT" and agreement is not None:
            frame = replace(frame, actors=agreement.actors, recipients=agreement.recipients)
        out.append(frame)
    return out


def object_of_event(token: Token, verbs: set[int]) -> bool:
    """'ratified an agreement', 'rejected calls for talks', 'welcomed the deal': a said-thing
    that is the object of another event verb is that event's content."""
    if token.pos_ not in ("NOUN", "PROPN"):
        return False
    head = token.head
    if token.dep_ == "pobj" and head.dep_ == "prep" and head.lower_ in ARGUMENT_PREPS:
        head = head.head
    elif token.dep_ == "pobj" and head.lower_ == "as" and not has_object(head.head):
        head = head.head  # "condemned as unacceptable allegations by ...": the object, misparsed
    elif token.dep_ not in ("dobj", "nsubjpass"):
        return False
    return head.i in verbs


def described_object(token: Token, verbs: set[int]) -> bool:
    """'vetoed a resolution that called for a ceasefire': what a clause says of the object of
    another event describes that object; it is no second event."""
    noun = token.head
    return token.dep_ == "relcl" and noun.dep_ in ("dobj", "nsubjpass") and noun.head.i in verbs


def content_of(token: Token, agreements: set[int]) -> bool:
    """'agreed to resign', 'offered to hand over', 'agreed to a ceasefire': what is agreed is
    the content of the AGREE event, not a second event."""
    node = token
    for _ in range(3):
        if node.dep_ not in ("xcomp", "ccomp", "dobj", "pobj", "prep", "pcomp"):
            return False
        node = node.head
        if node.i in agreements:
            return True
    return False


def background(token: Token, rules: ArgumentRules) -> bool:
    """An event noun in 'after ...', 'following ...', 'since ...' or given as the reason
    ("because of fighting", "in protest of the refusal", "complained over air raids") is the
    backdrop of the sentence's news, reported in passing and usually without its own parties
    or date. (A clause — "a day after protesters set fire to parliament" — tells its own news,
    with its own parties.)"""
    if token.pos_ not in ("NOUN", "PROPN") or token.dep_ != "pobj":
        return False
    prep = token.head
    if prep.lower_ in ("of", "in") and prep.head.dep_ == "pobj":
        # "after three years of talks", "after two years in detention"
        return background(prep.head, rules) or prep.head.lower_ in rules.reason_heads
    return (
        prep.lower_ in rules.background_preps
        or prep.lower_ in rules.reason_heads
        or (prep.head.lower_ in rules.reason_heads and prep.head.head.lower_ == "in")
        or (prep.lower_ == "of" and prep.head.lower_ in rules.reason_heads)
        or (prep.lower_ == "over" and prep.head.lemma_.lower() in rules.grievance_heads)
    )


def document_content(token: Token, rules: ArgumentRules) -> bool:
    """'signed a treaty of friendship and cooperation', 'an agreement on trade': what a
    document is of or about is its content, not an event of its own."""
    while token.dep_ == "conj" and token.head.pos_ in ("NOUN", "PROPN"):
        token = token.head
    prep = token.head
    return (
        token.pos_ in ("NOUN", "PROPN")
        and token.dep_ == "pobj"
        and prep.lower_ in ("of", "on")
        and prep.head.lemma_.lower() in rules.document_nouns
    )


def answers_a_claim(token: Token, rules: ArgumentRules) -> bool:
    """'dismissed the claim as nonsense', 'condemned the allegations as unacceptable', 'an
    allegation the ministry rejected': answering what another said refuses or accuses
    nothing."""
    claims = [c for c in token.children if c.dep_ == "dobj"]
    # "condemned as unacceptable allegations by Rwanda that ...": misparsed as an 'as' phrase
    claims += [
        g for c in token.children if c.lower_ == "as" for g in c.children if g.dep_ == "pobj"
    ]
    if token.dep_ == "relcl":  # "an allegation the ministry dismissed"
        claims.append(token.head)
    return any(c.lemma_.lower() in rules.claim_nouns for c in claims)


def declines_to_comment(token: Token, rules: ArgumentRules) -> bool:
    """'declined to say', 'refused to comment': keeping quiet refuses no one anything (but
    'refused to respond to a demand' refuses the demand)."""
    return any(
        c.lemma_.lower() in rules.comment_verbs
        and not any(
            g.dep_ == "dobj" or (g.dep_ == "prep" and not time_phrase(g)) for g in c.children
        )
        for c in complements(token)
    )


def asks_a_question(token: Token) -> bool:
    """'asked whether Ottawa would respond': asking a question requests nothing."""
    return any(
        c.dep_ in ("ccomp", "advcl") and (opened_by(c, "whether") or opened_by(c, "if"))
        for c in token.children
    )


def metaphor(token: Token, rules: ArgumentRules) -> bool:
    """'declared war on corruption', 'a shot in its battle against inflation', 'fight graft'."""
    if any(c.dep_ == "dobj" and c.lemma_.lower() in rules.metaphor_targets for c in token.children):
        return True
    for node in (*nearest_first(token, depth=2), token.head):
        for prep in (
            c for c in node.children if c.dep_ == "prep" and c.lower_ in ("on", "against")
        ):
            for target in (g for g in prep.children if g.dep_ == "pobj"):
                if target.lemma_.lower() in rules.metaphor_targets:
                    return True
    return False


def readiness_to_harm(token: Token, conflict_triggers: set[int], rules: ArgumentRules) -> bool:
    """'prepared to impose martial law', 'ready to strike': readiness for an act of force or
    punishment offers nothing; the act, announced, is a threat ('vowed to attack' too)."""
    if token.lemma_.lower() not in rules.readiness_words | rules.vowing_words:
        return False
    offered = complements(token)
    objects = [g for c in offered for g in c.children if g.dep_ == "dobj"]  # "impose martial law"
    return any(c.i in conflict_triggers for c in offered + objects)


def empty_offer(token: Token, triggers: set[int], rules: ArgumentRules) -> bool:
    """'ready to defend its sovereignty' offers nothing to anyone: a readiness word is an
    AGREE only when what it is ready for is itself an event."""
    if token.lemma_.lower() not in rules.readiness_words:
        return False
    offered = [c for c in token.children if c.dep_ == "xcomp"]
    return not any(t.i in triggers for c in offered for t in c.subtree)


def alleged_by_speaker(frame: Frame, doc: Doc, alleging: frozenset[str]) -> Token | None:
    """The alleging verb ('claimed', 'alleged', 'charged') whose clause reports the frame's
    act, when the one who says it is not the one said to have done it."""
    speaker, token = frame.attributed_to, doc[frame.trigger.token]
    if speaker is None or not frame.actors:
        return None
    if speaker.entity.country in {a.entity.country for a in frame.actors}:
        return None  # "Russia claimed its forces took the village": a claim of its own act
    node = token
    for _ in range(3):
        if node.dep_ not in ("ccomp", "conj") or node.head.i == node.i:
            return None
        node = node.head
        if node.lemma_.lower() in alleging and node.pos_ == "VERB":
            return node
    return None


def allegations(
    frames: list[Frame], doc: Doc, alleging: frozenset[str], hostile: set[str]
) -> list[Frame]:
    """'Baku claimed that Armenian forces had shelled its posts': saying another party did a
    hostile act accuses it (PLOVER ACCUSE, mode allege), once per alleging verb."""
    accused = {f.trigger.token for f in frames if f.trigger.event_type == "ACCUSE"}
    out = list(frames)
    for frame in frames:
        if frame.trigger.event_type not in hostile:
            continue
        verb = alleged_by_speaker(frame, doc, alleging)
        if verb is None or verb.i in accused or frame.attributed_to is None:
            continue
        accused.add(verb.i)
        trigger = Trigger(
            token=verb.i,
            text=verb.text,
            start=verb.idx,
            end=verb.idx + len(verb),
            event_type="ACCUSE",
            mode="allege",
            cameo=None,
            weight=0.6,  # a verb of saying, read as an accusation only through its clause
        )
        out.append(
            Frame(trigger, frame.sentence, (frame.attributed_to,), frame.actors, mode="allege")
        )
    return out


def commemoration(token: Token, rules: ArgumentRules) -> bool:
    """'Thousands gathered at the memorial to remember the victims': a crowd that comes to
    mourn, pray or celebrate is no protest."""
    verb = token.head if token.pos_ in ("NOUN", "PROPN") else token
    for clause in (c for c in verb.children if c.dep_ in ("advcl", "xcomp")):
        purpose = any(a.dep_ == "aux" and a.lower_ == "to" for a in clause.children)
        if purpose and clause.lemma_.lower() in rules.gathering_purposes:
            return True
    return False
