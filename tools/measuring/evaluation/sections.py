"""The report's sections: held-out intents, entities, cross-validation (`python -m tools.measuring.evaluation`)."""
from __future__ import annotations

import json
import subprocess
import sys
import time
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path
from typing import Any

from tools.measuring.evaluation import report
from tools.measuring.evaluation.examples import heldout, language_of, load_examples
from tools.measuring.evaluation.metrics import (
    IntentScores,
    entity_scores,
    intent_scores,
    language_detection,
    span_errors,
)
from tools.measuring.evaluation.predict import Prediction

ROOT = Path(__file__).resolve().parents[3]
ACCURACY_TARGET = 0.97
F1_TARGET = 0.90
LANGUAGES = ("en", "fr")


@dataclass
class Section:
    """One part of the report: its data for summary.json, its markdown and its target checks."""

    data: dict[str, Any]
    markdown: list[str]
    checks: list[dict] = field(default_factory=list)


def check(name: str, value: str, target: str, passed: bool) -> dict:
    return {"name": name, "value": value, "target": target, "passed": passed}


def expected_intent(prediction: Prediction) -> str:
    """The intent the example is labelled with ("" for an entity-only example, never scored for intents)."""
    return prediction.example.intent or ""


def relative(path: Path) -> str:
    try:
        return str(path.resolve().relative_to(ROOT))
    except ValueError:
        return str(path)


# ---------------------------------------------------------------- held-out intents

def heldout_section(agent: Any, folder: Path, languages: tuple[str, ...], out: Path) -> Section:
    """Intent scores of the trained model on each language's held-out examples."""
    from tools.measuring.evaluation.plots import confusion_matrix_png
    from tools.measuring.evaluation.predict import predict

    data: dict[str, Any] = {}
    scores: dict[str, IntentScores] = {}
    errors: dict[str, list[dict]] = {}
    checks = []
    detector_lines = []
    for lang in languages:
        predictions = predict(agent, heldout(lang, folder))
        expected = [expected_intent(p) for p in predictions]
        got = [p.intent for p in predictions]
        scores[lang] = intent_scores(expected, got)
        png = confusion_matrix_png(expected, got, f"Held-out {lang.upper()}: intents ({len(got)} examples)",
                                   out / f"confusion-heldout-{lang}.png")
        errors[lang] = report.misclassified_rows(f"heldout-{lang}", predictions, [lang] * len(predictions))
        detector = language_detection([p.detected_language for p in predictions], lang)
        below = scores[lang].below(F1_TARGET)
        data[lang] = {"files": relative(folder), "scores": scores[lang].as_dict(), "below_f1_target": below,
                      "language_detector": detector, "confusion_matrix": relative(png),
                      "misclassified": errors[lang]}
        checks.append(check(f"held-out {lang.upper()} intent accuracy", f"{scores[lang].accuracy:.3f}",
                            f">= {ACCURACY_TARGET}", scores[lang].accuracy >= ACCURACY_TARGET))
        checks.append(check(f"held-out {lang.upper()} intents below {F1_TARGET:.2f} F1",
                            ", ".join(f"{n} {f:.3f}" for n, f in below) or "none", "none", not below))
        detector_lines.append(f"- {lang.upper()}: the per-message language detector said {lang} for "
                              f"{detector['right']}, was unsure for {detector['none']}, said the other "
                              f"language for {detector['wrong']}.")
    md = ["## Held-out intents", "",
          "Examples never trained on, written separately from the training data; the trained model "
          "`models/pp.tar.gz`. A `nlu_fallback` answer counts as wrong.", ""]
    md += report.scores_table({f"held-out {lang.upper()}": s for lang, s in scores.items()}) + [""]
    md += [f"Per intent (F1 below {F1_TARGET:.2f} in bold):", ""]
    md += report.per_intent_table(scores, F1_TARGET) + ["", "Language detection (the `detected_language` entity):", ""]
    md += detector_lines + [""]
    for lang in languages:
        md += [f"### Misclassified held-out {lang.upper()} ({len(errors[lang])})", ""]
        md += (report.errors_table(errors[lang]) if errors[lang] else ["None."]) + [""]
    return Section(data, md, checks)


# ---------------------------------------------------------------- entities

def entities_section(agent: Any, path: Path, out: Path) -> Section:
    """Entity spans the model extracts from the annotated held-out entity set."""
    from tools.measuring.evaluation.predict import predict

    predictions = predict(agent, load_examples(path))
    gold = [p.example.spans for p in predictions]
    got = [p.spans for p in predictions]
    scores = entity_scores(gold, got)
    rows = report.entity_error_rows((p.example.text, span_errors(p.example.spans, p.spans)) for p in predictions)
    csv_path = report.write_csv(out / "entity_errors.csv", rows, ["text", "kind", "expected", "predicted"])
    md = ["## Entities", "",
          f"`{relative(path)}`: {len(predictions)} annotated messages (FR and EN), never trained on. "
          "P/R/F1 count a span right when its offsets and label are exactly the expected ones; "
          "\"F1 (overlap)\" also accepts the right label on overlapping words (\"my wife\" for \"wife\"). "
          "Dates and CSQ status are read by the action server, not by the NLU model, so they are not scored here.",
          ""]
    md += report.entity_table(scores) + ["", f"### Entity errors ({len(rows)})", ""]
    md += (report.entity_errors_table(rows) if rows else ["None."]) + [""]
    data = {"file": relative(path), "messages": len(predictions), "scores": scores,
            "errors_file": relative(csv_path), "errors": rows}
    return Section(data, md)


# ---------------------------------------------------------------- cross-validation

def cv_section(config: Path, nlu: Path, folds: int, seed: int, out: Path) -> Section:
    """k-fold cross-validation on the training data, overall and per language."""
    from tools.measuring.evaluation.crossval import cross_validate
    from tools.measuring.evaluation.plots import confusion_matrix_png

    started = time.monotonic()
    results = cross_validate(config, nlu, folds, seed, log=lambda line: print(line, file=sys.stderr, flush=True))
    predictions = [p for fold in results for p in fold.predictions]
    languages = [language_of(p.example.text) for p in predictions]
    overall = intent_scores([expected_intent(p) for p in predictions], [p.intent for p in predictions])
    by_language = {}
    for lang in sorted(set(languages)):
        subset = [p for p, pl in zip(predictions, languages, strict=True) if pl == lang]
        by_language[lang] = intent_scores([expected_intent(p) for p in subset], [p.intent for p in subset])
    png = confusion_matrix_png([expected_intent(p) for p in predictions], [p.intent for p in predictions],
                               f"{folds}-fold cross-validation: intents ({len(predictions)} examples)",
                               out / "confusion-cv.png")
    rows = report.misclassified_rows("cv", predictions, languages)
    csv_path = report.write_csv(out / "misclassified.csv", rows, report.MISCLASSIFIED_COLUMNS)
    per_fold = [{"fold": f.index, "examples": len(f.predictions), "minutes": round(f.seconds / 60, 1),
                 "accuracy": sum(p.correct for p in f.predictions) / len(f.predictions)} for f in results]
    minutes = (time.monotonic() - started) / 60
    data = {"config": relative(config), "data": relative(nlu), "folds": folds, "seed": seed,
            "minutes": round(minutes, 1), "scores": overall.as_dict(),
            "per_language": {lang: s.as_dict() for lang, s in by_language.items()},
            "below_f1_target": overall.below(F1_TARGET), "per_fold": per_fold,
            "confusion_matrix": relative(png), "misclassified_file": relative(csv_path),
            "run_at": datetime.now(timezone.utc).isoformat(timespec="seconds"), "commit": git_commit()}
    md = ["## Cross-validation", "",
          f"Stratified {folds}-fold cross-validation on `{relative(nlu)}` with `{relative(config)}` "
          f"(seed {seed}; {minutes:.1f} min). Each example's language is detected with "
          "`rasa_server/nlu/language.py` (\"unknown\" when too short to tell).", ""]
    md += report.scores_table({f"{folds}-fold CV, all": overall,
                               **{f"{folds}-fold CV, {lang}": s for lang, s in by_language.items()}}) + [""]
    md += ["Per fold accuracy: " + ", ".join(f"{f['accuracy']:.3f}" for f in per_fold) + ".", ""]
    below = overall.below(F1_TARGET)
    md += [f"Intents below {F1_TARGET:.2f} F1 in cross-validation: "
           + (", ".join(f"{n} ({f:.3f})" for n, f in below) or "none") + ".", ""]
    md += ["Per intent (all languages, then F1 per language):", ""]
    md += report.per_intent_table({"all": overall, **by_language}, F1_TARGET) + [""]
    md += [f"Misclassified ({len(rows)}): `{relative(csv_path)}`; confusion matrix `{relative(png)}`.", ""]
    (out / "summary.json").write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    (out / "summary.md").write_text("\n".join(md), encoding="utf-8")
    return Section(data, md)


def cv_skipped_section(reason: str, out: Path) -> Section:
    """Says CV was skipped, and where the last CV results are if there are any."""
    md = ["## Cross-validation", "", f"Skipped ({reason}). `make eval` runs it (one NLU training per fold)."]
    data: dict[str, Any] = {"skipped": reason}
    previous = out / "summary.json"
    if previous.exists():
        last = json.loads(previous.read_text(encoding="utf-8"))
        data["previous"] = relative(previous)
        md.append(f"Last results: `{relative(out / 'summary.md')}` (run {last.get('run_at')} on commit "
                  f"{last.get('commit')}: accuracy {last['scores']['accuracy']:.3f}, "
                  f"macro F1 {last['scores']['macro_f1']:.3f}).")
    return Section(data, md + [""])


def git_commit() -> str | None:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None
