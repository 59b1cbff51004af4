"""How a reply is judged against an unseen case's expectations (tests/unseen/messages.yml).

The cases were written from the program's sources alone, by someone who never saw the assistant's
wording, so matching is loose where wording varies and strict where facts do not: an amount is a
number next to a dollar sign, a date is its day and month written out in the reply's language (the
year may be left out), a phone number is its digits, free text is an accent- and case-insensitive
substring. Nothing here imports the assistant's own formatting code: a bug there must not hide.
"""
from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any

from pilot_program.text import fold

MONTHS = {
    "en": ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
           "november", "december"],
    "fr": ["janvier", "fevrier", "mars", "avril", "mai", "juin", "juillet", "aout", "septembre", "octobre",
           "novembre", "decembre"],
}
_MONEY = re.compile(r"\$\s?(\d[\d\s,.\u00a0\u202f]*\d|\d)|(\d[\d\s,.\u00a0\u202f]*\d|\d)\s?\$")


def normalised(text: str) -> str:
    """Folded, with every kind of space as one plain space and typographic apostrophes plain."""
    text = fold(text).replace("\u2019", "'")
    return re.sub(r"[\s\u00a0\u202f]+", " ", text)


def amounts_in(text: str) -> set[float]:
    """Every dollar amount written in ``text`` ("$1,206", "1 206 $", "201,00 $")."""
    found: set[float] = set()
    for match in _MONEY.finditer(text):
        raw = re.sub(r"[\s\u00a0\u202f]", "", match.group(1) or match.group(2))
        raw = raw.rstrip(".,")
        if re.search(r"[.,]\d{2}$", raw):  # decimals
            whole, cents = raw[:-3], raw[-2:]
        else:
            whole, cents = raw, "00"
        whole = re.sub(r"[.,]", "", whole)
        if whole.isdigit():
            found.add(int(whole) + int(cents) / 100)
    return found


def date_found(day: date, text: str) -> bool:
    """The day and month written out in either language ("January 9", "9 janvier", "1er janvier")."""
    folded = normalised(text)
    for lang, months in MONTHS.items():
        month = months[day.month - 1]
        days = [str(day.day), f"{day.day}er"] if day.day == 1 else [str(day.day)]
        for number in days:
            pattern = (rf"\b{month} {number}\b" if lang == "en" else rf"\b{number} {month}\b")
            if re.search(pattern, folded):
                return True
    return day.isoformat() in text


def phone_found(phone: str, text: str) -> bool:
    digits = re.sub(r"\D", "", phone)
    return bool(digits) and digits in re.sub(r"\D", "", text)


def item_found(item: Mapping[str, Any], text: str) -> bool:
    """One expectation (``amount``, ``date``, ``phone`` or ``any``) found in the reply."""
    if "amount" in item:
        return float(item["amount"]) in amounts_in(text)
    if "date" in item:
        value = item["date"]
        return date_found(value if isinstance(value, date) else date.fromisoformat(str(value)), text)
    if "phone" in item:
        return phone_found(str(item["phone"]), text)
    if "any" in item:
        folded = normalised(text)
        return any(normalised(str(alt)) in folded for alt in item["any"])
    raise ValueError(f"unknown expectation {dict(item)}")


def describe(item: Mapping[str, Any]) -> str:
    key = next(iter(item))
    return f"{key}: {item[key]}"
