"""When something happened, as a period of dates: "three years ago", "in 2021", "last spring",
"il y a 2 ans", "en mars 2023", "on March 10, 2023", "mon CSQ a plus de 2 ans". ``today`` is Montréal's.

Loose forms are kept as a range: a rule that depends on the date (a CSQ older than 24 months) can
then tell whether the whole range gives the same answer.
"""
from __future__ import annotations

import re
from calendar import monthrange
from datetime import date, timedelta
from functools import lru_cache

from dateutil.relativedelta import relativedelta

from understanding import lexicon
from understanding.dates import Ago, DateReading, Role, months, years_before

Period = tuple[date, date]

# (start month, start day, end month, end day); winter runs into the next year
_SEASONS = {"spring": (3, 20, 6, 20), "summer": (6, 21, 9, 22), "autumn": (9, 23, 12, 20), "winter": (12, 21, 3, 19)}
# Someone else's age ("my CSQ, and my daughter is 19"), not the CSQ's.
_PERSON = (r"(?:fille|fils|enfants?|child|children|son|daughter|kids?|wife|husband|conjointe?|epou\w*|mari|femme"
           r"|he|she|il|elle|ils|elles|they|baby|bebe)")


@lru_cache(maxsize=1)
def _grammar() -> dict[str, re.Pattern[str]]:
    month = "|".join(sorted(map(re.escape, months()), key=len, reverse=True))
    seasons = {w: name for name, words in lexicon.group("seasons").items() for w in words}
    season = lexicon.alternation(list(seasons))
    last = lexicon.alternation(lexicon.phrases("last"))
    qualifiers = lexicon.alternation([*lexicon.phrases("more_than"), *lexicon.phrases("less_than"),
                                      *lexicon.phrases("almost")])
    csq = lexicon.alternation(lexicon.phrases("csq"))
    return {
        "month_year": re.compile(rf"\b({month})\b\.?\s+(?:de\s+|of\s+|d')?(\d{{4}})\b"),
        "season": re.compile(rf"(?:{last}\s+)?({season})(?:\s+(?:of\s+|de\s+|d')?(\d{{4}})|\s+({last}))?"),
        "csq_age": re.compile(rf"{csq}(?:(?!\b{_PERSON}\b)[^.?!;]){{0,30}}?\b(?:({qualifiers})\s+)?"
                              r"(\d{1,2}|an?|une?|one)\s+(years?|yrs?|months?|ans?|annees?|mois)\b(?!\s+(?:ago|back))"),
        "year": re.compile(r"\b(20\d\d)\b"),
    }


@lru_cache(maxsize=1)
def _season_names() -> dict[str, str]:
    return {w: name for name, words in lexicon.group("seasons").items() for w in words}


def period_from(reading: DateReading, today: date, roles: tuple[Role, ...] = tuple(Role)) -> Period | None:
    """The dates the message's "when" can mean, first to last; None when it gives no time. ``roles``: the
    written dates that may be it (a request's date is not a CSQ's)."""
    text = reading.text
    exact = reading.first(*roles)
    if exact and exact.past <= today:
        return exact.past, exact.past
    month = _grammar()["month_year"].search(text)
    if month:
        return _month(int(month.group(2)), months()[month.group(1)])
    found = _csq_age(text, today) or _ago(reading.agos, today) or _season_in(text, today)
    if found:
        return found
    if lexicon.says("last_month", text):
        previous = today.replace(day=1) - timedelta(days=1)
        return _month(previous.year, previous.month)
    if lexicon.says("last_year", text):
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    year = _grammar()["year"].search(text)
    if year and int(year.group(1)) <= today.year:
        return date(int(year.group(1)), 1, 1), min(date(int(year.group(1)), 12, 31), today)
    return None


def _ago(agos: tuple[Ago, ...], today: date) -> Period | None:
    ago = next((a for a in agos if a.unit in ("year", "month")), None)
    return years_before(today, ago) if ago else None


def _csq_age(text: str, today: date) -> Period | None:
    """The CSQ's issue dates its age allows: "more than 2 years" is any day before today minus two
    years, "almost 2 years" the half year after it, "2 years" give or take half a year."""
    match = _grammar()["csq_age"].search(text)
    if match is None:
        return None
    count = int(match.group(2)) if match.group(2).isdigit() else 1
    years = match.group(3).startswith(("y", "a"))
    age = relativedelta(years=count) if years else relativedelta(months=count)
    spread = relativedelta(months=6) if years else relativedelta(days=15)
    limit, qualifier = today - age, match.group(1) or ""
    if qualifier and lexicon.says("more_than", qualifier):
        return limit - relativedelta(years=30), limit - timedelta(days=1)
    if qualifier and lexicon.says("less_than", qualifier):
        return limit + timedelta(days=1), today
    if qualifier:  # almost, nearly, presque, bientôt
        return limit + timedelta(days=1), min(limit + spread, today)
    return limit - spread, min(limit + spread, today)


def _season(name: str, year: int) -> Period:
    start_month, start_day, end_month, end_day = _SEASONS[name]
    end_year = year + 1 if end_month < start_month else year
    return date(year, start_month, start_day), date(end_year, end_month, end_day)


def _season_in(text: str, today: date) -> Period | None:
    """"last spring", "le printemps passé", "l'été 2024"; a season alone says nothing."""
    match = _grammar()["season"].search(text)
    if not match:
        return None
    name = _season_names()[match.group(1)]
    if match.group(2):
        return _season(name, int(match.group(2)))
    if not (match.group(3) or match.group(0) != match.group(1)):
        return None
    year = today.year
    while _season(name, year)[1] >= today:  # the latest one that is over
        year -= 1
    return _season(name, year)


def _month(year: int, month: int) -> Period:
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])
