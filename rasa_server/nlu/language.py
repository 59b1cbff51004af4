"""Per-message language detection (French or English) with lingua; no Rasa import.

Short or ambiguous messages return None so the conversation keeps its language.
"""
from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import yaml
from lingua import Language, LanguageDetectorBuilder

from pilot_program.text import fold

HINTS_FILE = Path(__file__).resolve().parent / "language_hints.yml"
_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)
# Other languages we recognise only to say politely that we answer in French or English.
# lingua tells the Latin-script ones apart from French and English; a message mostly in
# another script (Arabic, Chinese, Cyrillic, Devanagari...) is recognised by its letters,
# which needs no model: each lingua model costs about 20 MB of memory in the Rasa server.
_OTHERS = [Language.SPANISH, Language.PORTUGUESE, Language.GERMAN, Language.ITALIAN]
_CODES = {Language.FRENCH: "fr", Language.ENGLISH: "en"}


@dataclass(frozen=True)
class LanguageGuess:
    language: str | None  # "fr", "en", or None when not sure
    other_language: bool  # clearly written in a language we do not answer in
    from_hint: bool = False  # guessed from a few words only: not enough to switch a conversation


@lru_cache(maxsize=1)
def _hints() -> dict[str, set[str]]:
    data = yaml.safe_load(HINTS_FILE.read_text(encoding="utf-8"))
    return {lang: {fold(w) for w in str(words).split()} for lang, words in data["words"].items()}


@lru_cache(maxsize=1)
def _detector():
    return LanguageDetectorBuilder.from_languages(Language.FRENCH, Language.ENGLISH, *_OTHERS).build()


def _mostly_other_script(words: list[str]) -> bool:
    letters = [ch for word in words for ch in word]
    latin = sum(unicodedata.name(ch, "").startswith("LATIN") for ch in letters)
    return len(letters) >= 4 and latin < 0.5 * len(letters)


def _sure_of_a_short_text(text: str, min_value: float = 0.6, min_margin: float = 0.3) -> str | None:
    """French or English for a word or two no hint word decides, only when the model clearly prefers one: a
    hint, which starts a new conversation in that language but never switches an established one."""
    values = {c.language: c.value for c in _detector().compute_language_confidence_values(text)}
    scores = {code: values.get(language, 0.0) for language, code in _CODES.items()}
    best = max(scores, key=scores.__getitem__)
    other = min(scores, key=scores.__getitem__)
    return best if scores[best] >= min_value and scores[best] - scores[other] >= min_margin else None


def guess_language(text: str, min_words: int = 3, min_confidence: float = 0.6) -> LanguageGuess:
    words = _WORD.findall(text)
    if _mostly_other_script(words):
        return LanguageGuess(None, True)
    folded = [fold(w) for w in words]
    hints = _hints()
    votes = {lang: sum(w in vocab for w in folded) for lang, vocab in hints.items()}
    if len(words) < min_words:
        best = max(votes, key=votes.__getitem__)
        tie = sum(v == votes[best] for v in votes.values()) > 1
        if tie or votes[best] == 0:  # "payment?", "remboursement?": the word itself, when the model is sure
            return LanguageGuess(_sure_of_a_short_text(text), False, from_hint=True)
        return LanguageGuess(best, False, from_hint=True)
    confidences = _detector().compute_language_confidence_values(text)
    top = confidences[0]
    if top.language in _CODES:
        fr_en = {(_CODES[c.language]): c.value for c in confidences if c.language in _CODES}
        lang = _CODES[top.language]
        other = "en" if lang == "fr" else "fr"
        margin = fr_en[lang] - fr_en.get(other, 0.0)
        if margin >= min_confidence * (fr_en[lang] + fr_en.get(other, 0.0)) or votes[lang] > votes[other]:
            return LanguageGuess(lang, False)
        return LanguageGuess(None, False)
    # Mixed French/English text can score low on both: only call it foreign when clear.
    foreign = top.value >= 0.5 and votes["fr"] == 0 and votes["en"] == 0 and len(words) >= 4
    return LanguageGuess(None, foreign)
