"""Saves and loads the intent classifier's fitted state as plain data: no pickle anywhere.

joblib (pickle) would run whatever code a tampered model file asks for, the class of bug behind
Rasa's CVE-2024-49375. Only numbers and strings are stored: the arrays in an ``.npz`` file read
with ``allow_pickle=False``, the vocabularies and intent names in JSON. Loading rebuilds the
scikit-learn objects from the component's configuration (``build_pipeline``) and fills in the
fitted state, so predictions are the same as before saving (tests/rasa_server/nlu/test_classifier_storage.py).

What is not stored: ``stop_words_``, the n-grams dropped by ``min_df``, which scikit-learn 1.1
keeps and which leak training text (CVE-2024-5206; rasa 3.6 pins scikit-learn below 1.2, the fix
came in 1.5). Prediction never uses it.
"""
from __future__ import annotations

import json
import zipfile
from pathlib import Path
from typing import Any, Dict, List

import numpy as np
from sklearn.base import clone
from sklearn.calibration import _CalibratedClassifier, _SigmoidCalibration
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.pipeline import Pipeline

ARRAYS_FILE = "linear_intent_classifier.npz"
TEXTS_FILE = "linear_intent_classifier.json"
FORMAT_VERSION = 1


class ModelFormatError(ValueError):
    """The stored classifier is not what this code writes (tampered, truncated or too old)."""


def _vectorizers(pipeline: Pipeline) -> List[TfidfVectorizer]:
    return [vectorizer for _, vectorizer in pipeline.named_steps["features"].transformer_list]


def save(pipeline: Pipeline, directory: Path) -> None:
    calibrated = pipeline.named_steps["classifier"]
    if len(calibrated.calibrated_classifiers_) != 1 or calibrated.method != "sigmoid":
        raise ValueError("only one sigmoid-calibrated classifier (ensemble=False) can be saved")
    fitted = calibrated.calibrated_classifiers_[0]
    svm = fitted.base_estimator
    arrays: Dict[str, np.ndarray] = {
        "coef": svm.coef_, "intercept": svm.intercept_,
        "calibration_a": np.array([c.a_ for c in fitted.calibrators], dtype=np.float64),
        "calibration_b": np.array([c.b_ for c in fitted.calibrators], dtype=np.float64),
    }
    vocabularies = []
    for i, vectorizer in enumerate(_vectorizers(pipeline)):
        arrays[f"idf_{i}"] = vectorizer.idf_
        terms = sorted(vectorizer.vocabulary_, key=vectorizer.vocabulary_.get)
        vocabularies.append(terms)
    texts = {"format": FORMAT_VERSION, "classes": [str(c) for c in calibrated.classes_],
             "svm_classes": [str(c) for c in svm.classes_], "vocabularies": vocabularies}
    np.savez(directory / ARRAYS_FILE, **arrays)
    (directory / TEXTS_FILE).write_text(json.dumps(texts, ensure_ascii=False), encoding="utf-8")


def load(unfitted: Pipeline, directory: Path) -> Pipeline:
    """Fills `unfitted` (from ``build_pipeline`` with the training's configuration) and returns it."""
    try:
        texts = json.loads((directory / TEXTS_FILE).read_text(encoding="utf-8"))
        with np.load(directory / ARRAYS_FILE, allow_pickle=False) as stored:
            arrays = {name: stored[name] for name in stored.files}
    except FileNotFoundError:
        raise  # never trained (too few intents): the component predicts nothing
    except (OSError, ValueError, zipfile.BadZipFile) as error:  # object arrays refused here too
        raise ModelFormatError(f"unreadable classifier files: {error}") from None
    if not isinstance(texts, dict) or texts.get("format") != FORMAT_VERSION:
        raise ModelFormatError("unknown classifier format")
    try:
        _fill(unfitted, texts, arrays)
    except (KeyError, TypeError, ValueError) as error:
        raise ModelFormatError(f"inconsistent classifier files: {error}") from None
    return unfitted


def _fill(pipeline: Pipeline, texts: Dict[str, Any], arrays: Dict[str, np.ndarray]) -> None:
    n_features = 0
    vectorizers = _vectorizers(pipeline)
    if len(vectorizers) != len(texts["vocabularies"]):
        raise ValueError("number of vectorizers")
    for i, (vectorizer, terms) in enumerate(zip(vectorizers, texts["vocabularies"], strict=True)):
        vocabulary = {str(term): index for index, term in enumerate(terms)}
        if len(vocabulary) != len(terms) or arrays[f"idf_{i}"].shape != (len(terms),):
            raise ValueError(f"vocabulary {i} and its weights differ")
        vectorizer.vocabulary_ = vocabulary
        vectorizer.idf_ = arrays[f"idf_{i}"]
        n_features += len(terms)
    classes, svm_classes = np.array(texts["classes"]), np.array(texts["svm_classes"])
    calibrated = pipeline.named_steps["classifier"]
    svm = clone(calibrated.base_estimator)
    svm.coef_, svm.intercept_, svm.classes_ = arrays["coef"], arrays["intercept"], svm_classes
    svm.n_features_in_ = n_features
    rows = len(svm_classes) if len(svm_classes) > 2 else 1
    if svm.coef_.shape != (rows, n_features) or svm.intercept_.shape != (rows,):
        raise ValueError("weights do not match the vocabularies")
    calibrators = []
    for a, b in zip(arrays["calibration_a"], arrays["calibration_b"], strict=True):
        calibrator = _SigmoidCalibration()
        calibrator.a_, calibrator.b_ = float(a), float(b)
        calibrators.append(calibrator)
    if len(calibrators) != rows:
        raise ValueError("one calibrator per class")
    calibrated.calibrated_classifiers_ = [_CalibratedClassifier(svm, calibrators, classes=classes,
                                                                method="sigmoid")]
    calibrated.classes_ = classes
    calibrated.n_features_in_ = n_features
