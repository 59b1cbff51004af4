"""The three possible decisions and the administrative review."""
from __future__ import annotations

from dataclasses import dataclass
from enum import Enum

from ..knowledge import Knowledge, Source, Text


class Decision(str, Enum):
    SELECTED = "selected"
    REFUSED = "refused"
    REJECTED = "rejected"


@dataclass(frozen=True)
class DecisionInfo:
    decision: Decision
    causes: tuple[Text, ...]
    next_steps: tuple[Text, ...]
    review_possible: bool


@dataclass(frozen=True)
class AdministrativeReview:
    available_after: tuple[Decision, ...]
    french_condition_excluded: bool
    deadline_days: int | None  # stated only with its source named (medium confidence)
    deadline_source: Source | None


def explain_decision(k: Knowledge, decision: Decision) -> DecisionInfo:
    fact = k.fact(f"decisions.{decision.value}")
    return DecisionInfo(
        decision=decision,
        causes=fact.texts("causes"),
        next_steps=fact.texts("next_steps"),
        review_possible=decision is not Decision.SELECTED,
    )


def administrative_review(k: Knowledge) -> AdministrativeReview:
    deadline = k.fact("administrative_review.deadline_days")
    return AdministrativeReview(
        available_after=(Decision.REFUSED, Decision.REJECTED),
        french_condition_excluded=k.fact("administrative_review.french_exception").statable,
        deadline_days=int(deadline["value"]) if deadline.statable else None,
        deadline_source=deadline.source if deadline.statable else None,
    )
