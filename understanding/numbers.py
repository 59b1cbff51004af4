"""Numbers written in words, as digits ("le cinq novembre", "the fifth of November", "trois ans"),
through text2num, a maintained library that reads French and English numbers and ordinals."""
from __future__ import annotations

from functools import lru_cache

from text_to_num import alpha2digit


@lru_cache(maxsize=512)
def with_digits(text: str, lang: str) -> str:
    """``text`` with its spelled numbers and ordinals as digits ("fifth" -> "5th", "premier" -> "1er").

    Numbers in the other language are read too (people mix them). Every number counts, small ones
    included ("deux", "one"): the callers look for digits next to the word that gives them a meaning
    (a month, "ago", "years old")."""
    other = "fr" if lang == "en" else "en"
    try:
        return alpha2digit(alpha2digit(text, lang, threshold=0), other, threshold=0)
    except Exception:  # odd input must never stop a reply: the words stay words
        return text
