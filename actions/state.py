"""What the conversation knows after a message: its frame (understanding/) merged into the slots. No Rasa import.

The frame says what this message says; the slots hold what earlier messages said. A follow-up keeps
what it does not replace ("and for 3 kids?" after "my wife and our two kids" still counts the wife, and
the answer says so); "only", "not my wife" or "already in the file" take people out.
"""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from typing import Any

from actions.intents import names, using
from actions.slots import CHILDREN_COUNT_RANGE
from actions.turn import Turn
from pilot_program.knowledge import Knowledge, Lang
from understanding import lexicon
from understanding.dates import Role
from understanding.details import last_value
from understanding.frame import Frame, Message, read_message
from understanding.people import absurd_count
from understanding.periods import Period

SWITCH = {"fr": "en", "en": "fr"}
CHANGE_OF_INTENT = {"add_family_member": "add", "remove_family_member": "remove"}
MEMBER_VALUES = {"spouse", "de_facto_spouse", "child"}
# From the registry (actions/intents.py): topics whose message carries the date of a request; topics
# whose answer a "when" in a later message refines (the CSQ's issue date); intents whose message may say
# where the caller is.
DATE_INTENTS = using("date")
FAMILY_TOPICS = using("csq_age")
LOCATION_INTENTS = names(location=True)
ANSWERABLE = names(sourced=True)  # what a clause of a message may ask on its own


@dataclass(frozen=True)
class Understood:
    """The slots this message changes, and the people kept from earlier messages without being named
    again (the answer says it assumed them)."""
    updates: dict[str, Any]
    kept: frozenset[str] = field(default_factory=frozenset)


def page_language(metadata: Mapping[str, Any]) -> str | None:
    """The language of the page the widget is on (``customData.language``: "fr-CA", "en"...), if ours."""
    page = str(metadata.get("language") or "")[:2].lower()
    return page if page in SWITCH else None


def language_update(turn: Turn, metadata: Mapping[str, Any]) -> str | None:
    """The conversation's language after this message, when it changes: a switch asked for, the NLU's
    ``detected_language`` entity (rasa_server/nlu/input_guard.py) or, for a first message, the page's language."""
    current = turn.slot("language")
    if turn.intent == "switch_language":
        asked = last_value(turn.entities, "language")
        return asked if asked in SWITCH else SWITCH.get(current or "fr")
    detected = [e for e in turn.entities if e.get("entity") == "detected_language" and e.get("value") in SWITCH]
    if detected:
        # a word or two ("merci", "ok") only sets a language the conversation does not have yet
        if detected[-1].get("role") != "hint" or current is None:
            return str(detected[-1]["value"])
    return page_language(metadata) if current is None else None


def understand(turn: Turn) -> Turn:
    """The turn in the conversation's language after this message (its ``language`` slot set when the
    message decides it), with the message's frame."""
    language = language_update(turn, turn.metadata)
    lang: Lang = "en" if (language or turn.lang) == "en" else "fr"
    message = Message(turn.text, lang, turn.intent, turn.confidence, turn.entities, turn.clauses)
    frame = read_message(message, turn.now, turn.knowledge, ANSWERABLE)
    slots = {**turn.slots, "language": language} if language else turn.slots
    return replace(turn, lang=lang, frame=frame, slots=slots)


def after(turn: Turn, requested: str | None, intents: tuple[str, ...], continues: bool) -> tuple[Turn, dict[str, Any]]:
    """The turn with the slots as they are after this message, and the slots it changed (the language
    too, set by ``understand``)."""
    result = understood(turn, turn.frame, requested, intents, continues)
    return replace(turn, slots={**turn.slots, **result.updates}, kept=result.kept), result.updates


def understood(turn: Turn, frame: Frame, requested: str | None, intents: tuple[str, ...],
               continues: bool) -> Understood:
    """The slot values this message states; keys absent are left as they were. ``requested``: the detail
    the previous answer asked for; ``intents``: the topics answered; ``continues``: a follow-up."""
    updates, kept = _members(turn, frame, requested, continues)
    change = next((CHANGE_OF_INTENT[i] for i in intents if i in CHANGE_OF_INTENT), None)
    if change:
        updates["change_type"] = change
    csq = _csq_status(turn.intent, frame, requested)
    if csq is not None:
        updates["csq_obtained"] = csq
    if csq is False:
        updates["csq_issue_date"] = None
    updates.update(_dates(turn, frame, requested, intents, csq))
    updates.update(_person_details(frame))
    updates.update(_topic_details(turn, frame, intents))
    return Understood(updates, kept)


def _members(turn: Turn, frame: Frame, requested: str | None, continues: bool) -> tuple[dict[str, Any], frozenset[str]]:
    """Who is added or removed and how many children; a bare member or number only when asked for."""
    people = frame.people
    if not (people.any or people.excluded or people.already_in):
        return _bare_answer(turn, requested), frozenset()
    keep = (continues or people.also) and not people.only
    named_out = people.excluded | people.already_in
    spouse_before, children_before = bool(turn.slot("includes_spouse")), bool(turn.slot("children_mentioned"))
    kept: set[str] = set()
    spouse = bool(people.spouse)
    if not spouse and "spouse" not in named_out and keep and spouse_before:
        spouse = True
        kept.add("spouse")
    children, count = people.children_mentioned, people.children
    if not children and "child" not in named_out and keep and children_before:
        children, count = True, turn.slot("children_count")
        kept.add("child")
    if count is not None and not CHILDREN_COUNT_RANGE[0] <= count <= CHILDREN_COUNT_RANGE[1]:
        count = None  # "10^18 children" is no count to compute fees on: ask again
    member = people.primary or ("spouse" if spouse else "child" if children else None)
    updates = {"includes_spouse": spouse, "children_mentioned": children, "children_count": count if children else None,
               "family_member": member}
    return updates, frozenset(kept if people.any else ())


def _bare_answer(turn: Turn, requested: str | None) -> dict[str, Any]:
    """"3" or "child" as the reply to the question that asked for it."""
    updates: dict[str, Any] = {}
    explicit = last_value(turn.entities, "family_member")
    if requested == "family_member" and explicit in MEMBER_VALUES:
        updates["family_member"] = explicit
    number = last_value(turn.entities, "number")
    if requested == "children_count" and number and number.isdigit() and not absurd_count(turn.text):
        if CHILDREN_COUNT_RANGE[0] <= int(number) <= CHILDREN_COUNT_RANGE[1]:
            updates["children_count"] = int(number)
    return updates


def _csq_status(intent: str | None, frame: Frame, requested: str | None) -> bool | None:
    """Whether the CSQ was received, as said; a plain yes or no when that was the question. A sentence
    about someone else ("on n'a pas d'enfants") does not answer it unless it starts as a yes or a no."""
    details = frame.details
    if requested != "csq_obtained":
        return details.csq_obtained
    about_someone = (frame.people.any or frame.people.excluded) and details.starts_with is None
    if about_someone and not details.csq_mentioned:
        return None
    if intent in ("affirm", "deny"):  # a button ("/deny"), or a yes or no the classifier read
        return intent == "affirm"
    if details.starts_with and not details.csq_mentioned:
        return details.starts_with == "yes"
    return details.csq_words


def _dates(turn: Turn, frame: Frame, requested: str | None, intents: tuple[str, ...],
           csq: bool | None) -> dict[str, Any]:
    """A date is the request's when that is the question, else the CSQ's issue date in a family topic."""
    about_date = any(i in DATE_INTENTS for i in intents)
    if requested == "request_date" or (about_date and requested != "csq_issue_date"):
        said = frame.date_of(Role.REQUEST, Role.UNKNOWN)
        if said and said <= turn.now.date() or said and requested == "request_date":
            return {"request_date": said.isoformat()}
        if requested == "request_date" and (frame.details.dont_know or turn.intent == "deny"):
            return {"request_date": "unknown"}
        if "ask_deadline" in intents and requested is None and not said and _another_request(turn, frame):
            return {"request_date": None}  # a new deadline question: ask its date, don't reuse an old one
        return {}
    if csq or (csq is None and not about_date and _about_the_csq(turn, frame, intents)):
        issued = csq_issue_value(frame.when, turn.now.date(), turn.knowledge)
        if issued:
            return {"csq_issue_date": issued, "csq_obtained": True}  # a CSQ with an issue date has been received
    return {}


def _another_request(turn: Turn, frame: Frame) -> bool:
    """A deadline question about another request than the one whose date was given: asked after another
    topic, or naming another letter ("i also got a second letter"); "and if I'm late?" is about the same."""
    if frame.details.late:
        return False
    return turn.slot("topic") != "ask_deadline" or lexicon.says("another_request", frame.dates.text)


def csq_issue_value(period: Period | None, today: Any, k: Knowledge) -> str | None:
    """When the CSQ was issued, as far as the 24-month rule is concerned: a date when every day of the
    period said ("in 2021", "three years ago", "last spring") gives the same answer (its last day if all
    are past the limit, its first if none), "unknown" otherwise, so the answer states the rule as a condition."""
    if not period:
        return None
    from pilot_program.rules.family_changes import csq_older_than_limit

    first, last = period
    if csq_older_than_limit(k, last, today):
        return last.isoformat()
    if not csq_older_than_limit(k, first, today):
        return first.isoformat()
    return "unknown"


def _about_the_csq(turn: Turn, frame: Frame, intents: tuple[str, ...]) -> bool:
    """A "when" in a family topic is the CSQ's; in a first family question only if it names the CSQ
    ("mon CSQ a plus de 2 ans"), not a child's birth year."""
    if turn.slot("topic") in FAMILY_TOPICS:
        return True
    return any(i in FAMILY_TOPICS for i in intents) and frame.details.csq_mentioned


def _person_details(frame: Frame) -> dict[str, Any]:
    """The member's age and whether the other parent stays behind."""
    updates: dict[str, Any] = {}
    if frame.people.age is not None:
        updates["member_age"] = frame.people.age
    if frame.people.other_parent_absent:
        updates["other_parent_comes"] = False
    return updates


def _topic_details(turn: Turn, frame: Frame, intents: tuple[str, ...]) -> dict[str, Any]:
    """Where the caller is (for the contact topics) and the decision received."""
    updates: dict[str, Any] = {}
    location = frame.details.caller_location
    if location and (turn.intent in LOCATION_INTENTS or any(i in LOCATION_INTENTS for i in intents)):
        updates["caller_location"] = location
    decisions = frame.details.decisions
    if "ask_decision" in intents or decisions:
        updates["decision"] = last_value(turn.entities, "decision")
    return updates
