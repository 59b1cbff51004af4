"""The patterns of the identifiers people type, run on the folded text (privacy/folding.py).

Every pattern is linear in the length of the text: each quantifier is bounded, or a lookbehind
anchors the pattern at the start of its run of characters (a match is tried once per run, not once
per character), and runs of white space are one space after folding. No pattern can backtrack
over more than a few dozen characters, whatever the text (tests/privacy/test_redaction_speed.py).

Each detector yields ``(start, end, kind)`` spans of the folded text; the order of
``privacy.redaction.DETECTORS`` says which one names a span two of them found.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

import phonenumbers
from stdnum import luhn

from understanding.dates import months

Span = tuple[int, int, str]

EMAIL = re.compile(r"[\w.+%-]{1,64}@[\w-]{1,63}(?:\.[\w-]{1,63}){0,8}\.[^\W\d_]{2,24}")

# Month names and their abbreviations, French and English: the understanding layer's (babel's), one list.
_MONTHS = r"(?:" + "|".join(sorted(map(re.escape, months()), key=len, reverse=True)) + r")\b\.?"
_DAY = r"(?:1er|\d{1,2})(?:st|nd|rd|th|e)?\b"
NUMERIC_DATE = r"\d{1,4}[-/. ]\d{1,2}[-/. ]\d{2,4}\b"
_DATE = (rf"(?:{NUMERIC_DATE}"
         rf"|{_DAY} ?(?:of |de )?{_MONTHS},? ?(?:(?:19|20)\d\d\b)?"
         rf"|{_MONTHS} ?(?:the )?{_DAY},? ?(?:(?:19|20)\d\d\b)?"
         rf"|{_MONTHS} ?(?:de |of )?(?:19|20)\d\d\b"
         rf"|(?:19|20)\d\d\b)")
# "né le", "née en", "nés le", "né(e) le", "née à Trois-Rivières le": right before the date ("ne" is
# also the French negation: without "le"/"en" it is no cue). The other cues allow a few words
# before the date ("my birthday is", "c'est le"), never a digit or a punctuation mark.
_BORN_FR = r"\bne(?:e|s|es)?(?: ?\(e\))?(?: a [^\d,.;:!?]{1,30}?)? (?:le|en|the|on)\b ?(?:le )?"
_BIRTH_CUES = (r"\b(?:date de naissance|date of birth|birth ?date|birth ?day|d\.?o\.?b\b\.?|born"
               r"|anniversaire|fecha de nacimiento)")
_GAP = r"[^\d,.;!?]{0,25}?"
BIRTH = re.compile(rf"(?:{_BORN_FR}|{_BIRTH_CUES}{_GAP}(?:[:=-] ?)?)(?P<value>{_DATE})", re.I)
DATE = re.compile(rf"(?<!\w){_DATE}", re.I)  # any date, cue or not (privacy/echoes.py)

# A cue, then the identifier: "UCI 12-3456-7890", "mon numéro de dossier c'est le Q-123456",
# "passport AB 123456", "file number is 2025-AI-778812".
_CUES = {
    "SIN": r"\b(?:nas|sin|numero d'assurance sociale|assurance sociale|social insurance(?: number)?)",
    "UCI": r"\b(?:uci|iuc|client ?(?:id|number|no)|numero (?:de )?client|identifiant (?:unique|client))",
    "PASSPORT": r"\b(?:passeport|passport)",
    "FILE_NUMBER": (r"\b(?:dossier|file|application|demande|reference|ref|case|confirmation"
                    r"|numero de (?:dossier|demande|reference|confirmation))"),
}
_CUE_SEP = (r"(?:\b|(?=\d))(?: ?(?:number|numero|num|no\.?|n°|#|id))?(?: ?(?:is|was|est|c'est|c est|:|=|-))?"
            r"(?: ?(?:le|la|the))? ?")
_TOKEN = (r"(?P<value>(?=[a-z0-9-]{0,12} ?\d)(?:\d{2,6}(?: \d{2,6}){1,4}(?![\w-])|[a-z]{1,3} \d{4,12}(?!\w)"
          r"|[a-z0-9]{1,16}(?:[-/.][a-z0-9]{1,16}){0,5}(?![\w-])))")
CUED = {kind: re.compile(cue + _CUE_SEP + _TOKEN, re.I) for kind, cue in _CUES.items()}
_A_DATE = re.compile(rf"{NUMERIC_DATE}$|(?:19|20)\d\d-(?:19|20)\d\d$")

SIN = re.compile(r"(?<![\w.-])\d{3}([ .-]?)\d{3}\1\d{3}(?!\w|[.-]\d)")
UCI = re.compile(r"(?<![\w.-])(?:\d{2}([ .-]?)\d{4}\1\d{4}|\d{4}-\d{4}|\d{8}|\d{10})(?!\w|[.-]\d)")
PASSPORT = re.compile(r"(?<!\w)(?:[a-zA-Z]{2}\d{6,7}|[A-Z]{2} \d{6,7})(?!\w)")
FILE_NUMBER = re.compile(r"(?<![\w-])(?:[a-z]{1,3}-?)?\d{7,}(?:[ -]\d{3,6}){0,3}(?!\w)", re.I)
_YEARS = re.compile(r"(?:19|20)\d\d-(?:19|20)\d\d$")
# French numbers in national format ("06 12 34 56 78") and numbers dialled with 00 from abroad.
_NATIONAL_FR = re.compile(r"(?<![\w+.-])0[1-9]([ .-]?)\d\d(?:\1\d\d){3}(?!\w|[.-]\d)")
_FROM_ABROAD = re.compile(r"(?<![\w+.-])00[ .-]?(?P<number>[1-9](?:\d{6,14}|\d{0,3}(?:[ .-]\d{1,4}){2,6}))"
                          r"(?!\w|[.-]\d)")


def emails(text: str) -> Iterator[Span]:
    if "@" in text:
        for match in EMAIL.finditer(text):
            yield match.start(), match.end(), "EMAIL"


def birth_dates(text: str) -> Iterator[Span]:
    for match in BIRTH.finditer(text):
        yield match.start("value"), match.end("value"), "BIRTH_DATE"


def _identifier_like(value: str) -> bool:
    """At least five digits, or four with letters in one piece ("X1234"); not a date or a span of years."""
    digits = sum(ch.isdigit() for ch in value)
    mixed = " " not in value and any(ch.isalpha() for ch in value)
    return (digits >= 5 or (mixed and digits >= 4)) and not _A_DATE.match(value)


def cued_numbers(text: str) -> Iterator[Span]:
    for kind, pattern in CUED.items():
        for match in pattern.finditer(text):
            if _identifier_like(match.group("value")):
                yield match.start("value"), match.end("value"), kind


def social_insurance_numbers(text: str) -> Iterator[Span]:
    for match in SIN.finditer(text):
        if luhn.is_valid(re.sub(r"\D", "", match.group())):
            yield match.start(), match.end(), "SIN"


def phones(text: str, region: str, public: frozenset[str]) -> Iterator[Span]:
    """North American and ``+`` numbers (Google's matcher), French national ones, ``00`` + country."""
    def private(number: phonenumbers.PhoneNumber) -> bool:
        return phonenumbers.format_number(number, phonenumbers.PhoneNumberFormat.E164) not in public

    for found in phonenumbers.PhoneNumberMatcher(text, region):
        if private(found.number):
            yield found.start, found.end, "PHONE"
    for pattern, prefix, group in ((_NATIONAL_FR, "", 0), (_FROM_ABROAD, "+", "number")):
        for match in pattern.finditer(text):
            try:
                number = phonenumbers.parse(prefix + match.group(group), "FR")
            except phonenumbers.NumberParseException:
                continue
            if phonenumbers.is_valid_number(number) and private(number):
                yield match.start(), match.end(), "PHONE"


def shapes(text: str) -> Iterator[Span]:
    """Numbers recognised by their shape alone: UCI, passport, file numbers."""
    for kind, pattern in (("UCI", UCI), ("PASSPORT", PASSPORT), ("FILE_NUMBER", FILE_NUMBER)):
        for match in pattern.finditer(text):
            if not _YEARS.match(match.group()):
                yield match.start(), match.end(), kind
