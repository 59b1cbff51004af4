"""The day and time a message asks about ("Monday at 7:30?", "le 24 juin?", "demain matin?", "à Noël?"),
for the contact centre's hours. The day is the message's date (understanding/dates.py) read ahead, or a
holiday named (names from the knowledge file); the time is read here ("7:30", "9 h 45", "14 h", "2pm",
"midi", "ce soir").
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, time
from functools import lru_cache

from pilot_program.knowledge import Knowledge
from pilot_program.rules.closures import Closure, closures, next_date_of
from pilot_program.text import fold
from understanding.dates import DateReading, Role

_EVENING = re.compile(r"\b(?:tonight|evening|ce soir|soiree|soir|night|nuit)\b")
_CLOCK = re.compile(r"(?<![\d:/-])(\d{1,2})\s*(?:h|:)\s*(\d{2})(?![\d:])(?:\s*([ap])\.?\s?m\b\.?)?")
_HOUR_H = re.compile(r"(?<![\d:/-])(\d{1,2})\s*h(?:eures?)?\b(?!\s*\d)")
_AM_PM = re.compile(r"(?<![\d:/-])(\d{1,2})\s*([ap])\.?\s?m\b\.?")
_BARE = re.compile(r"\b(?:at|a|vers|around|avant|before|after|apres|until|jusqu'a|by)\s+(\d{1,2})(?:\s*o'?clock)?"
                   r"(?![\d:/.,-]|\s*(?:h|jours?|days?|ans?|years?|mois|months?|semaines?|weeks?|minutes?|min|personnes?|people|enfants?|kids?|children)\b)")
_NOON = re.compile(r"(?<![-\w])(?:noon|midi|midday|lunch ?time|heure du diner)\b")
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


def asked_moment(text: str, dates: DateReading, today: date, k: Knowledge) -> AskedMoment:
    """The day and time ``text`` asks about, seen from ``today`` (Montréal's); empty if none. Holiday
    names are those of ``k``."""
    folded = fold(text or "").replace("\u2019", "'")
    closure = _closure_named(k, folded)
    mention = dates.first(Role.ASKED_DAY, Role.UNKNOWN)
    day = next_date_of(closure, today) if closure else (mention.upcoming if mention else None)
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

