from datetime import date, datetime, time, timezone

import pytest

from pilot_program.rules.closures import ClosureKind, closure_on, closures, next_date_of
from pilot_program.rules.contact_centre import (
    ClosedReason,
    contact_status,
    line_status,
    next_day_with_hours,
    phones_for,
    weekly_hours,
)
from pilot_program.rules.formatting import format_time
from tests.pilot_program.rules.conftest import MONTREAL, K, at

# The fixture's line: Mon, Tue, Thu 9:00-17:00, Wed 11:00-15:30, Fri 9:00-12:00, Sat 10:00-14:00,
# closed Sundays. Holidays: Jan 1, Easter Monday, Patriots' Day, June 24 (Sunday: Monday), Labour
# Day. Possible closures: Good Friday, December 24. Christmas Day is neither.
# 2026-11-23 is a Monday, 11-25 a Wednesday, 11-27 a Friday, 11-28 a Saturday, 11-29 a Sunday.


@pytest.mark.parametrize(
    "now, open_now, reason, next_opening",
    [
        (at(2026, 11, 25, 10, 30), False, ClosedReason.BEFORE_HOURS, at(2026, 11, 25, 11, 0)),
        (at(2026, 11, 25, 15, 15), True, None, None),
        (at(2026, 11, 25, 15, 30), False, ClosedReason.AFTER_HOURS, at(2026, 11, 26, 9, 0)),
        (at(2026, 11, 26, 9, 0), True, None, None),
        (at(2026, 11, 26, 8, 59), False, ClosedReason.BEFORE_HOURS, at(2026, 11, 26, 9, 0)),
        (at(2026, 11, 27, 11, 59), True, None, None),
        (at(2026, 11, 27, 12, 0), False, ClosedReason.AFTER_HOURS, at(2026, 11, 28, 10, 0)),
        (at(2026, 11, 28, 14, 0), False, ClosedReason.AFTER_HOURS, at(2026, 11, 30, 9, 0)),
        (at(2026, 11, 29, 11, 0), False, ClosedReason.WEEKEND, at(2026, 11, 30, 9, 0)),
        (at(2027, 1, 1, 10, 0), False, ClosedReason.HOLIDAY, at(2027, 1, 2, 10, 0)),
        (at(2027, 6, 24, 10, 0), False, ClosedReason.HOLIDAY, at(2027, 6, 25, 9, 0)),
        (at(2027, 3, 29, 10, 0), False, ClosedReason.HOLIDAY, at(2027, 3, 30, 9, 0)),  # Easter Monday
        (at(2027, 3, 26, 10, 0), True, None, None),  # Good Friday: normally open (may be closed, below)
        (at(2026, 12, 25, 10, 0), True, None, None),  # Christmas is on neither list of this file
    ],
)
def test_open_or_closed(now, open_now, reason, next_opening):
    status = contact_status(K, now)
    assert status.open_now is open_now
    assert status.closed_reason is reason
    assert status.next_opening == next_opening
    assert status.is_today


def test_closing_time_today_when_open():
    assert contact_status(K, at(2026, 11, 25, 15, 15)).closes_at == time(15, 30)
    assert contact_status(K, at(2026, 11, 23, 10, 0)).closes_at == time(17, 0)
    assert contact_status(K, at(2026, 11, 23, 8, 0)).closes_at is None


def test_weekly_hours_from_the_knowledge_given():
    hours = weekly_hours(K)
    assert sorted(hours) == [1, 2, 3, 4, 5, 6]
    assert (hours[3].opens, hours[3].closes) == (time(11, 0), time(15, 30))
    assert (hours[6].opens, hours[6].closes) == (time(10, 0), time(14, 0))


def test_holiday_names_in_both_languages():
    status = contact_status(K, at(2027, 6, 24, 10, 0))
    assert status.holiday_name("fr") == "la Fête nationale"
    assert status.holiday_name("en") == "the National Holiday"
    assert contact_status(K, at(2026, 11, 25, 12, 0)).holiday_name("en") is None


@pytest.mark.parametrize(
    "utc, open_now",
    [
        # Friday March 12, 2027 (EST, UTC-5): 13:30 UTC is 08:30 in Montréal: closed.
        (datetime(2027, 3, 12, 13, 30, tzinfo=timezone.utc), False),
        # Monday March 15, 2027 (EDT since the 14th, UTC-4): 13:30 UTC is 09:30: open.
        (datetime(2027, 3, 15, 13, 30, tzinfo=timezone.utc), True),
        # Monday November 8, 2027 (EST since the 7th): 13:30 UTC is 08:30: closed; 14:00 is 09:00.
        (datetime(2027, 11, 8, 13, 30, tzinfo=timezone.utc), False),
        (datetime(2027, 11, 8, 14, 0, tzinfo=timezone.utc), True),
    ],
)
def test_daylight_saving_changes(utc, open_now):
    assert contact_status(K, utc).open_now is open_now


def test_next_opening_across_daylight_saving_is_local_opening_time():
    # Saturday March 13, 2027 after 14:00 → opens Monday March 15 at 09:00 EDT (13:00 UTC).
    status = contact_status(K, at(2027, 3, 13, 15, 0))
    assert status.next_opening.astimezone(timezone.utc).hour == 13
    assert status.next_opening.astimezone(MONTREAL).time() == time(9, 0)


@pytest.mark.parametrize(
    "now, uncertain_today, next_uncertain",
    [
        (at(2026, 12, 24, 10, 0), True, False),
        (at(2026, 12, 23, 16, 0), False, True),  # next opening is Dec 24: may be closed
        (at(2027, 3, 26, 10, 0), True, False),  # Good Friday 2027
        (at(2027, 3, 25, 18, 0), False, True),  # Thursday evening before Good Friday
        (at(2027, 3, 29, 10, 0), False, False),  # Easter Monday is a holiday here: closed, not "maybe"
        (at(2026, 11, 25, 10, 30), False, False),
    ],
)
def test_days_the_sources_do_not_settle_are_flagged(now, uncertain_today, next_uncertain):
    status = contact_status(K, now)
    assert (status.may_be_closed is not None) is uncertain_today
    assert status.next_opening_uncertain is next_uncertain


@pytest.mark.parametrize(
    "location, numbers",
    [
        ("montreal", ["514-555-0101"]),
        ("quebec", ["1-800-555-0102"]),
        ("outside", ["1-514-555-0103"]),
        (None, ["514-555-0101", "1-800-555-0102", "1-514-555-0103"]),
        ("mars", ["514-555-0101", "1-800-555-0102", "1-514-555-0103"]),  # unknown place: all of them
    ],
)
def test_number_by_where_the_caller_is(location, numbers):
    assert [p.number for p in phones_for(K, location)] == numbers


def test_phone_labels_in_both_languages():
    abroad = phones_for(K, "outside")[0]
    assert (abroad.label("fr"), abroad.label("en")) == ("étranger", "abroad")


def test_times_written_per_language():
    assert format_time(time(16, 30), "fr") == "16 h 30"
    assert format_time(time(10, 0), "fr") == "10 h"
    assert format_time(time(16, 30), "en") == "16:30"


# The explicit list: statutory holidays (normally closed) and possible closures, each kind of day
# rule (fixed date, Sunday moved to Monday, Easter offset, nth Monday, Monday before a date), and
# nothing else.
@pytest.mark.parametrize(
    "day, key, kind",
    [
        (date(2027, 1, 1), "new_year", ClosureKind.HOLIDAY),
        (date(2026, 5, 18), "patriots_day", ClosureKind.HOLIDAY),  # May 25, 2026 is a Monday: the one before
        (date(2027, 5, 24), "patriots_day", ClosureKind.HOLIDAY),
        (date(2027, 6, 24), "fete_nationale", ClosureKind.HOLIDAY),
        (date(2029, 6, 25), "fete_nationale", ClosureKind.HOLIDAY),  # June 24, 2029 is a Sunday
        (date(2029, 6, 24), None, None),  # the Sunday itself: the holiday moved to Monday
        (date(2027, 9, 6), "labour_day", ClosureKind.HOLIDAY),
        (date(2027, 3, 29), "easter_monday", ClosureKind.HOLIDAY),
        (date(2027, 3, 26), "good_friday", ClosureKind.POSSIBLE),
        (date(2026, 12, 24), "christmas_eve", ClosureKind.POSSIBLE),
        (date(2026, 12, 25), None, None),
        (date(2027, 7, 1), None, None),
        (date(2027, 12, 27), None, None),
        (date(2026, 11, 11), None, None),
    ],
)
def test_closure_list(day, key, kind):
    closure = closure_on(K, day)
    assert (closure.key if closure else None) == key
    assert (closure.kind if closure else None) is kind


def test_whose_word_a_closure_is():
    by_key = {closure.key: closure for closure in closures(K)}
    assert by_key["new_year"].source_key == "holiday_act"  # the list's source, statable
    assert by_key["good_friday"].source_key == "holiday_act"  # its own source
    assert by_key["christmas_eve"].source_key is None  # no source settles it
    assert by_key["christmas_eve"].why("en") == "other services close"
    assert by_key["new_year"].why is None
    assert ("en", "new year's day") in by_key["new_year"].asked


@pytest.mark.parametrize(
    "key, today, expected",
    [
        ("christmas_eve", date(2026, 12, 24), date(2026, 12, 24)),  # today included
        ("christmas_eve", date(2026, 12, 25), date(2027, 12, 24)),
        ("good_friday", date(2027, 1, 10), date(2027, 3, 26)),
    ],
)
def test_next_date_of_a_closure(key, today, expected):
    closure = next(c for c in closures(K) if c.key == key)
    assert next_date_of(closure, today) == expected


# Now: Monday, November 30, 2026 at 14:00 in Montréal.
NOW = at(2026, 11, 30, 14, 0)


@pytest.mark.parametrize(
    "day, asked, is_open, reason, next_opening, holiday, maybe",
    [
        (date(2026, 12, 7), time(8, 30), False, ClosedReason.BEFORE_HOURS, at(2026, 12, 7, 9, 0), None, None),
        (date(2026, 12, 2), time(10, 45), False, ClosedReason.BEFORE_HOURS, at(2026, 12, 2, 11, 0), None, None),
        (date(2026, 12, 2), time(15, 15), True, None, None, None, None),
        (date(2026, 12, 2), time(15, 30), False, ClosedReason.AFTER_HOURS, at(2026, 12, 3, 9, 0), None, None),
        (date(2026, 12, 4), time(12, 0), False, ClosedReason.AFTER_HOURS, at(2026, 12, 5, 10, 0), None, None),
        (date(2026, 12, 6), None, None, ClosedReason.WEEKEND, at(2026, 12, 7, 9, 0), None, None),
        (date(2026, 12, 5), None, None, None, None, None, None),  # a Saturday with hours
        (date(2026, 12, 3), None, None, None, None, None, None),
        (date(2027, 1, 1), None, None, ClosedReason.HOLIDAY, at(2027, 1, 2, 10, 0), "new_year", None),
        (date(2027, 6, 24), time(10, 0), False, ClosedReason.HOLIDAY, at(2027, 6, 25, 9, 0), "fete_nationale", None),
        (date(2027, 9, 6), None, None, ClosedReason.HOLIDAY, at(2027, 9, 7, 9, 0), "labour_day", None),
        (date(2026, 12, 24), None, None, None, None, None, "christmas_eve"),
        (date(2026, 12, 24), time(10, 0), True, None, None, None, "christmas_eve"),
        (date(2026, 12, 24), time(8, 0), False, ClosedReason.BEFORE_HOURS, at(2026, 12, 24, 9, 0), None, "christmas_eve"),
        (date(2027, 3, 26), None, None, None, None, None, "good_friday"),
        (date(2027, 3, 29), None, None, ClosedReason.HOLIDAY, at(2027, 3, 30, 9, 0), "easter_monday", None),
        (date(2026, 12, 27), None, None, ClosedReason.WEEKEND, at(2026, 12, 28, 9, 0), None, None),  # a Sunday
    ],
)
def test_the_line_on_the_day_and_time_asked(day, asked, is_open, reason, next_opening, holiday, maybe):
    status = line_status(K, NOW, day, asked)
    assert status.open is is_open
    assert status.closed_reason is reason
    assert status.next_opening == next_opening
    assert (status.holiday.key if status.holiday else None) == holiday
    assert (status.may_be_closed.key if status.may_be_closed else None) == maybe


def test_a_day_ahead_is_not_today():
    assert not line_status(K, NOW, date(2026, 12, 2), None).is_today


@pytest.mark.parametrize(
    "now, asked, day",
    [
        (NOW, time(15, 0), date(2026, 11, 30)),  # still ahead today
        (NOW, time(8, 30), date(2026, 12, 1)),  # passed today: tomorrow
        (at(2026, 12, 4, 17, 0), time(9, 0), date(2026, 12, 5)),  # Friday evening: Saturday has hours
        (at(2026, 12, 5, 15, 0), time(9, 0), date(2026, 12, 7)),  # Saturday afternoon: Monday
        (at(2026, 12, 31, 18, 0), time(9, 0), date(2027, 1, 2)),  # skips New Year's Day
    ],
)
def test_a_time_asked_with_no_day_means_the_next_day_it_can_apply(now, asked, day):
    assert next_day_with_hours(K, now, asked) == day
