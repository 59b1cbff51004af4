"""Scores from expected and predicted labels: intents (accuracy, P/R/F1) and entity spans.

Pure functions (sklearn only), so they are unit-tested without a model.
"""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import asdict, dataclass, field

from tools.measuring.evaluation.examples import Span

OVERALL = "overall"


@dataclass(frozen=True)
class LabelScore:
    """Precision, recall and F1 of one label, and how many examples carry it."""

    precision: float
    recall: float
    f1: float
    support: int


@dataclass(frozen=True)
class IntentScores:
    """Intent scores of one set of predictions; nlu_fallback is a wrong answer like any other."""

    total: int
    accuracy: float
    macro_f1: float
    fallback_rate: float
    per_intent: dict[str, LabelScore] = field(default_factory=dict)

    def below(self, threshold: float) -> list[tuple[str, float]]:
        """Intents whose F1 is under ``threshold``, worst first."""
        low = [(name, s.f1) for name, s in self.per_intent.items() if s.f1 < threshold]
        return sorted(low, key=lambda item: (item[1], item[0]))

    def as_dict(self) -> dict:
        return asdict(self)


def intent_scores(expected: Sequence[str], predicted: Sequence[str], fallback: str = "nlu_fallback") -> IntentScores:
    """Accuracy, macro F1 and per-intent P/R/F1 over the expected intents."""
    from sklearn.metrics import precision_recall_fscore_support

    if len(expected) != len(predicted):
        raise ValueError("expected and predicted differ in length")
    if not expected:
        return IntentScores(0, 0.0, 0.0, 0.0)
    labels = sorted(set(expected))
    precision, recall, f1, support = precision_recall_fscore_support(
        expected, predicted, labels=labels, zero_division=0)
    per_intent = {label: LabelScore(float(p), float(r), float(f), int(s))
                  for label, p, r, f, s in zip(labels, precision, recall, f1, support, strict=True)}
    total = len(expected)
    correct = sum(e == p for e, p in zip(expected, predicted, strict=True))
    return IntentScores(total, correct / total, float(sum(f1) / len(labels)),
                        sum(p == fallback for p in predicted) / total, per_intent)


@dataclass(frozen=True)
class SpanError:
    """An entity the model got wrong: missed, spurious, or right label with other boundaries."""

    kind: str  # "missed" | "spurious" | "boundary"
    expected: Span | None
    predicted: Span | None


def span_errors(gold: Sequence[Span], predicted: Sequence[Span]) -> list[SpanError]:
    """Compares one message's spans; exact matches (same offsets and label) are not errors."""
    exact = {s.key() for s in gold} & {s.key() for s in predicted}
    left = [s for s in predicted if s.key() not in exact]
    errors = []
    for want in (s for s in gold if s.key() not in exact):
        match = next((got for got in left if got.overlaps(want)), None)
        if match:
            left.remove(match)
            errors.append(SpanError("boundary", want, match))
        else:
            errors.append(SpanError("missed", want, None))
    errors.extend(SpanError("spurious", None, got) for got in left)
    return errors


@dataclass(frozen=True)
class EntityScore:
    """Strict (same offsets and label) and lenient (overlapping, same label) scores of one label."""

    support: int
    predicted: int
    strict: LabelScore
    lenient: LabelScore


def _score(tp: int, fp: int, fn: int) -> LabelScore:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return LabelScore(precision, recall, f1, tp + fn)


def entity_scores(gold: Sequence[Sequence[Span]], predicted: Sequence[Sequence[Span]]) -> dict[str, EntityScore]:
    """Per-label and overall (micro) entity scores over messages (gold[i] against predicted[i])."""
    gold_n: Counter[str] = Counter()
    pred_n: Counter[str] = Counter()
    exact: Counter[str] = Counter()
    boundary: Counter[str] = Counter()
    for want, got in zip(gold, predicted, strict=True):
        gold_n.update(s.label for s in want)
        pred_n.update(s.label for s in got)
        exact.update(label for _, _, label in {s.key() for s in want} & {s.key() for s in got})
        boundary.update(e.expected.label for e in span_errors(want, got) if e.kind == "boundary" and e.expected)

    def count(counter: Counter, label: str) -> int:
        return sum(counter.values()) if label == OVERALL else counter[label]

    scores = {}
    for label in sorted(set(gold_n) | set(pred_n)) + [OVERALL]:
        g, p, x, b = (count(c, label) for c in (gold_n, pred_n, exact, boundary))
        scores[label] = EntityScore(g, p, _score(x, p - x, g - x), _score(x + b, p - x - b, g - x - b))
    return scores


def language_detection(detected: Sequence[str | None], language: str) -> dict[str, int]:
    """How often the per-message language detector said ``language``, nothing, or the other one."""
    counts = Counter("right" if d == language else "none" if d is None else "wrong" for d in detected)
    return {kind: counts.get(kind, 0) for kind in ("right", "none", "wrong")}
