"""The other details a message gives: the CSQ's status, the decision named, where the caller is, how or
by whom the fees would be paid, and what it asks beyond its topic (lateness, rising fees, a refusal over
oral French, a missed interview, misrepresentation)."""
from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from understanding import lexicon

Entity = Mapping[str, Any]


@dataclass(frozen=True)
class Details:
    csq_mentioned: bool = False
    csq_obtained: bool | None = None  # said to be received (True), not yet (False), or not said
    csq_words: bool | None = None  # the same read from the words alone, the CSQ not named (a reply to "have you?")
    decisions: frozenset[str] = field(default_factory=frozenset)  # selected, refused, rejected, interview
    interview_missed: bool = False  # clearly missed (the rejection ground), not an invitation
    no_answer_in_time: bool = False  # after a letter of intent
    refused_over_oral_french: bool = False  # the one refusal without an administrative review
    caller_location: str | None = None  # montreal, quebec, outside
    payment_method: str | None = None  # a key of the knowledge file's payment items, or "unlisted"
    third_party_payer: bool = False  # someone else would pay (an employer, a parent...)
    late: bool = False  # "and if I'm late?"
    fees_rise: bool = False  # "do the fees go up every year?"
    dont_know: bool = False
    misrepresentation: bool = False  # how to give false or misleading information: said plainly ("lie", "fake")
    claim_against_facts: bool = False  # a claim with what contradicts it ("say he is 17 even though he is 19")
    starts_with: str | None = None  # "yes" or "no" when the message starts as one
    # a letter announcing a refusal or rejection ("refused", "rejected", "either"): its deadline is the letter's own
    letter_of_intent: str | None = None
    never_applied: bool = False  # "I never applied, can I add my wife?": no application to change


def last_value(entities: Iterable[Entity], label: str) -> str | None:
    """The last value the NLU gave an entity (the ruler's id: "child", "montreal", "2")."""
    values = [str(e.get("value")) for e in entities if e.get("entity") == label]
    return values[-1] if values else None


def read_details(text: str, entities: tuple[Entity, ...]) -> Details:
    reading = lexicon.folded(text)
    decisions = frozenset(str(e.get("value")) for e in entities if e.get("entity") == "decision")
    csq_mentioned, csq_words = lexicon.says("csq", reading), csq_status(reading)
    return Details(
        csq_mentioned=csq_mentioned,
        csq_obtained=csq_words if csq_mentioned else None,
        csq_words=csq_words,
        decisions=decisions,
        interview_missed=lexicon.says("interview_missed", reading),
        no_answer_in_time=lexicon.says("no_answer_in_time", reading),
        refused_over_oral_french="rejected" not in decisions and lexicon.says("oral_french", reading),
        caller_location=last_value(entities, "caller_location"),
        payment_method=last_value(entities, "payment_method"),
        third_party_payer=bool(last_value(entities, "payer") or last_value(entities, "relative")),
        late=lexicon.says("late", reading),
        fees_rise=lexicon.says("fees_rise", reading),
        dont_know=lexicon.says("dont_know", reading),
        misrepresentation=misrepresents(reading),
        claim_against_facts=lexicon.says("claim", reading) and lexicon.says("contrast", reading),
        starts_with=starts_with(reading),
        letter_of_intent=letter_of_intent(text, entities),
        never_applied=last_value(entities, "application") == "none",
    )


_LETTER_OUTCOMES = ("refused", "rejected")


def letter_of_intent(text: str, entities: tuple[Entity, ...]) -> str | None:
    """"I got a letter saying my application will be refused: how long do I have?", "an intent to reject?": a
    refusal or rejection named (the `decision` entity) with "intent"/"intention" in its own words or a letter
    named (`document: letter`). "refused", "rejected", "either" (both named); None otherwise ("how long before
    my application is rejected?" is about the 60 days of an incomplete application)."""
    named = [e for e in entities if e.get("entity") == "decision" and e.get("value") in _LETTER_OUTCOMES]
    a_letter = last_value(entities, "document") == "letter" or any(
        "inten" in text[int(e.get("start") or 0):int(e.get("end") or 0)].lower() for e in named)
    outcomes = {str(e["value"]) for e in named}
    if not (outcomes and a_letter):
        return None
    return outcomes.pop() if len(outcomes) == 1 else "either"


def csq_status(reading: str) -> bool | None:
    """True (has the CSQ), False (not yet) or None, from the words around it."""
    if lexicon.says("csq_not_yet", reading):
        return False
    if lexicon.says("csq_received", reading):
        return True
    return None


# Signing in someone else's place: "can I sign the consent form for her?", "signer la déclaration à sa place".
_SIGN_FOR_SOMEONE = re.compile(
    r"\bsign\w*(?:\s+\S+){0,4}?\s+(?:for|on behalf of|in the name of|in place of|instead of)\s+"
    r"(?:him|her|them|my ex|the father|the mother|his dad|her mom)\b"
    r"|\bsign\w*(?:\s+\S+){0,4}?\s+(?:a sa place|a la place d|pour (?:lui|elle|eux)|en son nom|au nom d)")


def misrepresents(reading: str) -> bool:
    """A word that says it ("lie", "faux papiers"), or signing in someone else's place. A claim with what
    contradicts it is only a hint (``claim_against_facts``): "can I write to them even though it's late?" is
    not one; the classifier decides with it (actions/dispatch.py)."""
    return lexicon.says("misrepresent", reading) or bool(_SIGN_FOR_SOMEONE.search(reading))


@lru_cache(maxsize=1)
def _starts() -> dict[str, re.Pattern[str]]:
    return {answer: re.compile(r"^\s*" + lexicon.alternation(words))
            for answer, words in lexicon.group("yes_no_start").items()}


def starts_with(reading: str) -> str | None:
    for answer, pattern in _starts().items():
        if pattern.search(reading):
            return answer
    return None
