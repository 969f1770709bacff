"""Resolve English time expressions in news text to dates, offline.

News copy seldom dates an event in full. It says "on Thursday", "last month" or "a few weeks
ago" and leaves the reader to count back from the day the story ran. `TimeResolver.find`
does that counting against a publication date P that the caller supplies. No clock is read,
so the same text and date always give the same answer.

How it works:

* Every word comes from `ontology/time.yaml`: month and weekday names, number words, units,
  cues, fixed phrases. `TimeResolver.__init__` turns those lists into one regular expression
  for each kind of expression (ISO date, month + day, day + month, month + year, month on its
  own, year, weekday, fixed phrase, "N units ago", "on the 16th").
* `find` runs every pattern over the text. A handler per pattern checks the match (a bare
  "May" needs a cue such as "in"; a year must lie in the configured span) and resolves it
  against P. Of overlapping matches the longest wins, so "earlier this month" is one
  expression, not "this month" inside a longer one.
* Expressions that leave the direction open (a weekday, "October 16", "in August",
  "this weekend") look back from P unless `future=True`, which callers set for planned or
  announced events. "last" and "next" always look strictly back or forward.
* Phrases marked `anchored` in the vocabulary ("the day before") count from the previous
  day-precision date in the same text, or from P when there is none.

Month-precision results carry the 1st of the month; year-precision results carry 1 January.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, timedelta
from importlib.resources import files
from typing import Any, Literal, cast, get_args

from dyad.datafiles import read_yaml

Precision = Literal["day", "month", "year"]
# Which way an open expression looks from P: with the tense of the text, or strictly
# before / strictly after it ("last Thursday", "next Thursday").
Direction = Literal["tense", "before", "after"]
CountUnit = Literal["day", "week", "month", "year"]
RelativeUnit = Literal["day", "week", "month", "year", "weekend"]
Trait = Literal["approximate", "anchored", "part_of_day"]

# A day number stops before another digit and before ".5" or ",000" ("May 1,000" is no date).
_DAY_END = r"(?!\d|[.,]\d)"
_YEAR = r"(?P<year>\d{4})(?!\d)"
# What may not follow a year: more word characters, a percent sign, decimals, thousands.
_YEAR_END = r"(?![\w%]|[.,]\d)"


@dataclass(frozen=True, slots=True)
class TimeExpression:
    """One time expression found in a text, with the date it resolves to."""

    text: str  # the words matched
    start: int  # character offsets into the text given to find()
    end: int
    date: date  # month precision: the 1st of the month; year precision: 1 January
    precision: Precision
    approximate: bool  # "a few months ago", "several weeks ago", "earlier this month"


@dataclass(frozen=True, slots=True)
class RelativeRule:
    """How one family of fixed phrases ("last week", "next week") resolves against P."""

    unit: RelativeUnit
    shift: int = 0
    direction: Direction = "tense"  # only weekend phrases use it
    approximate: bool = False
    anchored: bool = False  # counts from the previous date in the text, not from P
    part_of_day: bool = False  # may be followed by "morning", "night" ...

    @classmethod
    def from_entry(cls, entry: Mapping[str, Any]) -> RelativeRule:
        traits = {_choice(t, get_args(Trait), "trait") for t in entry.get("traits", [])}
        return cls(
            unit=cast(RelativeUnit, _choice(entry["unit"], get_args(RelativeUnit), "unit")),
            shift=int(entry.get("shift", 0)),
            direction=_as_direction(entry.get("direction", "tense")),
            approximate="approximate" in traits,
            anchored="anchored" in traits,
            part_of_day="part_of_day" in traits,
        )


@dataclass(frozen=True, slots=True)
class Vocabulary:
    """The word lists of time.yaml, checked and indexed by their normalised spelling.

    Month and weekday spellings keep their case (names must be capitalised); every other key
    is lowercase with single spaces, as `_normalise` produces from matched text.
    """

    months: Mapping[str, int]
    weekdays: Mapping[str, int]
    weekend_starts: int
    weekday_blockers: tuple[str, ...]
    first_year: int
    last_year: int
    ordinal_suffixes: tuple[str, ...]
    articles: tuple[str, ...]
    day_month_joiners: tuple[str, ...]
    ordinal_day_cues: tuple[str, ...]
    month_cues: tuple[str, ...]
    year_cues: tuple[str, ...]
    modifiers: Mapping[str, Direction]
    period_parts: tuple[str, ...]
    parts_of_day: tuple[str, ...]
    numbers: Mapping[str, int]
    vague_numbers: Mapping[str, int]
    hedges: tuple[str, ...]
    units: Mapping[str, CountUnit]
    ago_words: tuple[str, ...]
    relative: Mapping[str, RelativeRule]

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any]) -> Vocabulary:
        weekdays = _index_names(data["weekdays"], range(7))
        return cls(
            months=_index_names(data["months"], range(1, 13)),
            weekdays=weekdays,
            weekend_starts=weekdays[data["weekend_starts"]],
            weekday_blockers=_words(data["weekday_blockers"]),
            first_year=int(data["years"]["first"]),
            last_year=int(data["years"]["last"]),
            ordinal_suffixes=_words(data["ordinal_suffixes"]),
            articles=_words(data["articles"]),
            day_month_joiners=_words(data["day_month_joiners"]),
            ordinal_day_cues=_words(data["ordinal_day_cues"]),
            month_cues=_words(data["month_cues"]),
            year_cues=_words(data["year_cues"]),
            modifiers={_normalise(k): _as_direction(v) for k, v in data["modifiers"].items()},
            period_parts=_words(data["period_parts"]),
            parts_of_day=_words(data["parts_of_day"]),
            numbers=_counts(data["numbers"]),
            vague_numbers=_counts(data["vague_numbers"]),
            hedges=_words(data["hedges"]),
            units={_normalise(k): _as_count_unit(v) for k, v in data["units"].items()},
            ago_words=_words(data["ago_words"]),
            relative=_relative_rules(data["relative"]),
        )


def _normalise(words: str) -> str:
    """Lowercase with single spaces: the key under which a matched phrase is looked up."""
    return " ".join(words.split()).lower()


def _words(values: Iterable[object]) -> tuple[str, ...]:
    return tuple(_normalise(str(value)) for value in values)


def _counts(values: Mapping[object, object]) -> dict[str, int]:
    return {_normalise(str(word)): int(str(count)) for word, count in values.items()}


def _choice(value: object, options: tuple[str, ...], what: str) -> str:
    if value not in options:
        raise ValueError(f"time.yaml: {what} {value!r} is not one of {', '.join(options)}")
    return str(value)


def _as_direction(value: object) -> Direction:
    return cast(Direction, _choice(value, get_args(Direction), "direction"))


def _as_count_unit(value: object) -> CountUnit:
    return cast(CountUnit, _choice(value, get_args(CountUnit), "unit"))


def _index_names(table: Mapping[object, Iterable[object]], allowed: range) -> dict[str, int]:
    """Spelling → number for month or weekday names; names keep their case."""
    index: dict[str, int] = {}
    for number, spellings in table.items():
        if int(str(number)) not in allowed:
            raise ValueError(f"time.yaml: {number!r} is out of range {allowed}")
        index.update({str(spelling): int(str(number)) for spelling in spellings})
    return index


def _relative_rules(entries: Iterable[Mapping[str, Any]]) -> dict[str, RelativeRule]:
    rules: dict[str, RelativeRule] = {}
    for entry in entries:
        rule = RelativeRule.from_entry(entry)
        rules.update({phrase: rule for phrase in _words(entry["words"])})
    return rules


# --- patterns ------------------------------------------------------------------------------


def _alternation(words: Iterable[str], any_case: bool = False) -> str:
    """A regex group matching any of the words, longest first so "Sept." beats "Sept".

    Spaces inside a phrase match any run of whitespace, since news text wraps lines.
    """
    ordered = sorted(set(words), key=lambda word: (-len(word), word))
    if not ordered:
        return "(?!)"  # an empty list must match nothing, not the empty string
    body = "|".join(re.escape(word).replace(r"\ ", r"\s+") for word in ordered)
    return f"(?i:{body})" if any_case else f"(?:{body})"


@dataclass(frozen=True, slots=True)
class _Alternations:
    """The vocabulary as regex alternations, the building blocks of every pattern."""

    month: str
    weekday: str
    blocker: str
    ordinal: str
    article: str
    joiner: str
    ordinal_cue: str
    month_cue: str
    year_cue: str
    modifier: str
    part: str
    part_of_day: str
    count: str
    hedge: str
    unit: str
    ago: str
    relative: str

    @classmethod
    def of(cls, vocab: Vocabulary) -> _Alternations:
        return cls(
            month=_alternation(vocab.months),
            weekday=_alternation(vocab.weekdays),
            blocker=_alternation(vocab.weekday_blockers, any_case=True),
            ordinal=_alternation(vocab.ordinal_suffixes, any_case=True),
            article=_alternation(vocab.articles, any_case=True),
            joiner=_alternation(vocab.day_month_joiners, any_case=True),
            ordinal_cue=_alternation(vocab.ordinal_day_cues, any_case=True),
            month_cue=_alternation(vocab.month_cues, any_case=True),
            year_cue=_alternation(vocab.year_cues, any_case=True),
            modifier=_alternation(vocab.modifiers, any_case=True),
            part=_alternation(vocab.period_parts, any_case=True),
            part_of_day=_alternation(vocab.parts_of_day, any_case=True),
            count=_alternation([*vocab.numbers, *vocab.vague_numbers], any_case=True),
            hedge=_alternation(vocab.hedges, any_case=True),
            unit=_alternation(vocab.units, any_case=True),
            ago=_alternation(vocab.ago_words, any_case=True),
            relative=_alternation(vocab.relative, any_case=True),
        )


def _iso_pattern() -> str:
    return r"(?<![\w-])(?P<body>(?P<year>\d{4})-(?P<month>\d{2})-(?P<day>\d{2}))(?![\w-])"


def _month_day_pattern(a: _Alternations) -> str:
    # "head" is the date without its year, the fallback when the year is out of range.
    return (
        rf"(?<!\w)(?P<body>(?P<head>(?:{a.weekday},?\s+)?(?P<month>{a.month})\s+"
        rf"(?P<day>\d{{1,2}})(?:{a.ordinal})?{_DAY_END})(?:,?\s+{_YEAR})?)(?!\w)"
    )


def _day_month_pattern(a: _Alternations) -> str:
    # No digit, comma or point before the day: "2231 October" and "1,16 May" are no dates.
    return (
        rf"(?<![\w,.])(?P<body>(?P<head>(?:{a.weekday},?\s+)?(?:{a.article}\s+)?"
        rf"(?P<day>\d{{1,2}})(?:{a.ordinal})?\s+(?:{a.joiner}\s+)?(?P<month>{a.month}))"
        rf"(?:,?\s+{_YEAR})?)(?!\w)"
    )


def _month_year_pattern(a: _Alternations) -> str:
    return rf"(?<!\w)(?P<body>(?:{a.part}(?:-|\s+))?(?P<month>{a.month}),?\s+{_YEAR}){_YEAR_END}"


def _month_pattern(a: _Alternations) -> str:
    # Stops before "'s" too: "May's cabinet" is about a person far more often than a month.
    return (
        rf"(?<!\w)(?:(?P<cue>{a.month_cue})\s+)?(?P<body>(?:(?P<modifier>{a.modifier})\s+)?"
        rf"(?:(?P<part>{a.part})(?:-|\s+))?(?P<month>{a.month}))(?![\w'’])"
    )


def _year_pattern(a: _Alternations) -> str:
    return (
        rf"(?<![\w,.])(?:(?P<cue>{a.year_cue})\s+)?"
        rf"(?P<body>(?:(?P<part>{a.part})(?:-|\s+))?{_YEAR}){_YEAR_END}"
    )


def _weekday_pattern(a: _Alternations) -> str:
    return (
        rf"(?<!\w)(?P<body>(?:(?P<modifier>{a.modifier})\s+)?(?P<weekday>{a.weekday})"
        rf"(?:\s+{a.part_of_day})?)(?!\w)"
    )


def _relative_pattern(a: _Alternations) -> str:
    return rf"(?<!\w)(?P<phrase>{a.relative})(?:\s+(?P<pod>{a.part_of_day}))?(?!\w)"


def _ago_pattern(a: _Alternations) -> str:
    return (
        rf"(?<!\w)(?P<body>(?:(?P<hedge>{a.hedge})\s+)?(?P<count>{a.count}|\d{{1,3}})\s+"
        rf"(?P<unit>{a.unit})\s+{a.ago})(?!\w)"
    )


def _ordinal_day_pattern(a: _Alternations) -> str:
    # Only before punctuation: "on the 16th floor" is a storey, "on the 16th," a date.
    return (
        rf"(?<!\w){a.ordinal_cue}\s+(?P<body>{a.article}\s+(?P<day>\d{{1,2}}){a.ordinal})"
        r"(?=\s*(?:[,.;:)]|$))"
    )


# --- date arithmetic -----------------------------------------------------------------------


def _add_months(day: date, months: int) -> date:
    """The 1st of the month `months` away from `day`'s month."""
    index = day.year * 12 + day.month - 1 + months
    return date(index // 12, index % 12 + 1, 1)


def _safe_date(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _weekday_on_or_before(day: date, weekday: int) -> date:
    return day - timedelta(days=(day.weekday() - weekday) % 7)


def _weekday_on_or_after(day: date, weekday: int) -> date:
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def _resolve_weekday(weekday: int, published: date, direction: Direction, future: bool) -> date:
    one_day = timedelta(days=1)
    if direction == "before":
        return _weekday_on_or_before(published - one_day, weekday)
    if direction == "after" or future:
        # A plan announced on a Thursday for "Thursday" means next week's.
        return _weekday_on_or_after(published + one_day, weekday)
    return _weekday_on_or_before(published, weekday)


def _resolve_weekend(saturday: int, published: date, direction: Direction, future: bool) -> date:
    # "last weekend" skips the weekend P may fall in or touch; "next weekend" skips the
    # coming one when P is a Friday or Saturday.
    two_days = timedelta(days=2)
    if direction == "before":
        return _weekday_on_or_before(published - two_days, saturday)
    if direction == "after":
        return _weekday_on_or_after(published + two_days, saturday)
    if future:
        return _weekday_on_or_after(published, saturday)
    return _weekday_on_or_before(published, saturday)


def _resolve_month(month: int, published: date, direction: Direction, future: bool) -> date:
    """The 1st of the named month nearest P's month in the given direction.

    With the tense, P's own month counts ("in October" said in October); strictly before or
    after, it does not ("last October" said in October is a year back).
    """
    year = published.year
    if direction == "before":
        year -= int(month >= published.month)
    elif direction == "after":
        year += int(month <= published.month)
    elif future:
        year += int(month < published.month)
    else:
        year -= int(month > published.month)
    return date(year, month, 1)


def _resolve_month_day(month: int, day: int, published: date, future: bool) -> date | None:
    """The nearest month-day on or before P (on or after P when future)."""
    step = 1 if future else -1
    # Nine tries reach the next 29 February even across a skipped leap year (1900, 2100).
    for offset in range(9):
        candidate = _safe_date(published.year + step * offset, month, day)
        if candidate and (candidate >= published if future else candidate <= published):
            return candidate
    return None


def _resolve_day_of_month(day: int, published: date, future: bool) -> date | None:
    """The nearest date with this day number on or before P (on or after P when future)."""
    step = 1 if future else -1
    for offset in range(12):
        first = _add_months(published, step * offset)
        candidate = _safe_date(first.year, first.month, day)
        if candidate and (candidate >= published if future else candidate <= published):
            return candidate
    return None


def _resolve_relative(
    rule: RelativeRule, published: date, future: bool, saturday: int
) -> tuple[date, Precision]:
    if rule.unit == "day":
        return published + timedelta(days=rule.shift), "day"
    if rule.unit == "week":
        return published + timedelta(weeks=rule.shift), "day"
    if rule.unit == "month":
        return _add_months(published, rule.shift), "month"
    if rule.unit == "year":
        return date(published.year + rule.shift, 1, 1), "year"
    return _resolve_weekend(saturday, published, rule.direction, future), "day"


def _resolve_ago(
    count: int, unit: CountUnit, published: date, vague: bool
) -> tuple[date, Precision]:
    if unit == "day":
        return published - timedelta(days=count), "day"
    if unit == "week":
        day = published - timedelta(weeks=count)
        # "several weeks ago" cannot name a day; the month it lands in is the honest answer.
        return (_add_months(day, 0), "month") if vague else (day, "day")
    if unit == "month":
        return _add_months(published, -count), "month"
    return date(published.year - count, 1, 1), "year"


# --- matching ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class _Context:
    published: date
    future: bool


@dataclass(frozen=True, slots=True)
class _Candidate:
    expression: TimeExpression
    anchor_shift: int | None = None  # days from the previous date, for "the day before"

    @property
    def length(self) -> int:
        return self.expression.end - self.expression.start


_Handler = Callable[[re.Match[str], _Context], _Candidate | None]


def _expression(
    match: re.Match[str],
    span: tuple[int, int],
    day: date,
    precision: Precision,
    approximate: bool = False,
) -> TimeExpression:
    start, end = span
    return TimeExpression(match.string[start:end], start, end, day, precision, approximate)


def _longest_first(candidates: Iterable[_Candidate]) -> list[_Candidate]:
    """Non-overlapping candidates, longer ones first; ties go to the earlier pattern."""
    chosen: list[_Candidate] = []
    for candidate in sorted(candidates, key=lambda c: (-c.length, c.expression.start)):
        new = candidate.expression
        if all(new.end <= old.start or new.start >= old.end for old in _exprs(chosen)):
            chosen.append(candidate)
    return sorted(chosen, key=lambda c: c.expression.start)


def _exprs(candidates: Iterable[_Candidate]) -> Iterable[TimeExpression]:
    return (candidate.expression for candidate in candidates)


def _apply_anchors(candidates: Iterable[_Candidate]) -> list[TimeExpression]:
    """Re-date "the day before"-style phrases from the day-precision date before them."""
    previous: date | None = None
    found: list[TimeExpression] = []
    for candidate in candidates:
        expression = candidate.expression
        if candidate.anchor_shift is not None and previous is not None:
            expression = replace(expression, date=previous + timedelta(candidate.anchor_shift))
        if expression.precision == "day":
            previous = expression.date
        found.append(expression)
    return found


_DIGIT = frozenset({"digit"})
_MONTH_DIGIT = frozenset({"month", "digit"})


def _gates(words: _Alternations) -> dict[str, re.Pattern[str]]:
    """One search per kind of word a rule needs: a sentence with a weekday but no digit or
    month runs the weekday rule alone. Every rule's pattern holds its words as whole words
    (nothing alphanumeric on either side), so a rule whose gate finds nothing cannot match."""
    bounded = {
        "month": words.month,
        "weekday": words.weekday,
        "relative": words.relative,
        "ago": words.ago,
    }
    gates = {name: re.compile(rf"(?<!\w)(?:{found})(?!\w)") for name, found in bounded.items()}
    return {"digit": re.compile(r"\d"), **gates}


class TimeResolver:
    """Finds time expressions in English text and dates them from a publication date.

    All words come from the vocabulary (see `ontology/time.yaml`); `bundled()` loads the one
    shipped with dyad. An instance is immutable and safe to share.
    """

    def __init__(self, vocabulary: Mapping[str, Any] | Vocabulary) -> None:
        if not isinstance(vocabulary, Vocabulary):
            vocabulary = Vocabulary.from_mapping(vocabulary)
        self._vocab = vocabulary
        words = _Alternations.of(vocabulary)
        # Order matters only for ties: an equally long match from an earlier rule wins. Each
        # rule names the words it cannot match without (see `_gates`).
        rules: list[tuple[str, _Handler, frozenset[str]]] = [
            (_iso_pattern(), self._from_iso, _DIGIT),
            (_month_day_pattern(words), self._from_month_day, _MONTH_DIGIT),
            (_day_month_pattern(words), self._from_month_day, _MONTH_DIGIT),
            (_month_year_pattern(words), self._from_month_year, _MONTH_DIGIT),
            (_month_pattern(words), self._from_month, frozenset({"month"})),
            (_year_pattern(words), self._from_year, _DIGIT),
            (_weekday_pattern(words), self._from_weekday, frozenset({"weekday"})),
            (_relative_pattern(words), self._from_relative, frozenset({"relative"})),
            (_ago_pattern(words), self._from_ago, frozenset({"ago"})),
            (_ordinal_day_pattern(words), self._from_ordinal_day, _DIGIT),
        ]
        self._rules = tuple((re.compile(p), handler, needs) for p, handler, needs in rules)
        self._gates = _gates(words)
        self._weekday_blocker = re.compile(rf"(?<!\w){words.blocker}\s+$")
        # every rule needs a digit, a month, a weekday, a relative phrase or an "ago" word:
        # one search rules out most sentences before the ten patterns run
        self._maybe = re.compile(
            rf"\d|(?<!\w)(?:{words.month}|{words.weekday}|{words.relative}|{words.ago})(?!\w)"
        )

    @classmethod
    def bundled(cls) -> TimeResolver:
        """A resolver with the vocabulary shipped in `dyad/ontology/time.yaml`."""
        source = files("dyad.ontology").joinpath("time.yaml").read_text(encoding="utf-8")
        return cls(read_yaml(source))

    def find(self, text: str, published: date, future: bool = False) -> list[TimeExpression]:
        """All time expressions in `text`, in order, resolved against `published`.

        `future=True` is for planned or announced events: open expressions ("Thursday",
        "October 16", "in August") then resolve forward from `published` instead of back.
        """
        if not self._maybe.search(text):
            return []
        context = _Context(published, future)
        present = {name for name, gate in self._gates.items() if gate.search(text)}
        candidates = [
            candidate
            for pattern, handler, needs in self._rules
            if needs <= present
            for match in pattern.finditer(text)
            if (candidate := handler(match, context)) is not None
        ]
        return _apply_anchors(_longest_first(candidates))

    # --- one handler per pattern: check the match, then resolve it -------------------------

    def _is_year(self, year: int) -> bool:
        return self._vocab.first_year <= year <= self._vocab.last_year

    def _direction(self, modifier: str | None) -> Direction:
        return self._vocab.modifiers[_normalise(modifier)] if modifier else "tense"

    def _from_iso(self, match: re.Match[str], context: _Context) -> _Candidate | None:
        year, month, day = int(match["year"]), int(match["month"]), int(match["day"])
        resolved = _safe_date(year, month, day) if self._is_year(year) else None
        if resolved is None:
            return None
        return _Candidate(_expression(match, match.span("body"), resolved, "day"))

    def _from_month_day(self, match: re.Match[str], context: _Context) -> _Candidate | None:
        month, day = self._vocab.months[match["month"]], int(match["day"])
        year = match["year"]
        if year is not None and self._is_year(int(year)):
            resolved = _safe_date(int(year), month, day)
            span = match.span("body")
        else:
            # No year, or a number too far off to be one ("October 16, 3000 people").
            resolved = _resolve_month_day(month, day, context.published, context.future)
            span = match.span("head")
        if resolved is None:
            return None
        return _Candidate(_expression(match, span, resolved, "day"))

    def _from_month_year(self, match: re.Match[str], context: _Context) -> _Candidate | None:
        year = int(match["year"])
        if not self._is_year(year):
            return None
        month = self._vocab.months[match["month"]]
        return _Candidate(_expression(match, match.span("body"), date(year, month, 1), "month"))

    def _from_month(self, match: re.Match[str], context: _Context) -> _Candidate | None:
        # A bare "May" or "March" is a verb or a noun unless something marks it as a date.
        if not (match["cue"] or match["modifier"] or match["part"]):
            return None
        month = self._vocab.months[match["month"]]
        direction = self._direction(match["modifier"])
        resolved = _resolve_month(month, context.published, direction, context.future)
        return _Candidate(_expression(match, match.span("body"), resolved, "month"))

    def _from_year(self, match: re.Match[str], context: _Context) -> _Candidate | None:
        year = int(match["year"])
        if not (match["cue"] or match["part"]) or not self._is_year(year):
            return None
        return _Candidate(_expression(match, match.span("body"), date(year, 1, 1), "year"))

    def _from_weekday(self, match: re.Match[str], context: _Context) -> _Candidate | None:
        if self._weekday_blocker.search(match.string, 0, match.start("body")):
            return None  # "Black Friday", "Good Friday"
        weekday = self._vocab.weekdays[match["weekday"]]
        direction = self._direction(match["modifier"])
        resolved = _resolve_weekday(weekday, context.published, direction, context.future)
        return _Candidate(_expression(match, match.span("body"), resolved, "day"))

    def _from_relative(self, match: re.Match[str], context: _Context) -> _Candidate | None:
        rule = self._vocab.relative[_normalise(match["phrase"])]
        takes_part = rule.part_of_day and match["pod"] is not None
        span = (match.start("phrase"), match.end("pod") if takes_part else match.end("phrase"))
        resolved, precision = _resolve_relative(
            rule, context.published, context.future, self._vocab.weekend_starts
        )
        expression = _expression(match, span, resolved, precision, rule.approximate)
        return _Candidate(expression, rule.shift if rule.anchored else None)

    def _from_ago(self, match: re.Match[str], context: _Context) -> _Candidate | None:
        count_word = _normalise(match["count"])
        vague = count_word in self._vocab.vague_numbers
        count = self._count(count_word)
        unit = self._vocab.units[_normalise(match["unit"])]
        resolved, precision = _resolve_ago(count, unit, context.published, vague)
        # Only whole days count back exactly; a "two months ago" lands somewhere in a month.
        approximate = vague or match["hedge"] is not None or unit != "day"
        return _Candidate(_expression(match, match.span("body"), resolved, precision, approximate))

    def _count(self, word: str) -> int:
        if word.isdigit():
            return int(word)
        return self._vocab.vague_numbers.get(word) or self._vocab.numbers[word]

    def _from_ordinal_day(self, match: re.Match[str], context: _Context) -> _Candidate | None:
        resolved = _resolve_day_of_month(int(match["day"]), context.published, context.future)
        if resolved is None:
            return None
        return _Candidate(_expression(match, match.span("body"), resolved, "day"))
