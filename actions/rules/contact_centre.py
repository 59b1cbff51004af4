"""The Centre de contacts clientèle: open now or not, next opening, which number to call."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from enum import Enum
from functools import lru_cache

import holidays
from dateutil.easter import easter

from .clock import MONTREAL, montreal_now
from .knowledge import Lang, knowledge

_HOLIDAY_LANGUAGE = {"fr": "fr", "en": "en_CA"}
_SEARCH_DAYS = 21


class ClosedReason(str, Enum):
    BEFORE_HOURS = "before_hours"
    AFTER_HOURS = "after_hours"
    WEEKEND = "weekend"  # a day with no hours listed
    HOLIDAY = "holiday"


@dataclass(frozen=True)
class DayHours:
    opens: time
    closes: time


@dataclass(frozen=True)
class ContactStatus:
    now: datetime  # Montréal time
    open_now: bool
    today_hours: DayHours | None
    closed_reason: ClosedReason | None
    holiday_fr: str | None
    holiday_en: str | None
    uncertain_today: bool  # a day the line may close that the sources do not settle
    next_opening: datetime | None  # when closed now: the next opening
    next_opening_uncertain: bool

    @property
    def closes_at(self) -> time | None:
        return self.today_hours.closes if self.open_now and self.today_hours else None

    def holiday_name(self, lang: Lang) -> str | None:
        return self.holiday_fr if lang == "fr" else self.holiday_en


def weekly_hours() -> dict[int, DayHours]:
    weekly = knowledge().fact("contact_centre.hours")["weekly"]
    return {
        int(day): DayHours(time.fromisoformat(opens), time.fromisoformat(closes))
        for day, (opens, closes) in weekly.items()
    }


@lru_cache(maxsize=64)
def _holidays(year: int, lang: Lang) -> holidays.HolidayBase:
    spec = knowledge().fact("contact_centre.holidays")
    return holidays.country_holidays(
        spec["country"], subdiv=spec["subdivision"], years=year, language=_HOLIDAY_LANGUAGE[lang]
    )


def holiday_on(day: date, lang: Lang) -> str | None:
    return _holidays(day.year, lang).get(day)


def is_uncertain_day(day: date) -> bool:
    """Days other government lines close that MIFI's sources do not settle (Dec 24, Easter Monday...)."""
    spec = knowledge().fact("contact_centre.uncertain_closures")
    if day.strftime("%m-%d") in spec["month_days"]:
        return True
    return bool(spec["easter_monday"]) and day == easter(day.year) + timedelta(days=1)


def hours_on(day: date) -> DayHours | None:
    """Opening hours that day, or None when closed (no hours listed, or a statutory holiday)."""
    if holiday_on(day, "en"):
        return None
    return weekly_hours().get(day.isoweekday())


def contact_status(now: datetime) -> ContactStatus:
    local = montreal_now(now)
    today = local.date()
    holiday_en, holiday_fr = holiday_on(today, "en"), holiday_on(today, "fr")
    listed = weekly_hours().get(today.isoweekday())
    hours = None if holiday_en else listed
    clock = local.time().replace(tzinfo=None)
    if hours and hours.opens <= clock < hours.closes:
        return ContactStatus(local, True, hours, None, None, None, is_uncertain_day(today), None, False)
    if holiday_en:
        reason = ClosedReason.HOLIDAY
    elif not hours:
        reason = ClosedReason.WEEKEND
    elif clock < hours.opens:
        reason = ClosedReason.BEFORE_HOURS
    else:
        reason = ClosedReason.AFTER_HOURS
    opening = _next_opening(local)
    return ContactStatus(
        local, False, hours, reason, holiday_fr, holiday_en, is_uncertain_day(today),
        opening, bool(opening and is_uncertain_day(opening.date())),
    )


def _next_opening(local: datetime) -> datetime | None:
    for offset in range(_SEARCH_DAYS):
        day = local.date() + timedelta(days=offset)
        hours = hours_on(day)
        if not hours:
            continue
        opening = datetime.combine(day, hours.opens, tzinfo=MONTREAL)
        if opening > local:
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


def phones() -> list[Phone]:
    fact = knowledge().fact("contact_centre.phones")
    return [Phone(p["key"], p["number"], p["fr"], p["en"]) for p in fact["items"]]


def phones_for(location: str | None) -> list[Phone]:
    """The number for where the caller is (montreal / quebec / outside), or all of them."""
    every = phones()
    chosen = [phone for phone in every if phone.key == location]
    return chosen or every
