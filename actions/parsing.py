"""Turns a user message (text + ruler entities) into facts the rules need. No Rasa import.

Entity values are the ruler's normalised ids ("child", "spouse", "2"), sent by the NLU
(components/ruler_entities.py); the words they were found in are at ``start``/``end`` in the text.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time
from functools import lru_cache
from typing import Any

from program.text import fold

PLURAL_CHILD_WORDS = {"children", "kids", "sons", "daughters", "babies", "enfants", "filles", "bebes",
                      "flos", "twins", "jumeaux", "jumelles", "dependent children",
                      "enfants a charge", "teenagers", "ados", "toddlers"}
# "fils" is one son or several: the word before it tells ("mon fils", "notre fils" / "mes fils").
SINGULAR_OR_PLURAL_CHILD_WORDS = {"fils"}
_SINGULAR_DETERMINERS = {"mon", "notre", "un", "le", "ce", "votre", "son", "leur"}
# "son" is a child in English and a possessive in French ("son père", "son dossier").
_ENGLISH_ONLY_CHILD_WORDS = {"son", "sons"}
# Number words that are not a count ("a couple of kids": ask how many).
VAGUE_NUMBERS = {"couple of", "a couple of"}
# A number word that is itself children ("twins", "des jumeaux").
MULTIPLE_BIRTHS = {"twins", "jumeaux", "jumelles", "triplets"}
_CSQ = re.compile(r"\b(csq|c\.s\.q|certificats? de s[ée]lection|selection certificates?|qu[ée]bec selection)\b", re.I)
_CSQ_NO = re.compile(
    r"(pas (encore )?(eu|re[cç]u|obtenu|de|mon|le)|not (yet|received|got|gotten)|have ?n[o']t|don'?t have"
    r"|did ?n[o']t (get|receive)|no csq|sans (le |mon )?csq|avant (d'? ?avoir |le |mon |l'obtention )|before"
    r"|en attente|waiting|still wait|pas encore)", re.I)
_CSQ_YES = re.compile(
    r"(j'?ai (d[ée]j[aà] )?(eu|re[cç]u|obtenu|mon)|i (already )?(got|received|have|obtained)"
    r"|i'?ve (got|received|obtained)"
    r"|(re[cç]u|obtenu|eu|received|issued|d[ée]livr[ée]|[ée]mis|got)\b.{0,12}\b(csq|certificat)"
    r"|(csq|certificat).{0,20}(re[cç]u|obtenu|received|issued|d[ée]livr[ée]|[ée]mis|en main|in hand)"
    r"|apr[eè]s|after|since|depuis|d[ée]j[aà]|already|j'?ai (le|mon) csq|have (my|the) csq)", re.I)
_DONT_KNOW = re.compile(r"(je (ne )?sais pas|j'?sais pas|chai pas|aucune id[ée]e|don'?t know|dunno|not sure|no idea"
                        r"|pas s[uû]r|i forgot|oubli[ée]|idk|jsp|(don'?t|do not|can'?t|cannot) (remember|recall)"
                        r"|(me )?rappelle (pas|plus)|souviens (pas|plus)|sais plus)", re.I)
# An age, not a duration: "ma fille de 12 ans", "my 10-year-old", "aged 7", "16 yo" (not "depuis 3 ans").
_AGE = re.compile(r"(?:\b(?:de|of|aged?|[âa]g[ée]e?s? de)\s+(\d{1,2})\s*(?:ans|years?)\b"
                  r"|\b(\d{1,2})\s*-?\s*(?:years?|yrs?)[- ]old\b|\b(\d{1,2})\s*y/?o\b)", re.I)
_DURATION = re.compile(r"\b\d{1,3}\s*(ans|an|years?|yrs?|mois|months?)\b(\s*(old|ago))?", re.I)
_MONTH_YEAR = re.compile(
    r"\b(janv\w*|f[ée]v\w*|mars|avr\w*|mai|juin|juil\w*|ao[uû]t|sept\w*|oct\w*|nov\w*|d[ée]c\w*"
    r"|jan\w*|feb\w*|march|apr\w*|may|june|july|aug\w*|sep\w*|oct\w*|nov\w*|dec\w*)"
    r"\.?\s+(?:de\s+|of\s+)?(20\d\d)\b", re.I)
_OTHER_PARENT_ABSENT = re.compile(
    r"((autre parent|p[èe]re|m[èe]re|papa|maman|other parent|father|mother|dad|mom|ex)\b.{0,40}"
    r"(ne (vient|viendra|suit|suivra|part) pas|vient pas|reste|restera|not coming|won'?t come|isn'?t coming"
    r"|stays?|staying|n'accompagne pas|won'?t sign|refuse)"
    r"|(seul parent|only one parent|one parent only|single parent|monoparental|sans (son|sa|leur) (p[èe]re|m[èe]re)"
    r"|without (his|her|their) (father|mother|dad|mom)))", re.I)
_DATE_HINT = re.compile(
    r"(\d|janv|f[ée]v|mars|avr|mai\b|juin|juil|ao[uû]t|sept|oct|nov|d[ée]c|jan\b|january|feb|march|april|may\b|june|july|aug|"
    r"hier|yesterday|aujourd|today|avant-hier|semaine|week|mois|month|dernier|last)", re.I)


def words_of(entity: Mapping[str, Any], text: str) -> str:
    """The words an entity was found in, folded ("enfants", "twins"): its place in the message."""
    start, end = entity.get("start"), entity.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(text):
        return fold(text[start:end])
    return fold(str(entity.get("value", "")))


def count_of(entity: Mapping[str, Any]) -> int | None:
    """A number entity's value as a count ("2" for "deux", "both" or "2")."""
    value = str(entity.get("value", "")).strip()
    return int(value) if value.isdigit() else None


def number_within(entities: Iterable[Mapping[str, Any]], start: int, end: int) -> int | None:
    """The count the NLU read in the characters ``start``-``end`` of the message ("three" in
    "three years ago"), if any."""
    for entity in entities:
        ent_start, ent_end = entity.get("start"), entity.get("end")
        if (entity.get("entity") == "number" and isinstance(ent_start, int) and isinstance(ent_end, int)
                and ent_start < end and start < ent_end):
            return count_of(entity)
    return None


@dataclass(frozen=True)
class Members:
    spouse: str | None  # "spouse" or "de_facto_spouse"
    children_mentioned: bool
    children: int | None  # None when children are mentioned without a count

    @property
    def any(self) -> bool:
        return bool(self.spouse or self.children_mentioned)

    @property
    def primary(self) -> str | None:
        if self.spouse:
            return self.spouse
        return "child" if self.children_mentioned else None


def members_from(entities: Iterable[Mapping[str, Any]], text: str, lang: str | None = None) -> Members:
    ents = sorted((e for e in entities if e.get("entity") in ("family_member", "number")),
                  key=lambda e: e.get("start", 0))
    spouse: str | None = None
    children_mentioned = False
    count = 0
    unknown = False
    for index, ent in enumerate(ents):
        if ent["entity"] == "number" and words_of(ent, text) in MULTIPLE_BIRTHS:
            if not _child_word_follows(ents, index):
                children_mentioned = True
                count += count_of(ent) or 2
            continue
        if ent["entity"] != "family_member":
            continue
        kind = str(ent.get("value", ""))
        if kind in ("spouse", "de_facto_spouse"):
            spouse = "de_facto_spouse" if kind == "de_facto_spouse" or spouse == "de_facto_spouse" else kind
            continue
        if kind != "child":
            continue
        if lang == "fr" and words_of(ent, text) in _ENGLISH_ONLY_CHILD_WORDS:
            continue
        children_mentioned = True
        number = _number_before(ents, index, text)
        if number is not None:
            count += number
        elif words_of(ent, text) in PLURAL_CHILD_WORDS or _plural_or_unknown(ent, text):
            unknown = True
        else:
            count += 1
    children = None if unknown or not children_mentioned else count
    return Members(spouse, children_mentioned, children)


def _plural_or_unknown(ent: Mapping[str, Any], text: str) -> bool:
    """A word such as "fils" counts as one child only after a singular determiner ("mon fils")."""
    if words_of(ent, text) not in SINGULAR_OR_PLURAL_CHILD_WORDS:
        return False
    before = text[: int(ent.get("start") or 0)].split()
    return not (before and fold(before[-1]) in _SINGULAR_DETERMINERS)


def _child_word_follows(ents: list[Mapping[str, Any]], index: int) -> bool:
    following = ents[index + 1] if index + 1 < len(ents) else None
    return bool(following and following["entity"] == "family_member" and following.get("value") == "child")


def _number_before(ents: list[Mapping[str, Any]], index: int, text: str) -> int | None:
    """A number entity just before the child word ("3 kids", "mes deux enfants", "our two little kids")."""
    if index == 0:
        return None
    previous = ents[index - 1]
    if previous["entity"] != "number":
        return None
    gap = text[previous.get("end", 0): ents[index].get("start", 0)]
    if len(gap.split()) > 2 or words_of(previous, text) in VAGUE_NUMBERS:
        return None
    return count_of(previous)


def entity_value(entities: Iterable[Mapping[str, Any]], label: str) -> str | None:
    """The last value of that entity in the message (the ruler's id: "child", "montreal", "2")."""
    values = [str(e.get("value")) for e in entities if e.get("entity") == label]
    return values[-1] if values else None


def mentions_csq(text: str) -> bool:
    return bool(_CSQ.search(text or ""))


def csq_status(text: str, requested: bool = False) -> bool | None:
    """True (has the CSQ), False (not yet) or None, from wording about the CSQ."""
    if not (requested or _CSQ.search(text)):
        return None
    if _CSQ_NO.search(text):
        return False
    if _CSQ_YES.search(text):
        return True
    return None


def says_dont_know(text: str) -> bool:
    return bool(_DONT_KNOW.search(text))


# A baby is a minor whatever its age in months: "my baby", "notre bébé", "a newborn".
_BABY = re.compile(r"\b(bab(y|ies)|newborns?|infants?|b[ée]b[ée]s?|nouveaux?-n[ée]e?s?|poupons?)\b", re.I)


def age_from(text: str) -> int | None:
    match = _AGE.search(text)
    if not match:
        return 0 if _BABY.search(text) else None
    return int(next(group for group in match.groups() if group))


# Asked whether the fees rise ("do the fees go up every year", "vont-ils augmenter l'an prochain"),
# read on folded text: the answer then starts with the yearly indexation.
_FEE_RISE = re.compile(
    r"\b(index\w*|inflation|augment\w*|hausse\w*|indexe\w*|(go|goes|going|gone|went) up|increas\w*"
    r"|rais(e|es|ed|ing)|higher|plus cher|more expensive|cost more|pay more|payer plus|next year|l'?an prochain"
    r"|l'?annee prochaine|every year|each year|chaque annee|yearly|annually|annuel\w*)\b")


def asks_if_fees_rise(text: str) -> bool:
    return bool(text) and _FEE_RISE.search(fold(text)) is not None


# "And if I'm late?" after a deadline: keep the request's date and say what lateness means.
_LATE = re.compile(r"\b(en retard|trop tard|too late|late|miss(ed|ing)? (the|my) deadline|manque le delai"
                   r"|depasse\w*|passe (la date|le delai)|past the deadline|after the deadline|apres le delai"
                   r"|can'?t make it|arrive pas a temps|pas a temps|not in time)\b")


def asks_if_late(text: str) -> bool:
    return bool(text) and _LATE.search(fold(text)) is not None


# "Refused because of my oral French": the one refusal without an administrative review. Read on folded
# text; "in French" (the language of the conversation) is not it.
_OVER_FRENCH = re.compile(
    r"\b(oral\w*\s+(french|francais)|(french|francais)\s+oral\w*"
    r"|(because of|due to|over|a cause de|en raison de|parce que|pour|on)\s+(my |mon |ma |le |the )?(french|francais)"
    r"|(french|francais)\s+(test|exam|level|requirement|condition|skills?)|(niveau|test|examen|condition|exigence)"
    r"\s+(de |en )?(french|francais))\b")


def refusal_over_french(text: str) -> bool:
    return bool(text) and _OVER_FRENCH.search(fold(text)) is not None


def other_parent_absent(text: str) -> bool | None:
    return True if _OTHER_PARENT_ABSENT.search(text) else None


def date_from(text: str, now: datetime, lang: str) -> date | None:
    """The date written in the message ("Nov 10", "le 10 novembre 2026", "hier"), past preferred.

    Read once per message: the slot extraction, the periods, the follow-up test and the deadline
    answers all ask, in separate actions with their own ``now``, and dateparser takes tens of
    milliseconds; the cache is keyed on Montréal's day, which is all a written date depends on."""
    return _date_on_day(text, now.date(), lang)


@lru_cache(maxsize=256)
def _date_on_day(text: str, today: date, lang: str) -> date | None:
    text = _DURATION.sub(" ", re.sub(r"\b1er\b", "1", text))  # "16 ans" is an age, not 16 years ago
    if not _DATE_HINT.search(text):
        return None
    from dateparser.search import search_dates

    order = "MDY" if lang == "en" else "DMY"
    settings = {
        "PREFER_DATES_FROM": "past",
        "RELATIVE_BASE": datetime.combine(today, time(12)),
        "DATE_ORDER": order,
        "PREFER_DAY_OF_MONTH": "first",
        "REQUIRE_PARTS": ["day"],
    }
    languages = ["en", "fr"] if lang == "en" else ["fr", "en"]
    try:
        found = search_dates(text, languages=languages, settings=settings)
    except Exception:  # dateparser raises on odd input; a date we cannot read is no date
        return None
    for matched, moment in found or []:
        if _DATE_HINT.search(matched) and not matched.strip().isdigit():
            return moment.date()
    return None


def month_from(text: str) -> tuple[int, int] | None:
    """(year, month) when only a month and year are written ("March 2024", "en mars 2024")."""
    match = _MONTH_YEAR.search(text)
    if not match:
        return None
    from dateparser import parse

    moment = parse(f"1 {match.group(1)} {match.group(2)}", languages=["fr", "en"])
    return (moment.year, moment.month) if moment else None
