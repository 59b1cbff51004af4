"""Days the contact centre is normally closed (Québec's statutory holidays) or may be closed.

The list is explicit, in the knowledge file (``contact_centre.holidays`` and
``contact_centre.possible_closures``): no holiday library, whose extra "observed" days (2027-12-27,
2028-01-03...) no Québec law makes holidays.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache
from typing import Any

from dateutil.easter import easter
from dateutil.relativedelta import MO, relativedelta

from ..knowledge import Knowledge, Lang, Text

MONDAY, SUNDAY = 1, 7


class ClosureKind(str, Enum):
    HOLIDAY = "holiday"  # a statutory holiday: the line is normally closed
    POSSIBLE = "possible"  # normally open, may be closed


@dataclass(frozen=True)
class Closure:
    key: str
    kind: ClosureKind
    name: Text
    why: Text | None  # for a possible closure: why it may be closed
    source_key: str | None  # whose word it is, cited when the day is named (None: no source settles it)
    asked: tuple[tuple[Lang, str], ...]  # how people name the day
    rule: Mapping[str, Any] = field(compare=False, hash=False, repr=False)

    def on(self, year: int) -> date:
        return _day_in(self.rule, year)


def _day_in(rule: Mapping[str, Any], year: int) -> date:
    if "easter" in rule:
        return easter(year) + timedelta(days=int(rule["easter"]))
    if "weekday" in rule:  # the nth Monday of a month
        first = date(year, int(rule["weekday"]["month"]), 1)
        return first + relativedelta(weekday=MO(int(rule["weekday"]["nth"])))
    month, day = (int(part) for part in str(rule.get("date") or rule["monday_before"]).split("-"))
    if "monday_before" in rule:
        return date(year, month, day) + relativedelta(days=-1, weekday=MO(-1))
    fixed = date(year, month, day)
    if rule.get("sunday_to_monday") and fixed.isoweekday() == SUNDAY:
        return fixed + timedelta(days=1)
    return fixed


def _closure(item: Mapping[str, Any], kind: ClosureKind, default_source: str | None) -> Closure:
    why = Text(fr=str(item["why_fr"]), en=str(item["why_en"])) if "why_fr" in item else None
    langs: tuple[Lang, ...] = ("fr", "en")
    asked = tuple((lang, str(a)) for lang in langs for a in item.get(f"asked_{lang}", ()))
    return Closure(str(item["key"]), kind, Text.of(item), why, item.get("source", default_source), asked, item)


@lru_cache(maxsize=4)
def closures(k: Knowledge) -> tuple[Closure, ...]:
    found = []
    for kind, path in ((ClosureKind.HOLIDAY, "contact_centre.holidays"),
                       (ClosureKind.POSSIBLE, "contact_centre.possible_closures")):
        fact = k.fact(path, cite=False)
        source = fact.source.key if fact.statable else None
        found += [_closure(item, kind, source) for item in fact["items"]]
    return tuple(found)


@lru_cache(maxsize=512)
def closure_on(k: Knowledge, day: date) -> Closure | None:
    """The statutory holiday or possible closure that falls on ``day``, if any."""
    for closure in closures(k):
        if closure.on(day.year) == day:
            return closure
    return None


def next_date_of(closure: Closure, today: date) -> date:
    """The closure's next date, today included."""
    this_year = closure.on(today.year)
    return this_year if this_year >= today else closure.on(today.year + 1)
