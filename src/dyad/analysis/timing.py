"""Lead/lag test: do events of one dyad tend to follow events of another within a few days?

`dyad timing --lead "USA>UKR:AID,AGREE" --follow "RUS>USA:CONSULT" --window 3d` asks: what share
of the lead events had at least one follow event 0 to 3 days after them, and how often would a
share that high arise if the follow events fell on random days? The null model keeps the lead
events where they are and places each follow event on a day drawn uniformly from the days the
data covers (first to last dated event of the frame), many times over; the p-value is the share
of those placements doing at least as well as the real dates, counting the real one
((1 + hits) / (1 + permutations), so it is never 0).

Dates in the store are days, so a window is a whole number of days: 12h is rounded up to one
day. The lag runs from 0 to the window inclusive: a follow event the same day as the lead event
counts, since a day-dated report cannot tell which of the two came first. Only events dated to
the day take part; one dated only to a month or a year would sit on the 1st and fake a lag. An
event never counts as its own follower when the two dyads overlap.

This is evidence of timing, not of cause: both dyads may answer the same third event.
"""

from __future__ import annotations

import math
import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

import numpy as np
import numpy.typing as npt
import polars as pl

from dyad.analysis.dyads import Dyad, select

MIN_EVENTS = 5  # below this many lead or follow events the test has no power worth reporting
_WINDOW = re.compile(r"(\d+)\s*([hdw])")
_HOURS = {"h": 1, "d": 24, "w": 24 * 7}
_CELLS = 4_000_000  # matrix cells per block of permutations: bounds memory on long spans

Days = npt.NDArray[np.int64]


@dataclass(frozen=True, slots=True)
class MatchedPair:
    """A lead event and the first follow event 0..window days after it."""

    lead_event_id: str
    follow_event_id: str
    lead_date: date
    follow_date: date
    lag_days: int
    lead_sentence: str
    follow_sentence: str


@dataclass(frozen=True, slots=True)
class TimingResult:
    """The outcome of `timing_test`.

    followed: lead events with at least one follow event 0..window days after them (inclusive).
    share: followed / lead_count (0.0 when there is no lead event).
    null_mean, p_value, null_distribution: the shares when the follow events fall on random
    days; None, None and () when there are too few events to test (enough_data False).
    pairs: every followed lead event with its first follower, in lead date order.
    """

    lead_count: int
    follow_count: int
    followed: int
    share: float
    null_mean: float | None
    p_value: float | None
    null_distribution: tuple[float, ...]
    pairs: tuple[MatchedPair, ...]
    enough_data: bool
    message: str


def parse_window(text: str) -> timedelta:
    """Read "3d", "12h" or "2w" (a whole number and h, d or w) as a whole number of days,
    rounding hours up: "12h" and "24h" are one day, "25h" two. Raises ValueError."""
    found = _WINDOW.fullmatch(text.strip().lower())
    if found is None:
        raise ValueError(f"bad window {text!r}: give a number and a unit, such as 3d, 12h or 2w")
    hours = int(found[1]) * _HOURS[found[2]]
    return timedelta(days=math.ceil(hours / 24))


def window_days(window: timedelta) -> int:
    """The window as whole days, rounding a part day up."""
    if window < timedelta(0):
        raise ValueError(f"the window must not be negative, not {window}")
    return math.ceil(window / timedelta(days=1))


def _side(events: pl.DataFrame, dyad: Dyad, modalities: Collection[str]) -> pl.DataFrame:
    """The dyad's events dated to the day, in date order (event id breaks ties)."""
    coarse = pl.col("date_precision").is_in(["month", "year"]).fill_null(False)
    frame = select(events, dyad, modalities).filter(pl.col("date").is_not_null() & ~coarse)
    return frame.select("event_id", "date", "sentence").sort("date", "event_id")


def _days(frame: pl.DataFrame) -> Days:
    """Dates as day numbers (days since 1970-01-01)."""
    return frame["date"].cast(pl.Int32).to_numpy().astype(np.int64)


def first_followers(
    lead_days: Days,
    lead_ids: npt.NDArray[Any],
    follow_days: Days,
    follow_ids: npt.NDArray[Any],
    window: int,
) -> npt.NDArray[np.int64]:
    """For each lead event, the position of its first follower among the follow events
    (sorted by day), or -1. A follower is 0..window days later and is not the lead itself."""
    if follow_days.size == 0:
        return np.full(lead_days.size, -1, dtype=np.int64)
    low = np.searchsorted(follow_days, lead_days, side="left")
    high = np.searchsorted(follow_days, lead_days + window, side="right")
    itself = (low < high) & (follow_ids[np.minimum(low, follow_days.size - 1)] == lead_ids)
    first = np.where(itself, low + 1, low)
    return np.where(first < high, first, -1).astype(np.int64)


def _pair(lead: dict[str, Any], follow: dict[str, Any]) -> MatchedPair:
    """A matched pair from a lead row and a follow row of `_side`."""
    return MatchedPair(
        lead_event_id=lead["event_id"],
        follow_event_id=follow["event_id"],
        lead_date=lead["date"],
        follow_date=follow["date"],
        lag_days=(follow["date"] - lead["date"]).days,
        lead_sentence=lead["sentence"],
        follow_sentence=follow["sentence"],
    )


def _matched(leads: pl.DataFrame, follows: pl.DataFrame, window: int) -> tuple[MatchedPair, ...]:
    """Every lead event that has a follower, paired with its first follower."""
    first = first_followers(
        _days(leads),
        leads["event_id"].to_numpy(),
        _days(follows),
        follows["event_id"].to_numpy(),
        window,
    )
    return tuple(
        _pair(leads.row(i, named=True), follows.row(int(j), named=True))
        for i, j in enumerate(first)
        if j >= 0
    )


def followed_counts(
    follow_days: npt.NDArray[np.int64], lead_days: Days, span: int, window: int
) -> Days:
    """For each row of follow days (one placement of the follow events on days 0..span-1),
    how many lead events have at least one follow event 0..window days after them.

    A per-row histogram of follow days and its running sum give, for every lead day d, the
    number of follow events on days d..d+window as a difference of two lookups."""
    rows = follow_days.shape[0]
    flat = (np.arange(rows, dtype=np.int64)[:, None] * span + follow_days).ravel()
    per_day = np.bincount(flat, minlength=rows * span).reshape(rows, span)
    before = np.zeros((rows, span + 1), dtype=np.int64)  # before[:, d]: follow events before d
    np.cumsum(per_day, axis=1, out=before[:, 1:])
    upper = np.minimum(lead_days + window + 1, span)
    inside = before[:, upper] - before[:, lead_days]
    followed: Days = (inside > 0).sum(axis=1).astype(np.int64)
    return followed


def null_followed(
    lead_days: Days, follows: int, span: int, window: int, permutations: int, seed: int
) -> Days:
    """`followed` under the null: for each permutation the follow events are placed on days
    drawn uniformly from 0..span-1 (numpy Generator seeded with `seed`), in memory-bounded
    blocks of permutations."""
    rng = np.random.default_rng(seed)
    block = max(1, _CELLS // max(span + 1, lead_days.size, follows, 1))
    counts = np.empty(permutations, dtype=np.int64)
    for start in range(0, permutations, block):
        size = min(block, permutations - start)
        placed = rng.integers(0, span, size=(size, follows), dtype=np.int64)
        counts[start : start + size] = followed_counts(placed, lead_days, span, window)
    return counts


def _within(days: int) -> str:
    """The window in words, for the message."""
    if days == 0:
        return "on the same day"
    return f"within {days} day{'s' if days != 1 else ''} (same day included)"


def _untested(leads: int, follows: int, pairs: tuple[MatchedPair, ...]) -> TimingResult:
    """The result when one side has fewer than MIN_EVENTS events: the observed share and
    pairs are still given, but no null model is run and no p-value claimed."""
    message = (
        f"Too few events to test: {leads} lead and {follows} follow events "
        f"(need at least {MIN_EVENTS} of each)."
    )
    share = len(pairs) / leads if leads else 0.0
    return TimingResult(leads, follows, len(pairs), share, None, None, (), pairs, False, message)


def _tested(
    leads: int, follows: int, pairs: tuple[MatchedPair, ...], null: Days, window: int
) -> TimingResult:
    """The result with the null counts of followed lead events, one per permutation. Counts,
    not shares, are compared, so no rounding can tip an equal share either way."""
    followed = len(pairs)
    p_value = float((1 + np.count_nonzero(null >= followed)) / (1 + null.size))
    shares = tuple(float(s) for s in null / leads)
    null_mean = float(np.mean(null)) / leads
    message = (
        f"{followed} of {leads} lead events ({followed / leads:.0%}) had a follow event "
        f"{_within(window)}; with the follow events on random days the share averages "
        f"{null_mean:.0%} (p = {p_value:.2g})."
    )
    share = followed / leads
    return TimingResult(
        leads, follows, followed, share, null_mean, p_value, shares, pairs, True, message
    )


def _span(events: pl.DataFrame) -> tuple[int, int]:
    """The first day number and the number of days covered by the frame's dated events."""
    dated = events.select(pl.col("date").cast(pl.Int32)).drop_nulls()
    first, last = int(dated["date"].min()), int(dated["date"].max())  # type: ignore[arg-type]
    return first, last - first + 1


def timing_test(
    events: pl.DataFrame,
    lead: Dyad,
    follow: Dyad,
    window: timedelta,
    permutations: int = 2000,
    seed: int = 0,
    modalities: Collection[str] = ("asserted", "planned"),
) -> TimingResult:
    """Test whether `follow` events come 0..window days after `lead` events more often than
    follow events on random days would (see the module docstring for the null model).
    Planned events count by default: an announced visit is itself a timely reaction."""
    if permutations < 1:
        raise ValueError(f"permutations must be at least 1, not {permutations}")
    days = window_days(window)
    leads, follows = _side(events, lead, modalities), _side(events, follow, modalities)
    pairs = _matched(leads, follows, days)
    if min(leads.height, follows.height) < MIN_EVENTS:
        return _untested(leads.height, follows.height, pairs)
    first, span = _span(events)
    null = null_followed(_days(leads) - first, follows.height, span, days, permutations, seed)
    return _tested(leads.height, follows.height, pairs, null, days)
