"""Fast accuracy gate: intent accuracy on held-out examples, per language (no timing)."""
import pytest

from tests.nlu.holdout import evaluate, holdout_examples
from tests.servers import MODEL

# Issue 3 asks for 0.95 per language. Measured without leakage (Nov 2026): EN 0.935, FR 0.945.
# This floor keeps the gate honest and below the measured scores until the target is reached.
THRESHOLD = 0.95


@pytest.fixture(scope="module")
def agent():
    from rasa.core.agent import Agent

    return Agent.load(str(MODEL))


def test_holdout_is_not_in_the_training_data():
    from pathlib import Path

    training = set()
    for path in (Path(__file__).resolve().parents[2] / "data" / "nlu").glob("*.yml"):
        training.update(line.strip()[2:].strip().lower() for line in path.read_text().splitlines() if line.strip().startswith("- "))
    for lang in ("en", "fr"):
        overlap = [text for text, _ in holdout_examples(lang) if text.lower() in training]
        assert not overlap, overlap[:10]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_intent_accuracy_on_held_out_examples(agent, lang):
    result = evaluate(agent, lang)
    print(f"\n{lang}: held-out intent accuracy {result.accuracy:.3f} on {result.total} examples")
    for text, want, got in result.errors:
        print(f"  {want:>24} -> {got:<24} {text}")
    assert result.accuracy >= THRESHOLD, f"{lang}: {result.accuracy:.3f} < {THRESHOLD}"
