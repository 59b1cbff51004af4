"""Finds the identifiers a person may type into the chat and replaces them by a placeholder.

Plain Python, no Rasa import: the tracker store (privacy/tracker_store.py) redacts with it before
anything is written, and the action server asks it whether a message carried an identifier.

What is found (the placeholder is ``[KIND]``): e-mail addresses; phone numbers, NANP and
international, by Google's ``phonenumbers`` matcher (the contact centre's own numbers, read from
the knowledge file, are public and kept); social insurance numbers (nine digits passing the Luhn
checksum, or any nine digits right after "NAS"/"SIN"); UCI/client numbers (8 or 10 digits, alone
or after a cue); file, application and passport numbers (after a cue, or in their usual shapes);
dates of birth, only right after a birth cue ("né le", "date of birth", "DOB"...). Amounts, years,
postal codes and dates without a birth cue are not identifiers and stay as they are.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import lru_cache

import phonenumbers
from stdnum import luhn

from program.knowledge import KNOWLEDGE_FILE

DEFAULT_REGION = "CA"


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    kind: str

    @property
    def placeholder(self) -> str:
        return f"[{self.kind}]"


_EMAIL = re.compile(r"[\w.+%-]+@[\w-]+(?:\.[\w-]+)*\.[^\W\d_]{2,}", re.UNICODE)

_MONTHS = (r"janv(?:ier)?|f[ée]v(?:rier)?|mars|avr(?:il)?|mai|juin|juil(?:let)?|ao[uû]t|sept(?:embre)?|oct(?:obre)?"
           r"|nov(?:embre)?|d[ée]c(?:embre)?|jan(?:uary)?|feb(?:ruary)?|march|mar|apr(?:il)?|may|june?|july?"
           r"|aug(?:ust)?|sep(?:tember)?|october|november|december")
_DATE = (rf"(?:\d{{1,4}}[-/. ]\d{{1,2}}[-/. ]\d{{1,4}}"
         rf"|(?:1er|\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+|de\s+)?(?:{_MONTHS})\.?,?\s+\d{{2,4}}"
         rf"|(?:{_MONTHS})\.?\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{2,4}}"
         rf"|(?:{_MONTHS})\.?\s+\d{{4}}|(?:19|20)\d\d)")
_BIRTH_CUE = (r"\b(?:n[ée]e?s?(?:\s*\(e\))?\s+(?:le|en|the)?|date\s+de\s+naissance|date\s+of\s+birth|birth\s*date"
              r"|d\.?o\.?b\.?|born(?:\s+(?:on|in))?)")
_BIRTH = re.compile(rf"{_BIRTH_CUE}\s*(?:[:=,-]\s*)?(?:(?:le|the|on)\s+)?(?P<value>{_DATE})\b", re.I)

_NUMBER_TOKEN = r"(?P<value>[a-z]{0,3}-?\d[\d -]{3,16}\d|[a-z]{1,3}\d{4,12})"
_CUE_SEP = r"\s*(?:number|no\.?|nº|n°|#|num[ée]ro)?\s*(?:est|is|:|=|-)?\s*"
_CUES = {
    "SIN": r"\b(?:nas|sin|num[ée]ro d'assurance sociale|assurance sociale|social insurance(?: number)?)",
    "UCI": r"\b(?:uci|iuc|client\s*(?:id|number|no)|num[ée]ro\s+(?:de\s+)?client|identifiant\s+unique)",
    "PASSPORT": r"\b(?:passeport|passport)",
    "FILE_NUMBER": (r"\b(?:dossier|file|application|demande|r[ée]f[ée]rence|reference|case|confirmation"
                    r"|num[ée]ro\s+de\s+(?:dossier|demande))"),
}
_CUED = {kind: re.compile(cue + r"\b" + _CUE_SEP + _NUMBER_TOKEN + r"\b", re.I) for kind, cue in _CUES.items()}

_SIN_SHAPE = re.compile(r"(?<![\d-])\d{3}[ -]?\d{3}[ -]?\d{3}(?![\d-])")
_UCI_SHAPE = re.compile(r"(?<![\d-])(?:\d{2}-\d{4}-\d{4}|\d{4}-\d{4}|\d{8}|\d{10})(?![\d-])")
_PASSPORT_SHAPE = re.compile(r"\b[a-z]{2}\d{6}\b", re.I)
_FILE_SHAPE = re.compile(r"\b(?:[a-z]{1,3}\d{7,12}|\d{7,}(?:[ -]\d{3,})*)\b", re.I)


def _birth_dates(text: str) -> Iterator[Found]:
    for match in _BIRTH.finditer(text):
        yield Found(match.start("value"), match.end("value"), "BIRTH_DATE")


def _cued_numbers(text: str) -> Iterator[Found]:
    for kind, pattern in _CUED.items():
        for match in pattern.finditer(text):
            yield Found(match.start("value"), match.end("value"), kind)


def _emails(text: str) -> Iterator[Found]:
    for match in _EMAIL.finditer(text):
        yield Found(match.start(), match.end(), "EMAIL")


def _social_insurance_numbers(text: str) -> Iterator[Found]:
    for match in _SIN_SHAPE.finditer(text):
        if luhn.is_valid(re.sub(r"\D", "", match.group())):
            yield Found(match.start(), match.end(), "SIN")


@lru_cache(maxsize=1)
def public_numbers() -> frozenset[str]:
    """The program's own phone numbers, in E.164: public, never redacted. Every number the knowledge
    file writes, wherever it writes it (the contact centre's, a cited office's)."""
    text = KNOWLEDGE_FILE.read_text(encoding="utf-8")
    found = {phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
             for m in phonenumbers.PhoneNumberMatcher(text, DEFAULT_REGION)}
    return frozenset(found)


def _phones(text: str) -> Iterator[Found]:
    for match in phonenumbers.PhoneNumberMatcher(text, DEFAULT_REGION):
        if phonenumbers.format_number(match.number, phonenumbers.PhoneNumberFormat.E164) not in public_numbers():
            yield Found(match.start, match.end, "PHONE")


def _shapes(text: str) -> Iterator[Found]:
    for kind, pattern in (("UCI", _UCI_SHAPE), ("PASSPORT", _PASSPORT_SHAPE), ("FILE_NUMBER", _FILE_SHAPE)):
        for match in pattern.finditer(text):
            yield Found(match.start(), match.end(), kind)


# In order of precedence: where two detectors overlap, the earlier one names the span. The ones
# that only look at the shape of a number skip web addresses (the source links the assistant
# sends carry dates and page numbers); e-mail addresses and numbers after a cue are found anywhere.
DETECTORS: tuple[tuple[Callable[[str], Iterable[Found]], bool], ...] = (
    (_emails, True), (_birth_dates, True), (_cued_numbers, True),
    (_social_insurance_numbers, False), (_phones, False), (_shapes, False))
_URL = re.compile(r"\b(?:https?://|www\.)\S+", re.I)


def find(text: str) -> list[Found]:
    """Every identifier in the text, without overlaps, in reading order."""
    if not text or not any(ch.isdigit() or ch == "@" for ch in text):
        return []
    urls = [(m.start(), m.end()) for m in _URL.finditer(text)]
    taken: list[Found] = []
    for detector, in_urls in DETECTORS:
        for found in detector(text):
            if found.end <= found.start or any(f.start < found.end and found.start < f.end for f in taken):
                continue
            if in_urls or not any(start <= found.start and found.end <= end for start, end in urls):
                taken.append(found)
    return sorted(taken, key=lambda f: f.start)


def redact(text: str) -> str:
    """The text with every identifier replaced by its placeholder."""
    if not isinstance(text, str):
        return text
    return apply(text, find(text))


def apply(text: str, spans: list[Found]) -> str:
    """The text with the given identifiers (from ``find``) replaced by their placeholders."""
    parts: list[str] = []
    last = 0
    for found in spans:
        parts.extend((text[last:found.start], found.placeholder))
        last = found.end
    return "".join(parts) + text[last:]


def kinds(text: str) -> set[str]:
    """Which kinds of identifier the text carries (empty when none)."""
    return {found.kind for found in find(text)}
