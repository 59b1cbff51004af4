"""The day and time a message asks about ("Monday at 7:30?", "le 24 juin?", "demain matin?",
"à Noël?"), resolved against Montréal's ``now``. No Rasa import.

dateparser reads none of "next Monday", "lundi prochain" or "14 h", so weekday, month and holiday
names are matched here (month and weekday names from babel's locale data, holidays from the
knowledge file), in French and English whatever the conversation's language.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache

from babel.dates import get_day_names, get_month_names

from actions.parsing import fold
from program.knowledge import Knowledge
from program.rules.closures import Closure, closures, next_date_of

_LOCALES = ("fr_CA", "en_CA")
_MONTH_EXTRA = {"sept": 9, "fev": 2, "juil": 7, "janv": 1, "avr": 4, "dec": 12}
_RELATIVE = [  # longest first: "après-demain" before "demain"
    (r"apres[- ]demain|day after tomorrow|in two days|dans deux jours", 2),
    (r"avant[- ]hier|day before yesterday", -2),
    (r"demain|tomorrow|tmrw", 1),
    (r"aujourd'?\s?hui|today|tonight|ce soir|cet(?:te)? apres[- ]midi|this (?:morning|afternoon|evening)|ce matin"
     r"|right now|maintenant", 0),
    (r"hier|yesterday", -1),
]
_NEXT = r"(?:next|this coming|prochain|qui vient|suivant)"
_EVENING = re.compile(r"\b(?:tonight|evening|ce soir|soiree|soir|night|nuit)\b")
_CLOCK = re.compile(r"(?<![\d:/-])(\d{1,2})\s*(?:h|:)\s*(\d{2})(?![\d:])(?:\s*([ap])\.?\s?m\b\.?)?")
_HOUR_H = re.compile(r"(?<![\d:/-])(\d{1,2})\s*h(?:eures?)?\b(?!\s*\d)")
_AM_PM = re.compile(r"(?<![\d:/-])(\d{1,2})\s*([ap])\.?\s?m\b\.?")
_BARE = re.compile(r"\b(?:at|a|vers|around|avant|before|after|apres|until|jusqu'a|by)\s+(\d{1,2})(?:\s*o'?clock)?"
                   r"(?![\d:/.,-]|\s*(?:h|jours?|days?|ans?|years?|mois|months?|semaines?|weeks?|minutes?|min|personnes?|people|enfants?|kids?|children)\b)")
_NOON = re.compile(r"(?<![-\w])(?:noon|midi|midday|lunch ?time|heure du diner)\b")
_ISO = re.compile(r"\b(20\d\d)-(\d{2})-(\d{2})\b")
EVENING_TIME = time(18, 0)


@dataclass(frozen=True)
class AskedMoment:
    day: date | None = None
    at: time | None = None
    evening: bool = False  # "tonight", "ce soir": ``at`` is then a time after every closing
    closure: Closure | None = None  # the day was named by its holiday name

    @property
    def any(self) -> bool:
        return self.day is not None or self.at is not None


def asked_moment(text: str, now: datetime, k: Knowledge) -> AskedMoment:
    """The day and time ``text`` asks about, seen from ``now`` (Montréal time); empty if none. Holiday
    names are those of ``k``."""
    folded = fold(text or "").replace("\u2019", "'")[:500]
    today = now.date()
    closure = _closure_named(k, folded)
    day = next_date_of(closure, today) if closure else (_date_written(folded, today) or _relative_day(folded, today))
    at, evening = _time_written(folded), False
    if at is None and _EVENING.search(folded):
        at, evening = EVENING_TIME, True
    return AskedMoment(day, at, evening, closure)


@lru_cache(maxsize=4)
def _holiday_names(k: Knowledge) -> tuple[tuple[re.Pattern, Closure], ...]:
    named = [(fold(alias).replace("\u2019", "'"), closure) for closure in closures(k) for _, alias in closure.asked]
    named.sort(key=lambda pair: -len(pair[0]))  # "new year's eve" before "new year's"
    return tuple((re.compile(rf"(?<!\w){re.escape(alias)}(?!\w)"), closure) for alias, closure in named)


def _closure_named(k: Knowledge, folded: str) -> Closure | None:
    for pattern, closure in _holiday_names(k):
        if pattern.search(folded):
            return closure
    return None


@lru_cache(maxsize=1)
def _months() -> dict[str, int]:
    names = dict(_MONTH_EXTRA)
    for locale in _LOCALES:
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names[fold(name).rstrip(".")] = number
    return names


@lru_cache(maxsize=1)
def _weekdays() -> dict[str, int]:
    """Weekday names (and plurals) → ISO weekday; babel counts from Monday = 0."""
    names: dict[str, int] = {}
    for locale in _LOCALES:
        for number, name in get_day_names("wide", locale=locale).items():
            names[fold(name)] = number + 1
    return names


def _date_written(folded: str, today: date) -> date | None:
    iso = _ISO.search(folded)
    if iso:
        return _valid(*(int(part) for part in iso.groups()))
    months = "|".join(sorted(map(re.escape, _months()), key=len, reverse=True))
    day_first = re.search(rf"\b(\d{{1,2}})(?:er|st|nd|rd|th)?\s+(?:de\s+|of\s+)?({months})\.?(?:\s+(20\d\d))?\b",
                          folded)
    month_first = re.search(rf"\b({months})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?\b(?!\s*(?:h|:))(?:,?\s+(20\d\d))?", folded)
    if day_first:
        day, month, year = int(day_first.group(1)), _months()[day_first.group(2)], day_first.group(3)
    elif month_first:
        month, day, year = _months()[month_first.group(1)], int(month_first.group(2)), month_first.group(3)
    else:
        return None
    if year:
        return _valid(int(year), month, day)
    this_year = _valid(today.year, month, day)
    return this_year if this_year and this_year >= today else _valid(today.year + 1, month, day)


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _relative_day(folded: str, today: date) -> date | None:
    for pattern, offset in _RELATIVE:
        if re.search(rf"\b(?:{pattern})\b", folded):
            return today + timedelta(days=offset)
    names = "|".join(sorted(_weekdays(), key=len, reverse=True))
    match = re.search(rf"\b({names})s?\b", folded)
    if match:
        weekday = _weekdays()[match.group(1)]
        ahead = (weekday - today.isoweekday()) % 7
        nearby = folded[max(0, match.start() - 20):match.end() + 20]
        if ahead == 0 and re.search(rf"\b{_NEXT}\b", nearby):
            ahead = 7  # "next Monday" said on a Monday
        return today + timedelta(days=ahead)
    if re.search(r"\b(?:week-?end|fin de semaine|saturday|samedi)\b", folded):
        return today + timedelta(days=(6 - today.isoweekday()) % 7)
    return None


def _time_written(folded: str) -> time | None:
    """A clock time: "7:30", "9 h 45", "14 h", "2pm", "at 9" (a bare 1 to 6 is afternoon), "midi"."""
    clock = _CLOCK.search(folded)
    if clock:
        return _clock(int(clock.group(1)), int(clock.group(2)), clock.group(3))
    am_pm = _AM_PM.search(folded)
    if am_pm:
        return _clock(int(am_pm.group(1)), 0, am_pm.group(2))
    hour = _HOUR_H.search(folded)
    if hour:
        return _clock(int(hour.group(1)), 0, None)
    bare = _BARE.search(folded)
    if bare:
        value = int(bare.group(1))
        return _clock(value + 12 if 1 <= value <= 6 else value, 0, None)
    if _NOON.search(folded):
        return time(12, 0)
    return None


def _clock(hour: int, minute: int, meridiem: str | None) -> time | None:
    if meridiem == "p" and hour < 12:
        hour += 12
    elif meridiem == "a" and hour == 12:
        hour = 0
    if 0 <= hour <= 23 and 0 <= minute <= 59:
        return time(hour, minute)
    return None

