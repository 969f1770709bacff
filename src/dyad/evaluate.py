"""`dyad eval`: score the coder against gold records.

Gold format (one JSON object a line): {"id", "text", "published", "events": [{"type",
"source": [codes], "target": [codes], "mode", "cameo"}]}. Scoring rules:
- Events with modality asserted or planned are claims; negated and hypothetical ones are not.
- A planned CONSULT, SUPPORT, COOPERATE or AID counts as AGREE (PLOVER's future rule).
- Triples: type + actor countries + recipient countries. A predicted event matches a gold event
  of its type when the gold sources are among its actors and the gold targets among its
  recipients (an empty gold target checks nothing). Reciprocal gold (no target, several
  sources) matches when the event's parties cover the gold countries; a reciprocal prediction
  (several actors, no recipient) matches a gold event whose countries it covers.
- UN and EU bodies (UNO, EUR) count as IGO, as the public gold sets code them.
- Precision: share of predicted claims (distinct per record) matching a gold event; recall:
  share of gold events matched by a prediction. Types: per-record sets of event types.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from dyad.inputs import parse_date
from dyad.records import CodedArticle, Event, RawDocument

if TYPE_CHECKING:
    from dyad.pipeline import Coder

FUTURE_AS_AGREE = {"CONSULT", "SUPPORT", "COOPERATE", "AID"}
CLAIM_MODALITIES = {"asserted", "planned"}
IGO_FAMILY = {"UNO": "IGO", "EUR": "IGO"}


class GoldFormatError(ValueError):
    """A gold file line that is not a gold record; names the file and line."""


@dataclass(frozen=True, slots=True)
class Triple:
    event_type: str
    sources: frozenset[str]
    targets: frozenset[str]
    confidence: float = 1.0


@dataclass(frozen=True, slots=True)
class GoldRecord:
    id: str
    text: str
    published: str | None
    events: tuple[Triple, ...]


@dataclass
class Counts:
    predicted: int = 0
    predicted_correct: int = 0
    gold: int = 0
    gold_found: int = 0

    def add(self, other: Counts) -> None:
        self.predicted += other.predicted
        self.predicted_correct += other.predicted_correct
        self.gold += other.gold
        self.gold_found += other.gold_found

    @property
    def precision(self) -> float:
        return self.predicted_correct / self.predicted if self.predicted else 0.0

    @property
    def recall(self) -> float:
        return self.gold_found / self.gold if self.gold else 0.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 4),
            "recall": round(self.recall, 4),
            "f1": round(self.f1, 4),
            "predicted": self.predicted,
            "gold": self.gold,
        }


@dataclass
class Report:
    records: int = 0
    triples: Counts = field(default_factory=Counts)
    types: Counts = field(default_factory=Counts)
    per_type: dict[str, Counts] = field(default_factory=lambda: defaultdict(Counts))
    scored: list[tuple[float, bool]] = field(default_factory=list)  # (confidence, correct)
    errors: list[dict[str, Any]] = field(default_factory=list)

    def precision_at_top(self, share: float = 0.1) -> float:
        ranked = sorted(self.scored, key=lambda s: -s[0])
        top = ranked[: max(1, round(len(ranked) * share))] if ranked else []
        return sum(ok for _, ok in top) / len(top) if top else 0.0

    def as_dict(self) -> dict[str, Any]:
        return {
            "records": self.records,
            "triples": self.triples.as_dict(),
            "types": self.types.as_dict(),
            "per_type": {t: c.as_dict() for t, c in sorted(self.per_type.items())},
            "precision_top_decile": round(self.precision_at_top(0.1), 4),
        }


def load_gold(path: Path) -> list[GoldRecord]:
    records = []
    for number, line in enumerate(path.read_text("utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            raw = json.loads(line)
            records.append(
                GoldRecord(
                    id=str(raw["id"]),
                    text=str(raw["text"]),
                    published=raw.get("published"),
                    events=tuple(_gold_triple(e) for e in raw.get("events") or []),
                )
            )
        except (json.JSONDecodeError, KeyError, TypeError) as err:
            raise GoldFormatError(f"{path}:{number}: not a gold record ({err!r})") from err
    return records


def _gold_triple(raw: Any) -> Triple:
    if not isinstance(raw, dict):
        raise TypeError(f"an event must be an object, not {raw!r}")
    for key in ("source", "target"):
        value = raw.get(key)
        if value is not None and (
            not isinstance(value, list) or not all(isinstance(v, str) for v in value)
        ):
            raise TypeError(f"'{key}' must be a list of country codes, not {value!r}")
    return Triple(str(raw["type"]), _codes(raw.get("source")), _codes(raw.get("target")))


def _codes(values: Iterable[str] | None) -> frozenset[str]:
    return frozenset(IGO_FAMILY.get(v, v) for v in values or ())


def claims(events: Iterable[Event]) -> list[Triple]:
    """The distinct claim triples among a record's predicted events, most confident kept."""
    best: dict[tuple[str, frozenset[str], frozenset[str]], Triple] = {}
    for event in events:
        if event.modality not in CLAIM_MODALITIES:
            continue
        event_type = event.event_type
        if event.modality == "planned" and event_type in FUTURE_AS_AGREE:
            event_type = "AGREE"
        triple = Triple(
            event_type,
            _codes(a.country for a in event.actors if a.country),
            _codes(r.country for r in event.recipients if r.country),
            event.confidence,
        )
        key = (triple.event_type, triple.sources, triple.targets)
        if key not in best or best[key].confidence < triple.confidence:
            best[key] = triple
    return list(best.values())


def matches(predicted: Triple, gold: Triple) -> bool:
    if predicted.event_type != gold.event_type:
        return False
    if not gold.targets and len(gold.sources) > 1:
        return gold.sources <= predicted.sources | predicted.targets
    if not predicted.targets and len(predicted.sources) > 1:
        return gold.sources | gold.targets <= predicted.sources
    return gold.sources <= predicted.sources and gold.targets <= predicted.targets


def score_record(report: Report, gold: GoldRecord, events: Sequence[Event]) -> None:
    predicted = claims(events)
    report.records += 1
    record_counts: dict[str, Counts] = defaultdict(Counts)
    for triple in predicted:
        correct = any(matches(triple, g) for g in gold.events)
        report.scored.append((triple.confidence, correct))
        counts = record_counts[triple.event_type]
        counts.predicted += 1
        counts.predicted_correct += correct
    for g in gold.events:
        counts = record_counts[g.event_type]
        counts.gold += 1
        counts.gold_found += any(matches(p, g) for p in predicted)
    for event_type, counts in record_counts.items():
        report.triples.add(counts)
        report.per_type[event_type].add(counts)
    predicted_types = Counter({t.event_type for t in predicted})
    gold_types = Counter({g.event_type for g in gold.events})
    report.types.predicted += sum(predicted_types.values())
    report.types.gold += sum(gold_types.values())
    hits = sum((predicted_types & gold_types).values())
    report.types.predicted_correct += hits
    report.types.gold_found += hits
    if any(not any(matches(p, g) for g in gold.events) for p in predicted) or any(
        not any(matches(p, g) for p in predicted) for g in gold.events
    ):
        report.errors.append(_error_row(gold, predicted))


def _error_row(gold: GoldRecord, predicted: list[Triple]) -> dict[str, Any]:
    def show(t: Triple) -> str:
        return f"{t.event_type} {'+'.join(sorted(t.sources))}>{'+'.join(sorted(t.targets))}"

    return {
        "id": gold.id,
        "text": gold.text,
        "gold": [show(g) for g in gold.events],
        "predicted": [show(p) for p in predicted],
    }


def evaluate(coder: Coder, records: Sequence[GoldRecord]) -> Report:
    documents = [
        RawDocument(
            origin=f"gold:{r.id}",
            content=r.text,
            is_html=False,
            id=r.id,
            published=parse_date(r.published),
        )
        for r in records
    ]
    report = Report()
    by_id = {r.id: r for r in records}
    for result in coder.code_documents(documents):
        if isinstance(result, CodedArticle):
            score_record(report, by_id[result.article.id], result.events)
        else:  # a gold text the coder could not read still counts as missed events
            record = by_id[result.origin.removeprefix("gold:")]
            score_record(report, record, [])
    return report
