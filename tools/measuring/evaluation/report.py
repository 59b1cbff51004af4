"""The report: summary.json (everything), summary.md (for people), CSV files of the mistakes."""
from __future__ import annotations

import csv
import json
from collections.abc import Iterable, Sequence
from dataclasses import asdict
from pathlib import Path
from typing import Any

from tools.measuring.evaluation.metrics import OVERALL, EntityScore, IntentScores, SpanError
from tools.measuring.evaluation.predict import Prediction

MISCLASSIFIED_COLUMNS = ["set", "language", "text", "expected", "predicted", "confidence"]


def misclassified_rows(set_name: str, predictions: Iterable[Prediction], languages: Sequence[str]) -> list[dict]:
    """One row per wrong intent prediction (nlu_fallback included)."""
    return [{"set": set_name, "language": lang, "text": p.example.text, "expected": p.example.intent,
             "predicted": p.intent, "confidence": round(p.confidence, 3)}
            for p, lang in zip(predictions, languages, strict=True) if not p.correct]


def write_csv(path: Path, rows: Sequence[dict], columns: Sequence[str]) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", newline="", encoding="utf-8") as out:
        writer = csv.DictWriter(out, fieldnames=list(columns))
        writer.writeheader()
        writer.writerows(rows)
    return path


def entity_error_rows(pairs: Iterable[tuple[str, list[SpanError]]]) -> list[dict]:
    """One row per entity error: the message, the kind, the expected and the predicted span."""
    def show(span: Any) -> str:
        return f"{span.text} ({span.label} {span.start}-{span.end})" if span else ""

    return [{"text": text, "kind": e.kind, "expected": show(e.expected), "predicted": show(e.predicted)}
            for text, errors in pairs for e in errors]


def write_json(path: Path, summary: dict) -> Path:
    path.write_text(json.dumps(summary, indent=2, ensure_ascii=False, default=_plain) + "\n", encoding="utf-8")
    return path


def _plain(value: Any) -> Any:
    if isinstance(value, Path):
        return str(value)
    if hasattr(value, "__dataclass_fields__"):
        return asdict(value)
    raise TypeError(f"not serialisable: {type(value)}")


# ---------------------------------------------------------------- markdown

def _cell(text: Any) -> str:
    return str(text).replace("|", "\\|").replace("\n", " ")


def _table(header: Sequence[str], rows: Iterable[Sequence[Any]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(_cell(c) for c in row) + " |" for row in rows]
    return lines


def _f1(value: float, threshold: float) -> str:
    return f"**{value:.3f}**" if value < threshold else f"{value:.3f}"


def target_lines(checks: Sequence[dict]) -> list[str]:
    passed = sum(c["passed"] for c in checks)
    verdict = "all met" if passed == len(checks) else f"MISSED ({len(checks) - passed} of {len(checks)})"
    lines = [f"**Targets: {verdict}**", ""]
    lines += [f"- {'PASS  ' if c['passed'] else 'MISSED'} {c['name']}: {c['value']} (target {c['target']})"
              for c in checks]
    return lines


def per_intent_table(by_language: dict[str, IntentScores], threshold: float) -> list[str]:
    """Intent rows, for each language P, R, F1 and support side by side; F1 under target in bold."""
    langs = list(by_language)
    intents = sorted({name for s in by_language.values() for name in s.per_intent})
    header = ["intent"] + [f"{lang.upper()} {col}" for lang in langs for col in ("P", "R", "F1", "n")]
    rows = []
    for name in intents:
        row: list[Any] = [name]
        for lang in langs:
            s = by_language[lang].per_intent.get(name)
            row += [f"{s.precision:.3f}", f"{s.recall:.3f}", _f1(s.f1, threshold), s.support] if s else ["", "", "", 0]
        rows.append(row)
    return _table(header, rows)


def scores_table(named: dict[str, IntentScores]) -> list[str]:
    return _table(["set", "examples", "accuracy", "macro F1", "nlu_fallback"],
                  [[name, s.total, f"{s.accuracy:.3f}", f"{s.macro_f1:.3f}", f"{s.fallback_rate:.1%}"]
                   for name, s in named.items()])


def errors_table(rows: Sequence[dict]) -> list[str]:
    return _table(["text", "expected", "predicted", "confidence"],
                  [[r["text"], r["expected"], r["predicted"], f"{r['confidence']:.2f}"] for r in rows])


def entity_table(scores: dict[str, EntityScore]) -> list[str]:
    def row(label: str, s: EntityScore) -> list[Any]:
        return [label if label != OVERALL else "**overall (micro)**", s.support, s.predicted,
                f"{s.strict.precision:.3f}", f"{s.strict.recall:.3f}", f"{s.strict.f1:.3f}", f"{s.lenient.f1:.3f}"]

    return _table(["entity", "expected", "predicted", "P", "R", "F1", "F1 (overlap)"],
                  [row(label, s) for label, s in scores.items()])


def entity_errors_table(rows: Sequence[dict]) -> list[str]:
    return _table(["text", "kind", "expected", "predicted"],
                  [[r["text"], r["kind"], r["expected"], r["predicted"]] for r in rows])
