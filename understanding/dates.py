"""The dates a message writes, each with the role it plays, and the durations it writes.

One reader for every date: "Nov 10", "le 10 novembre 2026", "10/11/2026", "the fifth of November"
(numbers in words through text2num), "yesterday", "lundi passé", "next Monday", "2 weeks ago". Month
and weekday names are babel's, in French and English whatever the conversation's language. A
duration ("the 60 day deadline", "24 mois") is never a date.

A date without a year, or a bare weekday, can be behind or ahead: a mention keeps both readings
(``past``, ``upcoming``) and its role says which one is meant (a request or a CSQ is behind us, a day
asked about is ahead). The role is read from the nearest cue in its sentence (understanding/lexicon.yml
``date_roles``); the topic decides when there is none.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta
from enum import Enum
from functools import lru_cache

from babel.dates import get_day_names, get_month_names
from dateutil.relativedelta import relativedelta

from pilot_program.locales import LOCALES
from understanding import lexicon
from understanding.numbers import with_digits


class Role(str, Enum):
    REQUEST = "request"  # the date of a request or letter received
    CSQ_ISSUED = "csq_issued"
    ASKED_DAY = "asked_day"  # a day the question is about ("are you open on Monday?")
    BIRTH = "birth"
    UNKNOWN = "unknown"


ROLE_PRIORITY = (Role.BIRTH, Role.CSQ_ISSUED, Role.REQUEST, Role.ASKED_DAY)
MAX_MENTIONS = 20  # no question needs more dates; a pasted calendar stays fast
ROLE_WINDOW = 80  # characters around a date where its cue may be


@dataclass(frozen=True)
class DateMention:
    past: date  # the day meant if it is behind us
    upcoming: date  # the day meant if it is ahead
    role: Role
    start: int  # where it is written in the reading's text
    end: int

    def day(self, ahead: bool = False) -> date:
        return self.upcoming if ahead else self.past


@dataclass(frozen=True)
class Duration:
    value: int
    unit: str  # day, week, month or year
    start: int
    end: int


@dataclass(frozen=True)
class Ago:
    """"3 years ago", "il y a 18 mois": a time before today, as a count of units."""
    value: int
    unit: str
    start: int
    end: int


@dataclass(frozen=True)
class DateReading:
    text: str  # the message folded, numbers as digits: where the spans below are
    mentions: tuple[DateMention, ...]
    durations: tuple[Duration, ...]
    agos: tuple[Ago, ...]

    def first(self, *roles: Role) -> DateMention | None:
        return next((m for m in self.mentions if m.role in roles), None)


@lru_cache(maxsize=1)
def months() -> dict[str, int]:
    names = {"sept": 9, "fev": 2, "juil": 7, "janv": 1, "avr": 4, "dec": 12}
    for locale in LOCALES.values():
        for width in ("wide", "abbreviated"):
            for number, name in get_month_names(width, locale=locale).items():
                names[lexicon.folded(name).rstrip(".")] = number
    return names


@lru_cache(maxsize=1)
def weekdays() -> dict[str, int]:
    """Weekday names → ISO weekday (babel counts from Monday = 0)."""
    return {lexicon.folded(name): number + 1 for locale in LOCALES.values()
            for number, name in get_day_names("wide", locale=locale).items()}


@lru_cache(maxsize=1)
def _units() -> dict[str, str]:
    return {word: unit for unit, words in lexicon.group("units").items() for word in words}


@lru_cache(maxsize=1)
def _grammar() -> dict[str, re.Pattern[str]]:
    month = "|".join(sorted(map(re.escape, months()), key=len, reverse=True))
    day_name = "|".join(sorted(weekdays(), key=len, reverse=True))
    units = lexicon.alternation(list(_units()))
    last, nxt = lexicon.alternation(lexicon.phrases("last")), lexicon.alternation(lexicon.phrases("next"))
    ago_before, ago_after = (lexicon.alternation(lexicon.phrases(n)) for n in ("ago_before", "ago_after"))
    return {
        "iso": re.compile(r"\b(\d{4})-(\d{1,2})-(\d{1,2})\b"),
        "numeric": re.compile(r"(?<![\d/.])(\d{1,2})/(\d{1,2})(?:/(\d{2}|\d{4}))?(?![\d/])|"
                              r"(?<![\d/.])(\d{1,2})\.(\d{1,2})\.(\d{4})(?![\d.])"),
        "day_month": re.compile(rf"(?<![\d:])(\d{{1,2}})(?:er|re|st|nd|rd|th|e|eme)?\s+(?:de\s+|of\s+|d')?"
                                rf"({month})\b\.?(?:,?\s+(\d{{4}}))?"),
        "month_day": re.compile(rf"\b({month})\b\.?\s+(?:the\s+|le\s+)?(\d{{1,2}})(?:er|st|nd|rd|th)?\b"
                                rf"(?!\s*(?:h\b|h\d|:\d))(?:,?\s+(\d{{4}}))?"),
        "weekday": re.compile(rf"(?:({last}|{nxt})\s+)?\b({day_name})s?\b(?:\s+({last}|{nxt}))?"),
        "ago": re.compile(rf"(?:{ago_before})\s+(\d{{1,3}}|an?|une?)\s+({units})"
                          rf"|\b(\d{{1,3}}|an?|one|une?)\s+({units})\s+(?:{ago_after})"),
        "duration": re.compile(rf"(?<![\d.,])(\d{{1,4}})\s*-?\s*({units})"),
        "last": re.compile(last),
    }


def normalised(text: str, lang: str) -> str:
    """Folded, numbers in words as digits; "sept" after or before a day number is September."""
    folded = lexicon.folded(text)
    folded = re.sub(r"(\d)\s+sept\b\.?", r"\1 septembre", folded)
    folded = re.sub(r"\bsept\.?\s+(\d)", r"septembre \1", folded)
    return lexicon.folded(with_digits(folded, lang))


def read_dates(text: str, lang: str, today: date) -> DateReading:
    return _read(text, lang, today)


@lru_cache(maxsize=256)
def _read(text: str, lang: str, today: date) -> DateReading:
    reading = normalised(text, lang)
    grammar = _grammar()
    taken: list[tuple[int, int]] = []
    agos = tuple(_agos(reading, grammar["ago"], taken))
    found = [*_written(reading, lang, today, taken), *_relative(reading, today, taken),
             *_weekdays(reading, today, taken)]
    durations = tuple(Duration(int(m.group(1)), _units()[_words(m.group(2))], m.start(), m.end())
                      for m in grammar["duration"].finditer(reading) if _free(m.span(), taken))
    for ago in agos:
        if ago.unit in ("day", "week"):
            back = today - (timedelta(days=ago.value) if ago.unit == "day" else timedelta(weeks=ago.value))
            found.append((back, back, ago.start, ago.end))
    found.sort(key=lambda item: item[2])
    mentions = tuple(DateMention(past, upcoming, role_at(reading, start, end), start, end)
                     for past, upcoming, start, end in found[:MAX_MENTIONS])
    return DateReading(reading, mentions, durations, agos)


def _words(text: str) -> str:
    return re.sub(r"\s+", " ", text)


def _free(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    return all(span[1] <= start or end <= span[0] for start, end in taken)


def _take(span: tuple[int, int], taken: list[tuple[int, int]]) -> bool:
    if not _free(span, taken):
        return False
    taken.append(span)
    return True


def _agos(reading: str, pattern: re.Pattern[str], taken: list[tuple[int, int]]):
    for match in pattern.finditer(reading):
        value, unit = (match.group(1), match.group(2)) if match.group(1) else (match.group(3), match.group(4))
        if _take(match.span(), taken):
            yield Ago(int(value) if value.isdigit() else 1, _units()[_words(unit)], match.start(), match.end())


def _valid(year: int, month: int, day: int) -> date | None:
    try:
        return date(year, month, day)
    except ValueError:
        return None


def _both_ways(month: int, day: int, year: str | None, today: date) -> tuple[date, date] | None:
    """(past, upcoming) readings of a day and month, the year written or not."""
    if year:
        full = int(year) + (2000 if len(year) == 2 else 0)
        written = _valid(full, month, day)
        return (written, written) if written else None
    this_year = _valid(today.year, month, day)
    if this_year is None:  # February 29 of another year
        past, upcoming = _valid(today.year - 1, month, day), _valid(today.year + 1, month, day)
        return (past, upcoming) if past and upcoming else None
    past = this_year if this_year <= today else (_valid(today.year - 1, month, day) or this_year)
    upcoming = this_year if this_year >= today else (_valid(today.year + 1, month, day) or this_year)
    return past, upcoming


def _written(reading: str, lang: str, today: date, taken: list[tuple[int, int]]):
    """Dates written with a month (a name or a number)."""
    grammar, names = _grammar(), months()
    candidates: list[tuple[tuple[date, date] | None, tuple[int, int]]] = []
    for match in grammar["iso"].finditer(reading):
        iso_day = _valid(int(match.group(1)), int(match.group(2)), int(match.group(3)))
        candidates.append(((iso_day, iso_day) if iso_day else None, match.span()))
    for match in grammar["numeric"].finditer(reading):
        first, second, year = (match.group(1), match.group(2), match.group(3)) if match.group(1) else match.groups()[3:]
        day, month = (int(second), int(first)) if lang == "en" and not match.group(4) else (int(first), int(second))
        if month > 12 >= day:  # "11/25": only one reading is a date
            day, month = month, day
        candidates.append((_both_ways(month, day, year, today) if month <= 12 else None, match.span()))
    for match in grammar["day_month"].finditer(reading):
        candidates.append((_both_ways(names[match.group(2)], int(match.group(1)), match.group(3), today), match.span()))
    for match in grammar["month_day"].finditer(reading):
        candidates.append((_both_ways(names[match.group(1)], int(match.group(2)), match.group(3), today), match.span()))
    for readings, span in candidates:
        if readings and _take(span, taken):
            yield readings[0], readings[1], span[0], span[1]


@lru_cache(maxsize=1)
def _relative_days() -> tuple[dict[str, int], re.Pattern[str]]:
    """Each phrase's offset, and one pattern for all of them (the longest first: "après-demain", not "demain")."""
    offsets = {phrase: int(offset) for offset, words in lexicon.group("relative_days").items() for phrase in words}
    return offsets, re.compile(lexicon.alternation(list(offsets)))


def _relative(reading: str, today: date, taken: list[tuple[int, int]]):
    offsets, pattern = _relative_days()
    for match in pattern.finditer(reading):
        if _take(match.span(), taken):
            day = today + timedelta(days=offsets[re.sub(r"\s+", " ", match.group(0))])
            yield day, day, match.start(), match.end()
    for match in lexicon.cue("weekend").finditer(reading):
        if _take(match.span(), taken):
            saturday = today + timedelta(days=(6 - today.isoweekday()) % 7)
            yield saturday - timedelta(days=7) if saturday > today else saturday, saturday, match.start(), match.end()


def _weekdays(reading: str, today: date, taken: list[tuple[int, int]]):
    """"lundi", "last Friday", "vendredi passé", "next Monday", "lundi prochain"."""
    grammar = _grammar()
    for match in grammar["weekday"].finditer(reading):
        if not _take(match.span(), taken):
            continue
        weekday = weekdays()[match.group(2)]
        qualifier = match.group(1) or match.group(3)
        behind = (today.isoweekday() - weekday) % 7
        ahead = (weekday - today.isoweekday()) % 7
        past, upcoming = today - timedelta(days=behind), today + timedelta(days=ahead)
        if qualifier and grammar["last"].fullmatch(qualifier):
            past = upcoming = today - timedelta(days=behind or 7)
        elif qualifier:
            past = upcoming = today + timedelta(days=ahead or 7)
        yield past, upcoming, match.start(), match.end()


_SENTENCE_END = re.compile(r"[?!;\n]|\.(?:\s|$)")


@lru_cache(maxsize=1)
def _role_cues() -> dict[Role, re.Pattern[str]]:
    return {Role(name): re.compile(lexicon.alternation(words)) for name, words in lexicon.group("date_roles").items()}


def role_at(reading: str, start: int, end: int) -> Role:
    """The role of the date at ``start``-``end``: the nearest cue in its sentence (ties: birth, the
    CSQ, a request, a day asked about), unknown when its sentence has none."""
    lefts = [m.end() for m in _SENTENCE_END.finditer(reading, max(0, start - ROLE_WINDOW), start)]
    right = _SENTENCE_END.search(reading, end)
    left = max(lefts[-1] if lefts else 0, start - ROLE_WINDOW)
    sentence_end = min(right.start() if right else len(reading), end + ROLE_WINDOW)
    best: tuple[int, int, Role] | None = None
    for rank, role in enumerate(ROLE_PRIORITY):
        for match in _role_cues()[role].finditer(reading, left, sentence_end):
            # a cue before the date counts more than one after it ("issued on March 3 and asked on...")
            distance = start - match.end() if match.end() <= start else 3 * max(0, match.start() - end)
            if best is None or (distance, rank) < best[:2]:
                best = (distance, rank, role)
    return best[2] if best else Role.UNKNOWN


def years_before(today: date, ago: Ago) -> tuple[date, date]:
    """The dates an "N years/months ago" can mean: give or take half a year (or half a month)."""
    if ago.unit == "year":
        centre, spread = today - relativedelta(years=ago.value), relativedelta(months=6)
    else:
        centre, spread = today - relativedelta(months=ago.value), relativedelta(days=15)
    return centre - spread, min(centre + spread, today)
