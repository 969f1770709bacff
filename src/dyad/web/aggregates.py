"""The analysis of `dyad.analysis` computed inside DuckDB, for the web API.

`dyad.analysis` works on a polars frame of events. Over a million events, moving the rows
out of DuckDB alone takes longer than an API answer may (measured: 0.2–0.5 s for the needed
columns, and 0.6–1.4 s more for `top_dyads` and `actor_network`), so the API counts in SQL and
only the small results leave the database. The semantics are the analysis module's, checked
against it by the tests: dyad matching (reciprocal events match both directions), series
over every period from the first to the last dated event of the filtered events, rankings
with stable tie order, pairs that skip a country paired with itself.

Rankings and the network first group identical (countries, quad class) combinations, so the
lists are unnested once per combination instead of once per event.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import networkx as nx
import polars as pl

from dyad.analysis import Dyad, network_json, periods
from dyad.analysis.network import graph_of
from dyad.store.db import EventQuery, Store
from dyad.web.params import By, Freq, Role

# Fixed SQL fragments chosen by validated names, never built from user text.
_TRUNC = {"day": "day", "week": "week", "month": "month"}
_SIDES = {"actor": "a", "recipient": "r", "any": "list_concat(a, r)"}
_NO_RECIPIENTS = "coalesce(len(recipients), 0) = 0"


class Filter:
    """A WHERE clause built from parts, each with its parameters."""

    def __init__(self, query: EventQuery | None = None) -> None:
        self.parts: list[str] = []
        self.params: list[Any] = []
        if query is not None:
            where, params = query.where()
            if where:
                self.add(where.removeprefix(" WHERE "), *params)

    def add(self, sql: str, *params: Any) -> Filter:
        """AND one more condition."""
        self.parts.append(f"({sql})")
        self.params.extend(params)
        return self

    def sql(self) -> str:
        """ " WHERE ..." or the empty string."""
        return " WHERE " + " AND ".join(self.parts) if self.parts else ""


def _directed(actor: str, recipient: str) -> tuple[str, list[Any]]:
    acts = "list_contains(actor_countries, ?)"
    onto = "list_contains(recipient_countries, ?)"
    if actor == recipient:  # a domestic dyad needs the country on both sides
        return f"{acts} AND {onto}", [actor, recipient]
    together = f"{_NO_RECIPIENTS} AND list_contains(actor_countries, ?)"
    return f"{acts} AND ({onto} OR ({together}))", [actor, recipient, recipient]


def dyad_clause(dyad: Dyad) -> tuple[str, list[Any]]:
    """SQL true for the events of `dyad` (`dyad.analysis.dyads.matches` in SQL)."""
    params: list[Any]
    if dyad.recipient is None:
        sql, params = "list_contains(actor_countries, ?)", [dyad.actor]
        if not dyad.directed:
            sql, params = f"{sql} OR list_contains(recipient_countries, ?)", [dyad.actor] * 2
    elif dyad.directed:
        sql, params = _directed(dyad.actor, dyad.recipient)
    else:
        one, first = _directed(dyad.actor, dyad.recipient)
        other, second = _directed(dyad.recipient, dyad.actor)
        sql, params = f"({one}) OR ({other})", first + second
    if dyad.types:
        sql, params = f"({sql}) AND list_contains(?, event_type)", [*params, list(dyad.types)]
    return sql, params


def chosen(query: EventQuery, dyad: Dyad | None, modalities: Sequence[str]) -> Filter:
    """The events of the query, of one of the modalities, and of the dyad when given."""
    where = Filter(query).add("list_contains(?, modality)", list(modalities))
    if dyad is not None:
        where.add(*_flat(dyad_clause(dyad)))
    return where


def _flat(clause: tuple[str, list[Any]]) -> tuple[Any, ...]:
    return (clause[0], *clause[1])


def _frame(store: Store, sql: str, params: list[Any]) -> pl.DataFrame:
    frame: pl.DataFrame = store.con.sql(sql, params=params).pl()
    return frame


def _grid(store: Store, query: EventQuery, freq: Freq) -> pl.DataFrame:
    """Every period from the first to the last dated event the query keeps (any modality,
    any dyad), as `dyad.analysis.periods` gives it."""
    where = Filter(query)
    rows = store.con.execute(f"SELECT min(date), max(date) FROM events{where.sql()}", where.params)
    first, last = rows.fetchall()[0]
    bounds = pl.DataFrame({"date": [first, last]}, schema={"date": pl.Date})
    return periods(bounds, freq)


def _period_counts(store: Store, where: Filter, freq: Freq, key: str | None) -> pl.DataFrame:
    """Dated events per (period[, key]): count, cooperation, conflict, intensity sum and
    number of intensities (for means that skip nulls as polars' mean does)."""
    dated = where.add("date IS NOT NULL")
    grouped = f", {key}" if key else ""
    sql = (
        f"SELECT CAST(date_trunc('{_TRUNC[freq]}', date) AS DATE) AS period{grouped}, "
        "count(*) AS count, count(*) FILTER (quad_class <= 2) AS cooperation, "
        "count(*) FILTER (quad_class >= 3) AS conflict, "
        "sum(intensity) AS intensity_sum, count(intensity) AS intensity_n "
        f"FROM events{dated.sql()} GROUP BY ALL"
    )
    return _frame(store, sql, dated.params).with_columns(
        pl.col("count", "cooperation", "conflict").cast(pl.Int64)
    )


def _mean() -> pl.Expr:
    total, n = pl.col("intensity_sum"), pl.col("intensity_n")
    return pl.when(n > 0).then(total.cast(pl.Float64) / n).alias("mean_intensity")


def series(
    store: Store,
    query: EventQuery,
    dyad: Dyad | None = None,
    freq: Freq = "month",
    by: By | None = None,
    modalities: Sequence[str] = ("asserted",),
) -> pl.DataFrame:
    """`dyad.analysis.series` of the events the query keeps: period, [event_type or
    quad_class], count, mean_intensity."""
    key = {"type": "event_type", "quad_class": "quad_class", None: None}[by]
    counts = _period_counts(store, chosen(query, dyad, modalities), freq, key)
    keys = ["period"] if key is None else ["period", key]
    counts = counts.select(*keys, "count", _mean())
    grid = _grid(store, query, freq)
    if key == "quad_class":
        counts = counts.with_columns(pl.col("quad_class").cast(pl.Int8))
        grid = grid.join(pl.DataFrame({key: [1, 2, 3, 4]}, schema={key: pl.Int8}), how="cross")
    elif key == "event_type":
        grid = grid.join(counts.select(pl.col(key).unique().sort()), how="cross")
    frame = grid.join(counts, on=keys, how="left")
    return frame.with_columns(pl.col("count").fill_null(0)).sort(keys)


def cooperation_conflict(
    store: Store,
    query: EventQuery,
    dyad: Dyad | None = None,
    freq: Freq = "month",
    modalities: Sequence[str] = ("asserted",),
) -> pl.DataFrame:
    """`dyad.analysis.cooperation_conflict`: period, cooperation, conflict, index (−1 all
    conflict … +1 all cooperation), mean_intensity."""
    counts = _period_counts(store, chosen(query, dyad, modalities), freq, None)
    counts = counts.select("period", "cooperation", "conflict", _mean())
    frame = _grid(store, query, freq).join(counts, on="period", how="left")
    frame = frame.with_columns(pl.col("cooperation", "conflict").fill_null(0))
    total = pl.col("cooperation") + pl.col("conflict")
    index = pl.when(total > 0).then((pl.col("cooperation") - pl.col("conflict")) / total)
    columns = ("period", "cooperation", "conflict", index.alias("index"), "mean_intensity")
    return frame.select(*columns).sort("period")


def top_actors(
    store: Store,
    query: EventQuery,
    n: int = 10,
    role: Role = "actor",
    modalities: Sequence[str] = ("asserted",),
) -> pl.DataFrame:
    """`dyad.analysis.top_actors`: country, events (an event counts once per country)."""
    where = chosen(query, None, modalities)
    sql = (
        "WITH grouped AS MATERIALIZED (SELECT actor_countries AS a, recipient_countries AS r, "
        f"count(*) AS n FROM events{where.sql()} GROUP BY ALL) "
        "SELECT country, CAST(sum(n) AS BIGINT) AS events FROM "
        f"(SELECT unnest(list_distinct({_SIDES[role]})) AS country, n FROM grouped) "
        "WHERE country IS NOT NULL GROUP BY country ORDER BY events DESC, country LIMIT ?"
    )
    return _frame(store, sql, [*where.params, n])


def _grouped(where: Filter) -> str:
    """A CTE of the chosen events grouped by their countries and quad class."""
    return (
        "grouped AS MATERIALIZED (SELECT actor_countries AS a, recipient_countries AS r, "
        f"{_NO_RECIPIENTS} AS mutual, quad_class, count(*) AS n, "
        "sum(intensity) AS intensity_sum, count(intensity) AS intensity_n "
        f"FROM events{where.sql()} GROUP BY ALL)"
    )


def _pair_counts(both_ways: bool) -> str:
    """Per (actor, recipient): events, mean_intensity, cooperation, conflict, from `grouped`.

    The weighted form of `dyad.analysis.pairs`: every actor × recipient country of an event
    with recipients; every pair of actors of a reciprocal one (once a < b, or both ways)."""
    mutual = "x <> y" if both_ways else "x < y"
    pairs = (
        "SELECT x, unnest(o) AS y, mutual, quad_class, n, intensity_sum, intensity_n FROM "
        "(SELECT unnest(list_distinct(a)) AS x, list_distinct(CASE WHEN mutual THEN a ELSE r "
        "END) AS o, mutual, quad_class, n, intensity_sum, intensity_n FROM grouped)"
    )
    return (
        "SELECT x AS actor, y AS recipient, CAST(sum(n) AS BIGINT) AS events, "
        "sum(intensity_sum) / nullif(sum(intensity_n), 0) AS mean_intensity, "
        "CAST(coalesce(sum(n) FILTER (quad_class <= 2), 0) AS BIGINT) AS cooperation, "
        "CAST(coalesce(sum(n) FILTER (quad_class >= 3), 0) AS BIGINT) AS conflict "
        f"FROM ({pairs}) WHERE x IS NOT NULL AND y IS NOT NULL "
        f"AND CASE WHEN mutual THEN {mutual} ELSE x <> y END GROUP BY x, y"
    )


def top_dyads(
    store: Store, query: EventQuery, n: int = 10, modalities: Sequence[str] = ("asserted",)
) -> pl.DataFrame:
    """`dyad.analysis.top_dyads`: actor, recipient, events, mean_intensity, cooperation,
    conflict; a reciprocal event counts once per unordered pair of its actors."""
    where = chosen(query, None, modalities)
    sql = (
        f"WITH {_grouped(where)} {_pair_counts(False)} "
        "ORDER BY events DESC, actor, recipient LIMIT ?"
    )
    return _frame(store, sql, [*where.params, n])


def actor_network(
    store: Store, query: EventQuery, modalities: Sequence[str] = ("asserted",)
) -> nx.DiGraph:
    """`dyad.analysis.actor_network`: countries with their `events`, edges A→B with count,
    mean_intensity, cooperation, conflict and weight."""
    where = chosen(query, None, modalities)
    # Nodes and edges in one query, so the events are grouped once.
    node_sql = (
        "SELECT 'node' AS kind, country AS actor, NULL AS recipient, "
        "CAST(sum(n) AS BIGINT) AS events, NULL AS mean_intensity, NULL AS cooperation, "
        "NULL AS conflict FROM (SELECT unnest(list_distinct(list_concat(a, r))) AS country, n "
        "FROM grouped) WHERE country IS NOT NULL GROUP BY country"
    )
    sql = (
        f"WITH {_grouped(where)} {node_sql} UNION ALL "
        f"SELECT 'edge', * FROM ({_pair_counts(True)}) ORDER BY kind DESC, actor, recipient"
    )
    found = _frame(store, sql, where.params)
    nodes = found.filter(pl.col("kind") == "node").rename({"actor": "country"})
    edges = found.filter(pl.col("kind") == "edge").rename({"events": "count"})
    return graph_of(nodes, edges)


def network_layout(graph: nx.DiGraph, min_count: int = 1) -> dict[str, list[dict[str, Any]]]:
    """The network as `dyad.analysis.network_json` gives it, without edges of fewer than
    `min_count` events and countries in fewer than `min_count` events, each node placed at
    x/y by a seeded spring layout (the same data always draws the same picture)."""
    kept = nx.DiGraph()
    kept.add_nodes_from((n, d) for n, d in graph.nodes(data=True) if d["events"] >= min_count)
    kept.add_edges_from(
        (a, b, d)
        for a, b, d in graph.edges(data=True)
        if d["count"] >= min_count and a in kept and b in kept
    )
    data = network_json(kept)
    positions = nx.spring_layout(kept, seed=0) if len(kept) else {}
    for node in data["nodes"]:
        x, y = positions[node["id"]]
        node["x"], node["y"] = round(float(x), 4), round(float(y), 4)
    return data
