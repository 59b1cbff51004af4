"""Fast accuracy gate: intent accuracy on held-out examples, per language (no timing).

Same reading and scoring as `make eval` (evaluation/): `nlu_fallback` counts as wrong.
"""
from pathlib import Path

import pytest

from evaluation.examples import load_examples
from evaluation.predict import load_agent, predict
from tests.servers import MODEL, ROOT

# Issue 3 asks for 0.95 per language (measured Nov 30, 2026: EN 0.980, FR 0.978; `make eval`
# reports the 0.97 target of issue 5).
THRESHOLD = 0.95
HOLDOUT = ROOT / "tests" / "nlu_holdout"


def holdout(lang: str):
    return load_examples(HOLDOUT / f"{lang}.yml")


@pytest.fixture(scope="module")
def agent():
    return load_agent(Path(MODEL))


def test_holdout_is_not_in_the_training_data():
    training = {example.text.strip().lower() for example in load_examples(ROOT / "data" / "nlu")}
    for lang in ("en", "fr"):
        overlap = [example.text for example in holdout(lang) if example.text.strip().lower() in training]
        assert not overlap, overlap[:10]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_intent_accuracy_on_held_out_examples(agent, lang):
    predictions = predict(agent, holdout(lang))
    errors = [p for p in predictions if not p.correct]
    accuracy = 1 - len(errors) / len(predictions)
    print(f"\n{lang}: held-out intent accuracy {accuracy:.3f} on {len(predictions)} examples")
    for p in errors:
        print(f"  {p.example.intent:>24} -> {p.intent:<24} {p.example.text}")
    assert accuracy >= THRESHOLD, f"{lang}: {accuracy:.3f} < {THRESHOLD}"
