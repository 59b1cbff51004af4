"""Deadlines counted in calendar days from the date of a request."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timedelta
from enum import Enum

from ..knowledge import Knowledge
from .clock import montreal_today


class DeadlineKind(str, Enum):
    MISSING_ITEMS = "missing_items"  # incomplete application: 60 days or rejected
    VALUES_ATTESTATION = "values_attestation"  # values attestation request: 60 days


class DeadlineState(str, Enum):
    UPCOMING = "upcoming"
    DUE_TODAY = "due_today"
    PASSED = "passed"


@dataclass(frozen=True)
class Deadline:
    kind: DeadlineKind
    request_date: date
    days_allowed: int
    due: date
    today: date
    state: DeadlineState
    days_left: int  # 0 when due today or passed
    days_late: int  # 0 unless passed


def days_allowed(k: Knowledge, kind: DeadlineKind) -> int:
    path = "completeness" if kind is DeadlineKind.MISSING_ITEMS else "values_attestation.request"
    return int(k.fact(path)["days"])


def compute_deadline(k: Knowledge, request_date: date, now: datetime,
                     kind: DeadlineKind = DeadlineKind.MISSING_ITEMS) -> Deadline:
    """Due date = request date + the kind's days (60 for both today); days left or late on Montréal's date."""
    allowed = days_allowed(k, kind)
    due = request_date + timedelta(days=allowed)
    today = montreal_today(now)
    delta = (due - today).days
    if delta > 0:
        state, left, late = DeadlineState.UPCOMING, delta, 0
    elif delta == 0:
        state, left, late = DeadlineState.DUE_TODAY, 0, 0
    else:
        state, left, late = DeadlineState.PASSED, 0, -delta
    return Deadline(kind, request_date, allowed, due, today, state, left, late)
