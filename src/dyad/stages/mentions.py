"""Stage: find who is named in the text, and resolve what refers back to them.

needs: Analysis.doc.  adds: Analysis.mentions — knowledge-base names (people, countries, capitals
and institutions as governments, organizations, demonyms), unknown people from NER, and
pronouns, surnames and "the two sides" resolved to earlier mentions in the same article.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, replace

from spacy.attrs import LOWER, ORTH, POS
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.symbols import PROPN
from spacy.tokens import Doc, Span, Token

from dyad.kb import ActorKB, KBEntry
from dyad.records import Analysis, Entity, Mention
from dyad.syntax import pronouns_and_plurals, role_words, tokens_among, word_hashes

MentionTest = Callable[[Mention], bool]
PERSONAL = {"he", "him", "his", "she", "her", "hers"}
PLURAL = {"they", "them", "their", "theirs"}
NEUTER = {"it", "its"}
REFERRING = frozenset(PERSONAL | PLURAL | NEUTER)
BOTH_SIDES_HEADS = {"side", "country", "nation", "leader", "government", "party", "president"}
# Singular nouns that may point back: "each side accused the other"; "landed in Haiti, ...
# helping the country's police" (the country last named).
SINGULAR_REFERENCES = word_hashes(["side", "country", "nation"])
# spaCy's small model calls some people and places ORG; the KB decides, NER only fills gaps.
PERSON_LABELS = {"PERSON"}
PLACE_PREPS = {"in", "near", "inside", "outside", "into", "across", "throughout", "around"}
MIN_FUZZY = 6  # shorter country names are one letter from too many words (Iran, Iraq)


class FindMentions:
    needs: tuple[str, ...] = ("doc",)
    adds: tuple[str, ...] = ("mentions",)

    def __init__(self, nlp: Language, kb: ActorKB) -> None:
        self.kb = kb
        self.matcher = PhraseMatcher(nlp.vocab, attr="ORTH")
        self.entries: dict[str, KBEntry] = {}
        places = {p: KBEntry(p, country, None, "place") for p, country in kb.places.items()}
        entries = {**places, **kb.phrases}
        # datelines shout: "NAIROBI —", "GAZA CITY, Palestinian Territories:"
        shouted = {
            phrase.upper(): entry
            for phrase, entry in entries.items()
            if entry.kind in ("place", "capital", "country") and len(phrase) > 3
        }
        for phrase, entry in {**shouted, **entries}.items():
            key = f"kb:{phrase}"
            self.entries[key] = entry
            self.matcher.add(key, [nlp.make_doc(phrase)])
        self.misspelled = MisspelledCountries.of(kb.phrases)

    def __call__(self, analysis: Analysis) -> Analysis:
        doc = analysis.doc
        published = analysis.article.published
        named = self.named_mentions(doc, published.year if published else None)
        mentions = resolve_references(doc, ethnic_groups(doc, named))
        return replace(analysis, mentions=tuple(sorted(mentions, key=lambda m: m.first_token)))

    def named_mentions(self, doc: Doc, year: int | None = None) -> list[Mention]:
        spans: list[tuple[int, int, KBEntry | None]] = []
        for match_id, start, end in self.matcher(doc):
            spans.append((start, end, self.entries[doc.vocab.strings[match_id]]))
        spans += [
            (ent.start, ent.end, None)
            for ent in doc.ents
            if ent.label_ in PERSON_LABELS and len(ent) <= 4 and not _placed(ent)
        ]
        spans += self.misspelled.find(doc)
        # Knowledge-base entries win over NER ("Will Putin" is a PERSON to spaCy), then the
        # longest match ("South Sudan" over "Sudan").
        spans.sort(key=lambda s: (s[2] is None, -(s[1] - s[0]), s[0]))
        taken: set[int] = set()
        mentions = []
        for start, end, entry in spans:
            if taken.intersection(range(start, end)) or _stance_prefix(doc, start):
                continue
            if entry is not None and entry.kind == "organization" and _model_name(doc, end):
                continue  # "the Malaysia Airlines Boeing 777": an aircraft, not its maker
            taken.update(range(start, end))
            mentions.append(self.make_mention(doc[start:end], entry, year))
        return mentions

    def make_mention(self, span: Span, entry: KBEntry | None, year: int | None = None) -> Mention:
        if entry is None:
            entity = Entity(text=span.text, country=None, sector=None, name=span.text)
            return mention_from(span, entity, "person")
        sector = entry.sector_in(year)
        plural = False
        if entry.kind == "demonym":
            # "Russian officials", "Ukrainian troops": the head noun says which part of the state.
            head = span.root.head if span.root.dep_ in ("amod", "compound") else span.root
            roles = role_words(head)
            sector = self.kb.sector_of_role(roles) if head.i != span.root.i else None
            plural = head.tag_ in ("NNS", "NNPS") or span.text.endswith("s")
            if head.i != span.root.i and sector is not None:
                # The entity reads "Russian officials"; the mention stays on "Russian" so that
                # the head noun can still be an event word ("Ukrainian drone attacks").
                phrase = span.doc[span.start : max(span.end, head.i + 1)]
                holder = None if plural else self.office_holder(entry.country, roles)
                name = holder.name if holder else entry.name  # "the Russian president": Putin
                entity = Entity(phrase.text, entry.country, sector, name)
                return mention_from(span, entity, entry.kind, plural=plural)
        entity = Entity(text=span.text, country=entry.country, sector=sector, name=entry.name)
        return mention_from(span, entity, entry.kind, plural=plural)

    def office_holder(self, country: str | None, roles: list[str]) -> KBEntry | None:
        """Who holds the office a country's role word names ('Ukrainian leader')."""
        for role in roles:
            holder = self.kb.office_holders.get((country or "", role))
            if holder is not None:
                return holder
        return None


@dataclass(frozen=True)
class MisspelledCountries:
    """'Ethopia', 'Afganistan', 'Quatar', 'iSrael': a place name one letter away from a
    country's name (a letter dropped, added or changed, same first letter; any case) is that
    country. Only proper nouns outside full personal names that the knowledge base does not
    know, of six letters or more."""

    by_variant: Mapping[str, KBEntry]
    known: frozenset[str]  # names the knowledge base matches as they are (case and all)

    @classmethod
    def of(cls, phrases: Mapping[str, KBEntry]) -> MisspelledCountries:
        index: dict[str, KBEntry] = {}
        for phrase, entry in phrases.items():
            if entry.kind != "country" or " " in phrase or len(phrase) < MIN_FUZZY - 1:
                continue
            index.setdefault(phrase.lower(), entry)  # "Quatar" less a letter is "Qatar"
            if len(phrase) >= MIN_FUZZY:
                for variant in _one_letter_less(phrase.lower()):
                    index.setdefault(variant, entry)
        return cls(index, frozenset(p for p in phrases if " " not in p))

    def find(self, doc: Doc) -> list[tuple[int, int, KBEntry | None]]:
        """Read off the token arrays: only a proper noun that is a near miss becomes a Token."""
        found: list[tuple[int, int, KBEntry | None]] = []
        table = doc.to_array([POS, LOWER, ORTH])
        for i in (table[:, 0] == PROPN).nonzero()[0]:
            word = doc.vocab.strings[int(table[i, 1])]
            # "iSrael" is no exact match of the knowledge base, but is Israel
            if len(word) < MIN_FUZZY or doc.vocab.strings[int(table[i, 2])] in self.known:
                continue
            entry = next(
                (
                    e
                    for v in (word, *_one_letter_less(word))
                    if (e := self.by_variant.get(v)) is not None and e.name[0].lower() == word[0]
                ),
                None,
            )
            if entry is not None and not _in_full_name(doc[int(i)]):
                found.append((int(i), int(i) + 1, entry))
        return found


def _in_full_name(token: Token) -> bool:
    """A word of a full personal name is no country ("Roland Garros"); one word the model
    calls a person may be ("Venezuala expelled ...")."""
    if token.ent_type_ != "PERSON":
        return False
    doc, i = token.doc, token.i
    return token.ent_iob_ == "I" or (i + 1 < len(doc) and doc[i + 1].ent_iob_ == "I")


def _one_letter_less(word: str) -> list[str]:
    return [word[:i] + word[i + 1 :] for i in range(len(word))]


def _placed(span: Span) -> bool:
    """'offices in Sivas', 'a village near Kunduz': one word the model calls a person, where
    only a place can stand, is a place."""
    root = span.root
    return len(span) == 1 and root.dep_ == "pobj" and root.head.lower_ in PLACE_PREPS


def _model_name(doc: Doc, end: int) -> bool:
    """A maker's name followed by a model number ('Boeing 777', 'Airbus A320', 'Lockheed
    Martin F-35') names a product."""
    if end >= len(doc):
        return False
    model = doc[end].text
    return model[:1].isdigit() or (len(model) <= 4 and model[:1].isupper() and model[-1:].isdigit())


def _stance_prefix(doc: Doc, start: int) -> bool:
    """'an anti-Syria journalist', 'anti-American protests': a name after 'anti-' is what the
    phrase is against, not whose it is."""
    return start >= 2 and doc[start - 1].text == "-" and doc[start - 2].lower_ == "anti"


def ethnic_groups(doc: Doc, named: list[Mention]) -> list[Mention]:
    """'ethnic Albanians in Serbia', 'Bosnian Serbs': a demonym naming an ethnic group says
    nothing of the state; the country comes from the name before it, or from where they are."""
    by_end = {m.head_token: m for m in named if m.kind in ("demonym", "country", "place")}
    out = []
    for mention in named:
        before = mention.first_token - 1
        if mention.kind == "demonym" and before >= 0:
            home = by_end.get(before)
            if doc[before].lower_ == "ethnic" or home is not None:
                country = home.entity.country if home is not None else None
                mention = replace(mention, entity=replace(mention.entity, country=country))
        if mention.kind == "demonym":
            mention = _where_they_live(doc, mention, by_end)
        out.append(mention)
    return out


def _where_they_live(doc: Doc, mention: Mention, places: dict[int, Mention]) -> Mention:
    """'the Albanians of southern Serbia', 'Kurds in Syria': a people named as a noun, then
    where they live — they belong to that state."""
    head = doc[mention.head_token]
    if head.tag_ not in ("NNPS", "NNS") or head.dep_ in ("amod", "compound"):
        return mention
    for prep in head.children:
        if prep.dep_ == "prep" and prep.lower_ in ("of", "in"):
            for obj in prep.children:
                home = places.get(obj.i)
                if obj.dep_ == "pobj" and home is not None and home.kind != "demonym":
                    return replace(
                        mention, entity=replace(mention.entity, country=home.entity.country)
                    )
    return mention


def mention_from(span: Span, entity: Entity, kind: str, plural: bool = False) -> Mention:
    return Mention(
        entity=entity,
        kind=kind,  # type: ignore[arg-type]
        start=span.start_char,
        end=span.end_char,
        first_token=span.start,
        head_token=span.root.i,
        plural=plural,
    )


def resolve_references(doc: Doc, named: list[Mention]) -> list[Mention]:
    """Add mentions for surnames of unknown people, pronouns, 'the two sides' and bare roles."""
    named = _fill_unknown_people(named)
    by_token = {m.head_token: m for m in named}
    resolved: list[Mention] = list(named)
    covered = {i for m in named for i in range(m.first_token, m.head_token + 1)}
    candidates = pronouns_and_plurals(doc) + tokens_among(doc, SINGULAR_REFERENCES)
    for i in sorted(set(candidates)):
        if i in covered or i in by_token:
            continue
        token = doc[i]
        if not _may_refer_back(token):  # most plural nouns: no list of earlier mentions
            continue
        earlier = [m for m in resolved if m.head_token < token.i]
        mention = _refer_back(token, earlier)
        if mention is not None:
            resolved.append(mention)
    return resolved


def _fill_unknown_people(named: list[Mention]) -> list[Mention]:
    """A surname alone takes the entity of the earlier full name ("Joxe" after "Pierre Joxe")."""
    known: dict[str, Entity] = {}
    out = []
    for mention in sorted(named, key=lambda m: m.first_token):
        entity = mention.entity
        if mention.kind == "person":
            last = (entity.name or entity.text).split()[-1]
            if entity.country is None and last in known:
                entity = replace(known[last], text=entity.text)
                mention = replace(mention, entity=entity)
            known.setdefault(last, entity)
        out.append(mention)
    return out


def _may_refer_back(token: Token) -> bool:
    """A pronoun `_refer_back` resolves, or 'the two sides'."""
    if token.pos_ == "PRON" and token.lower_ in REFERRING:
        return True
    return _is_both_sides(token) or _is_the_country(token)


def _refer_back(token: Token, earlier: list[Mention]) -> Mention | None:
    lower = token.lower_
    # an object pronoun is not its own verb's subject ("it was withholding it"): that would be
    # "itself"
    subject = _subject_of_verb(token, earlier)
    earlier = [m for m in earlier if subject is None or _identity(m) != subject]
    if token.pos_ == "PRON" and lower in PERSONAL:

        def is_person(m: Mention) -> bool:
            return m.kind == "person" or _is_person_role(m)

        target = _clause_subject(token, earlier, is_person) or _previous_subject(
            token, earlier, is_person
        )
        target = target or _last(earlier, is_person)
    elif token.pos_ == "PRON" and lower in PLURAL:
        target = _controller(token, earlier) or _clause_subject(
            token, earlier, lambda m: m.plural or _is_state(m)
        )
        target = target or _last(earlier, lambda m: m.plural) or _last(earlier, _is_state)
    elif token.pos_ == "PRON" and lower in NEUTER:
        # "the Nigerian teachers' union said it ...": a body named by a demonym, as subject
        target = _controller(token, earlier) or _clause_subject(
            token, earlier, lambda m: _is_state(m) or _is_body(m), True
        )
        target = target or _last(earlier, _is_state)
    elif _is_both_sides(token):
        return _both_sides(token, earlier)
    elif _is_the_country(token):
        target = _last(earlier, lambda m: m.kind == "country")
    else:
        return None
    if target is None or target.entity.country is None:
        return None
    entity = replace(target.entity, text=token.text)
    also = _coordinated(token, target, earlier) if lower in PLURAL else ()
    return Mention(
        entity,
        "pronoun",
        token.idx,
        token.idx + len(token),
        token.i,
        token.i,
        plural=target.plural or bool(also),
        also=also,
    )


def _controller(token: Token, earlier: list[Mention]) -> Mention | None:
    """'Kenya rebuked Uganda for arresting its politicians': in a gerund hung on the verb by a
    preposition, the verb's object does the act, and 'its' is the object's."""
    for node in token.ancestors:
        if any(c.dep_ in ("nsubj", "nsubjpass") for c in node.children):
            return None  # a clause with its own subject
        if node.dep_ == "pcomp" and node.tag_ == "VBG" and node.head.dep_ == "prep":
            verb = node.head.head
            objects = {c.i for c in verb.children if c.dep_ == "dobj"}
            found = [m for m in earlier if m.head_token in objects and m.entity.country]
            return found[0] if found else None
    return None


def _identity(mention: Mention) -> tuple[str | None, str | None]:
    return mention.entity.country, mention.entity.name


def _subject_of_verb(token: Token, earlier: list[Mention]) -> tuple[str | None, str | None] | None:
    """Who the subject of an object pronoun's verb stands for; for a participle with no subject
    of its own ('expelled three diplomats, accusing them of ...'), the main clause's."""
    if token.dep_ != "dobj":
        return None
    verb = token.head
    subjects = [c.i for c in verb.children if c.dep_ == "nsubj"]
    if not subjects and verb.dep_ in ("advcl", "xcomp", "conj") and verb.tag_ == "VBG":
        subjects = [c.i for c in verb.head.children if c.dep_ == "nsubj"]
    found = [m for m in earlier if m.head_token in subjects]
    return _identity(found[0]) if found else None


def _coordinated(token: Token, target: Mention, earlier: list[Mention]) -> tuple[Entity, ...]:
    """'Kenya and Japan ... their partnership': 'they' stands for every coordinated name."""
    heads = {t.i for t in token.doc[target.head_token].conjuncts}
    return tuple(
        replace(m.entity, text=token.text)
        for m in earlier
        if m.head_token in heads and m.entity.country and m is not target
    )


def _clause_subject(
    token: Token, earlier: list[Mention], test: MentionTest, singular: bool = False
) -> Mention | None:
    """'The EU adopted its package', 'The EU warned Georgia that it would ...': a pronoun in a
    sentence whose subject is a state refers to that subject, not to the nearest name."""
    sentence_start = token.sent.start
    governing: set[int] | None = None  # the pronoun's ancestors, read when first needed
    for mention in earlier:
        if mention.head_token < sentence_start or not test(mention):
            continue
        head = token.doc[mention.head_token]
        for _ in range(2):  # "the Nigerian union", "Russia's army", "the Kenyan doctors' union"
            if head.dep_ in ("amod", "compound", "poss"):
                head = head.head
        if singular and head.tag_ in ("NNS", "NNPS"):
            continue
        if head.dep_ in ("nsubj", "nsubjpass"):
            governing = {a.i for a in token.ancestors} if governing is None else governing
            if head.head.i in governing:
                return mention
    return None


def _previous_subject(token: Token, earlier: list[Mention], test: MentionTest) -> Mention | None:
    """'Erdogan met Aliyev. He later spoke with Putin': a pronoun that opens a sentence
    continues the previous sentence's subject."""
    if token.i - token.sent.start > 2 or token.sent.start == 0:
        return None
    previous = token.doc[token.sent.start - 1].sent
    for mention in earlier:
        head = token.doc[mention.head_token]
        inside = previous.start <= head.i < previous.end
        if inside and head.dep_ == "nsubj" and head.head.i == previous.root.i and test(mention):
            return mention
    return None


def _is_state(mention: Mention) -> bool:
    # Places are where things happen, never who does them; "it" does not refer to them.
    return mention.kind in ("country", "capital", "institution", "organization")


def _is_body(mention: Mention) -> bool:
    return mention.kind == "demonym" and mention.entity.sector is not None


def _is_person_role(mention: Mention) -> bool:
    return mention.kind == "demonym" and not mention.plural and mention.entity.sector is not None


def _is_both_sides(token: Token) -> bool:
    if token.lemma_.lower() not in BOTH_SIDES_HEADS:
        return False
    if token.tag_ == "NN":  # "each side accused the other"
        return any(c.dep_ == "det" and c.lower_ == "each" for c in token.children)
    plural = token.tag_ in ("NNS", "NNPS")
    return plural and any(c.lower_ in ("two", "both") for c in token.children)


def _is_the_country(token: Token) -> bool:
    """'the country', 'the nation' (also as an owner: 'the country's police') with nothing
    else to pick one out: 'the other country' and 'a country' do not refer back."""
    children = list(token.children)
    return (
        token.tag_ == "NN"
        and any(c.dep_ == "det" and c.lower_ == "the" for c in children)
        and not any(c.dep_ in ("amod", "compound", "nummod", "prep", "relcl") for c in children)
    )


def _both_sides(token: Token, earlier: list[Mention]) -> Mention | None:
    """'The two sides' / 'both leaders': the last two countries named before."""
    countries: list[Entity] = []
    for mention in reversed(earlier):
        country = mention.entity.country
        if country and country not in {e.country for e in countries}:
            countries.append(mention.entity)
        if len(countries) == 2:
            break
    if len(countries) < 2:
        return None
    start = min([token.i, *(c.i for c in token.children if c.dep_ in ("det", "nummod"))])
    span = token.doc[start : token.i + 1]
    first, second = (replace(e, text=span.text) for e in reversed(countries))
    return Mention(
        first, "pronoun", span.start_char, span.end_char, span.start, token.i, True, (second,)
    )


def _last(mentions: list[Mention], test: MentionTest) -> Mention | None:
    for mention in reversed(mentions):
        if test(mention):
            return mention
    return None
