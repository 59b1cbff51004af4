"""Fast accuracy gate: intent accuracy on held-out examples, per language (no timing).

Same reading and scoring as `make eval` (tools/measuring/evaluation/): `nlu_fallback` counts as wrong.
"""
from pathlib import Path

import pytest

from tests.servers import MODEL, ROOT
from tools.measuring.evaluation.examples import Example, heldout
from tools.measuring.evaluation.leaks import all_leaks, find_leaks
from tools.measuring.evaluation.predict import load_agent, predict

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

# The target of issues 5 and 8. Measured Nov 30, 2026 after removing every held-out line that leaked
# into training (exact after the classifier's normalisation, or a near duplicate): EN 0.977 on 434,
# FR 0.971 on 448. With ask_program_history (6 held-out lines per language, issue 8): EN 0.977 on 440,
# FR 0.971 on 454, the same lines wrong as before.
THRESHOLD = 0.97
HOLDOUT = ROOT / "tests" / "nlu_holdout"


def holdout(lang: str):
    return heldout(lang)


@pytest.fixture(scope="module")
def agent():
    return load_agent(Path(MODEL))


def test_holdout_is_not_in_the_training_data_even_nearly():
    """Equal after the classifier's normalisation or a near duplicate (`python -m tools.measuring.evaluation.leaks --fix`)."""
    leaks = all_leaks()
    for found in leaks.values():
        assert not found, [(leak.heldout, leak.training, round(leak.similarity, 2)) for leak in found[:10]]


def test_the_leak_check_sees_what_the_classifier_sees():
    training = [Example("J'ai combien de temps pour envoyer les documents manquants?", "ask_deadline"),
                Example("how much does it cost to add my spouse", "ask_fees")]
    heldout = [Example("jai combien de temps pour envoyer les documents manquants", "ask_deadline"),
               Example("how much would it cost to add my spouse", "ask_fees"),
               Example("where do I mail the form", "ask_mailing_address")]
    leaked = [leak.heldout for leak in find_leaks(training, heldout)]
    assert leaked == [heldout[0].text, heldout[1].text]


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_intent_accuracy_on_held_out_examples(agent, lang):
    predictions = predict(agent, holdout(lang))
    errors = [p for p in predictions if not p.correct]
    accuracy = 1 - len(errors) / len(predictions)
    print(f"\n{lang}: held-out intent accuracy {accuracy:.3f} on {len(predictions)} examples")
    for p in errors:
        print(f"  {p.example.intent:>24} -> {p.intent:<24} {p.example.text}")
    assert accuracy >= THRESHOLD, f"{lang}: {accuracy:.3f} < {THRESHOLD}"
