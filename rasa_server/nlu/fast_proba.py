"""The classifier's probabilities, as scikit-learn computes them, without its per-call overheads.

``Pipeline.predict_proba`` on one short message spends most of its time around the arithmetic: the
feature union runs its two vectorizers through joblib, and the sigmoid calibration calls one
calibrator per intent (34 here), each validating its input. Profiling the Rasa server put the
classifier at a quarter of its CPU per message (issue 20). ``FastProba`` does the same steps
directly: the two TF-IDF vectorizers' ``transform`` stacked side by side (``FeatureUnion`` without
weights), the SVM's ``decision_function``, then every intent's sigmoid ``1 / (1 + exp(a·f + b))`` at
once, normalised and clipped exactly as ``_CalibratedClassifier.predict_proba`` does, averaged over
the calibrated classifiers as ``CalibratedClassifierCV.predict_proba`` does.
tests/rasa_server/nlu/test_linear_intent_classifier.py checks it against ``Pipeline.predict_proba`` on the
held-out sets; a pipeline of another shape is not handled (``from_pipeline`` returns None) and keeps
scikit-learn's own path.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, List, Optional, Sequence

import numpy as np
from scipy import sparse
from scipy.special import expit
from sklearn.calibration import CalibratedClassifierCV, _SigmoidCalibration
from sklearn.pipeline import FeatureUnion, Pipeline


@dataclass(frozen=True)
class _Calibrated:
    estimator: Any  # the SVM
    columns: np.ndarray  # where each of its classes goes in the output
    slopes: np.ndarray  # a, per class
    offsets: np.ndarray  # b, per class


@dataclass(frozen=True)
class FastProba:
    vectorizers: List[Any]
    calibrated: List[_Calibrated]
    n_classes: int

    @classmethod
    def from_pipeline(cls, pipeline: Any) -> Optional[FastProba]:
        steps = pipeline.steps if isinstance(pipeline, Pipeline) else []
        if len(steps) != 2 or not isinstance(steps[0][1], FeatureUnion) or steps[0][1].transformer_weights:
            return None
        union, classifier = steps[0][1], steps[1][1]
        if not isinstance(classifier, CalibratedClassifierCV) or len(classifier.classes_) < 3:
            return None
        calibrated = []
        for one in classifier.calibrated_classifiers_:
            if not all(isinstance(c, _SigmoidCalibration) for c in one.calibrators):
                return None
            columns = np.searchsorted(classifier.classes_, one.base_estimator.classes_)
            calibrated.append(_Calibrated(one.base_estimator, columns, np.array([c.a_ for c in one.calibrators]),
                                          np.array([c.b_ for c in one.calibrators])))
        vectorizers = [transformer for _, transformer in union.transformer_list]
        return cls(vectorizers, calibrated, len(classifier.classes_))

    def predict_proba(self, texts: Sequence[str]) -> np.ndarray:
        features = sparse.hstack([vectorizer.transform(texts) for vectorizer in self.vectorizers]).tocsr()
        mean = np.zeros((len(texts), self.n_classes))
        for one in self.calibrated:
            proba = np.zeros((len(texts), self.n_classes))
            proba[:, one.columns] = expit(-(one.slopes * one.estimator.decision_function(features) + one.offsets))
            denominator = np.sum(proba, axis=1)[:, np.newaxis]
            proba = np.divide(proba, denominator, out=np.full_like(proba, 1 / self.n_classes), where=denominator != 0)
            proba[(1.0 < proba) & (proba <= 1.0 + 1e-5)] = 1.0
            mean += proba
        return mean / len(self.calibrated)
