"""What a user message says, as slot values. No Rasa import: action_slots.py applies it."""
from __future__ import annotations

import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Mapping, Optional

import yaml

from actions import parsing
from actions.turn import Turn

MEMBER_VALUES = {"spouse", "de_facto_spouse", "child"}
SWITCH = {"fr": "en", "en": "fr"}
CHANGE_OF_INTENT = {"add_family_member": "add", "remove_family_member": "remove"}
DATE_INTENTS = {"ask_deadline", "ask_values_attestation"}
# Each form's own question intents and the slots it fills; a message on another topic must
# not fill them, so the form lets the dialogue answer that topic first.
FORM_INTENTS = {
    "fee_form": {"ask_fees"},
    "family_change_form": {"add_family_member", "remove_family_member"},
    "deadline_form": {"ask_deadline"},
}
FORM_SLOTS = {
    "fee_form": {"children_count", "children_mentioned", "includes_spouse"},
    "family_change_form": {"family_member", "csq_obtained", "csq_issue_date"},
    "deadline_form": {"request_date"},
}
ANSWER_INTENTS = {"inform", "affirm", "deny", "nlu_fallback"}
LOCATION_INTENTS = {"ask_contact", "ask_human", "ask_hours", "inform", "add_family_member", "remove_family_member"}


def csq_month_date(text: str, now) -> Optional[str]:
    """A CSQ issued "in March 2024": a date only when the 24-month rule gives the same answer
    for every day of that month (its last day if all are past the limit, its first if none);
    "unknown" otherwise, so the answer states the rule instead of guessing."""
    month = parsing.month_from(text)
    if not month:
        return None
    from calendar import monthrange
    from datetime import date

    from actions.rules.family_changes import csq_older_than_limit

    first = date(month[0], month[1], 1)
    last = date(month[0], month[1], monthrange(*month)[1])
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


def slot_updates(turn: Turn, requested: Optional[str], metadata: Mapping[str, Any],
                 active_form: Optional[str] = None) -> dict[str, Any]:
    """Slot values stated by this message; keys absent are left as they were."""
    updates = _stated_values(turn, requested, metadata)
    low, high = count_range()
    count = updates.get("children_count")
    if count is not None and (not low <= count <= high or _POWER.search(turn.text)):
        del updates["children_count"]  # "10^18 children" is no count to compute fees on: ask again
    if active_form in FORM_SLOTS and turn.intent not in FORM_INTENTS[active_form] | ANSWER_INTENTS:
        for name in FORM_SLOTS[active_form]:
            updates.pop(name, None)
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
        updates.update(
            includes_spouse=bool(members.spouse),
            children_mentioned=members.children_mentioned,
            children_count=members.children,
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

    said_date = parsing.date_from(text, turn.now, lang) if text else None
    if requested == "request_date" or (intent in DATE_INTENTS and requested != "csq_issue_date"):
        if said_date:
            updates["request_date"] = said_date.isoformat()
        elif requested == "request_date" and (parsing.says_dont_know(text) or intent == "deny"):
            updates["request_date"] = "unknown"
        elif intent == "ask_deadline" and requested is None:
            updates["request_date"] = None  # a new deadline question: ask its date, don't reuse an old one
    elif requested == "csq_issue_date" or csq:
        issued = said_date.isoformat() if said_date else csq_month_date(text, turn.now)
        if issued:
            updates["csq_issue_date"] = issued
        elif requested == "csq_issue_date" and (parsing.says_dont_know(text) or intent in ("deny", "inform")):
            updates["csq_issue_date"] = "unknown"

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
