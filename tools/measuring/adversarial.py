"""Inputs built to make a backtracking pattern slow, at any size: the redaction's speed tests and
benchmark run them (tests/privacy/test_redaction_speed.py, ``python -m tools.measuring.bench.redaction``).

Each builder takes the length in characters and returns a text of exactly that length: long runs
that a pattern may scan again from every position (word characters before an "@", white space after a
cue, digits with separators), repeated cues and near-identifiers, invisible characters, full-width
digits and Unicode dashes, and link-like tokens.
"""
from __future__ import annotations

from collections.abc import Callable

Builder = Callable[[int], str]


def _fill(head: str, body: str, tail: str = "") -> Builder:
    """``head`` + ``body`` repeated + ``tail``, cut to the length asked for (the tail kept)."""
    def build(size: int) -> str:
        room = max(size - len(head) - len(tail), 0)
        return (head + body * (room // len(body) + 1))[:size - len(tail)] + tail
    return build


ADVERSARIAL: dict[str, Builder] = {
    "word run then a digit (e-mail local part)": _fill("", "a", "1"),
    "word run then an at sign": _fill("", "a", "@"),
    "at signs": _fill("", "a@"),
    "dotted domain without a top-level name": _fill("x@", "b.", "1"),
    "cue then spaces": _fill("nas", " ", "x1"),
    "cue then no-break spaces": _fill("NAS", "\u00a0", "1"),
    "cue then invisible characters": _fill("dossier", "\u200b", "12345"),
    "cues repeated": _fill("", "dossier no : ", "1"),
    "birth cues repeated": _fill("", "born on the ", "1"),
    "French birth cues repeated": _fill("", "née à Montréal le ", "1"),
    "digits": _fill("", "1"),
    "digits and spaces": _fill("", "1 "),
    "digits and dashes": _fill("", "1-"),
    "digits and dots": _fill("", "1."),
    "digit pairs (French numbers)": _fill("", "06 12 "),
    "international prefixes": _fill("", "00 33 1"),
    "parentheses": _fill("", "(1) "),
    "plus signs": _fill("", "+1-"),
    "phone numbers": _fill("", "514-555-0173 "),
    "nine-digit groups": _fill("", "046 454 286 "),
    "full-width digits": _fill("", "\uff11"),
    "Unicode dashes": _fill("", "1\u2013"),
    "zero-width between digits": _fill("", "5\u200b"),
    "link-like token": _fill("https://", "a/1"),
    "dates": _fill("", "14.03.1985 "),
    "letters and digits": _fill("", "AB1"),
}
