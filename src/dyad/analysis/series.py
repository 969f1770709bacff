"""Counts over time and rankings: what a chart or a summary table of event data shows.

Every series covers the same range of periods: from the period of the first dated event in the
frame given to the period of the last one, whatever the dyad or modality filter keeps. Periods
inside that range without a matching event are rows with count 0 and a null mean intensity, so a
chart shows quiet months as quiet instead of joining the points around them. Events without a
date cannot be placed in time and are left out of series (they still count in the rankings).

An event dated only to a month or a year carries the 1st of that month or 1 January in the store;
daily and weekly series count it there.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Literal

import polars as pl

from dyad.analysis.dyads import Dyad, chosen, of_modalities, pairs

Freq = Literal["day", "week", "month"]
By = Literal["type", "quad_class"]
Role = Literal["actor", "recipient", "any"]

_EVERY: dict[str, str] = {"day": "1d", "week": "1w", "month": "1mo"}
_BY_COLUMN: dict[str, str] = {"type": "event_type", "quad_class": "quad_class"}
_COOPERATION = pl.col("quad_class") <= 2  # quad 1 verbal, 2 material cooperation
_CONFLICT = pl.col("quad_class") >= 3  # quad 3 verbal, 4 material conflict


def _every(freq: str) -> str:
    """The polars interval of a frequency; a clear error for an unknown one."""
    if freq not in _EVERY:
        raise ValueError(f"unknown frequency {freq!r}: use day, week or month")
    return _EVERY[freq]


def _period(freq: str) -> pl.Expr:
    """The start of an event's period: the day, the Monday of its ISO week, or the 1st."""
    return pl.col("date").dt.truncate(_every(freq)).alias("period")


def periods(events: pl.DataFrame, freq: Freq = "month") -> pl.DataFrame:
    """Every period (column `period`) from the first to the last dated event of `events`."""
    bounds = events.select(_period(freq)).drop_nulls()
    if bounds.is_empty():
        return pl.DataFrame(schema={"period": pl.Date})
    first, last = pl.col("period").min(), pl.col("period").max()
    return bounds.select(pl.date_range(first, last, interval=_every(freq)).alias("period"))


def _dated(
    events: pl.DataFrame, dyad: Dyad | None, freq: str, modalities: Collection[str]
) -> pl.DataFrame:
    """The chosen events that have a date, with their `period`."""
    frame = chosen(events, dyad, modalities).filter(pl.col("date").is_not_null())
    return frame.with_columns(_period(freq))


def _categories(dated: pl.DataFrame, by: str) -> pl.DataFrame:
    """The categories every period gets a row for: all four quad classes, or the event types
    the chosen events have."""
    if by == "quad_class":
        return pl.DataFrame({"quad_class": [1, 2, 3, 4]}, schema={"quad_class": pl.Int8})
    return dated.select(pl.col("event_type").unique().sort())


def series(
    events: pl.DataFrame,
    dyad: Dyad | None = None,
    freq: Freq = "month",
    by: By | None = None,
    modalities: Collection[str] = ("asserted",),
) -> pl.DataFrame:
    """Events per period (of the dyad, or all events): columns period, [event_type or
    quad_class], count, mean_intensity. Empty periods inside the range have count 0."""
    if by is not None and by not in _BY_COLUMN:
        raise ValueError(f"unknown grouping {by!r}: use type or quad_class")
    dated = _dated(events, dyad, freq, modalities)
    keys = ["period"] if by is None else ["period", _BY_COLUMN[by]]
    if by == "quad_class":
        dated = dated.with_columns(pl.col("quad_class").cast(pl.Int8))
    counts = dated.group_by(keys).agg(
        count=pl.len().cast(pl.Int64),
        mean_intensity=pl.col("intensity").cast(pl.Float64).mean(),
    )
    grid = periods(events, freq)
    if by is not None:
        grid = grid.join(_categories(dated, by), how="cross")
    frame = grid.join(counts, on=keys, how="left")
    return frame.with_columns(pl.col("count").fill_null(0)).sort(keys)


def cooperation_conflict(
    events: pl.DataFrame,
    dyad: Dyad | None = None,
    freq: Freq = "month",
    modalities: Collection[str] = ("asserted",),
) -> pl.DataFrame:
    """Cooperation (quad 1–2) and conflict (quad 3–4) per period, with
    index = (cooperation − conflict) / (cooperation + conflict): +1 all cooperation, −1 all
    conflict, null when the period has no event. Columns period, cooperation, conflict,
    index, mean_intensity."""
    counts = (
        _dated(events, dyad, freq, modalities)
        .group_by("period")
        .agg(
            cooperation=_COOPERATION.sum().cast(pl.Int64),
            conflict=_CONFLICT.sum().cast(pl.Int64),
            mean_intensity=pl.col("intensity").cast(pl.Float64).mean(),
        )
    )
    frame = periods(events, freq).join(counts, on="period", how="left")
    frame = frame.with_columns(pl.col("cooperation", "conflict").fill_null(0))
    total = pl.col("cooperation") + pl.col("conflict")
    index = pl.when(total > 0).then((pl.col("cooperation") - pl.col("conflict")) / total)
    return frame.select(
        "period", "cooperation", "conflict", index.alias("index"), "mean_intensity"
    ).sort("period")


def _check_n(n: int) -> None:
    """Refuse a negative n (polars' head(-k) would quietly drop the last k rows instead)."""
    if n < 0:
        raise ValueError(f"n must be 0 or more, not {n}")


def top_actors(
    events: pl.DataFrame,
    n: int = 10,
    role: Role = "actor",
    modalities: Collection[str] = ("asserted",),
) -> pl.DataFrame:
    """The `n` countries taking part in the most events in `role` ("any": either side, an
    event counted once per country). Columns country, events; most events first, then by
    country code, so ties come out in a stable order."""
    _check_n(n)
    sides = {
        "actor": pl.col("actor_countries"),
        "recipient": pl.col("recipient_countries"),
        "any": pl.concat_list("actor_countries", "recipient_countries"),
    }
    if role not in sides:
        raise ValueError(f"unknown role {role!r}: use actor, recipient or any")
    frame = of_modalities(events, modalities).with_row_index("row")
    countries = frame.select("row", country=sides[role]).explode("country")
    counts = (
        countries.drop_nulls("country")
        .unique()
        .group_by("country")
        .agg(events=pl.len().cast(pl.Int64))
    )
    return counts.sort(["events", "country"], descending=[True, False]).head(n)


def top_dyads(
    events: pl.DataFrame, n: int = 10, modalities: Collection[str] = ("asserted",)
) -> pl.DataFrame:
    """The `n` country pairs with the most events: columns actor, recipient, events,
    mean_intensity, cooperation (quad 1–2), conflict (quad 3–4). Pairs are directed (actor
    country × recipient country); a reciprocal event counts once for each unordered pair of
    its actors, filed with actor < recipient alphabetically."""
    _check_n(n)
    counts = (
        pairs(of_modalities(events, modalities), reciprocal="once")
        .group_by("actor", "recipient")
        .agg(
            events=pl.len().cast(pl.Int64),
            mean_intensity=pl.col("intensity").cast(pl.Float64).mean(),
            cooperation=_COOPERATION.sum().cast(pl.Int64),
            conflict=_CONFLICT.sum().cast(pl.Int64),
        )
    )
    order = ["events", "actor", "recipient"]
    return counts.sort(order, descending=[True, False, False]).head(n)
