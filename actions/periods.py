"""When something happened, as a period of dates: "three years ago", "in 2021", "last spring",
"il y a 2 ans", "en mars 2023", "on March 10, 2023". No Rasa import; `now` is Montréal's. A count
written in words ("three years ago") is the one the NLU read there (a ``number`` entity).

dateparser reads full dates but not these loose forms (it has no seasons, and gives one exact day
for "3 years ago" or "2021"), so they are read here and kept as a range: a rule that depends on the
date (a CSQ older than 24 months) can then tell whether the whole range gives the same answer.
"""
from __future__ import annotations

import re
from calendar import monthrange
from collections.abc import Iterable, Mapping
from datetime import date, datetime, timedelta
from typing import Any

from dateutil.relativedelta import relativedelta

from actions import parsing

Period = tuple[date, date]

_NUMBER = r"(\d{1,2}|[a-zà-ÿ]+(?: of)?)"
_AGO = re.compile(
    rf"(?:\b{_NUMBER}\s+(years?|yrs?|months?)\s+(?:ago|back)\b"
    rf"|\b(?:il y a|ça fait|ca fait|cela fait)\s+{_NUMBER}\s+(ans?|années?|annees?|mois)\b)", re.I)
# Someone else's age ("my CSQ, and my daughter is 19"), not the CSQ's.
_PERSON = (r"(?:fille|fils|enfants?|child|children|son|daughter|kids?|wife|husband|conjointe?|[ée]pou\w*|mari|femme"
           r"|he|she|il|elle|ils|elles|they|baby|b[ée]b[ée])")
# The CSQ's age: "my CSQ is more than 2 years old", "mon CSQ a presque 24 mois", "CSQ de 3 ans".
_CSQ_AGE = re.compile(
    rf"\b(?:csq|c\.s\.q|certificats?)\b(?:(?!\b{_PERSON}\b)[^.?!;]){{0,30}}?"
    r"\b(?:(more than|over|plus de|passé|passe|de plus de|less than|under|moins de|almost|nearly|presque"
    r"|bientôt|bientot)"
    rf"\s+)?{_NUMBER}\s+(years?|yrs?|months?|ans?|années?|annees?|mois)\b(?!\s+(?:ago|back))", re.I)
_OVER = {"more than", "over", "plus de", "passé", "passe", "de plus de"}
_UNDER = {"less than", "under", "moins de"}
_WORD_ONE = {"a", "an", "one", "un", "une"}
_LAST_YEAR = re.compile(r"\b(last year|l'an (dernier|pass[ée])|l'ann[ée]e (derni[èe]re|pass[ée]e))\b", re.I)
_LAST_MONTH = re.compile(r"\b(last month|le mois (dernier|pass[ée]))\b", re.I)
_SEASON_WORDS = {"spring": "spring", "printemps": "spring", "summer": "summer", "été": "summer", "ete": "summer",
                 "fall": "autumn", "autumn": "autumn", "automne": "autumn", "winter": "winter", "hiver": "winter"}
_SEASON = re.compile(r"\b(spring|summer|fall|autumn|winter|printemps|été|ete|automne|hiver)\b"
                     r"(?:\s+(?:of\s+|de\s+)?(20\d\d)|\s+(dernier|pass[ée]))?", re.I)
_LAST_SEASON = re.compile(r"\blast\s+(spring|summer|fall|autumn|winter)\b", re.I)
# (start month, start day, end month, end day); winter runs into the next year
_SEASONS = {"spring": (3, 20, 6, 20), "summer": (6, 21, 9, 22), "autumn": (9, 23, 12, 20), "winter": (12, 21, 3, 19)}
_YEAR = re.compile(r"\b(20\d\d)\b")


Entities = Iterable[Mapping[str, Any]]


def _count(match: re.Match[str], group: int, entities: Entities) -> int | None:
    word = match.group(group).strip().lower()
    if word.isdigit():
        return int(word)
    if word in _WORD_ONE:
        return 1
    return parsing.number_within(entities, *match.span(group))


def _ago(text: str, today: date, entities: Entities) -> Period | None:
    match = _AGO.search(text)
    if not match:
        return None
    group = 1 if match.group(1) else 3
    unit = match.group(group + 1)
    count = _count(match, group, entities)
    if count is None:
        return None
    if unit.lower().startswith(("y", "a")):  # years / ans, années: give or take half a year
        centre, spread = today - relativedelta(years=count), relativedelta(months=6)
    else:
        centre, spread = today - relativedelta(months=count), relativedelta(days=15)
    return centre - spread, min(centre + spread, today)


def _csq_age(text: str, today: date, entities: Entities) -> Period | None:
    """The CSQ's issue dates its age allows: "more than 2 years" is any day before today minus two
    years, "almost 2 years" the half year after it, "2 years" give or take half a year."""
    match = _CSQ_AGE.search(text)
    count = _count(match, 2, entities) if match else None
    if match is None or count is None:
        return None
    years = match.group(3).lower().startswith(("y", "a"))
    age = relativedelta(years=count) if years else relativedelta(months=count)
    spread = relativedelta(months=6) if years else relativedelta(days=15)
    limit, qualifier = today - age, (match.group(1) or "").lower()
    if qualifier in _OVER:
        return limit - relativedelta(years=30), limit - timedelta(days=1)
    if qualifier in _UNDER:
        return limit + timedelta(days=1), today
    if qualifier:  # almost, nearly, presque, bientôt
        return limit + timedelta(days=1), min(limit + spread, today)
    return limit - spread, min(limit + spread, today)


def _season(name: str, year: int) -> Period:
    start_month, start_day, end_month, end_day = _SEASONS[name]
    end_year = year + 1 if end_month < start_month else year
    return date(year, start_month, start_day), date(end_year, end_month, end_day)


def _seasons(text: str, today: date) -> Period | None:
    last = _LAST_SEASON.search(text)
    match = _SEASON.search(text)
    if last:
        name = _SEASON_WORDS[last.group(1).lower()]
    elif match and (match.group(2) or match.group(3)):
        name = _SEASON_WORDS[match.group(1).lower()]
        if match.group(2):
            return _season(name, int(match.group(2)))
    else:
        return None
    year = today.year
    while _season(name, year)[1] >= today:  # the latest one that is over
        year -= 1
    return _season(name, year)


def _month(year: int, month: int) -> Period:
    return date(year, month, 1), date(year, month, monthrange(year, month)[1])


def period_from(text: str, now: datetime, lang: str = "en", entities: Entities = ()) -> Period | None:
    """The dates a message's "when" can mean, first to last; None when it gives no time. ``entities``:
    the NLU's, for counts in words."""
    if not text:
        return None
    today = now.date()
    exact = parsing.date_from(text, now, lang)
    if exact:
        return exact, exact
    month = parsing.month_from(text)
    if month:
        return _month(*month)
    found = _csq_age(text, today, entities) or _ago(text, today, entities) or _seasons(text, today)
    if found:
        return found
    if _LAST_MONTH.search(text):
        previous = today.replace(day=1) - timedelta(days=1)
        return _month(previous.year, previous.month)
    if _LAST_YEAR.search(text):
        return date(today.year - 1, 1, 1), date(today.year - 1, 12, 31)
    year = _YEAR.search(text)
    if year and int(year.group(1)) <= today.year:
        return date(int(year.group(1)), 1, 1), min(date(int(year.group(1)), 12, 31), today)
    return None
