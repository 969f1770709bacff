"""Stage: find who did it, to whom, and who says so, for each trigger.

needs: Analysis.doc, mentions, triggers.  adds: Analysis.frames (trigger + actor and recipient
mentions + attribution); drops the trigger of a command ("ordered the deployment", "approved the
release").
Reads the dependency parse: subjects and "by"-agents of verbs (through passives, coordination,
control and complement chains), possessors and modifiers of event nouns, the subject of a light
verb ("held talks"), and prepositional objects per arguments.yaml.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from importlib.resources import files
from typing import Any

from spacy.tokens import Doc, Token

from dyad.datafiles import read_yaml
from dyad.geo import Gazetteer, PlaceContext
from dyad.kb import ActorKB
from dyad.lexicon import Lexicon
from dyad.records import Analysis, Entity, Frame, Mention, Sentence, Trigger
from dyad.stages.framing import (
    accuse_the_doer,
    allegations,
    answers_a_claim,
    asks_a_question,
    background,
    commemoration,
    content_of,
    declines_to_comment,
    described_object,
    document_content,
    empty_offer,
    history,
    metaphor,
    object_of_event,
    protest_heads,
    purpose_of,
    readiness_to_harm,
    share_agreed_parties,
)
from dyad.stages.places import EntitySpans, LocateEvents, entity_spans, place_phrases
from dyad.syntax import (
    DIRECTIONAL_PREPS,
    RELATIVE_PRONOUNS,
    STRANDED_REACH,
    SUBJECT_DEPS,
    directional_phrase,
    extended_phrase,
    has_object,
    infinitive,
    nearest_first,
    noun_phrase,
    opened_by,
    prep_objects,
    prep_objects_deep,
    role_words,
    tokens_among,
    with_conjuncts,
    word_hashes,
)

# Preferred kinds when one noun phrase names several actors ("Russia's President Putin").
KIND_RANK = {
    "person": 0,
    "organization": 1,
    "institution": 2,
    "capital": 3,
    "country": 4,
    "demonym": 5,
    "pronoun": 6,
    "role": 7,
}
# Prepositions of a verb that lead to what the act is about or who it reaches.
OBJECT_PREPS = frozenset({"from", "with", "to", "against", "over", "about", "for", "on"})
ACCORDING = word_hashes(["according"])
NON_STATE_CODES = {"IGO", "UNO", "EUR", "NGO", "MNC", "IMG", "ISM"}
PLACE_KINDS = ("place", "capital", "country")  # the mentions that say where an event is
MODALITY_LISTS = frozenset(
    {"speech_verbs", "alleging_verbs", "claim_nouns", "planning_verbs", "vowing_words"}
)


@dataclass(frozen=True)
class ArgumentRules:
    recipient_preps: Mapping[str, frozenset[str]]
    actor_preps: frozenset[str]
    from_is_recipient: frozenset[str]
    aimed_at_without_object: frozenset[str]
    affiliation_participles: frozenset[str]
    report_nouns: frozenset[str]
    issuing_verbs: frozenset[str]
    of_is_recipient: frozenset[str]
    of_is_actor: frozenset[str]
    reciprocal_preps: frozenset[str]
    reciprocal_types: frozenset[str]
    speech_verbs: frozenset[str]
    alleging_verbs: frozenset[str]
    claim_nouns: frozenset[str]
    planning_verbs: frozenset[str]
    location_preps: frozenset[str]
    location_types: frozenset[str]
    background_preps: frozenset[str]
    reason_heads: frozenset[str]
    grievance_heads: frozenset[str]
    comment_verbs: frozenset[str]
    object_not_recipient: frozenset[str]
    boundary_nouns: frozenset[str]
    domestic_types: frozenset[str]
    domestic_modes: frozenset[str]
    outward_modes: frozenset[str]
    inward_types: frozenset[str]
    local_sectors: frozenset[str]
    order_nouns: frozenset[str]
    commanding_verbs: frozenset[str]
    gathering_purposes: frozenset[str]
    adjunct_preps: frozenset[str]
    rioting_actors: frozenset[str]
    receiving_verbs: frozenset[str]
    audience_sectors: frozenset[str]
    generic_institutions: frozenset[str]
    sports_words: frozenset[str]
    metaphor_targets: frozenset[str]
    readiness_words: frozenset[str]
    vowing_words: frozenset[str]
    undergone_modes: frozenset[str]
    non_consulting_sectors: frozenset[str]
    open_water: frozenset[str]
    unclaimed_modes: frozenset[str]
    armed_victim_sectors: frozenset[str]
    document_nouns: frozenset[str]
    state_modes: frozenset[str]
    relation_nouns: frozenset[str]
    obstructing_sectors: frozenset[str]
    preparing_words: frozenset[str]
    armed_sectors: frozenset[str]

    @classmethod
    def bundled(cls) -> ArgumentRules:
        folder = files("dyad") / "ontology"
        raw: dict[str, Any] = read_yaml((folder / "arguments.yaml").read_text("utf-8"))
        modality = read_yaml((folder / "modality.yaml").read_text("utf-8"))
        # word lists: from arguments.yaml, the verbs of saying and planning from modality.yaml
        words = {
            name: frozenset(
                str(w) for w in (modality[name] if name in MODALITY_LISTS else raw[name])
            )
            for name in cls.__dataclass_fields__
            if name != "recipient_preps"
        }
        return cls(
            recipient_preps={k: frozenset(v) for k, v in raw["recipient_preps"].items()},
            **words,
        )

    def recipient_preps_for(self, event_type: str) -> frozenset[str]:
        return self.recipient_preps.get("*", frozenset()) | self.recipient_preps.get(
            event_type, frozenset()
        )


class AssignRoles:
    needs: tuple[str, ...] = ("doc", "mentions", "triggers")
    adds: tuple[str, ...] = ("frames",)

    def __init__(
        self,
        kb: ActorKB,
        lexicon: Lexicon,
        rules: ArgumentRules | None = None,
        gazetteer: Gazetteer | None = None,
    ) -> None:
        self.kb = kb
        self.lexicon = lexicon
        self.rules = rules or ArgumentRules.bundled()
        self.gazetteer = gazetteer or Gazetteer.bundled()
        self.sports_words = word_hashes(self.rules.sports_words)

    def __call__(self, analysis: Analysis) -> Analysis:
        finder = _Parties(analysis, self.kb, self.lexicon, self.rules, self.gazetteer)
        conflict = {t for t, info in self.lexicon.types.items() if info.quad == 4}
        harms = {t.token for t in analysis.triggers if t.event_type in conflict}
        threats = {
            t.token
            for t in analysis.triggers
            if readiness_to_harm(analysis.doc[t.token], harms, self.rules)
        }
        agreements = {
            t.token for t in analysis.triggers if t.event_type == "AGREE" and t.token not in threats
        }
        protests = protest_heads(analysis)
        triggers = {t.token for t in analysis.triggers}
        commands = self.commands(analysis, triggers)
        verbs = {
            t.token
            for t in analysis.triggers
            if analysis.doc[t.token].pos_ == "VERB" and t.token not in commands
        }
        verbal = {t for t, info in self.lexicon.types.items() if info.quad in (1, 3)}
        frames: list[Frame] = []
        sport = self.sports_sentences(analysis)
        year = analysis.article.published.year if analysis.article.published else None
        for trigger in analysis.triggers:
            token = analysis.doc[trigger.token]
            skip = token.i in threats or token.i in commands or history(token, year)
            if skip or (sport and token.sent.start in sport):
                continue
            if (
                (trigger.event_type != "CONSULT" and content_of(token, agreements))
                or background(token, self.rules)
                or document_content(token, self.rules)
                or (trigger.event_type in verbal and object_of_event(token, verbs))
                or (trigger.event_type in verbal and described_object(token, verbs))
                or (trigger.event_type in ("REQUEST", "SUPPORT") and purpose_of(token, protests))
                or (trigger.event_type == "ASSAULT" and metaphor(token, self.rules))
                or empty_offer(token, triggers, self.rules)
                or (
                    trigger.event_type in ("REJECT", "ACCUSE")
                    and answers_a_claim(token, self.rules)
                )
                or (trigger.event_type == "PROTEST" and commemoration(token, self.rules))
                or (trigger.event_type == "REQUEST" and asks_a_question(token))
                or (trigger.event_type == "REJECT" and declines_to_comment(token, self.rules))
            ):
                continue
            frame = finder.frame(trigger)
            if frame is not None:
                frames.append(frame)
        frames = accuse_the_doer(share_agreed_parties(frames, analysis.doc), analysis.doc)
        frames = allegations(frames, analysis.doc, self.rules.alleging_verbs, conflict)
        # a command is the commanded act: its REQUEST trigger governs nothing downstream
        kept = tuple(t for t in analysis.triggers if t.token not in commands)
        return replace(analysis, frames=tuple(frames), triggers=kept)

    def commands(self, analysis: Analysis, triggers: set[int]) -> set[int]:
        """'ordered the deployment of troops': the order is the deployment, not a REQUEST."""
        found = set()
        for trigger in analysis.triggers:
            token = analysis.doc[trigger.token]
            if token.lemma_ not in self.rules.commanding_verbs:
                continue
            if any(c.dep_ == "dobj" and c.i in triggers for c in token.children):
                found.add(token.i)
        return found

    def sports_sentences(self, analysis: Analysis) -> set[int]:
        """Sentences about a match ('the striker attacked down the left flank'): war words
        there are sport, not politics."""
        doc = analysis.doc
        words: dict[int, set[str]] = {}
        for i in tokens_among(doc, self.sports_words):
            lemma = doc[i].lemma_.lower()
            if lemma in self.rules.sports_words:
                words.setdefault(doc[i].sent.start, set()).add(lemma)
        return {start for start, found in words.items() if len(found) >= 2}


DATELINE_END = re.compile(r"^\s*(,[^—–\n]{1,30})?\s*(\([^)\n]{1,20}\))?\s*[—–-]")


def dateline_country(analysis: Analysis) -> str | None:
    """The country of the place an article is filed from ("KINSHASA — ", "ADRE, Chad — ")."""
    first = min(analysis.mentions, key=lambda m: m.start, default=None)
    if first is None or first.start > 0 or not first.entity.country:
        return None
    after = analysis.article.text[first.end : first.end + 40]
    return first.entity.country if DATELINE_END.match(after) else None


def clause_verb(token: Token, steps: int = 4) -> Token | None:
    """The verb whose clause a word belongs to, up through objects and prepositions."""
    while token.pos_ not in ("VERB", "AUX"):
        if steps == 0 or token.dep_ not in ("pobj", "prep", "dobj", "compound", "appos"):
            return None
        token, steps = token.head, steps - 1
    return token


def reported_participle(verb: Token) -> bool:
    """'There were 10 soldiers killed in Ukraine', 'Two journalists detained in Iran': a past
    participle on a noun the sentence only presents is the news, in the passive. On a noun
    that takes part in another clause ('a member jailed a year ago') it describes the past."""
    if verb.dep_ != "acl" or verb.tag_ != "VBN":
        return False
    noun = verb.head
    presented = noun.dep_ in ("attr", "nsubj") and noun.head.lemma_ == "be"
    return noun.dep_ == "ROOT" or presented


class _Parties:
    """Reads the parties of triggers off one parsed article."""

    def __init__(
        self,
        analysis: Analysis,
        kb: ActorKB,
        lexicon: Lexicon,
        rules: ArgumentRules,
        gazetteer: Gazetteer,
    ) -> None:
        self.doc: Doc = analysis.doc
        self.gazetteer = gazetteer
        # entity spans and place context, read once an article, when a place is first needed
        self.places: tuple[EntitySpans, PlaceContext] | None = None
        self.kb, self.lexicon, self.rules = kb, lexicon, rules
        self.sentences = analysis.sentences
        self.by_token: dict[int, list[Mention]] = {}
        for mention in analysis.mentions:
            for i in {mention.head_token, mention.first_token}:
                self.by_token.setdefault(i, []).append(mention)
        self.mentions = analysis.mentions
        self.dateline = dateline_country(analysis)
        self.trigger_at = {t.token: t for t in analysis.triggers}
        self.according = [
            i for i in tokens_among(self.doc, ACCORDING) if self.doc[i].lower_ == "according"
        ]
        # speakers by the verb of saying, and who reported each clause, by its head: every
        # trigger under one verb of saying asks again
        self.speakers: dict[int, Mention | None] = {}
        self.reported: dict[int, Mention | None] = {}
        # the words that name a place `event_place` can return
        self.place_tokens = [
            i
            for i, named in self.by_token.items()
            if any(m.kind in PLACE_KINDS and m.entity.country for m in named)
        ]
        # the parties an argument token names, by token and whether places count
        self.named: dict[tuple[int, bool], tuple[Mention, ...]] = {}

    def frame(self, trigger: Trigger) -> Frame | None:
        """The parties of one trigger: read off the parse, then completed and checked."""
        token = self.doc[trigger.token]
        sentence = self.sentence_of(token)
        actors, recipients = self.parsed_parties(token, trigger)
        evidence = "syntax"
        actors = [a for a in _unique(actors) if a.kind != "place"]  # places never act
        if not actors and (recipients or self.blast(token, trigger)):
            actors = self.unnamed_doers(token, trigger, recipients)
        if not actors and trigger.event_type in self.rules.reciprocal_types:
            actors, recipients, evidence = self.context_parties(token, sentence), [], "context"
        visit = trigger.event_type == "CONSULT" and trigger.mode == "visit"
        if not recipients and (trigger.event_type in self.rules.location_types or visit):
            recipients = self.location_recipients(token)
        recipients = self.distinct_recipients(trigger, actors, recipients)
        if actors and not recipients and evidence == "syntax":
            recipients = self.distinct_recipients(trigger, actors, self.object_recipients(token))
        # "demonstrators gathered outside the embassy in Manila": where it happened says whose
        place = self.event_place(token)
        actors = [self.localise(m, place) for m in actors]
        recipients = [self.localise(m, place) for m in recipients]
        known = {m.entity.country for m in actors} - {None}
        actors = self.fill_countries(
            actors, sentence, place, {m.entity.country for m in recipients}
        )
        recipients = self.fill_countries(recipients, sentence, place, known)
        if not recipients and actors and self.domestic(trigger, actors):
            recipients = self.home_government(actors, place)
        elif not recipients and actors and self.inward(trigger, actors, sentence):
            recipients = self.home_government(actors, None)
        if trigger.event_type == "ASSAULT" and not recipients and self.into_open_water(token):
            # "fired a salvo of missiles into the sea": a test, not an attack
            trigger = replace(trigger, event_type="MOBILIZE", mode="weapons", cameo=None)
        if self.hosted_by_actor(trigger, actors, recipients, place):
            actors, recipients = recipients, actors
        if (
            trigger.event_type == "CONSULT"
            and actors
            and all(a.entity.sector in self.rules.non_consulting_sectors for a in actors)
        ):
            return None  # "a journalist arrived": no diplomatic visit
        return Frame(
            trigger=trigger,
            sentence=sentence,
            actors=tuple(actors),
            recipients=tuple(recipients),
            attributed_to=self.attribution(token),
            mode=trigger.mode,
            evidence=evidence,  # type: ignore[arg-type]
        )

    def parsed_parties(self, token: Token, trigger: Trigger) -> tuple[list[Mention], list[Mention]]:
        """Actor and recipient as the parse gives them, by the trigger's part of speech."""
        if token.dep_ == "compound" and token.head.lemma_.lower() in self.lexicon.effort_nouns:
            token = token.head  # "launched a mediation effort between A and B": the effort's
        if token.pos_ == "ADJ" and token.dep_ in ("acomp", "amod"):
            # "France is ready to contribute": the subject of the copula made the offer
            actors = self.args(self.subjects(token.head) if token.dep_ == "acomp" else [token.head])
            recipients: list[Mention] = []
        elif token.pos_ in ("VERB", "AUX") or token.tag_.startswith("VB"):
            actors, recipients = self.verb_parties(token, trigger)
        else:
            actors, recipients = self.noun_parties(token, trigger)
        # a party with no country ("with overwhelming force") leaves room for a named one;
        # a threat is aimed at whoever must meet its condition before anyone in its content
        if not any(r.entity.country for r in recipients) and trigger.event_type == "THREATEN":
            recipients = self.condition_subjects(token) or recipients
        if not any(r.entity.country for r in recipients):
            recipients = self.complement_recipients(token, trigger.event_type) or recipients
        if trigger.reverse:
            # "Hungary came under fire from lawmakers": the subject receives, "from" gives
            givers = recipients or self.args(prep_objects(token, {"from", "by"}), places=False)
            actors, recipients = givers, actors
        return actors, recipients

    def distinct_recipients(
        self, trigger: Trigger, actors: list[Mention], recipients: list[Mention]
    ) -> list[Mention]:
        """Recipients that are neither the actor again nor the audience of a statement."""
        if self.lexicon.types[trigger.event_type].quad == 1:  # "spoke to reporters"
            recipients = [
                r for r in recipients if r.entity.sector not in self.rules.audience_sectors
            ]
        # the same party on both sides is a misreading ("Putin warned Putin", "their base");
        # the same country is not (police against protesters)
        same = {(a.entity.name, a.entity.country, a.entity.sector) for a in actors}
        recipients = [
            r
            for r in _unique(recipients)
            if r not in actors and (r.entity.name, r.entity.country, r.entity.sector) not in same
        ]
        actor_countries = {a.entity.country for a in actors}
        if len(actor_countries) > 1:  # "Seoul and Tokyo agreed": no party is also the recipient
            recipients = [r for r in recipients if r.entity.country not in actor_countries]
        return recipients

    def domestic(self, trigger: Trigger, actors: list[Mention]) -> bool:
        """An act with no one named that is aimed at home: protest and repression always, a
        resignation or an investigation when a state's body does it."""
        if trigger.event_type in self.rules.domestic_types:
            return trigger.mode not in self.rules.outward_modes
        states = all(a.entity.country not in NON_STATE_CODES for a in actors)
        return trigger.mode in self.rules.domestic_modes and states

    def inward(self, trigger: Trigger, actors: list[Mention], sentence: Sentence) -> bool:
        """A demand, refusal or promise with no one named, in a sentence that names no other
        country than the actor's, is aimed at home ('the rebels demanded constitutional
        changes')."""
        if trigger.event_type not in self.rules.inward_types:
            return False
        countries = {e.country for a in actors for e in a.entities}  # "each side": two
        if len(countries) != 1 or countries & NON_STATE_CODES or None in countries:
            return False
        named = {
            m.entity.country
            for m in self.mentions
            if sentence.start <= m.start < sentence.end and m.entity.country
        }
        return named <= countries

    @staticmethod
    def home_government(actors: list[Mention], place: str | None) -> list[Mention]:
        """Protest and repression with no one named: against the government of the place (a
        protest in Beijing), else the actors' own."""
        home = actors[0]
        country = place or (home.entity.country if len(actors) == 1 else None)
        if country is None:
            return []
        return [replace(home, entity=Entity(home.entity.text, country, "GOV", None))]

    def complement_recipients(self, token: Token, event_type: str) -> list[Mention]:
        """'threatened to cut off power to Nakhichevan', 'demanded that the US cancel ...',
        'vowed to keep supporting Ukraine': the recipient sits in the complement clause, or
        in the complement of that complement."""
        found: list[Mention] = []
        preps = self.rules.recipient_preps_for(event_type) | self.rules.reciprocal_preps
        clauses = [c for c in token.children if c.dep_ in ("xcomp", "ccomp", "acl")]
        # "offered on Wednesday to host talks between ...": an infinitive parsed as adverbial;
        # "pushed for the US to support ...": a clause opened by 'for'
        clauses += [
            c
            for c in token.children
            if c.dep_ == "advcl" and (infinitive(c) or opened_by(c, "for"))
        ]
        if token.dep_ == "dobj" and token.pos_ == "NOUN":
            # "reiterated its demand that Israel ease ...": the clause hangs on the verb
            clauses += [c for c in token.head.children if c.dep_ == "ccomp" and c.i > token.i]
        clauses += [
            g for c in clauses if c.dep_ == "xcomp" for g in c.children if g.dep_ == "xcomp"
        ]
        for clause in clauses:
            if clause.pos_ not in ("VERB", "AUX"):
                continue
            that_clause = opened_by(clause, "that")
            if (
                clause.dep_ == "ccomp" or that_clause or opened_by(clause, "for")
            ):  # "that Israel ease"
                found += self.args(c for c in clause.children if c.dep_ in ("nsubj", "nsubjpass"))
            objects = [c for c in clause.children if c.dep_ in ("dobj", "dative")]
            # "offered to host (a round of) talks between Somalia and Ethiopia": their parties
            talks = objects + [o for c in objects for o in prep_objects(c, {"of"})]
            between = [o for c in talks for o in prep_objects(c, self.rules.reciprocal_preps)]
            found += self.args(between) or self.args(objects)
            found += self.args(prep_objects(clause, preps - DIRECTIONAL_PREPS), places=False)
            found += self.args(prep_objects(clause, preps & DIRECTIONAL_PREPS))  # "aid to Gaza"
            if found:
                break
        return found

    def object_recipients(self, token: Token) -> list[Mention]:
        """Nothing better: the party named inside what the act is done to or about ("rejected
        an offer from Afghanistan", "denounced Serbia's suppression", "willing to withdraw its
        troops from Lebanon", "granted asylum to Panamanian officers")."""
        nodes = [token, *(c for c in token.children if c.dep_ == "xcomp")]
        for node in nodes:
            for child in node.children:
                if child.dep_ in ("dobj", "dative", "attr", "oprd"):
                    phrase = noun_phrase(child) + extended_phrase(child)
                elif child.dep_ == "prep" and child.lower_ in OBJECT_PREPS | {"as"}:
                    # "denounced as an ugly crime Serbia's suppression of ...": the apposition
                    objects = [g for g in child.children if g.dep_ == "pobj"]
                    objects += [a for g in objects for a in g.children if a.dep_ == "appos"]
                    phrase = [i for g in objects for i in noun_phrase(g)]
                else:
                    continue
                found = [
                    m
                    for i in sorted(phrase)
                    for m in self.by_token.get(i, [])
                    if m.kind not in ("pronoun", "place") and m.entity.country
                ]
                if found:
                    return found[:1]
        # "rejected student protesters' demands": whose demands, named by role
        owners = [g for c in token.children if c.dep_ == "dobj" for g in c.children]
        return [m for m in self.args(g for g in owners if g.dep_ == "poss") if m.kind == "role"]

    def unnamed_doers(
        self, token: Token, trigger: Trigger, victims: list[Mention]
    ) -> list[Mention]:
        """Bombs, shootings and killings of soldiers or police, done to someone by no one
        named, are the acts of unidentified armed forces; arrests and investigations, of the
        government where they happen."""
        armed = any(m.entity.sector in self.rules.armed_victim_sectors for m in victims)
        if (
            trigger.mode in self.rules.unclaimed_modes
            or (trigger.event_type == "ASSAULT" and armed)  # "ten soldiers were killed in ..."
            or self.blast(token.head, self.trigger_at.get(token.head.i))  # "..., killing five"
        ):
            return self.unnamed_doer(token, "UAF")
        if trigger.mode in self.rules.state_modes:
            return self.unnamed_doer(token, "GOV")
        return []

    def blast(self, token: Token, trigger: Trigger | None) -> bool:
        """'A truck packed with explosives blew up near a school': a bomb or a shooting no one
        is named for, told with the weapon as its subject."""
        if trigger is None or trigger.mode not in self.rules.unclaimed_modes:
            return False
        subjects = [c for c in token.children if c.dep_ in ("nsubj", "nsubjpass", "agent")]
        # no subject, or an active one that is a thing (the truck, the bomb) naming no one
        return all(
            c.dep_ == "nsubj" and c.pos_ == "NOUN" and not self.by_token.get(c.i) for c in subjects
        )

    def unnamed_doer(self, token: Token, sector: str) -> list[Mention]:
        """'A roadside bomb near Samarra killed a US soldier', 'a US citizen was arrested in
        Italy': no one is named, so the act goes to unidentified armed forces (UAF) or the
        government of the country where it happened; with no place named, to no one."""
        country = (
            self.event_place(token)
            or self.geocoded_place(token)
            or self.sole_place(self.sentence_of(token))
            or self.dateline  # "PESHAWAR — A car bomb exploded outside a police station"
        )
        if country is None:
            return []
        entity = Entity(text=token.text, country=country, sector=sector, name=None)
        return [Mention(entity, "role", token.idx, token.idx + len(token), token.i, token.i)]

    def geocoded_place(self, token: Token) -> str | None:
        """The country of the first place phrase the gazetteer knows where the event happened
        (towns that are no actor's name: "near the town of Samarra")."""
        if self.places is None:
            ents = self.doc.ents
            words = LocateEvents.context_of(self.mentions, ents)
            self.places = entity_spans(ents), self.gazetteer.read_context(words)
        names, context = self.places
        for phrase in place_phrases(token, struck=True, moved=False, names=names):
            text = self.doc[min(phrase) : max(phrase) + 1].text
            location = self.gazetteer.resolve(text, context)
            if location is not None and location.country:
                return location.country
        return None

    def sole_place(self, sentence: Sentence) -> str | None:
        """The country of the places a sentence names, when they all lie in one ("a bomb
        hidden in a car near the town of Kirkuk"); demonyms and actors say nothing of where."""
        countries = {
            m.entity.country
            for m in self.mentions
            if sentence.start <= m.start < sentence.end
            and (m.kind in ("place", "capital") or (m.kind == "country" and self.is_location(m)))
        }
        return countries.pop() if len(countries) == 1 else None

    def into_open_water(self, token: Token) -> bool:
        nodes = nearest_first(token, depth=2)
        if token.pos_ in ("NOUN", "PROPN"):
            nodes += nearest_first(token.head, depth=1)
        water = self.rules.open_water
        return any(o.lemma_.lower() in water for n in nodes for o in prep_objects(n, {"into"}))

    def event_place(self, token: Token) -> str | None:
        """The country of the nearest place the event is located in ('in Manila'), also where
        the place hangs from the verb that carries an event noun ('staged a protest in Beijing')."""
        if not self.places_near(token):
            return None
        nodes = nearest_first(token, depth=3)
        if token.pos_ in ("NOUN", "PROPN") and token.head.pos_ in ("VERB", "AUX"):
            nodes += nearest_first(token.head, depth=1)
        preps = self.rules.location_preps - {"to", "from"}
        for node in nodes:
            for obj in prep_objects(node, preps):
                for mention in self.by_token.get(obj.i, []):
                    if mention.kind in PLACE_KINDS and mention.entity.country:
                        return mention.entity.country
        return None

    def places_near(self, token: Token) -> bool:
        """Whether a place is named where `event_place` looks: every word it reaches hangs
        under the trigger's head, or is one of the few words after that phrase that
        `prep_objects` takes for a stranded object. Most triggers have none and skip the walk."""
        head = token.head
        first, last = head.left_edge.i, head.right_edge.i + STRANDED_REACH
        return any(first <= i <= last for i in self.place_tokens)

    def localise(self, mention: Mention, place: str | None) -> Mention:
        """'marched on Congress in Buenos Aires': a bare institution name belongs to the country
        the event happens in, not to the country whose institution usually bears it."""
        if mention.kind != "institution" or place is None or mention.entity.country == place:
            return mention
        if not self.generic_institution(mention):
            return mention  # the Kremlin stays Russian wherever the event happens
        token = self.doc[mention.head_token]
        if any(c.dep_ in ("poss", "amod", "compound") for c in token.children):
            return mention
        return replace(mention, entity=replace(mention.entity, country=place, name=None))

    def countries_named(self, start: int, end: int) -> set[str]:
        """States named between two offsets by name, demonym, capital, place or office holder
        (pronouns, international bodies and a bare 'Congress' or 'parliament', which many
        states have, say nothing about where a story is)."""
        return {
            m.entity.country
            for m in self.mentions
            if start <= m.start < end
            and m.entity.country
            and m.kind != "pronoun"
            and m.entity.country not in NON_STATE_CODES
            and not self.generic_institution(m)
        }

    def generic_institution(self, mention: Mention) -> bool:
        if mention.kind != "institution":
            return False
        words = self.doc[mention.first_token : mention.head_token + 1].text
        return words in self.rules.generic_institutions

    def is_location(self, mention: Mention) -> bool:
        """'in Ukraine', 'near Kharkiv': a country named as a place, not as a party."""
        token = self.doc[mention.head_token]
        return token.dep_ == "pobj" and token.head.lower_ in self.rules.location_preps - {
            "to",
            "from",
        }

    @staticmethod
    def hosted_by_actor(
        trigger: Trigger, actors: list[Mention], recipients: list[Mention], place: str | None
    ) -> bool:
        """'Erdogan met Aliyev in Ankara': the host is whoever the place belongs to, and PLOVER
        codes the visitor as the actor."""
        if trigger.event_type != "CONSULT" or len(actors) != 1 or len(recipients) != 1:
            return False
        return (
            place is not None and actors[0].entity.country == place != recipients[0].entity.country
        )

    def condition_subjects(self, token: Token) -> list[Mention]:
        """'threatened to walk out if the United States goes ahead': who must comply is the
        one threatened."""
        # "warned that it would respond ... if US troops went ahead": into the warning's content
        for node in nearest_first(token, depth=2, skip=frozenset({"relcl"})):
            for clause in node.children:
                marks = {c.lower_ for c in clause.children if c.dep_ == "mark"}
                if clause.dep_ == "advcl" and marks & {"if", "unless"}:
                    # "... would be crushed if they pursued ...": a pronoun points back to the
                    # threatened party the warning already named
                    subjects = (c for c in clause.children if c.dep_ == "nsubj")
                    found = [m for m in self.args(subjects) if m.kind != "pronoun"]
                    if found:
                        return found
        return []

    def location_recipients(self, token: Token) -> list[Mention]:
        """Where a material act happened names its target when nothing else does
        ("lifted the curfew in Montenegro", "shelled positions near Kharkiv")."""
        # a participle clause still tells where ("killed in shelling in the east of Gaza")
        for node in nearest_first(token, depth=3, skip=frozenset({"relcl", "ccomp"})):
            found = self.args(prep_objects(node, self.rules.location_preps), places=True)
            if found:
                return found
        return []

    def fill_countries(
        self,
        mentions: list[Mention],
        sentence: Sentence,
        place: str | None = None,
        other_side: set[str | None] | None = None,
    ) -> list[Mention]:
        """A party known only by its role ("demonstrators", "the rebels") takes the one country
        the sentence names, or the one it names besides the other party's ("children were
        killed in Israeli shelling in Gaza")."""
        if all(m.entity.country for m in mentions):
            return mentions
        mentions = [self.named_earlier(m) for m in mentions]
        if all(m.entity.country for m in mentions):
            return mentions
        countries = {place} if place else self.countries_named(sentence.start, sentence.end)
        if not countries and sentence.index > 0:  # "Riot police beat them": the story's place
            previous = self.sentences[sentence.index - 1]
            countries = self.countries_named(previous.start, previous.end)
        if len(countries) > 1 and other_side:
            countries = countries - other_side
        if self.dateline and self.local_crowd(mentions, other_side or set()):
            countries = {self.dateline}  # "KINSHASA — Protesters ...": where the story is
        if len(countries) != 1:  # two countries in play and no word to say which: no guess
            return mentions
        (country,) = countries
        return [
            m if m.entity.country else replace(m, entity=replace(m.entity, country=country))
            for m in mentions
        ]

    def local_crowd(self, mentions: list[Mention], other_side: set[str | None]) -> bool:
        """Protesters, police or students named by role alone in a story filed from a place
        are that place's (not the country whose embassy they attack)."""
        unknown = [m for m in mentions if not m.entity.country]
        return (
            self.dateline not in other_side
            and bool(unknown)
            and all(m.entity.sector in self.rules.local_sectors for m in unknown)
        )

    def named_earlier(self, mention: Mention) -> Mention:
        """'the militant group', 'the rebels': a definite role noun refers back to the last
        organization of its sector named before it (Islamic State ... the militant group)."""
        token = self.doc[mention.head_token]
        if mention.kind != "role" or mention.entity.country or mention.entity.sector is None:
            return mention
        if not any(c.dep_ == "det" and c.lower_ == "the" for c in token.children):
            return mention
        earlier = [
            m
            for m in self.mentions
            if m.kind == "organization"
            and m.head_token < token.i
            and m.entity.sector == mention.entity.sector
            and m.entity.country
        ]
        if not earlier:
            return mention
        return replace(mention, entity=replace(earlier[-1].entity, text=mention.entity.text))

    # --- verbs -------------------------------------------------------------------------------

    def verb_parties(self, verb: Token, trigger: Trigger) -> tuple[list[Mention], list[Mention]]:
        passive = any(c.dep_ in ("nsubjpass", "auxpass") for c in verb.children)
        passive = passive or reported_participle(verb)
        if passive:
            actors = self.args(prep_objects(verb, {"by"}), places=False)
            if not actors:  # "killed in Israeli shelling", "wounded by a Russian drone"
                actors = self.instrument_owners(verb)
            if not actors:  # "were sent into the streets on the orders of President Noboa"
                actors = self.args(self.commanders(verb), places=False)
            moved = trigger.event_type in self.rules.object_not_recipient  # "troops were sent"
            recipients = (
                [] if moved else self.args(c for c in verb.children if c.dep_ == "nsubjpass")
            )
            if not recipients and verb.dep_ == "acl" and not moved:
                recipients = self.args([verb.head])  # "diplomats expelled by Russia"
            if not actors and trigger.mode in self.rules.undergone_modes:
                actors, recipients = recipients, []  # "the guerrillas were demobilised"
        else:
            actors = self.args(self.subjects(verb))
            objects = (
                ("dative",)
                if trigger.event_type in self.rules.object_not_recipient
                else ("dobj", "dative")
            )
            recipients = self.args(c for c in verb.children if c.dep_ in objects)
        preps = self.rules.recipient_preps_for(trigger.event_type)
        if trigger.event_type in self.rules.aimed_at_without_object and has_object(verb):
            preps = preps - {"at"}  # "criticised Germany at a UN meeting": where, not whom
        recipients += self.args(prep_objects(verb, preps))
        if not passive and not actors and verb.dep_ == "acl" and self.misparsed_main_verb(verb):
            actors = self.args([verb.head])  # "Sudanese units massed ...": no main verb parsed
        elif not passive and not actors and verb.dep_ == "acl" and verb.tag_ == "VBG":
            # "forces attacking the city" (active participle): the noun is the actor;
            # "diplomats expelled by Russia" is passive and handled above.
            actors = self.args([verb.head])
        reciprocal = self.args(prep_objects(verb, self.rules.reciprocal_preps))
        return actors + reciprocal, recipients

    def misparsed_main_verb(self, verb: Token) -> bool:
        """'Sudanese units massed on the outskirts, residents said': a participle the parser hung
        on the sentence's only noun, or on the subject of a verb of saying."""
        noun = verb.head
        if any(c.dep_ == "agent" for c in verb.children):
            return False  # "diplomats expelled by Russia" is passive after all
        said = noun.dep_ == "nsubj" and noun.head.lemma_.lower() in self.rules.speech_verbs
        if said and noun.lemma_.lower() in self.rules.report_nouns:
            return False  # "a report released on Tuesday alleged": the report does not act
        # "Doctors from two aid groups donated ...": no verb heads the sentence at all
        active = verb.tag_ == "VBD" or any(
            c.dep_ == "dobj" or (c.dep_ == "conj" and c.tag_ == "VBD") for c in verb.children
        )
        verbless = noun.sent.root.pos_ in ("NOUN", "PROPN") and active
        return noun.dep_ == "ROOT" or said or verbless

    def commanders(self, verb: Token) -> list[Token]:
        """Who a passive act was done on the orders of ('on the orders of', 'at the request
        of', 'on the instructions of')."""
        return [
            owner
            for order in prep_objects(verb, {"on", "at", "under"})
            if order.lemma_.lower() in self.rules.order_nouns
            for owner in prep_objects(order, {"of"})
        ]

    def instrument_owners(self, verb: Token) -> list[Mention]:
        """Whose weapon or attack it was, from a modifier: 'in Israeli tank fire'."""
        for obj in prep_objects(verb, {"in", "by", "during", "from"}):
            for child in obj.children:
                if child.dep_ in ("amod", "compound", "poss"):
                    found = [m for m in self.by_token.get(child.i, []) if m.kind != "place"]
                    if found:
                        return found[:1]
        return []

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
            # "urged Iran to ...": the object controls; "is said to have praised": the
            # passive subject of the raising verb is the subject.
            controller = [c for c in head.children if c.dep_ in ("dobj", "nsubjpass")]
            return controller or self.subjects(head, depth + 1)
        if verb.dep_ == "acomp":  # "it was ready to strike": the copula's subject
            return self.subjects(head, depth + 1)
        if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
            inherited = self.subjects(head, depth + 1)
            if not inherited and not any(c.dep_ == "auxpass" for c in verb.children):
                # "has been indicted ... and will resign": who was indicted resigns
                inherited = [c for c in head.children if c.dep_ == "nsubjpass"]
            return inherited
        if verb.dep_ == "advcl" and verb.tag_ in ("VBG", "VBN", "VB"):
            return self.subjects(head, depth + 1)
        if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
            # "accused Estonia of harassing": the object is who harassed
            controller = [c for c in head.head.children if c.dep_ == "dobj"]
            return controller or self.subjects(head.head, depth + 1)
        if verb.dep_ == "pcomp" and head.lower_ == "of" and head.head.dep_ == "dobj":
            return self.subjects(head.head.head, depth + 1)  # "weighing the risks of supplying"
        if verb.dep_ == "relcl" and verb.tag_ == "VBG":
            return [head]
        if verb.dep_ == "acl" and verb.tag_ == "VBG" and head.dep_ == "dobj":
            # "issued a declaration demanding ...": who issued it demands
            return self.subjects(head.head, depth + 1)
        return []

    # --- nouns -------------------------------------------------------------------------------

    def noun_parties(self, noun: Token, trigger: Trigger) -> tuple[list[Mention], list[Mention]]:
        event_type = trigger.event_type
        modifiers = [c for c in noun.children if c.dep_ in ("poss", "amod", "compound", "nmod")]
        container = noun.head.head if noun.dep_ == "pobj" and noun.head.lower_ == "of" else None
        if not modifiers and container is not None and container.pos_ == "NOUN":
            # "the EU's 18th package of sanctions", "Russia's wave of drone attacks"
            modifiers = [c for c in container.children if c.dep_ in ("poss", "compound")]
        actors = self.args(modifiers)
        actor_preps = self.rules.actor_preps
        if event_type in self.rules.from_is_recipient:
            actor_preps = actor_preps - {"from"}  # "the withdrawal of its troops from the country"
        actors += self.args(prep_objects(noun, actor_preps))
        recipients = self.args(prep_objects(noun, self.rules.recipient_preps_for(event_type)))
        of_objects = list(prep_objects(noun, {"of"}))
        if event_type in self.rules.of_is_recipient:
            recipients += self.args(of_objects)
        elif event_type in self.rules.of_is_actor:
            actors += self.args(of_objects)
        reciprocal = self.args(prep_objects(noun, self.rules.reciprocal_preps))
        # "a mediation effort between A and B": the mediator acts, A and B receive
        mediated = reciprocal if trigger.mode == "third-party" else []
        if reciprocal and not mediated:
            actors += reciprocal
        if not actors and noun.dep_ == "pobj" and noun.head.lower_ in self.rules.adjunct_preps:
            # "reaffirmed its support for Guyana's sovereignty in a phone call with": the
            # parser may hang the phrase on a noun of the clause rather than its verb
            verb = clause_verb(noun.head.head)
            if verb is not None:
                actors = self.args(self.subjects(verb), places=False)
        head, position = noun.head, noun
        if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
            position, head = head.head, head.head.head  # "faced a barrage of criticism"
        if position.dep_ == "dobj" and head.lemma_.lower() in self.rules.receiving_verbs:
            # "faced criticism from lawmakers": the subject is on the receiving end
            return actors, self.args(self.subjects(head), places=False)
        governor = self.governing_verb(noun)
        if governor is not None and any(c.dep_ == "auxpass" for c in governor.children):
            # "were declared persona non grata by Estonia", "sanctions were imposed on Iran by
            # the EU": the passive subject or the target phrase receives it
            actors = actors or self.args(prep_objects(governor, {"by"}), places=False)
            targets = self.args(prep_objects(governor, self.rules.recipient_preps_for(event_type)))
            patients = self.args(c for c in governor.children if c.dep_ == "nsubjpass")
            return actors, recipients or targets or patients
        if governor is not None and noun.dep_ == "pobj" and not recipients:
            # "engaged Filipino peacekeepers in a firefight": the verb's object is the target
            recipients = self.args(c for c in governor.children if c.dep_ == "dobj")
        if governor is not None:
            own = any(c.dep_ == "poss" and c.pos_ == "PRON" for c in noun.children)
            if not actors or own:  # "opened their exercises": the subject, with all its parts
                actors = self.args(self.subjects(governor)) or actors
            if not recipients:
                recipients = self.args(c for c in governor.children if c.dep_ == "dative")
                preps = self.rules.recipient_preps_for(event_type)
                recipients += self.args(prep_objects(governor, preps))
        if not actors:
            actors = self.relative_clause_subject(noun)
        if mediated:
            actors, recipients = (actors, recipients + mediated) if actors else (mediated, [])
        return actors, recipients

    def governing_verb(self, noun: Token) -> Token | None:
        """A light or planning verb whose subject is the noun's actor: "held talks", "agreed on a
        summit", "launched strikes". Other verbs ("condemned the attacks") do not lend theirs."""
        head = noun.head
        if noun.dep_ == "pobj" and head.lower_ == "of" and head.head.pos_ == "NOUN":
            return self.governing_verb(head.head)  # "launched a wave of drone attacks"
        if noun.dep_ == "pobj" and head.dep_ == "prep":
            head = head.head
        elif noun.dep_ not in ("dobj", "attr", "conj", "oprd", "nsubjpass"):
            return None
        if noun.dep_ == "conj":
            return self.governing_verb(head) if head.pos_ == "NOUN" else None
        lemma = head.lemma_.lower()
        lending = self.lexicon.light_verbs | self.rules.planning_verbs | self.rules.commanding_verbs
        if lemma in lending:
            return head
        return None

    def relative_clause_subject(self, noun: Token) -> list[Mention]:
        """'the call they initiated': the subject of a relative clause on the event noun."""
        for child in noun.children:
            if (
                child.dep_ == "relcl"
                and child.lemma_.lower() in self.lexicon.light_verbs
                and not has_object(child)
            ):
                subjects = [c for c in child.children if c.dep_ in SUBJECT_DEPS]
                if subjects and subjects[0].tag_ not in RELATIVE_PRONOUNS:
                    return self.args(subjects)
        return []

    def context_parties(self, token: Token, sentence: Sentence) -> list[Mention]:
        """Two countries named in the sentence and nothing better: a reciprocal event between them
        (low confidence). More than two, or fewer, and we do not guess."""
        inside = [
            m
            for m in self.mentions
            if sentence.start <= m.start < sentence.end
            and m.entity.country
            and m.kind not in ("demonym", "place", "pronoun")
            and not self.is_location(m)
        ]
        countries = {m.entity.country for m in inside}
        if len(countries) != 2:
            return []
        best: dict[str | None, Mention] = {}
        for mention in inside:
            best.setdefault(mention.entity.country, mention)
        return list(best.values())

    # --- shared ------------------------------------------------------------------------------

    def args(self, tokens: Iterable[Token], places: bool = True) -> list[Mention]:
        """The actor mentions that argument tokens (and their conjuncts) stand for."""
        found: list[Mention] = []
        for token in tokens:
            key = (token.i, places)
            if key not in self.named:  # the same subject or object serves several triggers
                self.named[key] = self.named_by(token, places)
            found += self.named[key]
        return found

    def named_by(self, token: Token, places: bool) -> tuple[Mention, ...]:
        found: list[Mention] = []
        for item in with_conjuncts(token):
            mention = self.mention_for(item, places)
            if mention is None:
                continue
            found.append(mention)
            found += self.coordinated_modifiers(item, mention)
        return tuple(found)

    def coordinated_modifiers(self, head: Token, mention: Mention) -> list[Mention]:
        """'Chinese and Russian warships', 'ministers of Argentina, Brazil and Uruguay': the
        modifier that named the actor has conjuncts that name more actors."""
        if mention.head_token == head.i:
            # "Donald Trump and Russian President Vladimir Putin", misparsed as modifiers of
            # "Putin" that carry the coordination
            phrase = noun_phrase(head)
            if not any(self.doc[i].dep_ == "cc" for i in phrase) and not any(
                c.dep_ == "cc" for i in phrase for c in self.doc[i].children
            ):
                return []
            return [
                other
                for i in phrase
                for other in self.by_token.get(i, [])
                if other.kind == "person"
                and other.entity.country
                and other.head_token != mention.head_token
            ]
        modifier = self.doc[mention.head_token]
        items = [c for c in modifier.subtree if c.dep_ == "conj" and c.i != modifier.i]
        if any(c.dep_ == "cc" for c in head.children):  # "US and British activists"
            items += [
                c for c in head.children if c.dep_ in ("amod", "compound") and c.i != modifier.i
            ]
        extra = []
        for item in items:
            for other in (m for i in noun_phrase(item) for m in self.by_token.get(i, [])):
                if other.kind != "place" and other.entity.country:
                    entity = replace(
                        other.entity, sector=mention.entity.sector or other.entity.sector
                    )
                    extra.append(replace(other, entity=entity))
                    break
        return extra

    def mention_for(self, token: Token, places: bool = True) -> Mention | None:
        """The best actor named by the noun phrase headed by `token`: first its own modifiers,
        then what its prepositional phrases name ("rebels in the Ivory Coast", "an offer from
        Afghanistan"), then the role the noun itself names ("demonstrators")."""
        if token.tag_ == "VBG":  # "the Red Cross operating in Iraq said": parsed as a clause
            token = next((c for c in token.children if c.dep_ == "nsubj"), token)
        if token.lemma_.lower() in self.rules.boundary_nouns:
            across = [
                m for m in self.args(prep_objects(token, {"with"}), places) if m.entity.country
            ]
            if across:
                return across[0]
        # computed lazily: the nearest level that names a party decides
        own = noun_phrase(token)
        phrases = (extended_phrase(token, d) if d else own for d in range(3))
        # a place is a party as the argument itself ("attacked Kharkiv") or where something is
        # sent ("deliveries to Gaza"), not where it merely is ("villages in the Tavush region");
        # where things are sent is read only once a place turns up beyond the phrase itself
        bound: set[int] | None = None
        for depth, phrase in enumerate(phrases):
            candidates = []
            for i in phrase:
                for m in self.by_token.get(i, []):
                    if m.kind == "place" and (not places or depth > 0):
                        if not places:
                            continue
                        bound = directional_phrase(token, 2) if bound is None else bound
                        if i not in bound:
                            continue
                    if not self.own_possessive(m) and not self.related_owner(m):
                        candidates.append(m)
            if candidates:
                # "the Al Qaeda-linked group al-Shabab": the group, unless it is named only so
                independent = [m for m in candidates if not self.affiliation(m)]
                return self.merge(token, independent or candidates)
        issued_in = self.issued_in(token)
        if issued_in is not None:
            return issued_in
        # "lifted its ban on imports from Japan": "its" only when nothing else is named
        owners = [m for i in own for m in self.by_token.get(i, [])]
        owners = [m for m in owners if self.own_possessive(m)]
        if owners:
            return self.merge(token, owners)
        sector = self.kb.sector_of_role(role_words(token))
        if sector is None:  # "thousands of protesters", "dozens of journalists"
            for member in prep_objects(token, {"of"}):
                sector = self.kb.sector_of_role(role_words(member))
                if sector:
                    token = member
                    break
        if sector is None or token.pos_ not in ("NOUN", "PROPN"):
            return None
        entity = Entity(text=token.text, country=None, sector=sector, name=None)
        return Mention(
            entity,
            "role",
            token.idx,
            token.idx + len(token),
            token.i,
            token.i,
            plural=token.tag_ in ("NNS", "NNPS"),
        )

    def issued_in(self, token: Token) -> Mention | None:
        """'A report released in the Rwandan capital': a report no one is named as writing
        speaks for the country where it was issued."""
        if token.lemma_.lower() not in self.rules.report_nouns:
            return None
        issued = [
            c
            for c in token.children
            if c.dep_ == "acl" and c.lemma_.lower() in self.rules.issuing_verbs
        ]
        where = [m for c in issued for i in extended_phrase(c, 1) for m in self.by_token.get(i, [])]
        where = [m for m in where if m.entity.country]
        if not where:
            return None
        entity = replace(where[0].entity, text=token.text, sector=None, name=None)
        return Mention(entity, "role", token.idx, token.idx + len(token), token.i, token.i)

    def related_owner(self, mention: Mention) -> bool:
        """'Israel's militia ally', 'Russia's neighbour', 'critics of Ortega': the owner is not
        the party named."""
        token = self.doc[mention.head_token]
        if token.dep_ == "pobj" and token.head.lower_ == "of":  # "critics of President Ortega"
            token = token.head
        owned = token.dep_ in ("poss", "prep")
        return owned and token.head.lemma_.lower() in self.rules.relation_nouns

    def affiliation(self, mention: Mention) -> bool:
        """A name that only says whom a party is tied to: 'Al Qaeda-linked', 'Iran-backed'."""
        head = self.doc[mention.head_token].head
        return (
            head.dep_ == "amod"
            and head.tag_ == "VBN"
            and head.lemma_.lower() in self.rules.affiliation_participles
        )

    def own_possessive(self, mention: Mention) -> bool:
        """A possessive pronoun ('its', 'their') on an argument noun."""
        return mention.kind == "pronoun" and self.doc[mention.head_token].dep_ == "poss"

    def merge(self, token: Token, candidates: list[Mention]) -> Mention:
        # the phrase's own head names the party ("the Albanians of southern Serbia"); else
        # the most specific name in it ("Russia's President Putin")
        best = min(
            candidates,
            key=lambda m: (
                m.head_token != token.i,
                KIND_RANK.get(m.kind, 9),
                abs(m.head_token - token.i),
            ),
        )
        entity = best.entity
        if self.people_of_place(token, best):
            # "the Kurds of northern Syria": the people, of that country, not its government
            sector = self.kb.sector_of_role(role_words(token))
            return replace(best, entity=Entity(token.text, best.entity.country, sector, None))
        if best.kind == "institution":
            # "Brazil's Supreme Court", "the Polish Senate": the named country wins over the
            # country a bare institution name would have by default.
            owner = next(
                (
                    m
                    for m in candidates
                    if m.kind in ("country", "demonym", "capital")
                    and m.entity.country != entity.country
                    and m.head_token < best.first_token
                ),
                None,
            )
            if owner is not None:
                entity = replace(entity, country=owner.entity.country, name=None)
        if entity.country is None:
            country = next((m.entity.country for m in candidates if m.entity.country), None)
            entity = replace(entity, country=country)
        if entity.sector is None:
            borrowed = (m.entity.sector for m in candidates if m.entity.sector)
            sector = self.kb.sector_of_role(role_words(token)) or (
                None if best.head_token == token.i else next(borrowed, None)
            )
            entity = replace(entity, sector=sector)
        if best.kind == "place":
            entity = replace(entity, sector=entity.sector or "GOV")
        return best if entity is best.entity else replace(best, entity=entity)  # no copy to make

    def people_of_place(self, head: Token, best: Mention) -> bool:
        """A people or a role named as the noun, the country only in its 'of'/'in' phrase."""
        place = self.doc[best.head_token]
        if best.kind not in ("country", "place", "capital") or place.dep_ != "pobj":
            return False
        if place.head.lower_ not in ("of", "in") or place.head.head.i != head.i:
            return False
        # "the authorities in Kathmandu" are that government, as the capital alone would be
        sector = self.kb.sector_of_role(role_words(head))
        return head.tag_ == "NNPS" or sector not in (None, best.entity.sector)

    def attribution(self, token: Token) -> Mention | None:
        """Who the text says reported it: the subject of a governing 'said', or 'according to'."""
        node, steps = token, 0
        while node.head.i != node.i and steps < 8:
            head = node.head
            if (
                node.dep_ in ("ccomp", "parataxis")
                and head.lemma_.lower() in self.rules.speech_verbs
            ):
                found = self.speaker(head)
                if found is not None:
                    return found
            node, steps = head, steps + 1
        if node.i not in self.reported:
            self.reported[node.i] = self.reported_at(node)
        return self.reported[node.i]

    def speaker(self, verb: Token) -> Mention | None:
        """The subject of a verb of saying. Every trigger of what was said has the same
        speaker: it is read once an article."""
        if verb.i not in self.speakers:
            found = self.args(c for c in verb.children if c.dep_ in SUBJECT_DEPS)
            self.speakers[verb.i] = found[0] if found else None
        return self.speakers[verb.i]

    def reported_at(self, node: Token) -> Mention | None:
        """Who reported what the clause headed by `node` says: 'according to', or a verb of
        saying set beside it ("Russia attacked, officials said")."""
        for i in self.according:  # "according to": looked up, not walked to
            if i == node.i or node.is_ancestor(self.doc[i]):
                found = self.args(prep_objects_deep(self.doc[i]))
                if found:
                    return found[0]
        for child in node.children:
            if child.dep_ == "parataxis" and child.lemma_.lower() in self.rules.speech_verbs:
                speaker = self.speaker(child)
                if speaker is not None:
                    return speaker
        return None

    def sentence_of(self, token: Token) -> Sentence:
        for sentence in self.sentences:
            if sentence.start <= token.idx < sentence.end:
                return sentence
        return self.sentences[-1]


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
