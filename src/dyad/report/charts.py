"""The report's charts, drawn with matplotlib and returned as PNG bytes: the same images go
into the HTML (embedded) and into the PNG files, so what is mailed is what is exported."""

from __future__ import annotations

import io

import matplotlib

matplotlib.use("Agg")  # no screen: render to memory

import matplotlib.pyplot as plt
import networkx as nx
import polars as pl
from matplotlib.figure import Figure

from dyad.analysis import TimingResult

QUAD_COLOURS = {1: "#4c9be8", 2: "#2a6fb5", 3: "#f0a04b", 4: "#c9472b"}
QUAD_NAMES = {
    1: "verbal cooperation",
    2: "material cooperation",
    3: "verbal conflict",
    4: "material conflict",
}


def png(figure: Figure) -> bytes:
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", dpi=110, bbox_inches="tight")
    plt.close(figure)
    return buffer.getvalue()


def timeline(by_quad: pl.DataFrame, title: str) -> bytes:
    """Stacked bars of events per period by quad class (columns period, quad_class, count)."""
    figure, axes = plt.subplots(figsize=(9, 3.4))
    wide = by_quad.pivot(on="quad_class", index="period", values="count").sort("period")
    bottom = [0] * wide.height
    labels = [str(p) for p in wide["period"]]
    for quad in (1, 2, 3, 4):
        column = str(quad)
        values = (
            wide[column].fill_null(0).to_list() if column in wide.columns else [0] * len(bottom)
        )
        axes.bar(labels, values, bottom=bottom, color=QUAD_COLOURS[quad], label=QUAD_NAMES[quad])
        bottom = [b + v for b, v in zip(bottom, values, strict=True)]
    axes.set_title(title)
    axes.set_ylabel("events")
    axes.legend(fontsize=7, ncols=4, loc="upper left")
    axes.tick_params(axis="x", labelrotation=45, labelsize=7)
    return png(figure)


def dyad_lines(series_by_dyad: dict[str, pl.DataFrame], title: str) -> bytes:
    """One line per dyad: events per period (each frame: period, count)."""
    figure, axes = plt.subplots(figsize=(9, 3.2))
    for name, frame in series_by_dyad.items():
        axes.plot(
            [str(p) for p in frame["period"]], frame["count"].to_list(), marker="o", label=name
        )
    axes.set_title(title)
    axes.set_ylabel("events")
    axes.legend(fontsize=8)
    axes.tick_params(axis="x", labelrotation=45, labelsize=7)
    return png(figure)


def cooperation_index(frame: pl.DataFrame, title: str) -> bytes:
    """The cooperation–conflict index per period (−1 all conflict … +1 all cooperation)."""
    figure, axes = plt.subplots(figsize=(9, 3))
    labels = [str(p) for p in frame["period"]]
    values = [v if v is not None else 0.0 for v in frame["index"].to_list()]
    colours = ["#2a6fb5" if v >= 0 else "#c9472b" for v in values]
    axes.bar(labels, values, color=colours)
    axes.axhline(0, color="#555", linewidth=0.8)
    axes.set_ylim(-1.05, 1.05)
    axes.set_title(title)
    axes.tick_params(axis="x", labelrotation=45, labelsize=7)
    return png(figure)


def top_dyads(frame: pl.DataFrame, title: str) -> bytes:
    """Horizontal bars: events of each top dyad, split into cooperation and conflict."""
    figure, axes = plt.subplots(figsize=(7, 0.35 * max(frame.height, 3) + 1))
    names = [f"{a} → {r}" for a, r in zip(frame["actor"], frame["recipient"], strict=True)][::-1]
    cooperation = frame["cooperation"].to_list()[::-1]
    conflict = frame["conflict"].to_list()[::-1]
    axes.barh(names, cooperation, color="#2a6fb5", label="cooperation")
    axes.barh(names, conflict, left=cooperation, color="#c9472b", label="conflict")
    axes.set_title(title)
    axes.set_xlabel("events")
    axes.legend(fontsize=8)
    return png(figure)


def network(graph: nx.DiGraph, title: str) -> bytes:
    """The actor network: node size by events, edge width by count, colour by its balance."""
    figure, axes = plt.subplots(figsize=(7, 5.5))
    if graph.number_of_nodes():
        layout = nx.spring_layout(graph, seed=0)
        sizes = [120 + 40 * graph.nodes[n].get("events", 1) for n in graph.nodes]
        edges = list(graph.edges(data=True))
        widths = [0.5 + data.get("count", 1) for _, _, data in edges]
        colours = [
            "#2a6fb5" if data.get("cooperation", 0) >= data.get("conflict", 0) else "#c9472b"
            for _, _, data in edges
        ]
        nx.draw_networkx_nodes(graph, layout, node_size=sizes, node_color="#ddd", ax=axes)
        nx.draw_networkx_labels(graph, layout, font_size=8, ax=axes)
        nx.draw_networkx_edges(
            graph, layout, edgelist=[(a, b) for a, b, _ in edges], width=widths,
            edge_color=colours, alpha=0.7, arrows=True, ax=axes,
        )  # fmt: skip
    axes.set_title(title)
    axes.axis("off")
    return png(figure)


def timing_null(result: TimingResult, title: str) -> bytes:
    """The null distribution of the share with the observed share marked."""
    figure, axes = plt.subplots(figsize=(7, 3))
    axes.hist(result.null_distribution, bins=30, color="#bbb", label="follow events on random days")
    axes.axvline(result.share, color="#c9472b", linewidth=2, label="observed")
    axes.set_xlabel("share of lead events followed within the window")
    axes.set_title(title)
    axes.legend(fontsize=8)
    return png(figure)
