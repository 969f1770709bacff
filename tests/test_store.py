"""The store: migrations, refusal of foreign files, atomic and idempotent writes, queries,
story consolidation. Records are built by hand so these tests need no model."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import duckdb
import pytest
from conftest import snapshot

from dyad.records import Article, CodedArticle, Entity, Event, Sentence, Span
from dyad.store import EventQuery, StoreError, open_store
from dyad.store.consolidate import _neighbourhood, refresh_stories
from dyad.store.db import Store
from dyad.store.rows import Fingerprint, build_batch
from dyad.stories import StoryOptions, story_id

NOW = datetime(2025, 10, 18, tzinfo=UTC)
RUS = Entity("Putin", "RUS", "GOV", "Vladimir Putin")
USA = Entity("Trump", "USA", "GOV", "Donald Trump")
NO_EMBEDDINGS = StoryOptions(embed=False)


def event(
    article_id: str, index: int = 0, kind: str = "CONSULT", when: date | None = None
) -> Event:
    return Event(
        id=f"{article_id}-{index}-{kind}",
        article_id=article_id,
        event_type=kind,
        mode="phone" if kind == "CONSULT" else None,
        cameo="041" if kind == "CONSULT" else "051",
        quad_class=1,
        intensity=1.0,
        modality="asserted",
        actors=(RUS,),
        recipients=(USA,),
        attributed_to=None,
        date=when or date(2025, 10, 16),
        date_precision="day",
        location=None,
        sentence_index=index,
        sentence="Putin called Trump on Thursday.",
        trigger=Span("called", 6, 12),
        confidence=0.9,
        date_source="text" if when else "published",
    )


def coded(article_id: str, text: str, source: str, events: int = 1) -> CodedArticle:
    article = Article(
        article_id,
        text,
        f"{article_id}.txt",
        date(2025, 10, 17),
        None,
        f"Title {article_id}",
        source,
    )
    sentences = (Sentence(0, 0, len(text), text),)
    return CodedArticle(article, tuple(event(article_id, i) for i in range(events)), sentences)


def minhash(seed: int) -> Fingerprint:
    return Fingerprint(tuple(seed * 1000 + i for i in range(64)), None)


def store_with(path: Path, articles: list[tuple[CodedArticle, Fingerprint]]) -> Store:
    store = open_store(path)
    store.write(build_batch([a for a, _ in articles], [f for _, f in articles], NOW))
    refresh_stories(store, NO_EMBEDDINGS)
    return store


def test_a_new_file_gets_the_schema_and_its_version(tmp_path: Path) -> None:
    with open_store(tmp_path / "new.duckdb") as store:
        assert store.version >= 1
        assert store.counts() == dict.fromkeys(store.counts(), 0)
    with open_store(tmp_path / "new.duckdb", read_only=True) as again:
        assert again.version == store.version


def test_a_file_that_is_not_duckdb_is_refused_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "notes.duckdb"
    path.write_text("these are my notes, not a database\n" * 100)
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"notes\.duckdb"):
        open_store(path)
    assert path.read_bytes() == before


def test_a_duckdb_file_of_another_program_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "other.duckdb"
    con = duckdb.connect(str(path))
    con.execute("CREATE TABLE payroll (name VARCHAR, salary INTEGER)")
    con.close()
    with pytest.raises(StoreError, match="another program"):
        open_store(path)
    con = duckdb.connect(str(path))
    assert con.execute("SELECT count(*) FROM duckdb_tables()").fetchall() == [(1,)]
    con.close()


def test_a_bad_memory_limit_is_a_clear_error_and_creates_no_file(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="give a size such as 512MB"):
        open_store(tmp_path / "new.duckdb", memory_limit="lots")
    assert not (tmp_path / "new.duckdb").exists()


def test_a_missing_store_opened_for_reading_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="no such store"):
        open_store(tmp_path / "absent.duckdb", read_only=True)


def test_writing_the_same_batch_twice_leaves_every_table_unchanged(tmp_path: Path) -> None:
    articles = [(coded("a1", "Putin called Trump.", "Wire"), minhash(1))]
    store = store_with(tmp_path / "s.duckdb", articles)
    first = snapshot(store)
    store.write(build_batch([articles[0][0]], [articles[0][1]], NOW))
    refresh_stories(store, NO_EMBEDDINGS)
    assert snapshot(store) == first
    store.close()


def test_changed_text_under_the_same_id_replaces_its_events(tmp_path: Path) -> None:
    store = store_with(
        tmp_path / "s.duckdb", [(coded("a1", "Putin called Trump.", "W", 2), minhash(1))]
    )
    assert store.counts()["mentions"] == 2
    store.write(build_batch([coded("a1", "Putin rang Trump.", "W", 1)], [minhash(1)], NOW))
    refresh_stories(store, NO_EMBEDDINGS)
    assert store.counts()["mentions"] == 1
    assert store.counts()["articles"] == 1
    total = store.con.execute("SELECT sum(num_mentions) FROM events").fetchall()[0][0]
    assert total == 1  # no consolidated event still counts the old text
    assert store.con.execute("SELECT text FROM articles").fetchall() == [("Putin rang Trump.",)]
    store.close()


def test_a_failed_batch_stores_nothing(tmp_path: Path) -> None:
    store = store_with(
        tmp_path / "s.duckdb", [(coded("a1", "Putin called Trump.", "W"), minhash(1))]
    )
    before = snapshot(store)
    broken = build_batch([coded("a2", "Another text.", "W")], [minhash(2)], NOW)
    broken = type(broken)(
        broken.article_ids,
        broken.articles,
        broken.sentences,
        broken.features,
        broken.mentions.with_columns(broken.mentions["event_type"].replace("CONSULT", None)),
    )
    with pytest.raises(duckdb.Error):
        store.write(broken)
    assert snapshot(store) == before
    store.close()


def test_copies_from_several_outlets_become_one_story_and_one_event(tmp_path: Path) -> None:
    text = "Putin called Trump on Thursday and they agreed to meet in Budapest."
    store = store_with(
        tmp_path / "s.duckdb",
        [
            (coded("a1", text, "Wire"), minhash(1)),
            (coded("a2", text, "Herald"), minhash(1)),
            (coded("a3", "Drones hit a refinery in Saratov.", "Post"), minhash(9)),
        ],
    )
    stories = store.stories()
    assert sorted(len(ids) for ids in stories["article_ids"]) == [1, 2]
    events = store.events(EventQuery(event_type="CONSULT"))
    merged = events.filter(events["num_articles"] == 2)
    assert merged.height == 1
    assert merged["num_sources"][0] == 2 and merged["num_mentions"][0] == 2
    assert store.mentions().height == 3  # every report keeps its own row and provenance
    store.close()


def test_a_story_told_day_after_day_keeps_its_id_and_old_days_are_not_regrouped(
    tmp_path: Path,
) -> None:
    text = "Putin called Trump on Thursday and they agreed to meet in Budapest."
    store = open_store(tmp_path / "s.duckdb")
    ids = ["z0", *(f"a{day}" for day in range(1, 7))]  # later copies sort before the first
    for day, article_id in enumerate(ids):
        copy = coded(article_id, text, f"Outlet {day}")
        dated = replace(copy, article=replace(copy.article, published=date(2025, 10, 1 + day)))
        store.write(build_batch([dated], [minhash(1)], NOW))
        refresh_stories(store, NO_EMBEDDINGS)
    assert store.stories()["story_id"].to_list() == [story_id(["z0"])]
    assert "z0" not in _neighbourhood(store.con, ["a6"], NO_EMBEDDINGS.window_days)
    store.close()


def test_event_filters_combine(tmp_path: Path) -> None:
    store = store_with(
        tmp_path / "s.duckdb", [(coded("a1", "Putin called Trump.", "W"), minhash(1))]
    )
    assert store.events(EventQuery(actor="RUS", recipient="USA")).height == 1
    assert store.events(EventQuery(actor="USA")).height == 0
    assert store.events(EventQuery(since=date(2025, 10, 17))).height == 0
    assert store.events(EventQuery(until=date(2025, 10, 16), event_type="CONSULT")).height == 1
    assert store.events(EventQuery(modality="negated")).height == 0
    store.close()


def test_the_public_api_gives_polars_and_pandas_frames(tmp_path: Path) -> None:
    import dyad

    store_with(
        tmp_path / "s.duckdb", [(coded("a1", "Putin called Trump.", "W"), minhash(1))]
    ).close()
    with dyad.open_store(tmp_path / "s.duckdb", read_only=True) as store:
        frame = store.events(dyad.EventQuery(actor="RUS"))
        assert frame.height == 1 and frame["event_type"][0] == "CONSULT"
        pandas_frame = frame.to_pandas()
        assert list(pandas_frame["num_articles"]) == [1]


def test_a_report_naming_fewer_parties_joins_the_fuller_one(tmp_path: Path) -> None:
    text = "Putin and Trump spoke by phone on Thursday."
    full = coded("a1", text, "Wire")
    partial = coded("a2", text, "Herald")
    lone = replace(partial.events[0], recipients=(), date_source="published")  # "Putin called"
    partial = replace(partial, events=(lone,))
    store = store_with(tmp_path / "s.duckdb", [(full, minhash(1)), (partial, minhash(1))])
    events = store.events(EventQuery(event_type="CONSULT"))
    assert events.height == 1
    row = events.row(0, named=True)
    assert (row["num_articles"], row["recipient_countries"]) == (2, ["USA"])
    store.close()
