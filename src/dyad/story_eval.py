"""`dyad eval-stories`: score story clustering against gold clusters, pairwise.

Gold format (one JSON object a line): {"id", "story", "source", "published", "title", "text"};
articles with the same `story` tell the same story. Pairwise scores: over all pairs of
articles, a pair predicted together is right when gold has it together too.
"""

from __future__ import annotations

import json
from collections.abc import Sequence
from dataclasses import dataclass
from itertools import combinations
from pathlib import Path
from typing import Any

from dyad.evaluate import Counts, GoldFormatError
from dyad.inputs import parse_date
from dyad.records import Article
from dyad.stories import Fingerprinter, StoryOptions, article_candidate, bundled_stopwords, cluster


@dataclass(frozen=True, slots=True)
class StoryGold:
    article: Article
    story: str


@dataclass(frozen=True, slots=True)
class StoryReport:
    """Pairwise precision/recall/F1 and the clusters that produced them."""

    pairs: Counts
    clusters: tuple[tuple[str, ...], ...]
    gold: dict[str, str]

    def as_dict(self) -> dict[str, Any]:
        return {
            **self.pairs.as_dict(),
            "articles": len(self.gold),
            "gold_stories": len(set(self.gold.values())),
            "predicted_stories": len(self.clusters),
        }


def load_story_gold(path: Path) -> list[StoryGold]:
    records = []
    with path.open(encoding="utf-8") as handle:
        for number, line in enumerate(handle, 1):
            if not line.strip():
                continue
            try:
                raw = json.loads(line)
                article = Article(
                    id=str(raw["id"]),
                    text=str(raw["text"]),
                    origin=f"{path}:{number}",
                    published=parse_date(raw.get("published")),
                    title=raw.get("title"),
                    source=raw.get("source"),
                )
                records.append(StoryGold(article, str(raw["story"])))
            except (ValueError, KeyError, TypeError) as err:
                raise GoldFormatError(f"{path}:{number}: not a story gold record: {err}") from None
    return records


def pairwise(clusters: Sequence[Sequence[str]], gold: dict[str, str]) -> Counts:
    predicted = {frozenset(p) for c in clusters for p in combinations(sorted(c), 2)}
    ids = sorted(gold)
    true = {frozenset((a, b)) for a, b in combinations(ids, 2) if gold[a] == gold[b]}
    right = len(predicted & true)
    return Counts(
        predicted=len(predicted), predicted_correct=right, gold=len(true), gold_found=right
    )


def evaluate_stories(
    records: Sequence[StoryGold], options: StoryOptions, fingerprinter: Fingerprinter
) -> StoryReport:
    articles = [r.article for r in records]
    prints = fingerprinter(articles)
    stopwords = bundled_stopwords()
    candidates = [article_candidate(a, p, stopwords) for a, p in zip(articles, prints, strict=True)]
    clusters = cluster(candidates, options)
    gold = {r.article.id: r.story for r in records}
    return StoryReport(pairwise(clusters, gold), tuple(tuple(c) for c in clusters), gold)
