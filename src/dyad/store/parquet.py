"""Loading a distributed run's Parquet output (`dyad.distributed.run_ray`) into a store.

The three tables are read in article-id order, side by side, so memory holds one batch of
articles with their sentences and events whatever the size of the output. Each batch is one
atomic `Store.write`, as in `dyad ingest`; articles already stored with the same text and date
are skipped, and stories are refreshed once at the end.

Give every article its own id: an id that occurs more than once in the output is stored once
(the copy whose hash sorts first), with the sentences and events of all its copies
(deduplicated by sentence index and event id).
"""

from __future__ import annotations

from collections.abc import Iterator
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import polars as pl

from dyad.records import Article
from dyad.store.consolidate import refresh_stories
from dyad.store.db import Store
from dyad.store.rows import (
    ARTICLE_SCHEMA,
    FEATURE_SCHEMA,
    MENTION_SCHEMA,
    SENTENCE_SCHEMA,
    Batch,
)
from dyad.stories import Fingerprinter

ROWS_PER_READ = 10_000


class _OrderedRows:
    """A table read in article-id order, handed out one run of article ids at a time."""

    def __init__(self, con: duckdb.DuckDBPyConnection, sql: str) -> None:
        self.reader = con.sql(sql).to_arrow_reader(ROWS_PER_READ)
        self.buffer = pl.DataFrame()
        self.done = False

    def upto(self, last_id: str) -> pl.DataFrame:
        """Every row not handed out yet whose article id is at most `last_id`."""
        while not self.done and (
            self.buffer.is_empty() or self.buffer["article_id"][-1] <= last_id
        ):
            self._read()
        if self.buffer.is_empty():
            return self.buffer
        taken = self.buffer.filter(pl.col("article_id") <= last_id)
        self.buffer = self.buffer.filter(pl.col("article_id") > last_id)
        return taken

    def take(self, count: int) -> pl.DataFrame:
        """The next `count` rows (fewer at the end)."""
        while not self.done and self.buffer.height < count:
            self._read()
        taken, self.buffer = self.buffer.head(count), self.buffer.slice(count)
        return taken

    def _read(self) -> None:
        try:
            batch = self.reader.read_next_batch()
        except StopIteration:
            self.done = True
            return
        frame = pl.from_arrow(batch)
        assert isinstance(frame, pl.DataFrame)
        self.buffer = frame if self.buffer.is_empty() else pl.concat([self.buffer, frame])


def ingest_parquet(
    store: Store, folder: Path, fingerprinter: Fingerprinter, batch_articles: int = 1000
) -> int:
    """Store the articles, sentences and events under `folder` (OUT of a Ray run) in batches
    of `batch_articles`, then refresh stories; returns how many articles were written."""
    if batch_articles < 1:
        raise ValueError("batch_articles must be at least 1")
    con = duckdb.connect()
    try:
        con.execute("SET preserve_insertion_order = false")
        written = 0
        for batch in _batches(con, folder, fingerprinter, batch_articles, store):
            store.write(batch)
            written += len(batch.article_ids)
    finally:
        con.close()
    refresh_stories(store, fingerprinter.options)
    return written


def _batches(
    con: duckdb.DuckDBPyConnection,
    folder: Path,
    fingerprinter: Fingerprinter,
    size: int,
    store: Store,
) -> Iterator[Batch]:
    """Batches of the articles not stored yet, with their sentences and events."""
    if not _files(folder / "articles"):
        return
    articles = _OrderedRows(con.cursor(), _articles_sql(folder))
    sentences = _OrderedRows(
        con.cursor(), _table_sql(folder / "sentences", "article_id, sentence_index")
    )
    mentions = _OrderedRows(con.cursor(), _table_sql(folder / "events", "article_id, mention_id"))
    while not (chunk := articles.take(size)).is_empty():
        last = str(chunk["article_id"][-1])
        fresh = _fresh(store, chunk)
        ids = fresh["article_id"].to_list()
        found_sentences = sentences.upto(last).filter(pl.col("article_id").is_in(ids))
        found_mentions = mentions.upto(last).filter(pl.col("article_id").is_in(ids))
        if fresh.height:
            yield _batch(fresh, found_sentences, found_mentions, fingerprinter)


def _files(folder: Path) -> bool:
    return folder.is_dir() and any(folder.rglob("*.parquet"))


def _scan(folder: Path) -> str:
    glob = str(folder / "**" / "*.parquet").replace("'", "''")
    return f"read_parquet('{glob}', hive_partitioning = true, union_by_name = true)"


def _articles_sql(folder: Path) -> str:
    columns = ", ".join(c for c in ARTICLE_SCHEMA if c not in ("story_id", "ingested_at"))
    return (
        f"SELECT DISTINCT ON (article_id) {columns} FROM {_scan(folder / 'articles')} "
        "ORDER BY article_id, hash"
    )


def _table_sql(folder: Path, key: str) -> str:
    """A table's rows in `key` order (one row per key), without the `month` partition."""
    if not _files(folder):
        return "SELECT NULL::VARCHAR AS article_id WHERE false"
    return f"SELECT DISTINCT ON ({key}) * EXCLUDE (month) FROM {_scan(folder)} ORDER BY {key}"


def _fresh(store: Store, chunk: pl.DataFrame) -> pl.DataFrame:
    """The articles of a chunk whose id is not stored with the same hash."""
    stored = store.stored_hashes(chunk["article_id"].to_list())
    keep = [stored.get(i) != h for i, h in zip(chunk["article_id"], chunk["hash"], strict=True)]
    return chunk.filter(pl.Series(keep, dtype=pl.Boolean))


def _batch(
    articles: pl.DataFrame,
    sentences: pl.DataFrame,
    mentions: pl.DataFrame,
    fingerprinter: Fingerprinter,
) -> Batch:
    """One store write: the articles (fingerprinted now), their sentences and events."""
    records = [_article(row) for row in articles.iter_rows(named=True)]
    fingerprints = fingerprinter(records)
    features = pl.DataFrame(
        [
            {"article_id": a.id, "minhash": list(f.minhash), "embedding": f.embedding}
            for a, f in zip(records, fingerprints, strict=True)
        ],
        schema=FEATURE_SCHEMA,
    )
    now = datetime.now(UTC)
    stamped = articles.with_columns(
        pl.lit(None, dtype=pl.String).alias("story_id"),
        pl.lit(now).dt.replace_time_zone(None).alias("ingested_at"),
    )
    return Batch(
        article_ids=tuple(a.id for a in records),
        articles=_conform(stamped, ARTICLE_SCHEMA),
        sentences=_conform(sentences, SENTENCE_SCHEMA),
        features=features,
        mentions=_conform(mentions, MENTION_SCHEMA),
    )


def _article(row: dict[str, object]) -> Article:
    """An Article from its stored row, for fingerprinting."""
    published = row["published"]
    return Article(
        id=str(row["article_id"]),
        text=str(row["text"]),
        origin=f"parquet:{row['article_id']}",
        published=published if isinstance(published, date) else None,
        url=_text(row["url"]),
        title=_text(row["title"]),
        source=_text(row["source"]),
    )


def _text(value: object) -> str | None:
    return None if value is None else str(value)


def _conform(
    frame: pl.DataFrame, schema: dict[str, pl.DataType | type[pl.DataType]]
) -> pl.DataFrame:
    """`frame` with exactly the store's columns and types (an empty frame if it has none)."""
    if frame.is_empty():
        return pl.DataFrame(schema=schema)
    return frame.select(list(schema)).cast(pl.Schema(schema))
