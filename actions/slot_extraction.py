"""What a user message says, as slot values. No Rasa import: action_slots.py applies it."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Optional

import yaml

from actions import parsing, periods
from actions.intents import names, using
from actions.turn import Turn

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
_ALSO = re.compile(r"\b(too|also|as well|aussi|[ée]galement|en plus|itou)\b", re.I)


def csq_issue_value(text: str, now, lang: str) -> Optional[str]:
    """When the CSQ was issued, as far as the 24-month rule is concerned: a date when every day of
    the period said ("in 2021", "three years ago", "last spring") gives the same answer (its last
    day if all are past the limit, its first if none), "unknown" otherwise, so the answer states
    the rule as a condition instead of guessing."""
    period = periods.period_from(text, now, lang)
    if not period:
        return None
    from actions.rules.family_changes import csq_older_than_limit

    first, last = period
    today = now.date()
    if csq_older_than_limit(last, today):
        return last.isoformat()
    if not csq_older_than_limit(first, today):
        return first.isoformat()
    return "unknown"


def language_update(turn: Turn, metadata: Mapping[str, Any]) -> Optional[str]:
    current = turn.slot("language")
    if turn.intent == "switch_language":
        asked = parsing.entity_value(turn.entities, "language")
        return asked if asked in SWITCH else SWITCH.get(current or "fr")
    detected = [e for e in turn.entities if e.get("entity") == "detected_language" and e.get("value") in SWITCH]
    if detected:
        # a word or two ("merci", "ok") only sets a language the conversation does not have yet
        if detected[-1].get("role") != "hint" or current is None:
            return str(detected[-1]["value"])
    if current is None:
        page = str(metadata.get("language") or "")[:2].lower()
        if page in SWITCH:
            return page
    return None


_POWER = re.compile(r"\d\s*(?:\^|\*\*|[eE]\+?)\s*\d")  # "10^18", "1e18", "10**18": no count


@lru_cache(maxsize=1)
def count_range() -> tuple[int, int]:
    """The children count a person can mean: the domain's `children_count` slot bounds."""
    domain = yaml.safe_load((Path(__file__).resolve().parent.parent / "domain.yml").read_text(encoding="utf-8"))
    slot = domain["slots"]["children_count"]
    return int(slot["min_value"]), int(slot["max_value"])


def slot_updates(turn: Turn, requested: Optional[str], metadata: Mapping[str, Any]) -> dict[str, Any]:
    """Slot values stated by this message; keys absent are left as they were. `requested` is the
    detail the previous answer asked for (slot `pending_question`), if any."""
    updates = _stated_values(turn, requested, metadata)
    low, high = count_range()
    count = updates.get("children_count")
    if count is not None and (not low <= count <= high or _POWER.search(turn.text)):
        del updates["children_count"]  # "10^18 children" is no count to compute fees on: ask again
    return updates


def _stated_values(turn: Turn, requested: Optional[str], metadata: Mapping[str, Any]) -> dict[str, Any]:
    updates: dict[str, Any] = {}
    text, entities, intent = turn.text, turn.entities, turn.intent

    language = language_update(turn, metadata)
    if language and language != turn.slot("language"):
        updates["language"] = language
    lang = language or turn.lang

    members = parsing.members_from(entities, text, lang)
    if members.any:
        also = bool(_ALSO.search(text))
        kept_children = also and not members.children_mentioned and bool(turn.slot("children_mentioned"))
        updates.update(
            includes_spouse=bool(members.spouse) or (also and bool(turn.slot("includes_spouse"))),
            children_mentioned=members.children_mentioned or kept_children,
            children_count=turn.slot("children_count") if kept_children else members.children,
            family_member=members.primary,
        )
    else:
        explicit = parsing.entity_value(entities, "family_member")
        if requested == "family_member" and explicit in MEMBER_VALUES:
            updates["family_member"] = explicit
        number = parsing.entity_value(entities, "number")
        if requested == "children_count" and number and number.isdigit():
            updates["children_count"] = int(number)

    if intent in CHANGE_OF_INTENT:
        updates["change_type"] = CHANGE_OF_INTENT[intent]

    csq = parsing.csq_status(text, requested=requested == "csq_obtained")
    if requested == "csq_obtained" and intent in ("affirm", "deny"):
        csq = intent == "affirm"
    if csq is not None:
        updates["csq_obtained"] = csq
    if csq is False:
        updates["csq_issue_date"] = None

    said_date = parsing.date_from(text, turn.now, lang) if text else None
    if requested == "request_date" or (intent in DATE_INTENTS and requested != "csq_issue_date"):
        if said_date:
            updates["request_date"] = said_date.isoformat()
        elif requested == "request_date" and (parsing.says_dont_know(text) or intent == "deny"):
            updates["request_date"] = "unknown"
        elif intent == "ask_deadline" and requested is None:
            updates["request_date"] = None  # a new deadline question: ask its date, don't reuse an old one
    elif csq or (csq is None and turn.slot("topic") in FAMILY_TOPICS and intent not in DATE_INTENTS):
        issued = csq_issue_value(text, turn.now, lang)
        if issued:
            updates["csq_issue_date"] = issued
            updates["csq_obtained"] = True  # a CSQ with an issue date has been received

    age = parsing.age_from(text)
    if age is not None:
        updates["member_age"] = age
    if parsing.other_parent_absent(text):
        updates["other_parent_comes"] = False

    location = parsing.entity_value(entities, "caller_location")
    if location and intent in LOCATION_INTENTS:
        updates["caller_location"] = location
    if intent == "ask_decision" or parsing.entity_value(entities, "decision"):
        updates["decision"] = parsing.entity_value(entities, "decision")
    return updates
