"""The actor network: countries as nodes, who-acts-on-whom as weighted directed edges.

A reciprocal event (several actors, no recipient: a meeting, a joint agreement) has no
direction, so it adds to the edge in both directions between each pair of its actors.
"""

from __future__ import annotations

from collections.abc import Collection
from typing import Any

import networkx as nx
import polars as pl

from dyad.analysis.dyads import of_modalities, pairs


def _node_counts(events: pl.DataFrame) -> pl.DataFrame:
    """How many events each country takes part in, on either side (once per event)."""
    sides = pl.concat_list("actor_countries", "recipient_countries").alias("country")
    countries = events.with_row_index("row").select("row", sides).explode("country")
    counted = (
        countries.drop_nulls("country")
        .unique()
        .group_by("country")
        .agg(events=pl.len().cast(pl.Int64))
    )
    return counted.sort("country")


def _edge_counts(events: pl.DataFrame) -> pl.DataFrame:
    """One row per directed country pair with its event counts and mean intensity."""
    counted = (
        pairs(events, reciprocal="both")
        .group_by("actor", "recipient")
        .agg(
            count=pl.len().cast(pl.Int64),
            mean_intensity=pl.col("intensity").cast(pl.Float64).mean(),
            cooperation=(pl.col("quad_class") <= 2).sum().cast(pl.Int64),
            conflict=(pl.col("quad_class") >= 3).sum().cast(pl.Int64),
        )
    )
    return counted.sort("actor", "recipient")


def actor_network(events: pl.DataFrame, modalities: Collection[str] = ("asserted",)) -> nx.DiGraph:
    """A directed graph of countries. Node attribute `events`: the events a country takes part
    in (countries seen only in one-sided events are nodes without edges). Edge A→B: `count`
    events of A acting on B, their `mean_intensity` (None when none has an intensity),
    `cooperation` (quad 1–2) and `conflict` (quad 3–4) counts, and `weight` = count for
    graph algorithms. Domestic events (A acting on A) add no self-loop."""
    chosen = of_modalities(events, modalities)
    return graph_of(_node_counts(chosen), _edge_counts(chosen))


def graph_of(nodes: pl.DataFrame, edges: pl.DataFrame) -> nx.DiGraph:
    """The network from counted nodes (country, events) and edges (actor, recipient, count,
    mean_intensity, cooperation, conflict), however they were counted."""
    graph = nx.DiGraph()
    for node in nodes.iter_rows(named=True):
        graph.add_node(node["country"], events=node["events"])
    for edge in edges.iter_rows(named=True):
        graph.add_edge(
            edge["actor"],
            edge["recipient"],
            count=edge["count"],
            mean_intensity=edge["mean_intensity"],
            cooperation=edge["cooperation"],
            conflict=edge["conflict"],
            weight=edge["count"],
        )
    return graph


def network_json(graph: nx.DiGraph) -> dict[str, list[dict[str, Any]]]:
    """The graph as plain JSON for a web page (d3-force style): "nodes" [{id, events}] sorted by
    id, "links" [{source, target, count, mean_intensity, cooperation, conflict}] sorted by
    source then target, so the same data always gives the same file."""
    nodes = [
        {"id": node, "events": int(data.get("events", 0))}
        for node, data in sorted(graph.nodes(data=True))
    ]
    links = [
        {
            "source": source,
            "target": target,
            "count": int(data.get("count", 0)),
            "mean_intensity": data.get("mean_intensity"),
            "cooperation": int(data.get("cooperation", 0)),
            "conflict": int(data.get("conflict", 0)),
        }
        for source, target, data in sorted(graph.edges(data=True), key=lambda e: e[:2])
    ]
    return {"nodes": nodes, "links": links}
