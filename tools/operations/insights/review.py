"""review.yml: the unanswered questions as Rasa NLU training data, ready to be labelled.

Every question sits under the placeholder intent `to_label`, with the intent the model predicted as
a comment: replace `to_label` with the right intent, then move the line into `data/nlu/<topic>.yml`
(and write held-out examples separately). The file loads as it is (`rasa data validate` would only
complain about the unknown intent).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from datetime import datetime

from tools.operations.insights.clusters import Group

PLACEHOLDER = "to_label"
REASONS = {"fallback": "not understood", "out_of_scope": "outside the program", "rated_no": 'answer rated "No"'}
ANNOTATION = re.compile(r"[\[\]{}]")  # would be read as entity annotations in training data


def example_line(text: str) -> str:
    """One line of a training-data block: no line breaks, no annotation brackets."""
    return " ".join(ANNOTATION.sub(" ", text).split())


def review_yaml(groups: Sequence[Group], generated: datetime) -> str:
    lines = [
        'version: "3.1"',
        f"# Unanswered questions, from python -m tools.operations.insights on {generated:%Y-%m-%d %H:%M %Z}.",
        f"# Replace `{PLACEHOLDER}` with the right intent (the comment gives the model's guess), then move",
        "# the example into data/nlu/<topic>.yml. Questions are grouped by similarity, largest group first.",
        "nlu:",
    ]
    for number, group in enumerate(groups, 1):
        reasons = ", ".join(f"{REASONS[r]}: {n}" for r, n in sorted(group.reasons.items()))
        lines.append(f"# group {number}: {group.count} question(s) ({reasons})")
        seen: set[str] = set()
        for question in group.questions:
            text = example_line(question.text)
            if not text or text in seen:
                continue
            seen.add(text)
            guess = f"{question.predicted[0]} ({question.predicted[1]:.2f})" if question.predicted else "none"
            lines += [f"# predicted: {guess}; {REASONS[question.reason]}; language: {question.lang}",
                      f"- intent: {PLACEHOLDER}", "  examples: |", f"    - {text}"]
    if not groups:
        lines[-1] = "nlu: []"
    return "\n".join(lines) + "\n"
