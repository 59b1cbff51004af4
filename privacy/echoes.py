"""The assistant's own replies may repeat what the person typed: those copies are redacted too.

A message "ma date de naissance c'est le 14 mars 1985" is stored as "ma date de naissance c'est le
[BIRTH_DATE]"; but the assistant, reading a date, may answer "Demande reçue le 14 mars 1985: le délai
de 60 jours a pris fin le 13 mai 1985" (seen through the real servers), a reply without any birth
cue. Rasa saves a turn's events together (the message, the slots the actions set, the replies), so
the identifiers found in the turn's messages are looked for in its other events before they are
written: the same characters (after folding: full-width digits, dashes...), and, for a date of
birth, any date with the same day, month and year whatever its format ("1985-03-14", "March 14, 1985").
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from typing import Any

from privacy import detectors, redaction
from privacy.events import NAMES, redact_event, stored_text
from privacy.folding import fold
from understanding.dates import months

MIN_ECHO = 5  # shorter copies (a day, a count) are ordinary text


def date_key(text: str) -> frozenset[int] | None:
    """The numbers of a date (day, month, year; month names read in French and English), or None
    without a year: "14 mars 1985", "14.03.1985" and "1985-03-14" have the same key."""
    folded = fold(text).text.lower()
    numbers = {int(n) for n in re.findall(r"\d+", folded)}
    names = months()  # the understanding layer's month names (babel's), French and English
    for word in re.findall(r"[a-z]+", folded):
        if word in names:
            numbers.add(names[word])
    return frozenset(numbers) if any(n > 31 for n in numbers) else None


class Echoes:
    """What a turn's messages carried, to be looked for in the turn's other events."""

    def __init__(self, texts: Iterable[str]) -> None:
        self.copies: dict[str, str] = {}  # folded characters -> placeholder
        self.birth_dates: set[frozenset[int]] = set()
        for text in texts:
            for found in stored_text(text)[1]:  # the identifiers of what is stored of it
                value = text[found.start:found.end]
                if len(fold(value).text) >= MIN_ECHO:
                    self.copies[fold(value).text] = found.placeholder
                if found.kind == "BIRTH_DATE" and (key := date_key(value)):
                    self.birth_dates.add(key)

    def __bool__(self) -> bool:
        return bool(self.copies or self.birth_dates)

    def redact(self, text: str) -> str:
        folded = fold(text)
        spans: list[redaction.Found] = []
        for copy, placeholder in self.copies.items():
            start = folded.text.find(copy)
            while start != -1:
                spans.append(redaction.Found(*folded.span(start, start + len(copy)), placeholder[1:-1]))
                start = folded.text.find(copy, start + len(copy))
        for match in detectors.DATE.finditer(folded.text) if self.birth_dates else ():
            if date_key(match.group()) in self.birth_dates:
                spans.append(redaction.Found(*folded.span(match.start(), match.end()), "BIRTH_DATE"))
        kept: list[redaction.Found] = []
        for found in sorted(spans, key=lambda f: (f.start, -f.end)):
            if not kept or found.start >= kept[-1].end:
                kept.append(found)
        return redaction.apply(text, kept)

    def clean(self, value: Any) -> Any:
        """Every string in an event's stored form (its names and ids aside, as privacy/events.py does)."""
        if isinstance(value, str):
            return self.redact(value)
        if isinstance(value, Mapping):
            return {k: v if k in NAMES else self.clean(v) for k, v in value.items()}
        if isinstance(value, list):
            return [self.clean(v) for v in value]
        return value


def redact_turn(events: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """A turn's events (``Event.as_dict()``) fit for storage: each redacted (privacy/events.py), then
    the copies of what its user messages carried replaced in the others."""
    stored = [redact_event(event) for event in events]
    messages = [event.get("text") for event in events if event.get("event") == "user"]
    echoes = Echoes(text for text in messages if isinstance(text, str))
    if not echoes:
        return stored
    return [row if row.get("event") == "user" else echoes.clean(row) for row in stored]
