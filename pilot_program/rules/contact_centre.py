"""The Centre de contacts clientèle: open or not on a given day and time, next opening, which number.

Every rule takes the Montréal ``now`` and the day (and optional time) asked about. The official
page gives weekly hours and no holidays: on a statutory holiday the line is *normally* closed, on a
possible closure (December 24, Good Friday...) it is *normally open, may be closed* (closures.py).
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum

from ..knowledge import Knowledge, Lang
from .clock import MONTREAL, montreal_now
from .closures import Closure, ClosureKind, closure_on

_SEARCH_DAYS = 21


class ClosedReason(str, Enum):
    BEFORE_HOURS = "before_hours"
    AFTER_HOURS = "after_hours"
    WEEKEND = "weekend"  # a day with no hours listed
    HOLIDAY = "holiday"  # a statutory holiday: normally closed


@dataclass(frozen=True)
class DayHours:
    opens: time
    closes: time


@dataclass(frozen=True)
class LineStatus:
    """The line on ``day``, at ``at`` (None: the day as a whole)."""

    now: datetime  # Montréal time
    day: date
    at: time | None
    listed: DayHours | None  # the weekly hours listed for that weekday
    closure: Closure | None  # a statutory holiday or a possible closure that day
    open: bool | None  # at ``at``: within the hours (None when no time is asked)
    closed_reason: ClosedReason | None  # why it is closed at ``at``, or all day
    next_opening: datetime | None  # when closed at ``at`` or all day: the next (normal) opening
    next_opening_closure: Closure | None  # a possible closure on the next opening's day

    @property
    def hours(self) -> DayHours | None:
        """The hours the line normally keeps that day (None: normally closed all day)."""
        return None if self.holiday else self.listed

    @property
    def holiday(self) -> Closure | None:
        return self.closure if self.closure and self.closure.kind is ClosureKind.HOLIDAY else None

    @property
    def may_be_closed(self) -> Closure | None:
        """A day the line is normally open but may be closed (never "open" said plainly)."""
        return self.closure if self.closure and self.closure.kind is ClosureKind.POSSIBLE and self.listed else None

    @property
    def is_today(self) -> bool:
        return self.day == self.now.date()

    # The status "right now" (``contact_status``) under the names its callers use.
    @property
    def open_now(self) -> bool:
        return bool(self.open)

    @property
    def closes_at(self) -> time | None:
        return self.hours.closes if self.open and self.hours else None

    @property
    def next_opening_uncertain(self) -> bool:
        return self.next_opening_closure is not None

    def holiday_name(self, lang: Lang) -> str | None:
        return self.closure.name(lang) if self.closure else None


def weekly_hours(k: Knowledge) -> dict[int, DayHours]:
    weekly = k.fact("contact_centre.hours")["weekly"]
    return {
        int(day): DayHours(time.fromisoformat(opens), time.fromisoformat(closes))
        for day, (opens, closes) in weekly.items()
    }


def hours_on(k: Knowledge, day: date) -> DayHours | None:
    """The hours the line normally keeps that day, or None (no hours listed, or a statutory holiday)."""
    closure = closure_on(k, day)
    if closure and closure.kind is ClosureKind.HOLIDAY:
        return None
    return weekly_hours(k).get(day.isoweekday())


def line_status(k: Knowledge, now: datetime, day: date, at: time | None = None) -> LineStatus:
    """The line on ``day`` (at ``at`` if given), seen from ``now``."""
    local = montreal_now(now)
    closure, listed = closure_on(k, day), weekly_hours(k).get(day.isoweekday())
    hours = hours_on(k, day)
    if at is None:
        is_open, reason = None, _closed_all_day(closure, listed)
        start = datetime.combine(day, time(0, 0), tzinfo=MONTREAL)
    else:
        is_open = bool(hours and hours.opens <= at < hours.closes)
        before = hours is not None and at < hours.opens
        reason = None if is_open else (_closed_all_day(closure, listed) or
                                       (ClosedReason.BEFORE_HOURS if before else ClosedReason.AFTER_HOURS))
        start = datetime.combine(day, at, tzinfo=MONTREAL)
    opening = _next_opening(k, start) if reason else None
    return LineStatus(local, day, at, listed, closure, is_open, reason, opening,
                      closure_on(k, opening.date()) if opening and _possible(k, opening.date()) else None)


def contact_status(k: Knowledge, now: datetime) -> LineStatus:
    """The line right now (Montréal time)."""
    local = montreal_now(now)
    return line_status(k, local, local.date(), local.time().replace(tzinfo=None, second=0, microsecond=0))


def next_day_with_hours(k: Knowledge, now: datetime, at: time | None) -> date:
    """For a time asked with no day ("open at 7:30?"): today if that time is still ahead, else the next day with
    hours."""
    local = montreal_now(now)
    for offset in range(_SEARCH_DAYS):
        day = local.date() + timedelta(days=offset)
        if hours_on(k, day) and not (offset == 0 and at is not None and at <= local.time().replace(tzinfo=None)):
            return day
    return local.date()


def _closed_all_day(closure: Closure | None, listed: DayHours | None) -> ClosedReason | None:
    if not listed:
        return ClosedReason.WEEKEND
    if closure and closure.kind is ClosureKind.HOLIDAY:
        return ClosedReason.HOLIDAY
    return None


def _possible(k: Knowledge, day: date) -> bool:
    closure = closure_on(k, day)
    return bool(closure and closure.kind is ClosureKind.POSSIBLE)


def _next_opening(k: Knowledge, start: datetime) -> datetime | None:
    """The first opening after ``start`` (Montréal time); a possible closure still counts as one."""
    for offset in range(_SEARCH_DAYS):
        day = start.date() + timedelta(days=offset)
        hours = hours_on(k, day)
        if not hours:
            continue
        opening = datetime.combine(day, hours.opens, tzinfo=MONTREAL)
        if opening > start:
            return opening
    return None


@dataclass(frozen=True)
class Phone:
    key: str
    number: str
    label_fr: str
    label_en: str

    def label(self, lang: Lang) -> str:
        return self.label_fr if lang == "fr" else self.label_en


def phones(k: Knowledge) -> list[Phone]:
    fact = k.fact("contact_centre.phones")
    return [Phone(p["key"], p["number"], p["fr"], p["en"]) for p in fact["items"]]


def phones_for(k: Knowledge, location: str | None) -> list[Phone]:
    """The number for where the caller is (montreal / quebec / outside), or all of them."""
    every = phones(k)
    chosen = [phone for phone in every if phone.key == location]
    return chosen or every
