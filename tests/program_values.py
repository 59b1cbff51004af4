"""The program's own values, read from its knowledge file (pilot_program/facts/program.yml), for the tests
that show real answers (actions, channels, end-to-end, web, privacy).

The rule tests run on a made-up file (tests/pilot_program/fixtures/knowledge.yml); these tests show what the
program really answers, so they expect the real file's values, read here: a fee, a number of days or a
phone number changed in program.yml changes what they expect, not whether they pass. The one test that
pins the program's file itself is tests/pilot_program/test_real_knowledge_file.py.

Amounts and dates are written here the way each language shows them, with plain f-strings and not with
pilot_program/wording.py: the tests check the formatting instead of recomputing it with the code they test.
"""
from __future__ import annotations

import copy
import re
from datetime import date, datetime, time, timedelta
from typing import Any

from pilot_program.knowledge import KNOWLEDGE_FILE, Knowledge, load_knowledge
from pilot_program.schema import node_at
from tools.measuring.servers import FIXED_NOW

PROGRAM = load_knowledge(KNOWLEDGE_FILE)
# The tests' "now" (the action tests' clock and the servers'): a Wednesday morning in Montréal.
CLOCK = datetime.fromisoformat(FIXED_NOW)
TODAY = CLOCK.date()


def _fact(path: str, key: str = "value") -> Any:
    return PROGRAM.fact(path, cite=False)[key]


# Fees to add a family member, of the fee year in force on TODAY.
_FEES = max((entry for entry in PROGRAM.facts("fees.add_member_by_year") if entry["year"] <= TODAY.year),
            key=lambda entry: entry["year"])
FEE_YEAR: int = _FEES["year"]
SPOUSE_FEE: int = _FEES["spouse"]
CHILD_FEE: int = _FEES["child"]


def fee(spouse: bool = False, children: int = 0) -> int:
    """The fee for a spouse (or none) and ``children`` dependent children."""
    return SPOUSE_FEE * spouse + CHILD_FEE * children


def dollars(amount: int, lang: str) -> str:
    """An amount as the answers write it: "$1,234" in English, "1 234 $" (no-break spaces) in French."""
    if lang == "en":
        return f"${amount:,}"
    return f"{amount:,}".replace(",", "\u00a0") + "\u00a0$"


# Numbers of days and months.
MISSING_ITEMS_DAYS: int = _fact("completeness", "days")  # to send what is missing from an application
VALUES_DAYS: int = _fact("values_attestation.request", "days")  # to obtain the values attestation
REVIEW_DAYS: int = _fact("administrative_review.deadline_days")  # to ask for an administrative review
IRCC_LETTER_MONTHS: int = _fact("family.ircc_letter", "months")  # a CSQ older than this needs the IRCC letter


def request_due_in(days: int, allowed: int = MISSING_ITEMS_DAYS) -> date:
    """The date of a request whose deadline falls ``days`` after TODAY (before it when negative)."""
    return TODAY + timedelta(days=days - allowed)


# The numbers of the contact centre, by where one calls from, and the mailing address.
PHONES: dict[str, str] = {item["key"]: item["number"] for item in _fact("contact_centre.phones", "items")}
MONTREAL_PHONE, QUEBEC_PHONE, OUTSIDE_PHONE = PHONES["montreal"], PHONES["quebec"], PHONES["outside"]
ADDRESS_LINES: list[str] = list(_fact("mailing_address", "lines"))
POSTAL_CODE: str = next(found.group() for line in ADDRESS_LINES
                        if (found := re.search(r"\b[A-Z]\d[A-Z] \d[A-Z]\d\b", line)))


# The contact centre's weekly hours: ISO weekday (1 = Monday) -> (opens, closes).
HOURS: dict[int, tuple[time, time]] = {
    int(day): (time.fromisoformat(opens), time.fromisoformat(closes))
    for day, (opens, closes) in _fact("contact_centre.hours", "weekly").items()}


def english_time(moment: time) -> str:
    """"8:00", "16:30"."""
    return f"{moment.hour}:{moment.minute:02d}"


def french_time(moment: time) -> str:
    """"8 h", "16 h 30"."""
    return f"{moment.hour} h" + (f" {moment.minute:02d}" if moment.minute else "")


def e164(number: str) -> str:
    """A North American number ("1-877-864-9191") as "+18778649191"."""
    return "+1" + re.sub(r"\D", "", number)[-10:]


# The caps the 2021 alert gave.
_CAP = PROGRAM.fact("cap.announced_2021", cite=False)
ANNOUNCED_CAP: int = _CAP["value"]
CAP_FIRST_YEAR: int = _CAP["first_year"]
YEARLY_CAP: int = _CAP["yearly"]

# Dates.
END_DATE = date.fromisoformat(_fact("timeline.end"))  # the program's end
OFFICIAL_PAGE_AS_OF: date = PROGRAM.official_page().as_of  # the date the footers give for the official page
FIRST_INTAKE = tuple(date.fromisoformat(_fact("timeline.first_intake", key)) for key in ("start", "end"))

_MONTHS_EN = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
              "November", "December")
_MONTHS_FR = ("janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
              "novembre", "décembre")


def english_date(day: date) -> str:
    """"January 9, 2027"."""
    return f"{_MONTHS_EN[day.month - 1]} {day.day}, {day.year}"


def french_date(day: date) -> str:
    """"9 janvier 2027", "1er janvier 2026"."""
    return f"{'1er' if day.day == 1 else day.day} {_MONTHS_FR[day.month - 1]} {day.year}"


def knowledge_with(path: str, key: str, value: Any) -> Knowledge:
    """The program's file with one value set: for a test whose cases are chosen around that value
    (periods around the IRCC letter's months), so that the program's own value can change."""
    raw = copy.deepcopy(PROGRAM.raw)
    node_at(raw, path)[key] = value
    return Knowledge(raw, f"{KNOWLEDGE_FILE} with {path}.{key} = {value!r}")
