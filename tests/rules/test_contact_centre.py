from datetime import datetime, time, timezone

import pytest

from actions.rules.contact_centre import ClosedReason, contact_status, phones_for
from actions.rules.formatting import format_time
from tests.rules.conftest import MONTREAL, at

# 2026-11-25 is a Wednesday, 2026-11-27 a Friday, 2026-11-28 a Saturday.


@pytest.mark.parametrize(
    "now, open_now, reason, next_opening",
    [
        (at(2026, 11, 25, 9, 30), False, ClosedReason.BEFORE_HOURS, at(2026, 11, 25, 10, 0)),
        (at(2026, 11, 25, 16, 15), True, None, None),
        (at(2026, 11, 25, 16, 30), False, ClosedReason.AFTER_HOURS, at(2026, 11, 26, 8, 0)),
        (at(2026, 11, 26, 8, 0), True, None, None),
        (at(2026, 11, 26, 7, 59), False, ClosedReason.BEFORE_HOURS, at(2026, 11, 26, 8, 0)),
        (at(2026, 11, 27, 16, 0), False, ClosedReason.AFTER_HOURS, at(2026, 11, 30, 8, 0)),
        (at(2026, 11, 27, 15, 59), True, None, None),
        (at(2026, 11, 28, 11, 0), False, ClosedReason.WEEKEND, at(2026, 11, 30, 8, 0)),
        (at(2026, 12, 25, 10, 0), False, ClosedReason.HOLIDAY, at(2026, 12, 28, 8, 0)),
        (at(2027, 6, 24, 10, 0), False, ClosedReason.HOLIDAY, at(2027, 6, 25, 8, 0)),
        (at(2027, 3, 26, 10, 0), False, ClosedReason.HOLIDAY, at(2027, 3, 29, 8, 0)),  # Good Friday
        (at(2027, 1, 1, 9, 0), False, ClosedReason.HOLIDAY, at(2027, 1, 4, 8, 0)),
    ],
)
def test_open_or_closed(now, open_now, reason, next_opening):
    status = contact_status(now)
    assert status.open_now is open_now
    assert status.closed_reason is reason
    assert status.next_opening == next_opening


def test_closing_time_today_when_open():
    assert contact_status(at(2026, 11, 25, 16, 15)).closes_at == time(16, 30)
    assert contact_status(at(2026, 11, 23, 9, 0)).closes_at == time(16, 0)


def test_holiday_names_in_both_languages():
    status = contact_status(at(2027, 6, 24, 10, 0))
    assert status.holiday_name("fr") == "Fête nationale du Québec"
    assert status.holiday_name("en") == "Saint Jean Baptiste Day"


@pytest.mark.parametrize(
    "utc, open_now",
    [
        # Friday March 12, 2027 (EST, UTC-5): 12:30 UTC is 07:30 in Montréal: closed.
        (datetime(2027, 3, 12, 12, 30, tzinfo=timezone.utc), False),
        # Monday March 15, 2027 (EDT since the 14th, UTC-4): 12:30 UTC is 08:30: open.
        (datetime(2027, 3, 15, 12, 30, tzinfo=timezone.utc), True),
        # Monday November 8, 2027 (EST since the 7th): 12:30 UTC is 07:30: closed.
        (datetime(2027, 11, 8, 12, 30, tzinfo=timezone.utc), False),
        (datetime(2027, 11, 8, 13, 0, tzinfo=timezone.utc), True),
    ],
)
def test_daylight_saving_changes(utc, open_now):
    assert contact_status(utc).open_now is open_now


def test_next_opening_across_daylight_saving_is_local_eight():
    # Saturday March 13, 2027 → opens Monday March 15 at 08:00 EDT (12:00 UTC).
    status = contact_status(at(2027, 3, 13, 12, 0))
    assert status.next_opening.astimezone(timezone.utc).hour == 12
    assert status.next_opening.astimezone(MONTREAL).time() == time(8, 0)


@pytest.mark.parametrize(
    "now, uncertain_today, next_uncertain",
    [
        (at(2026, 12, 24, 9, 0), True, False),
        (at(2026, 12, 23, 17, 0), False, True),  # next opening is Dec 24: may be closed
        (at(2027, 3, 29, 9, 0), True, False),  # Easter Monday 2027
        (at(2026, 11, 25, 9, 0), False, False),
    ],
)
def test_days_the_sources_do_not_settle_are_flagged(now, uncertain_today, next_uncertain):
    status = contact_status(now)
    assert status.uncertain_today is uncertain_today
    assert status.next_opening_uncertain is next_uncertain


@pytest.mark.parametrize(
    "location, numbers",
    [
        ("montreal", ["514-864-9191"]),
        ("quebec", ["1-877-864-9191"]),
        ("outside", ["1-514-864-9191"]),
        (None, ["514-864-9191", "1-877-864-9191", "1-514-864-9191"]),
    ],
)
def test_number_by_where_the_caller_is(location, numbers):
    assert [p.number for p in phones_for(location)] == numbers


def test_times_written_per_language():
    assert format_time(time(16, 30), "fr") == "16 h 30"
    assert format_time(time(10, 0), "fr") == "10 h"
    assert format_time(time(16, 30), "en") == "16:30"
