from datetime import date, datetime, time, timezone

import pytest

from program.rules.closures import ClosureKind, closure_on
from program.rules.contact_centre import ClosedReason, contact_status, line_status, next_day_with_hours, phones_for
from program.rules.formatting import format_time
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
        # Good Friday and Easter Monday alike: normally open (they may be closed, see below).
        (at(2027, 3, 26, 10, 0), True, None, None),
        (at(2027, 3, 29, 10, 0), True, None, None),
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
    assert status.holiday_name("fr") == "la Fête nationale du Québec"
    assert status.holiday_name("en") == "the National Holiday (Fête nationale du Québec)"


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
        (at(2027, 3, 26, 9, 0), True, False),  # Good Friday 2027, treated the same way
        (at(2027, 3, 25, 17, 0), False, True),  # Thursday evening before Good Friday
        (at(2026, 11, 25, 9, 0), False, False),
    ],
)
def test_days_the_sources_do_not_settle_are_flagged(now, uncertain_today, next_uncertain):
    status = contact_status(now)
    assert (status.may_be_closed is not None) is uncertain_today
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


# The explicit list: statutory holidays (normally closed) and possible closures, with the law's
# Sunday rules, and none of the "observed" days a holiday library adds.
@pytest.mark.parametrize(
    "day, key, kind",
    [
        (date(2027, 1, 1), "new_year", ClosureKind.HOLIDAY),
        (date(2026, 5, 18), "patriots_day", ClosureKind.HOLIDAY),  # May 25, 2026 is a Monday: the one before
        (date(2027, 5, 24), "patriots_day", ClosureKind.HOLIDAY),
        (date(2027, 6, 24), "fete_nationale", ClosureKind.HOLIDAY),
        (date(2029, 6, 25), "fete_nationale", ClosureKind.HOLIDAY),  # June 24, 2029 is a Sunday
        (date(2029, 7, 2), "canada_day", ClosureKind.HOLIDAY),  # July 1, 2029 is a Sunday
        (date(2027, 9, 6), "labour_day", ClosureKind.HOLIDAY),
        (date(2027, 10, 11), "thanksgiving", ClosureKind.HOLIDAY),
        (date(2026, 12, 25), "christmas", ClosureKind.HOLIDAY),
        (date(2027, 3, 26), "good_friday", ClosureKind.POSSIBLE),
        (date(2027, 3, 29), "easter_monday", ClosureKind.POSSIBLE),
        (date(2026, 12, 24), "christmas_eve", ClosureKind.POSSIBLE),
        (date(2026, 12, 31), "new_year_eve", ClosureKind.POSSIBLE),
        (date(2027, 1, 2), "day_after_new_year", ClosureKind.POSSIBLE),
        (date(2027, 12, 27), None, None),  # "observed" Christmas in the holidays library: not a Québec holiday
        (date(2028, 1, 3), None, None),  # "observed" New Year's Day: idem
        (date(2029, 6, 24), None, None),  # the Sunday itself: the holiday moved to Monday
        (date(2026, 11, 11), None, None),  # Remembrance Day: not a statutory holiday in Québec
    ],
)
def test_closure_list(day, key, kind):
    closure = closure_on(day)
    assert (closure.key if closure else None) == key
    assert (closure.kind if closure else None) is kind


# Now: Monday, November 30, 2026 at 14:00 in Montréal.
NOW = at(2026, 11, 30, 14, 0)


@pytest.mark.parametrize(
    "day, asked, is_open, reason, next_opening, holiday, maybe",
    [
        (date(2026, 12, 7), time(7, 30), False, ClosedReason.BEFORE_HOURS, at(2026, 12, 7, 8, 0), None, None),
        (date(2026, 12, 2), time(9, 45), False, ClosedReason.BEFORE_HOURS, at(2026, 12, 2, 10, 0), None, None),
        (date(2026, 12, 2), time(16, 15), True, None, None, None, None),
        (date(2026, 12, 2), time(16, 30), False, ClosedReason.AFTER_HOURS, at(2026, 12, 3, 8, 0), None, None),
        (date(2026, 12, 4), time(16, 0), False, ClosedReason.AFTER_HOURS, at(2026, 12, 7, 8, 0), None, None),
        (date(2026, 12, 6), None, None, ClosedReason.WEEKEND, at(2026, 12, 7, 8, 0), None, None),
        (date(2026, 12, 3), None, None, None, None, None, None),
        (date(2027, 1, 1), None, None, ClosedReason.HOLIDAY, at(2027, 1, 4, 8, 0), "new_year", None),
        (date(2027, 6, 24), time(10, 0), False, ClosedReason.HOLIDAY, at(2027, 6, 25, 8, 0), "fete_nationale", None),
        (date(2027, 10, 11), None, None, ClosedReason.HOLIDAY, at(2027, 10, 12, 8, 0), "thanksgiving", None),
        (date(2026, 12, 24), None, None, None, None, None, "christmas_eve"),
        (date(2026, 12, 24), time(10, 0), True, None, None, None, "christmas_eve"),
        (date(2026, 12, 24), time(7, 0), False, ClosedReason.BEFORE_HOURS, at(2026, 12, 24, 8, 0), None, "christmas_eve"),
        (date(2027, 3, 26), None, None, None, None, None, "good_friday"),
        (date(2027, 3, 29), None, None, None, None, None, "easter_monday"),
        (date(2026, 12, 26), None, None, ClosedReason.WEEKEND, at(2026, 12, 28, 8, 0), None, None),  # a Saturday
    ],
)
def test_the_line_on_the_day_and_time_asked(day, asked, is_open, reason, next_opening, holiday, maybe):
    status = line_status(NOW, day, asked)
    assert status.open is is_open
    assert status.closed_reason is reason
    assert status.next_opening == next_opening
    assert (status.holiday.key if status.holiday else None) == holiday
    assert (status.may_be_closed.key if status.may_be_closed else None) == maybe


@pytest.mark.parametrize(
    "now, asked, day",
    [
        (NOW, time(15, 0), date(2026, 11, 30)),  # still ahead today
        (NOW, time(7, 30), date(2026, 12, 1)),  # passed today: tomorrow
        (at(2026, 12, 4, 17, 0), time(9, 0), date(2026, 12, 7)),  # Friday evening: Monday
        (at(2026, 12, 24, 17, 0), time(9, 0), date(2026, 12, 28)),  # skips Christmas Day and the weekend
    ],
)
def test_a_time_asked_with_no_day_means_the_next_day_it_can_apply(now, asked, day):
    assert next_day_with_hours(now, asked) == day
