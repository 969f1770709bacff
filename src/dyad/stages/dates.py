"""Stage: the date of each event, from the time words of its sentence resolved against the
publication date ("on Thursday", "a few months ago", "next week" for planned events).

A sentence with no time words reports current news: the publication date stands in, and the
event says so (`date_source: "published"`). A planned event with no time words, and any event
of an undated article, gets no date — never today's date.

needs: Analysis.events.  adds: event dates.
"""

from __future__ import annotations

from dataclasses import replace

from spacy.tokens import Doc, Token

from dyad.records import Analysis, Event
from dyad.timex import TimeExpression, TimeResolver


class DateEvents:
    needs: tuple[str, ...] = ("events",)
    adds: tuple[str, ...] = ("event_dates",)

    def __init__(self, resolver: TimeResolver) -> None:
        self.resolver = resolver

    def __call__(self, analysis: Analysis) -> Analysis:
        published = analysis.article.published
        if published is None:
            return analysis
        # several events share a sentence: read its time words once per tense
        found: dict[tuple[int, bool], list[TimeExpression]] = {}
        dated = tuple(self.date(analysis, event, found) for event in analysis.events)
        return replace(analysis, events=dated)

    def date(
        self,
        analysis: Analysis,
        event: Event,
        seen: dict[tuple[int, bool], list[TimeExpression]],
    ) -> Event:
        published = analysis.article.published
        assert published is not None  # checked by the caller
        sentence = analysis.sentences[event.sentence_index]
        key = (sentence.index, event.modality == "planned")
        if key not in seen:
            text = analysis.article.text[sentence.start : sentence.end]
            seen[key] = self.resolver.find(text, published, future=key[1])
        found = seen[key]
        if found:
            best = self.attached(analysis.doc, event, found, sentence.start)
            return replace(event, date=best.date, date_precision=best.precision, date_source="text")
        if event.modality == "planned":
            return event
        return replace(event, date=published, date_precision="day", date_source="published")

    @staticmethod
    def attached(
        doc: Doc, event: Event, found: list[TimeExpression], offset: int
    ) -> TimeExpression:
        """The time words that hang from the event's own clause, else the nearest ones: in
        "Putin, who met Trump in August, said on Thursday ..." the meeting is in August."""
        trigger = _token_at(doc, event.trigger.start)

        def rank(expression: TimeExpression) -> tuple[int, int]:
            token = _token_at(doc, offset + expression.start)
            own = trigger is not None and token is not None and _clause(token) == _clause(trigger)
            distance = abs(offset + expression.start - event.trigger.start)
            return (0 if own else 1, distance)

        return min(found, key=rank)


def _token_at(doc: Doc, char: int) -> Token | None:
    span = doc.char_span(char, char + 1, alignment_mode="expand")
    return span[0] if span is not None and len(span) else None


def _clause(token: Token) -> int:
    """The verb heading the clause a token is in (nouns climb to the verb that carries them)."""
    node = token
    # spaCy makes a new Token object on every access: compare positions, never identities
    while node.head.i != node.i and not (node.pos_ in ("VERB", "AUX") and node.i != token.i):
        node = node.head
    return node.i
