"""Finds the identifiers a person may type into the chat and replaces them by a placeholder.

Plain Python, no Rasa import: the tracker store (rasa_server/stores/tracker_store.py) redacts with it before
anything is written, and the action server asks it whether a message carried an identifier.

The text is first folded (privacy/folding.py: compatibility forms, digits of any script, Unicode
dashes, invisible characters, accents), then read by the detectors (privacy/detectors.py), all
linear in the length of the text. What is found (the placeholder is ``[KIND]``): e-mail addresses;
phone numbers (Google's ``phonenumbers``: North American numbers, any number written with ``+``
or ``00``, French numbers in national format; the program's own numbers, read from the knowledge
file, are public and kept); social insurance numbers (nine digits passing the Luhn checksum, or
any number right after "NAS"/"SIN"); UCI/client numbers (8 or 10 digits, alone or after a cue);
file, application and passport numbers (after a cue, letters and digits mixed, or in their usual
shapes); dates of birth, only after a birth cue ("né le", "ma date de naissance c'est le", "my
birthday is", "DOB"...). Amounts, years, postal codes and dates without a birth cue are not
identifiers and stay as they are. Links to the sites the knowledge file cites are the assistant's
own and are not scanned; a number in any other link-like token is.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

import phonenumbers

from pilot_program.knowledge import KNOWLEDGE_FILE
from privacy import detectors
from privacy.folding import fold

DEFAULT_REGION = "CA"
_URL = re.compile(r"(?:https?://|www\.)[^\s<>\"'()\[\]]{1,2048}", re.I)


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    kind: str

    @property
    def placeholder(self) -> str:
        return f"[{self.kind}]"


@lru_cache(maxsize=1)
def public_numbers() -> frozenset[str]:
    """The program's own phone numbers, in E.164: public, never redacted. Every number the knowledge
    file writes, wherever it writes it (the contact centre's, a cited office's)."""
    text = KNOWLEDGE_FILE.read_text(encoding="utf-8")
    found = {phonenumbers.format_number(m.number, phonenumbers.PhoneNumberFormat.E164)
             for m in phonenumbers.PhoneNumberMatcher(text, DEFAULT_REGION)}
    return frozenset(found)


def _host(url: str) -> str:
    host = urlsplit(url if "://" in url else f"https://{url}").hostname or ""
    return host.removeprefix("www.")


@lru_cache(maxsize=1)
def public_hosts() -> frozenset[str]:
    """The sites the knowledge file cites: their links are the assistant's own, page numbers and all."""
    return frozenset(_host(m.group()) for m in _URL.finditer(KNOWLEDGE_FILE.read_text(encoding="utf-8")))


def _phones(text: str) -> Iterable[detectors.Span]:
    return detectors.phones(text, DEFAULT_REGION, public_numbers())


# In order of precedence: where two detectors overlap, the earlier one names the span.
DETECTORS: tuple[Callable[[str], Iterable[detectors.Span]], ...] = (
    detectors.emails, detectors.birth_dates, detectors.cued_numbers, detectors.social_insurance_numbers,
    _phones, detectors.shapes)


def find(text: str) -> list[Found]:
    """Every identifier in the text, without overlaps, in reading order (spans of ``text``)."""
    if not text:
        return []
    folded = fold(text)
    scanned = folded.text
    if not any(ch.isdigit() or ch == "@" for ch in scanned):
        return []
    taken = bytearray(len(scanned))  # 1 where a span was found or a public link is
    for match in _URL.finditer(scanned):
        if _host(match.group()) in public_hosts():
            taken[match.start():match.end()] = b"\1" * (match.end() - match.start())
    spans: list[Found] = []
    for detector in DETECTORS:
        for start, end, kind in detector(scanned):
            if end <= start or taken.find(1, start, end) != -1:
                continue
            taken[start:end] = b"\1" * (end - start)
            spans.append(Found(*folded.span(start, end), kind))
    return sorted(spans, key=lambda f: f.start)


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
