"""Who the message is about: the people to add or remove, those already in the application, those
it excludes, how many children, a member's age.

The family words, numbers and relatives are the NLU's entity ruler's (rasa_server/nlu/pipeline/patterns.yml),
with their place in the message. Each member is read in its fragment of the message (cut at
punctuation and at "but", "mais", "pis", "now"): "not my wife" excludes her, "my wife and I" or "my
husband is already on the application" puts him in the application, "only my daughter" adds her
alone, "mes enfants, j'en ai quatre" counts four.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from understanding import lexicon
from understanding.numbers import with_digits

Entity = Mapping[str, Any]
SPOUSES = ("spouse", "de_facto_spouse")
PLURAL_CHILD_WORDS = {"children", "kids", "sons", "daughters", "babies", "enfants", "filles", "bebes", "flos", "twins",
                      "jumeaux", "jumelles", "dependent children", "enfants a charge", "teenagers", "ados", "toddlers",
                      "boys", "girls", "garcons"}
# "fils" is one son or several: the word before it tells ("mon fils", "notre fils" / "mes fils").
_SINGULAR_DETERMINERS = {"mon", "notre", "un", "le", "ce", "votre", "son", "leur", "1"}
_ENGLISH_ONLY_CHILD_WORDS = {"son", "sons"}  # "son" is a possessive in French ("son père")
VAGUE_NUMBERS = {"couple of", "a couple of"}
MULTIPLE_BIRTHS = {"twins", "jumeaux", "jumelles", "triplets", "triples", "triplees", "quadruplets", "quadruples"}
# Before a number, a reference back to children already counted ("triplets... all three babies").
_BACK_REFERENCE = re.compile(r"\b(?:all|both|tous|toutes|les)\s+(?:(?:the|les|ces|these|those|mes|my|our|nos)\s+)?$")
_FRAGMENT_END = re.compile(r"[.?!;,:\n()]|\s(?:but|mais|pis|and now|now|et maintenant|maintenant|sauf que|however)\s")
_AGE = re.compile(r"(?:\b(?:de|of|aged?|agee?s? de)\s+(\d{1,2})\s*(?:ans|years?)\b"
                  r"|\b(\d{1,2})\s*-?\s*(?:years?|yrs?)[- ]old\b|\b(\d{1,2})\s*y/?o\b)")
_POWER = re.compile(r"\d\s*(?:\^|\*\*|e\+?)\s*\d")  # "10^18", "1e18", "10**18": no count
_BABY = re.compile(r"\b(bab(y|ies)|newborns?|infants?|bebes?|nouveaux?-nee?s?|poupons?)\b")
_OTHER_PARENT_ABSENT = re.compile(
    r"((autre parent|pere|mere|papa|maman|other parent|father|mother|dad|mom|ex)\b.{0,40}"
    r"(ne (vient|viendra|suit|suivra|part) pas|vient pas|reste|restera|not coming|won'?t come|isn'?t coming"
    r"|stays?|staying|n'accompagne pas|won'?t sign|refuse)"
    r"|(seul parent|only one parent|one parent only|single parent|monoparental|sans (son|sa|leur) (pere|mere)"
    r"|without (his|her|their) (father|mother|dad|mom)))")


@dataclass(frozen=True)
class People:
    spouse: str | None = None  # the spouse to add or remove: "spouse" or "de_facto_spouse"
    children_mentioned: bool = False  # children to add or remove are named
    children: int | None = None  # how many (None: named without a count)
    already_in: frozenset[str] = field(default_factory=frozenset)  # "spouse", "child": in the application already
    excluded: frozenset[str] = field(default_factory=frozenset)  # "not my wife"
    only: bool = False  # "only my daughter": nobody said before is added with her
    also: bool = False  # "and my wife too": the people said before stay
    age: int | None = None  # the member's age (0 for a baby)
    other_parent_absent: bool = False
    relative: bool = False  # names a relative an application cannot include ("my mother")

    @property
    def any(self) -> bool:
        return bool(self.spouse or self.children_mentioned)

    @property
    def primary(self) -> str | None:
        return self.spouse or ("child" if self.children_mentioned else None)


@dataclass(frozen=True)
class _Member:
    kind: str  # spouse, de_facto_spouse, child
    entity: Entity
    status: str  # change, already, excluded
    only: bool


def read_people(text: str, entities: Iterable[Entity], lang: str) -> People:
    reading = lexicon.folded(text)
    ordered = sorted((e for e in entities if e.get("entity") in ("family_member", "number")),
                     key=lambda e: int(e.get("start") or 0))
    members = [m for m in _members(reading, ordered, lang)]
    changed = [m for m in members if m.status == "change"]
    spouse_kinds = [m.kind for m in changed if m.kind in SPOUSES]
    spouse = ("de_facto_spouse" if "de_facto_spouse" in spouse_kinds else "spouse") if spouse_kinds else None
    children_mentioned, children = _children(reading, ordered, changed, lang)
    if absurd_count(text):
        children = None
    digits = with_digits(reading, lang)
    return People(
        spouse=spouse, children_mentioned=children_mentioned, children=children,
        already_in=frozenset(_kind(m) for m in members if m.status == "already"),
        excluded=frozenset(_kind(m) for m in members if m.status == "excluded"),
        only=any(m.only for m in changed), also=lexicon.says("also", reading),
        age=_age(digits), other_parent_absent=bool(_OTHER_PARENT_ABSENT.search(reading)),
        relative=any(e.get("entity") == "relative" for e in entities))


def absurd_count(text: str) -> bool:
    """A number written as a power ("10^18 children") is no count to compute fees on: it is asked again."""
    return bool(_POWER.search(text))


def _kind(member: _Member) -> str:
    return "spouse" if member.kind in SPOUSES else "child"


def _words(entity: Entity, reading: str) -> str:
    start, end = entity.get("start"), entity.get("end")
    if isinstance(start, int) and isinstance(end, int) and 0 <= start < end <= len(reading):
        return reading[start:end]
    return lexicon.folded(str(entity.get("value", "")))


def _fragment(reading: str, start: int, end: int) -> tuple[int, int]:
    lefts = [m.end() for m in _FRAGMENT_END.finditer(reading, 0, start)]
    right = _FRAGMENT_END.search(reading, end)
    return (lefts[-1] if lefts else 0), (right.start() if right else len(reading))


@lru_cache(maxsize=1)
def _scope() -> dict[str, re.Pattern[str]]:
    """Patterns on the words before a member (``$``: right before it) and after it (``^``)."""
    excluding = lexicon.alternation([*lexicon.phrases("excluding"), "no", "aucun", "aucune", "pas de", "plus de"])
    only = lexicon.alternation(lexicon.phrases("only"))
    return {
        "excluded": re.compile(rf"(?:{excluding})\s+(?:\S+\s+){{0,2}}$|\b(?:pas|plus|sans|aucun)\s+d'$"),
        "only_before": re.compile(rf"(?:{only})\s+(?:\S+\s+){{0,3}}$"),
        "only_after": re.compile(rf"^\s*(?:{only})\b"),
        "with_me": re.compile(rf"^\s*(?:{lexicon.alternation(lexicon.phrases('with_me'))})"),
    }


def _status(reading: str, entity: Entity) -> tuple[str, bool]:
    start, end = int(entity.get("start") or 0), int(entity.get("end") or 0)
    first, last = _fragment(reading, start, end)
    before, after = reading[first:start], reading[end:last]
    scope = _scope()
    only = bool(scope["only_before"].search(before) or scope["only_after"].search(after))
    if scope["excluded"].search(before):
        return "excluded", False
    if scope["with_me"].search(reading[end:end + 12]):  # "mon chum pis moi": across the fragment's cut
        return "already", False
    cues = sorted([(m.start(), "already") for m in lexicon.cue("already_in").finditer(reading, first, last)]
                  + [(m.start(), "change") for m in lexicon.cue("change_verbs").finditer(reading, first, last)])
    preceding = [kind for position, kind in cues if position < start]
    following = [kind for position, kind in cues if position >= end]
    decisive = preceding[-1] if preceding else (following[0] if following else "change")
    return decisive, only


def _members(reading: str, ordered: list[Entity], lang: str) -> Iterable[_Member]:
    for entity in ordered:
        if entity.get("entity") != "family_member":
            continue
        kind = str(entity.get("value", ""))
        if kind not in (*SPOUSES, "child"):
            continue
        if kind == "child" and lang == "fr" and _words(entity, reading) in _ENGLISH_ONLY_CHILD_WORDS:
            continue
        status, only = _status(reading, entity)
        yield _Member(kind, entity, status, only)


def _children(reading: str, ordered: list[Entity], changed: list[_Member], lang: str) -> tuple[bool, int | None]:
    """Whether children to change are named, and how many (None: not said)."""
    changed_ids = {id(m.entity) for m in changed if m.kind == "child"}
    mentioned, count, unknown = False, 0, False
    previous_end = -1
    for index, entity in enumerate(ordered):
        words = _words(entity, reading)
        if entity.get("entity") == "number" and words in MULTIPLE_BIRTHS:
            if not _child_word_follows(ordered, index) and _status(reading, entity)[0] == "change":
                mentioned, count = True, count + (_count(entity) or 2)
            continue
        if id(entity) not in changed_ids:
            continue
        mentioned, same_child = True, _same_child(reading[previous_end:int(entity.get("start") or 0)], previous_end)
        previous_end = int(entity.get("end") or 0)
        if same_child:  # "newborn son", "baby boy": one child in two words
            continue
        number = _number_before(ordered, index, reading)
        if number is not None and count and _refers_back(ordered[index - 1], reading):
            count = max(count, number)  # "triplets... all three babies": the same children
        elif number is not None:
            count += number
        elif words in PLURAL_CHILD_WORDS or _plural_fils(entity, reading):
            unknown = True
        else:
            count += 1
    if unknown:
        said = _count_with_pronoun(with_digits(reading, lang))
        return mentioned, said
    return mentioned, count if mentioned else None


def _same_child(gap: str, previous_end: int) -> bool:
    joined = re.search(r"[,&+/]|\b(?:and|et|pis|plus|with|avec|or|ou)\b", gap)
    return previous_end >= 0 and len(gap.split()) <= 1 and not joined


def _refers_back(number: Entity, reading: str) -> bool:
    """"both babies", "all three kids", "les deux enfants" after the children were counted."""
    if _words(number, reading) in ("both", "les deux"):
        return True
    return bool(_BACK_REFERENCE.search(reading[: int(number.get("start") or 0)]))


def _plural_fils(entity: Entity, reading: str) -> bool:
    """"fils" counts as one child only after a singular determiner ("mon fils")."""
    if _words(entity, reading) != "fils":
        return False
    before = reading[: int(entity.get("start") or 0)].split()
    return not (before and before[-1] in _SINGULAR_DETERMINERS)


def _count(entity: Entity) -> int | None:
    value = str(entity.get("value", "")).strip()
    return int(value) if value.isdigit() else None


def _child_word_follows(ordered: list[Entity], index: int) -> bool:
    following = ordered[index + 1] if index + 1 < len(ordered) else None
    return bool(following and following.get("entity") == "family_member" and following.get("value") == "child")


def _number_before(ordered: list[Entity], index: int, reading: str) -> int | None:
    """A number just before the child word ("3 kids", "mes deux enfants", "our two little kids")."""
    if index == 0:
        return None
    previous = ordered[index - 1]
    if previous.get("entity") != "number":
        return None
    gap = reading[int(previous.get("end") or 0): int(ordered[index].get("start") or 0)]
    if len(gap.split()) > 2 or _words(previous, reading) in VAGUE_NUMBERS:
        return None
    return _count(previous)


@lru_cache(maxsize=1)
def _pronoun_count() -> re.Pattern[str]:
    said = lexicon.alternation(lexicon.phrases("count_with_pronoun"))
    return re.compile(rf"(?:{said})\s+(\d{{1,2}})(?=\s*(?:$|[.,!?;)]|of them|d'entre|en tout|in all|total|kids?\b"
                      r"|children|enfants?|boys|girls|garcons|filles|fils|sons|daughters))")


def _count_with_pronoun(digits: str) -> int | None:
    """"mes enfants, j'en ai quatre", "how much for my kids? I've got four of them"."""
    match = _pronoun_count().search(digits)
    return int(match.group(1)) if match else None


def _age(digits: str) -> int | None:
    """A person's age ("ma fille de 12 ans", "my 16-year-old"); the CSQ's age is not one ("my CSQ is 3 years old")."""
    for match in _AGE.finditer(digits):
        if not lexicon.cue("csq").search(digits, max(0, match.start() - 25), match.start()):
            return int(next(group for group in match.groups() if group))
    return 0 if _BABY.search(digits) else None
