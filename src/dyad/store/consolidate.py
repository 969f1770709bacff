"""After a batch: regroup the touched articles into stories, then rebuild the consolidated
events of those stories — the same real event reported by several articles becomes one row of
`events` with its counts, while every report stays a row of `mentions`.

Mentions are one event when they share story, type, modality and parties, and their dates agree:
a mention dated by its own text keeps that date; an undated one joins the dated reports of the
same key in its story (all of them share the earliest stated date) or else stands on its own.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from datetime import date, timedelta

import duckdb
import polars as pl

from dyad.store.db import Store
from dyad.stories import StoryOptions, as_candidate, bundled_stopwords, cluster, name_stories

# The mentions of the touched stories, read once from the (large) mentions table.
TOUCHED_MENTIONS = """
CREATE OR REPLACE TEMP TABLE _touched AS
SELECT m.*, a.story_id, a.published, a.source, a.url
FROM mentions m JOIN articles a USING (article_id)
WHERE a.story_id IN (SELECT story_id FROM _stories_touched)
"""

# A report naming fewer parties of the same act ("Putin held a call" beside "Putin and Trump
# held a call") joins the fullest report whose parties include its own (an undated one joins
# a dated one).
ASSIGN_EVENTS = """
CREATE OR REPLACE TEMP TABLE _event_of AS
WITH keyed AS (
    SELECT *, coalesce(text_date, min(text_date) OVER (
        PARTITION BY story_id, event_type, modality, actor_countries, recipient_countries
    )) AS date_key,
    list_sort(list_distinct(list_concat(actor_countries, recipient_countries))) AS parties
    FROM (SELECT *, CASE WHEN date_from_text THEN date END AS text_date FROM _touched)
), groups AS (
    SELECT DISTINCT story_id, event_type, modality, date_key, actor_countries,
           recipient_countries, parties
    FROM keyed
), absorbed AS (
    SELECT g.story_id, g.event_type, g.modality, g.date_key, g.actor_countries,
           g.recipient_countries,
           arg_max(struct_pack(a := h.actor_countries, r := h.recipient_countries,
                               d := h.date_key),
                   (len(h.parties), array_to_string(h.actor_countries, '+'),
                    array_to_string(h.recipient_countries, '+'))) AS into
    FROM groups g JOIN groups h
      ON g.story_id = h.story_id AND g.event_type = h.event_type
     AND g.modality = h.modality
     AND (g.date_key IS NULL OR g.date_key IS NOT DISTINCT FROM h.date_key)
     AND len(h.parties) > len(g.parties) AND list_has_all(h.parties, g.parties)
    GROUP BY ALL
)
SELECT k.mention_id,
       'e' || substr(md5(concat_ws('|', k.story_id, k.event_type, k.modality,
           array_to_string(coalesce(a.into.a, k.actor_countries), '+'),
           array_to_string(coalesce(a.into.r, k.recipient_countries), '+'),
           coalesce(CAST(CASE WHEN a.into IS NULL THEN k.date_key ELSE a.into.d END
                         AS VARCHAR), ''))), 1, 15) AS event_id
FROM keyed k LEFT JOIN absorbed a
  ON k.story_id = a.story_id AND k.event_type = a.event_type AND k.modality = a.modality
 AND k.date_key IS NOT DISTINCT FROM a.date_key AND k.actor_countries = a.actor_countries
 AND k.recipient_countries = a.recipient_countries
"""

# Each event takes its fields from chosen reports: the first report (type, parties' codes,
# sentence, URL), the first with a mode, the first dated by its own words, the first with a
# place, the one naming most parties. Aggregating only report ids (arg_min over a sort key)
# and joining back keeps the grouping small: no wide rows are carried through it.
FIRST = "(m.published IS NULL, m.published, m.article_id, m.sentence_index, m.mention_id)"
BUILD_EVENTS = f"""
INSERT INTO events BY NAME
WITH chosen AS (
    SELECT e.event_id, any_value(m.story_id) AS story_id,
           arg_min(m.mention_id, {FIRST}) AS first_id,
           arg_min(m.mention_id, (m.mode IS NULL, {FIRST})) AS mode_id,
           arg_min(m.mention_id, (NOT m.date_from_text, m.date, {FIRST})) AS date_id,
           arg_min(m.mention_id, (m.location IS NULL, {FIRST})) AS place_id,
           arg_min(m.mention_id, (-len(m.actors) - len(m.recipients), {FIRST})) AS party_id,
           max(m.confidence) AS confidence,
           count(*) AS num_mentions,
           count(DISTINCT m.article_id) AS num_articles,
           count(DISTINCT coalesce(m.source, m.url, m.article_id)) AS num_sources,
           min(m.published) AS first_seen, max(m.published) AS last_seen
    FROM _event_of e JOIN _touched m USING (mention_id)
    GROUP BY e.event_id
)
SELECT c.event_id, c.story_id, f.event_type, md.mode, md.cameo, f.quad_class, md.intensity,
       f.modality, p.actors, p.recipients, p.actor_country, p.recipient_country,
       p.actor_countries, p.recipient_countries, d.date, d.date_precision, l.location,
       c.confidence, c.num_mentions, c.num_articles, c.num_sources, c.first_seen, c.last_seen,
       f.article_id, f.mention_id, f.url AS source_url, f.sentence
FROM chosen c
JOIN _touched f ON f.mention_id = c.first_id
JOIN _touched md ON md.mention_id = c.mode_id
JOIN _touched d ON d.mention_id = c.date_id
JOIN _touched l ON l.mention_id = c.place_id
JOIN _touched p ON p.mention_id = c.party_id
"""

BUILD_STORIES = """
INSERT INTO stories BY NAME
SELECT story_id, first(title ORDER BY published NULLS LAST, article_id) AS title,
       min(published) AS first_published, max(published) AS last_published,
       count(*) AS num_articles, count(DISTINCT coalesce(source, url, article_id)) AS num_sources
FROM articles WHERE story_id IN (SELECT story_id FROM _stories_touched)
GROUP BY story_id
"""


def refresh_stories(
    store: Store,
    options: StoryOptions,
    on_placed: Callable[[int, int], None] | None = None,
    chunk: int = 2500,
) -> int:
    """Cluster the articles not yet in a story (with their neighbours in time) and rebuild the
    stories and events they touch. Pending articles are taken in date order, about `chunk` at
    a time, each chunk in its own transaction, so memory stays bounded however many articles
    one ingest brings; `on_placed(placed, pending)` follows along. Returns how many articles
    were placed."""
    con = store.con
    pending = con.execute(
        "SELECT article_id, published FROM articles WHERE story_id IS NULL "
        "ORDER BY published NULLS LAST, article_id"
    ).fetchall()
    stopwords = bundled_stopwords()
    placed = 0
    for ids in _date_chunks(pending, chunk):
        neighbourhood = _neighbourhood(con, ids, options.window_days)
        rows = con.sql(
            "SELECT f.article_id, a.published, a.title, a.text, a.story_id, f.minhash, "
            "f.embedding "
            "FROM article_features f "
            "JOIN articles a USING (article_id) WHERE f.article_id IN (SELECT unnest(?))",
            params=[neighbourhood],
        ).pl()
        groups = cluster([as_candidate(r, stopwords) for r in rows.iter_rows(named=True)], options)
        placed_rows = rows.filter(pl.col("story_id").is_not_null())
        current = dict(zip(placed_rows["article_id"], placed_rows["story_id"], strict=True))
        named = name_stories(groups, current)
        assignment = pl.DataFrame(
            list(named.items()),
            schema={"article_id": pl.String, "story_id": pl.String},
            orient="row",
        )
        with store.transaction() as con:
            _write_stories(con, assignment)
        placed += len(ids)
        if on_placed:
            on_placed(placed, len(pending))
    return len(pending)


def _date_chunks(pending: list[tuple[str, date | None]], size: int) -> Iterator[list[str]]:
    """Pending ids in runs of whole publication days (a day is never split, so one day's
    articles are always clustered together), about `size` a run; undated ones last."""
    run: list[str] = []
    day: date | None = None
    for article_id, published in pending:
        if len(run) >= size and published != day:
            yield run
            run = []
        run.append(article_id)
        day = published
    if run:
        yield run


def _neighbourhood(con: duckdb.DuckDBPyConnection, pending: list[str], days: int) -> list[str]:
    """The pending articles and every article published within the window of them — the set
    whose clustering can change. Members of their stories published earlier or later are left
    where they are (no pair further apart than the window is ever compared), so the work per
    chunk stays bounded even when a story runs on for months."""
    bounds = con.execute(
        "SELECT min(published), max(published) FROM articles WHERE article_id IN "
        "(SELECT unnest(?))",
        [pending],
    ).fetchall()[0]
    ids = set(pending)
    if bounds[0] is not None:
        near = con.execute(
            "SELECT article_id FROM articles WHERE published BETWEEN ? AND ?",
            [bounds[0] - timedelta(days=days), bounds[1] + timedelta(days=days)],
        ).fetchall()
        ids |= {row[0] for row in near}
    return sorted(ids)


def _write_stories(con: duckdb.DuckDBPyConnection, assignment: pl.DataFrame) -> None:
    con.register("_assignment", assignment)
    con.execute(
        "CREATE OR REPLACE TEMP TABLE _stories_touched AS "
        "SELECT story_id FROM articles WHERE article_id IN (SELECT article_id FROM _assignment) "
        "AND story_id IS NOT NULL UNION SELECT story_id FROM _assignment"
    )
    con.execute(
        "UPDATE articles SET story_id = s.story_id FROM _assignment s "
        "WHERE articles.article_id = s.article_id"
    )
    con.unregister("_assignment")
    con.execute("DELETE FROM stories WHERE story_id IN (SELECT story_id FROM _stories_touched)")
    con.execute("DELETE FROM events WHERE story_id IN (SELECT story_id FROM _stories_touched)")
    con.execute(BUILD_STORIES)
    con.execute(TOUCHED_MENTIONS)
    con.execute(ASSIGN_EVENTS)
    con.execute(BUILD_EVENTS)
    con.execute(
        "UPDATE mentions SET event_id = e.event_id FROM _event_of e "
        "WHERE mentions.mention_id = e.mention_id"
    )
    con.execute("DROP TABLE _event_of")
    con.execute("DROP TABLE _touched")
    con.execute("DROP TABLE _stories_touched")
