"""Story clustering: copies and rewrites join, other events and other days stay apart, and a
quality gate on the clustering gold sets (pairwise F1 above pinned floors)."""

from __future__ import annotations

import json
from datetime import date, timedelta

import numpy as np
import pytest
from conftest import ROOT

from dyad.records import Article
from dyad.stories import (
    Fingerprinter,
    Similarity,
    StoryOptions,
    _copy_edges,
    _semantic_edges,
    article_candidate,
    bundled_stopwords,
    cluster,
    name_stories,
    story_id,
)
from dyad.story_eval import evaluate_stories, load_story_gold, pairwise

GOLD = ROOT / "tests" / "gold"
FLOORS = json.loads((GOLD / "story-floors.json").read_text())
WORDS_ONLY = StoryOptions(embed=False)


def article(aid: str, text: str, day: int = 0, title: str = "") -> Article:
    return Article(aid, text, aid, date(2025, 10, 16) + timedelta(days=day), title=title)


def groups(articles: list[Article], options: StoryOptions = WORDS_ONLY) -> list[list[str]]:
    prints = Fingerprinter(options)(articles)
    stopwords = bundled_stopwords()
    candidates = [article_candidate(a, p, stopwords) for a, p in zip(articles, prints, strict=True)]
    return cluster(candidates, options)


WIRE = (
    "Ukrainian drones struck the Saratov oil refinery overnight, starting a fire that burned "
    "for hours, regional governor Roman Busargin said. Two workers were hurt and the plant "
    "halted crude processing while firefighters worked through the morning."
)


def test_a_reprinted_wire_story_is_one_story() -> None:
    reprint = WIRE.replace("Two workers were hurt and", "") + " Prices of diesel rose."
    assert groups([article("a", WIRE), article("b", reprint, day=1)]) == [["a", "b"]]


def test_copies_published_far_apart_are_not_one_story() -> None:
    assert groups([article("a", WIRE), article("b", WIRE, day=30)]) == [["a"], ["b"]]


def test_a_different_event_with_the_same_actors_is_another_story() -> None:
    other = (
        "Vladimir Putin and Donald Trump spoke by telephone for two hours and agreed that their "
        "advisers would prepare a summit in Budapest, the Kremlin said on Thursday."
    )
    assert groups([article("a", WIRE), article("b", other)]) == [["a"], ["b"]]


def test_thousands_of_copies_on_one_day_stay_one_story_with_linear_edges() -> None:
    # a wire story syndicated everywhere: every copy is a near duplicate of every other, and
    # keeping all of those pairs once took gigabytes; each copy keeps its closest partners
    copies = [article(f"c{i:04d}", f"{WIRE} Edition {i}.") for i in range(1500)]
    prints = Fingerprinter(WORDS_ONLY)(copies)
    stopwords = bundled_stopwords()
    candidates = [article_candidate(a, p, stopwords) for a, p in zip(copies, prints, strict=True)]
    limit = len(copies) * WORDS_ONLY.neighbours
    assert len(_copy_edges(candidates, WORDS_ONLY)) <= limit
    similarity = Similarity(candidates, WORDS_ONLY.term_weight)
    assert len(_semantic_edges(candidates, similarity, WORDS_ONLY)) <= limit
    assert cluster(candidates, WORDS_ONLY) == [sorted(a.id for a in copies)]


def test_every_article_is_in_exactly_one_group() -> None:
    found = groups([article(str(i), f"{WIRE} Item {i}.", day=i) for i in range(5)])
    assert sorted(a for g in found for a in g) == [str(i) for i in range(5)]


def test_story_ids_follow_the_first_article() -> None:
    assert story_id(["b", "a"]) == story_id(["a"]) != story_id(["b"])


def test_a_group_keeps_the_story_most_of_its_members_carry() -> None:
    current = {"x": "s-old", "y": "s-old", "z": "s-other"}
    named = name_stories([["a", "x", "y", "z"], ["b"]], current)
    assert named == {"a": "s-old", "x": "s-old", "y": "s-old", "z": "s-old", "b": story_id(["b"])}


def test_a_split_story_keeps_its_id_in_the_larger_part_and_never_reuses_a_name() -> None:
    old = story_id(["a"])
    named = name_stories([["a"], ["b", "c"]], {"a": old, "b": old, "c": old})
    assert named["b"] == named["c"] == old
    assert named["a"] not in (old, named["b"])


def test_thousands_of_copies_link_to_one_indexed_text() -> None:
    copies = [article(f"c{i:04d}", WIRE) for i in range(400)]
    prints = Fingerprinter(WORDS_ONLY)(copies)
    stopwords = bundled_stopwords()
    candidates = [article_candidate(a, p, stopwords) for a, p in zip(copies, prints, strict=True)]
    edges = _copy_edges(candidates, WORDS_ONLY)
    assert sorted((i, j) for _, i, j in edges) == [(0, j) for j in range(1, 400)]
    assert cluster(candidates, WORDS_ONLY) == [[a.id for a in copies]]


def test_pairwise_scores_count_pairs() -> None:
    gold = {"a": "x", "b": "x", "c": "x", "d": "y"}
    counts = pairwise([["a", "b"], ["c", "d"]], gold)
    assert (counts.predicted, counts.predicted_correct, counts.gold) == (2, 1, 3)


def test_embeddings_are_unit_vectors(story_fingerprinter: Fingerprinter) -> None:
    (fingerprint,) = story_fingerprinter([article("a", WIRE, title="Refinery hit")])
    assert fingerprint.embedding is not None
    assert np.linalg.norm(np.asarray(fingerprint.embedding)) == pytest.approx(1.0, abs=1e-3)


@pytest.fixture(scope="module")
def story_fingerprinter() -> Fingerprinter:
    return Fingerprinter(StoryOptions())


@pytest.mark.parametrize("name", sorted(FLOORS))
def test_clustering_f1_stays_above_the_pinned_floor(
    story_fingerprinter: Fingerprinter, name: str
) -> None:
    records = load_story_gold(GOLD / name)
    report = evaluate_stories(records, StoryOptions(), story_fingerprinter)
    floor = FLOORS[name]["pairwise_f1"]
    assert report.pairs.f1 >= floor, f"{name}: pairwise F1 {report.pairs.f1:.3f} < {floor}"


def test_story_gold_sets_have_enough_stories_and_distractors() -> None:
    records = load_story_gold(GOLD / "stories-dev.jsonl")
    sizes: dict[str, set[str]] = {}
    for r in records:
        sizes.setdefault(r.story, set()).add(r.article.source or "")
    told_by_three = [s for s, sources in sizes.items() if len(sources) >= 3]
    singletons = [s for s, sources in sizes.items() if len(sources) == 1]
    assert len(told_by_three) >= 12 and len(singletons) >= 12
