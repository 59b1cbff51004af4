from datetime import date

import pytest

from pilot_program.rules.deadlines import DeadlineKind, DeadlineState, compute_deadline, days_allowed
from pilot_program.rules.formatting import format_date
from tests.pilot_program.rules.conftest import K, at

# The fixture: 45 days for missing items (completeness), 30 for the values attestation.


@pytest.mark.parametrize(
    "requested, now, due, state, left, late",
    [
        (date(2026, 11, 10), at(2026, 11, 22), date(2026, 12, 25), DeadlineState.UPCOMING, 33, 0),
        (date(2028, 1, 15), at(2028, 1, 15), date(2028, 2, 29), DeadlineState.UPCOMING, 45, 0),  # leap year
        (date(2027, 1, 15), at(2027, 1, 15), date(2027, 3, 1), DeadlineState.UPCOMING, 45, 0),
        (date(2026, 12, 30), at(2027, 2, 13), date(2027, 2, 13), DeadlineState.DUE_TODAY, 0, 0),
        (date(2026, 9, 1), at(2026, 11, 22), date(2026, 10, 16), DeadlineState.PASSED, 0, 37),
        (date(2026, 11, 10), at(2026, 12, 26), date(2026, 12, 25), DeadlineState.PASSED, 0, 1),
    ],
)
def test_missing_items_deadline(requested, now, due, state, left, late):
    deadline = compute_deadline(K, requested, now)
    assert (deadline.due, deadline.state, deadline.days_left, deadline.days_late) == (due, state, left, late)
    assert deadline.days_allowed == 45 and deadline.kind is DeadlineKind.MISSING_ITEMS
    assert deadline.today == now.date() and deadline.request_date == requested


@pytest.mark.parametrize(
    "requested, now, due, state, left",
    [
        (date(2026, 11, 10), at(2026, 11, 22), date(2026, 12, 10), DeadlineState.UPCOMING, 18),
        (date(2026, 11, 10), at(2026, 12, 10), date(2026, 12, 10), DeadlineState.DUE_TODAY, 0),
    ],
)
def test_values_attestation_deadline_has_its_own_days(requested, now, due, state, left):
    deadline = compute_deadline(K, requested, now, DeadlineKind.VALUES_ATTESTATION)
    assert (deadline.due, deadline.state, deadline.days_left, deadline.days_allowed) == (due, state, left, 30)
    assert days_allowed(K, DeadlineKind.VALUES_ATTESTATION) == 30


def test_days_left_counted_on_montreals_date():
    from datetime import datetime, timezone

    # 03:00 UTC on Dec 26 is still Dec 25 in Montréal: due today, not passed.
    deadline = compute_deadline(K, date(2026, 11, 10), datetime(2026, 12, 26, 3, 0, tzinfo=timezone.utc))
    assert deadline.state is DeadlineState.DUE_TODAY


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
