"""Unanswered questions grouped by similarity: TF-IDF on character n-grams (robust to typos,
accents and FR/EN spelling), then average-linkage agglomerative clustering on cosine distance."""
from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass

import numpy as np
from sklearn.cluster import AgglomerativeClustering
from sklearn.feature_extraction.text import TfidfVectorizer

from tools.operations.insights.analysis import Unanswered

DISTANCE_THRESHOLD = 0.75  # cosine distance under which two groups merge
MAX_QUESTIONS = 3000  # the most recent ones: clustering is quadratic in memory


@dataclass
class Group:
    questions: list[Unanswered]

    @property
    def count(self) -> int:
        return len(self.questions)

    @property
    def examples(self) -> list[str]:
        """Distinct texts, the most frequent first."""
        return [text for text, _ in Counter(q.text.strip() for q in self.questions).most_common()]

    @property
    def reasons(self) -> Counter:
        return Counter(q.reason for q in self.questions)

    @property
    def predicted(self) -> str | None:
        names = Counter(q.predicted[0] for q in self.questions if q.predicted)
        return names.most_common(1)[0][0] if names else None


def group(questions: Sequence[Unanswered], threshold: float = DISTANCE_THRESHOLD) -> list[Group]:
    """Groups, the largest first (ties: in order of first appearance)."""
    questions = list(questions)[-MAX_QUESTIONS:]
    if len(questions) < 2:
        return [Group(questions)] if questions else []
    labels = _labels([q.text for q in questions], threshold)
    by_label: dict[int, list[Unanswered]] = {}
    for label, question in zip(labels, questions, strict=True):
        by_label.setdefault(int(label), []).append(question)
    return sorted((Group(members) for members in by_label.values()), key=lambda g: -g.count)


def _labels(texts: list[str], threshold: float) -> np.ndarray:
    vectors = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), lowercase=True, strip_accents="unicode",
                              sublinear_tf=True).fit_transform(texts).toarray()
    if not vectors.any(axis=1).all():  # texts with no letters at all: give them a tiny common vector
        vectors = np.hstack([vectors, np.full((len(texts), 1), 1e-6)])
    options = dict(n_clusters=None, distance_threshold=threshold, linkage="average")
    try:
        model = AgglomerativeClustering(metric="cosine", **options)
    except TypeError:  # scikit-learn before 1.2 calls it affinity
        model = AgglomerativeClustering(affinity="cosine", **options)
    return model.fit_predict(vectors)
