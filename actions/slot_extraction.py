"""What a user message says, as slot values. No Rasa import: action_slots.py applies it."""
from __future__ import annotations

import re
from collections.abc import Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from actions import parsing, periods
from actions.intents import names, using
from actions.turn import Turn
from program.knowledge import Knowledge

MEMBER_VALUES = {"spouse", "de_facto_spouse", "child"}
SWITCH = {"fr": "en", "en": "fr"}
CHANGE_OF_INTENT = {"add_family_member": "add", "remove_family_member": "remove"}
# From the registry (actions/intents.py): topics whose message carries the date of a request;
# topics whose answer a "when" in a later message refines (the CSQ's issue date); intents whose
# message may say where the caller is.
DATE_INTENTS = using("date")
FAMILY_TOPICS = using("csq_age")
LOCATION_INTENTS = names(location=True)
# "and if the two children come too?": the people named are added to those already named.
# A reply that starts as an answer to a yes-or-no question.
_YES_OR_NO = re.compile(r"\s*(oui|non|yes|no|nope|yep|yeah|yup|ouais|ouin|nan|absolutely|absolument|of course"
                        r"|bien s[uû]r|pas encore|not yet|certainly|certainement|sure)\b", re.I)
_ALSO = re.compile(r"\b(too|also|as well|aussi|[ée]galement|en plus|itou)\b", re.I)


def csq_issue_value(text: str, now, lang: str, k: Knowledge, entities: periods.Entities = ()) -> str | None:
    """When the CSQ was issued, as far as the 24-month rule is concerned: a date when every day of
    the period said ("in 2021", "three years ago", "last spring") gives the same answer (its last
    day if all are past the limit, its first if none), "unknown" otherwise, so the answer states
    the rule as a condition instead of guessing."""
    period = periods.period_from(text, now, lang, entities)
    if not period:
        return None
    from program.rules.family_changes import csq_older_than_limit

    first, last = period
    today = now.date()
    if csq_older_than_limit(k, last, today):
        return last.isoformat()
    if not csq_older_than_limit(k, first, today):
        return first.isoformat()
    return "unknown"


def page_language(metadata: Mapping[str, Any]) -> str | None:
    """The language of the page the widget is on (``customData.language``: "fr-CA", "en"...), if ours."""
    page = str(metadata.get("language") or "")[:2].lower()
    return page if page in SWITCH else None


def language_update(turn: Turn, metadata: Mapping[str, Any]) -> str | None:
    """The conversation's language after this message, when it changes: decided here, once per message,
    from a switch asked for, the NLU's ``detected_language`` entity (components/input_guard.py) or,
    for a conversation's first message, the page's language. Every reply then carries it (``lang``)."""
    current = turn.slot("language")
    if turn.intent == "switch_language":
        asked = parsing.entity_value(turn.entities, "language")
        return asked if asked in SWITCH else SWITCH.get(current or "fr")
    detected = [e for e in turn.entities if e.get("entity") == "detected_language" and e.get("value") in SWITCH]
    if detected:
        # a word or two ("merci", "ok") only sets a language the conversation does not have yet
        if detected[-1].get("role") != "hint" or current is None:
            return str(detected[-1]["value"])
    return page_language(metadata) if current is None else None


_POWER = re.compile(r"\d\s*(?:\^|\*\*|[eE]\+?)\s*\d")  # "10^18", "1e18", "10**18": no count


@lru_cache(maxsize=1)
def count_range() -> tuple[int, int]:
    """The children count a person can mean: the domain's `children_count` slot bounds."""
    domain = yaml.safe_load((Path(__file__).resolve().parent.parent / "domain.yml").read_text(encoding="utf-8"))
    slot = domain["slots"]["children_count"]
    return int(slot["min_value"]), int(slot["max_value"])


def slot_updates(turn: Turn, requested: str | None, metadata: Mapping[str, Any]) -> dict[str, Any]:
    """Slot values stated by this message; keys absent are left as they were. `requested` is the
    detail the previous answer asked for (slot `pending_question`), if any."""
    updates = _stated_values(turn, requested, metadata)
    low, high = count_range()
    count = updates.get("children_count")
    if count is not None and (not low <= count <= high or _POWER.search(turn.text)):
        del updates["children_count"]  # "10^18 children" is no count to compute fees on: ask again
    return updates


def _stated_values(turn: Turn, requested: str | None, metadata: Mapping[str, Any]) -> dict[str, Any]:
    """Each kind of detail in turn; a later step may refine what an earlier one set."""
    updates, lang = _language(turn, metadata)
    updates.update(_members(turn, requested, lang))
    if turn.intent in CHANGE_OF_INTENT:
        updates["change_type"] = CHANGE_OF_INTENT[turn.intent]
    csq = _csq_status(turn, requested)
    if csq is not None:
        updates["csq_obtained"] = csq
    if csq is False:
        updates["csq_issue_date"] = None
    updates.update(_dates(turn, requested, lang, csq))
    updates.update(_person_details(turn.text))
    updates.update(_topic_entities(turn))
    return updates


def _language(turn: Turn, metadata: Mapping[str, Any]) -> tuple[dict[str, Any], str]:
    """The language slot when this message changes it, and the language to read the message in."""
    language = language_update(turn, metadata)
    updates = {"language": language} if language and language != turn.slot("language") else {}
    return updates, language or turn.lang


def _members(turn: Turn, requested: str | None, lang: str) -> dict[str, Any]:
    """Who is added or removed, and how many children; a bare member or number only when asked for."""
    text, entities = turn.text, turn.entities
    members = parsing.members_from(entities, text, lang)
    if members.any:
        also = bool(_ALSO.search(text))
        kept_children = also and not members.children_mentioned and bool(turn.slot("children_mentioned"))
        return {
            "includes_spouse": bool(members.spouse) or (also and bool(turn.slot("includes_spouse"))),
            "children_mentioned": members.children_mentioned or kept_children,
            "children_count": turn.slot("children_count") if kept_children else members.children,
            "family_member": members.primary,
        }
    updates: dict[str, Any] = {}
    explicit = parsing.entity_value(entities, "family_member")
    if requested == "family_member" and explicit in MEMBER_VALUES:
        updates["family_member"] = explicit
    number = parsing.entity_value(entities, "number")
    if requested == "children_count" and number and number.isdigit():
        updates["children_count"] = int(number)
    return updates


def _csq_status(turn: Turn, requested: str | None) -> bool | None:
    """Whether the CSQ was received, as said; a plain yes or no when that was the question.

    A negative sentence about someone else ("on n'a pas d'enfants", read as *deny*) does not answer
    the CSQ question: a yes or no that names a family member must start with its yes or no word."""
    asked = requested == "csq_obtained"
    if asked and _about_someone(turn) and not parsing.mentions_csq(turn.text):
        return None
    if asked and turn.intent in ("affirm", "deny"):
        return turn.intent == "affirm"
    return parsing.csq_status(turn.text, requested=asked)


def _about_someone(turn: Turn) -> bool:
    """Names a family member without starting as a yes or no ("we have no children")."""
    return parsing.members_from(turn.entities, turn.text, turn.lang).any and not _YES_OR_NO.match(turn.text)


def _dates(turn: Turn, requested: str | None, lang: str, csq: bool | None) -> dict[str, Any]:
    """A date is the request's date when that is the question, else the CSQ's issue date in a family topic."""
    text, intent = turn.text, turn.intent
    updates: dict[str, Any] = {}
    said_date = parsing.date_from(text, turn.now, lang) if text else None
    if requested == "request_date" or (intent in DATE_INTENTS and requested != "csq_issue_date"):
        if said_date:
            updates["request_date"] = said_date.isoformat()
        elif requested == "request_date" and (parsing.says_dont_know(text) or intent == "deny"):
            updates["request_date"] = "unknown"
        elif intent == "ask_deadline" and requested is None and not parsing.asks_if_late(text):
            updates["request_date"] = None  # a new deadline question: ask its date, don't reuse an old one
    elif csq or (csq is None and intent not in DATE_INTENTS and _about_the_csq(turn)):
        issued = csq_issue_value(text, turn.now, lang, turn.knowledge, turn.entities)
        if issued:
            updates["csq_issue_date"] = issued
            updates["csq_obtained"] = True  # a CSQ with an issue date has been received
    return updates


def _about_the_csq(turn: Turn) -> bool:
    """A "when" in a family topic is the CSQ's; in a first family question only if it names the CSQ
    ("mon CSQ a plus de 2 ans"), not a child's birth year."""
    if turn.slot("topic") in FAMILY_TOPICS:
        return True
    return turn.intent in FAMILY_TOPICS and parsing.mentions_csq(turn.text)


def _person_details(text: str) -> dict[str, Any]:
    """The member's age and whether the other parent stays behind."""
    updates: dict[str, Any] = {}
    age = parsing.age_from(text)
    if age is not None:
        updates["member_age"] = age
    if parsing.other_parent_absent(text):
        updates["other_parent_comes"] = False
    return updates


def _topic_entities(turn: Turn) -> dict[str, Any]:
    """Where the caller is (for the contact topics) and the decision received."""
    updates: dict[str, Any] = {}
    location = parsing.entity_value(turn.entities, "caller_location")
    if location and turn.intent in LOCATION_INTENTS:
        updates["caller_location"] = location
    if turn.intent == "ask_decision" or parsing.entity_value(turn.entities, "decision"):
        updates["decision"] = parsing.entity_value(turn.entities, "decision")
    return updates
