"""`dyad report`: one self-contained HTML file a user can mail — corpus summary, top dyads,
timelines, the actor network and the timing test — with every chart embedded, and the same
charts as PNG files beside it."""

from __future__ import annotations

import base64
import html
from dataclasses import dataclass, field
from datetime import timedelta
from importlib import resources
from pathlib import Path
from typing import Any

import polars as pl
from jinja2 import Environment, select_autoescape

from dyad.analysis import (
    Dyad,
    TimingResult,
    actor_network,
    cooperation_conflict,
    series,
    timing_test,
    top_actors,
    top_dyads,
)
from dyad.report import charts
from dyad.settings import REPORT_FOLLOW, REPORT_LEAD
from dyad.store.db import Store


@dataclass(frozen=True, slots=True)
class ReportOptions:
    """What the report tests and how it groups time.

    lead / follow / window: the timing question (`dyad timing` with the same arguments).
    freq: day, week or month for the timelines. dyads: how many top dyads are charted.
    """

    lead: str = REPORT_LEAD
    follow: str = REPORT_FOLLOW
    window: timedelta = timedelta(days=3)
    freq: str = "week"
    dyads: int = 3


@dataclass(frozen=True, slots=True)
class Report:
    """The rendered HTML and the charts it embeds (name → PNG bytes)."""

    html: str
    charts: dict[str, bytes] = field(default_factory=dict)

    def write(self, out: Path, png_dir: Path | None = None) -> list[Path]:
        """Write the HTML and the PNG of every chart; returns the files written."""
        out.write_text(self.html, encoding="utf-8")
        folder = png_dir or out.with_name(f"{out.stem}-charts")
        folder.mkdir(parents=True, exist_ok=True)
        written = [out]
        for name, image in self.charts.items():
            path = folder / f"{name}.png"
            path.write_bytes(image)
            written.append(path)
        return written


def build_report(store: Store, options: ReportOptions) -> Report:
    events = store.events()
    summary = corpus_summary(store, events)
    dyads = top_dyads(events, n=10)
    pictures: dict[str, bytes] = {}
    if events.height:
        pictures["timeline"] = charts.timeline(
            series(events, freq=options.freq, by="quad_class"),  # type: ignore[arg-type]
            f"Events per {options.freq} by quad class",
        )
        pictures["top-dyads"] = charts.top_dyads(dyads, "Most active dyads")
        pictures.update(_dyad_charts(events, dyads, options))
        pictures["network"] = charts.network(actor_network(events), "Actor network")
    timing = _timing(events, options)
    if timing.null_distribution:
        pictures["timing"] = charts.timing_null(timing, "Timing test: observed vs chance")
    context = {
        "summary": summary,
        "dyads": dyads.to_dicts(),
        "actors": top_actors(events, n=10, role="any").to_dicts(),
        "timing": timing,
        "options": options,
        "images": {name: _data_uri(image) for name, image in pictures.items()},
    }
    return Report(_render(context), pictures)


def corpus_summary(store: Store, events: pl.DataFrame) -> dict[str, Any]:
    counts = store.counts()
    articles = store.articles()
    dated = events.filter(pl.col("date").is_not_null())
    return {
        "articles": counts["articles"],
        "sources": articles["source"].drop_nulls().n_unique(),
        "stories": counts["stories"],
        "mentions": counts["mentions"],
        "events": counts["events"],
        "first": dated["date"].min() if dated.height else None,
        "last": dated["date"].max() if dated.height else None,
        "by_type": events.group_by("event_type").len().sort("len", descending=True).to_dicts(),
        "by_modality": events.group_by("modality").len().sort("len", descending=True).to_dicts(),
    }


def _dyad_charts(
    events: pl.DataFrame, dyads: pl.DataFrame, options: ReportOptions
) -> dict[str, bytes]:
    top = [Dyad(a, r, directed=False) for a, r in dyads.select("actor", "recipient").rows()]
    top = top[: options.dyads]
    if not top:
        return {}
    lines = {str(d): series(events, d, freq=options.freq) for d in top}  # type: ignore[arg-type]
    first = top[0]
    index = cooperation_conflict(events, first, freq=options.freq)  # type: ignore[arg-type]
    return {
        "dyad-timelines": charts.dyad_lines(lines, f"Events per {options.freq}, top dyads"),
        "cooperation-index": charts.cooperation_index(
            index, f"Cooperation–conflict index, {first}"
        ),
    }


def _timing(events: pl.DataFrame, options: ReportOptions) -> TimingResult:
    lead, follow = Dyad.parse(options.lead), Dyad.parse(options.follow)
    return timing_test(events, lead, follow, options.window)


def _data_uri(image: bytes) -> str:
    return "data:image/png;base64," + base64.b64encode(image).decode("ascii")


def _render(context: dict[str, Any]) -> str:
    template = resources.files("dyad.report").joinpath("template.html").read_text("utf-8")
    environment = Environment(autoescape=select_autoescape(default=True))
    environment.filters["pct"] = lambda value: f"{value:.0%}" if value is not None else "–"
    environment.filters["escape_text"] = html.escape
    return environment.from_string(template).render(**context)
