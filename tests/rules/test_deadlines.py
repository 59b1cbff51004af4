from datetime import date

import pytest

from program.rules.deadlines import DeadlineKind, DeadlineState, compute_deadline
from program.rules.formatting import format_date
from tests.rules.conftest import at


@pytest.mark.parametrize(
    "requested, now, due, state, left, late",
    [
        (date(2026, 11, 10), at(2026, 11, 22), date(2027, 1, 9), DeadlineState.UPCOMING, 48, 0),
        (date(2028, 1, 1), at(2028, 1, 1), date(2028, 3, 1), DeadlineState.UPCOMING, 60, 0),
        (date(2027, 1, 1), at(2027, 1, 1), date(2027, 3, 2), DeadlineState.UPCOMING, 60, 0),
        (date(2026, 12, 15), at(2027, 2, 13), date(2027, 2, 13), DeadlineState.DUE_TODAY, 0, 0),
        (date(2026, 9, 1), at(2026, 11, 22), date(2026, 10, 31), DeadlineState.PASSED, 0, 22),
        (date(2026, 10, 31), at(2026, 11, 22), date(2026, 12, 30), DeadlineState.UPCOMING, 38, 0),
    ],
)
def test_sixty_day_deadline(requested, now, due, state, left, late):
    deadline = compute_deadline(requested, now)
    assert (deadline.due, deadline.state, deadline.days_left, deadline.days_late) == (due, state, left, late)
    assert deadline.days_allowed == 60


def test_values_attestation_deadline_is_sixty_days_too():
    deadline = compute_deadline(date(2026, 11, 10), at(2026, 11, 22), DeadlineKind.VALUES_ATTESTATION)
    assert deadline.due == date(2027, 1, 9)


@pytest.mark.parametrize(
    "day, en, fr",
    [
        (date(2027, 1, 9), "January 9, 2027", "9 janvier 2027"),
        (date(2028, 3, 1), "March 1, 2028", "1er mars 2028"),
    ],
)
def test_due_dates_are_written_per_language(day, en, fr):
    assert format_date(day, "en") == en
    assert format_date(day, "fr") == fr
