"""The text the redaction's detectors read: one shape per character, with the way back to the original.

People type identifiers with full-width digits (``１２-３４５６``), Unicode dashes (``514–555–1234``),
no-break or double spaces, invisible characters in the middle (a zero-width space, a bidi mark), or
accents on the cue words ("numéro", "née"). ``fold`` turns each character of the text into what the
detectors expect, in one pass, character by character (so linear in the length):

* compatibility forms to their plain form (Unicode NFKC's mappings: full-width letters and signs,
  ligatures, circled digits), then accents dropped (NFKD without its combining marks);
* a decimal digit of any script (Arabic-Indic, Devanagari, full-width...) to its ASCII digit;
* every dash (Unicode category Pd, the minus sign, the hyphen bullet) to ``-``, typographic
  apostrophes to ``'``;
* any run of white space to one space; format characters (zero-width, bidi controls, soft
  hyphen) removed.

``Folded.span`` gives, for a span of the folded text, the span of the original text it came from:
detectors run on the folded text, placeholders replace the original characters.
"""
from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from functools import lru_cache

DASHES = frozenset("\u2212\u2043\u02d7\u2e3a\u2e3b")
APOSTROPHES = frozenset("\u2018\u2019\u02bc\u2032\uff07")


@lru_cache(maxsize=4096)
def fold_char(char: str) -> str:
    """What one character becomes (possibly nothing, possibly several characters)."""
    if char.isascii():
        return " " if char.isspace() else char
    category = unicodedata.category(char)
    if char.isspace():
        return " "
    if category == "Cf":
        return ""
    if category == "Pd" or char in DASHES:
        return "-"
    if char in APOSTROPHES:
        return "'"
    digit = unicodedata.decimal(char, None)
    if digit is not None:
        return str(digit)
    decomposed = unicodedata.normalize("NFKD", char)
    return "".join(c if not c.isspace() else " " for c in decomposed if not unicodedata.combining(c))


@dataclass(frozen=True)
class Folded:
    """The folded text and, for each of its characters, the index of the original character."""

    text: str
    origin: tuple[int, ...]
    original_length: int

    def span(self, start: int, end: int) -> tuple[int, int]:
        """The original span that folded characters ``start`` to ``end`` (excluded) came from."""
        return self.origin[start], self.origin[end - 1] + 1


def fold(text: str) -> Folded:
    """See the module's docstring."""
    parts: list[str] = []
    origin: list[int] = []
    previous_space = False
    for index, char in enumerate(text):
        folded = fold_char(char)
        for out in folded:
            if out == " ":
                if previous_space:
                    continue
                previous_space = True
            else:
                previous_space = False
            parts.append(out)
            origin.append(index)
    return Folded("".join(parts), tuple(origin), len(text))
