"""Stratified k-fold cross-validation on the training data: train on k-1 folds, predict the last.

Rasa's ``rasa test nlu --cross-validation`` does the same but draws its folds at random and
keeps no per-example language; here the folds are seeded (same data, same folds) and each
fold's predictions go through the same scoring as the held-out sets.
"""
from __future__ import annotations

import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from tools.measuring.evaluation.examples import from_messages
from tools.measuring.evaluation.predict import Prediction, load_agent, predict


@dataclass(frozen=True)
class FoldResult:
    """One fold: its held-back predictions and how long it took (training + prediction)."""

    index: int
    predictions: list[Prediction]
    seconds: float


def cross_validate(config: Path, nlu: Path, folds: int, seed: int = 42,
                   log: Callable[[str], None] = print) -> list[FoldResult]:
    """Trains ``folds`` NLU models with ``config`` and predicts each one's held-back fold."""
    from rasa.model_training import train_nlu
    from rasa.nlu.test import drop_intents_below_freq
    from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
    from rasa.shared.nlu.training_data.loading import load_data
    from rasa.shared.nlu.training_data.training_data import TrainingData
    from sklearn.model_selection import StratifiedKFold

    data = drop_intents_below_freq(load_data(str(nlu)), cutoff=folds)
    messages = data.intent_examples
    labels = [m.get("intent") for m in messages]
    splitter = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    results = []
    with tempfile.TemporaryDirectory(prefix="pp-eval-cv-") as tmp:
        for index, (train_idx, test_idx) in enumerate(splitter.split(messages, labels), start=1):
            started = time.monotonic()
            log(f"cross-validation fold {index}/{folds}: training on {len(train_idx)} examples")
            train_file = Path(tmp) / f"fold-{index}.yml"
            RasaYAMLWriter().dump(train_file, TrainingData(training_examples=[messages[i] for i in train_idx]))
            model = train_nlu(str(config), str(train_file), tmp, fixed_model_name=f"fold-{index}")
            if not model:
                raise RuntimeError(f"training fold {index} failed")
            agent = load_agent(Path(model))
            predictions = predict(agent, from_messages(messages[i] for i in test_idx))
            results.append(FoldResult(index, predictions, time.monotonic() - started))
            accuracy = sum(p.correct for p in predictions) / len(predictions)
            log(f"cross-validation fold {index}/{folds}: accuracy {accuracy:.3f} on {len(predictions)} "
                f"examples ({results[-1].seconds / 60:.1f} min)")
    return results
