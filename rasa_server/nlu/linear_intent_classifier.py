"""Intent classifier: TF-IDF word and character n-grams feeding a calibrated linear SVM.

Why not DIET: on this data (a few thousand short bilingual questions) a linear model on
accent-folded word and character n-grams generalises better to unseen applicant wording,
trains in seconds instead of minutes and answers in a few milliseconds, without
TensorFlow. Measured with ``make eval``; see docs/benchmarks.md.

Accents are folded ("délai" and "delai" are the same feature) because applicants often type
without them. Character n-grams within word boundaries absorb typos and inflections in both
languages. Probabilities come from Platt scaling over cross-validation folds, so the
FallbackClassifier's threshold keeps its meaning.
"""
from __future__ import annotations

import hashlib
import logging
from pathlib import Path
from typing import Any, Dict, List, Optional

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.classifiers.classifier import IntentClassifier
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.calibration import CalibratedClassifierCV
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline, make_union
from sklearn.svm import LinearSVC

from pilot_program.text import fold
from rasa_server.nlu import classifier_storage
from rasa_server.nlu.fast_proba import FastProba
from understanding import questions

logger = logging.getLogger(__name__)


def build_pipeline(config: Dict[str, Any]) -> Pipeline:
    words = TfidfVectorizer(preprocessor=fold, ngram_range=tuple(config["word_ngrams"]),
                            sublinear_tf=True)
    chars = TfidfVectorizer(preprocessor=fold, analyzer="char_wb",
                            ngram_range=tuple(config["char_ngrams"]),
                            min_df=config["char_min_df"], sublinear_tf=True)
    svm = LinearSVC(C=config["C"], random_state=config["random_seed"])
    # ensemble=False: one SVM on all the data, its scores calibrated on cross-validation
    # folds; three times faster to predict than the average of one SVM per fold.
    classifier = CalibratedClassifierCV(svm, cv=config["calibration_folds"], method="sigmoid",
                                        ensemble=False)
    return Pipeline([("features", make_union(words, chars)), ("classifier", classifier)])


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.INTENT_CLASSIFIER], is_trainable=True)
class LinearIntentClassifier(GraphComponent, IntentClassifier):
    """Predicts the intent and a ranking with calibrated confidences."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            "word_ngrams": [1, 2],
            "char_ngrams": [1, 5],
            "char_min_df": 2,
            "C": 1.0,
            "calibration_folds": 3,
            "ranking_length": 10,
            "random_seed": 42,
        }

    def __init__(self, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
                 pipeline: Optional[Pipeline] = None) -> None:
        self._config = {**self.get_default_config(), **config}
        self._model_storage = model_storage
        self._resource = resource
        self._pipeline = pipeline
        # scikit-learn's arithmetic without its per-call overheads (rasa_server/nlu/fast_proba.py)
        self._fast = FastProba.from_pipeline(pipeline) if pipeline is not None else None

    @classmethod
    def fingerprint_addon(cls, config: Dict[str, Any]) -> Optional[str]:
        """This code and its storage format: Rasa's training cache would otherwise keep a model
        trained (or saved) by older code."""
        sources = (Path(__file__), Path(classifier_storage.__file__))
        return hashlib.sha256(b"".join(path.read_bytes() for path in sources)).hexdigest()

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> LinearIntentClassifier:
        return cls(config, model_storage, resource)

    def train(self, training_data: TrainingData) -> Resource:
        examples = [m for m in training_data.intent_examples if m.get(TEXT) and m.get(INTENT)]
        intents = {m.get(INTENT) for m in examples}
        if len(intents) < 2:
            logger.warning("LinearIntentClassifier needs at least two intents; not trained.")
            return self._resource
        texts = [m.get(TEXT) for m in examples]
        labels = np.array([m.get(INTENT) for m in examples])  # calibration needs an array
        self._pipeline = build_pipeline(self._config).fit(texts, labels)
        with self._model_storage.write_to(self._resource) as directory:
            classifier_storage.save(self._pipeline, Path(directory))
        return self._resource

    @classmethod
    def load(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
             execution_context: ExecutionContext, **kwargs: Any) -> LinearIntentClassifier:
        config = {**cls.get_default_config(), **config}
        try:
            with model_storage.read_from(resource) as directory:
                pipeline = classifier_storage.load(build_pipeline(config), Path(directory))
        except classifier_storage.ModelFormatError:
            raise  # a damaged or foreign model must not load as "predicts nothing"
        except (ValueError, FileNotFoundError):
            logger.warning("No trained LinearIntentClassifier found; it will predict nothing.")
            pipeline = None
        return cls(config, model_storage, resource, pipeline)

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = message.get(TEXT) or ""
            if self._pipeline is None or not text.strip():
                # like Rasa's classifiers: no intent, confidence 0, so the FallbackClassifier takes it
                message.set(INTENT, {"name": None, "confidence": 0.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                continue
            spans = questions.clause_spans(text)
            spans = spans if len(spans) > 1 else []  # one clause is the message itself
            texts = [text] + [text[start:end] for start, end in spans]
            # the message and its clauses at once
            probabilities = (self._fast or self._pipeline).predict_proba(texts)
            labels = self._pipeline.classes_
            order = np.argsort(probabilities[0])[::-1][: self._config["ranking_length"]]
            ranking = [{"name": str(labels[i]), "confidence": float(probabilities[0][i])} for i in order]
            message.set(INTENT, ranking[0], add_to_output=True)
            message.set(INTENT_RANKING_KEY, ranking, add_to_output=True)
            message.set(questions.PARSE_KEY, _clauses(spans, probabilities[1:], labels), add_to_output=True)
        return messages


def _clauses(spans: List[Any], probabilities: Any, labels: Any) -> List[Dict[str, Any]]:
    """Each clause's place in the message and its most likely intent (never its text: the parse data is
    stored, and only the message's own text goes through the redaction)."""
    return [{"start": start, "end": end, "intent": str(labels[int(np.argmax(row))]), "confidence": float(np.max(row))}
            for (start, end), row in zip(spans, probabilities, strict=True)]
