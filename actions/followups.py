"""Follow-ups: a half-sentence after an answer continues that answer's topic. No Rasa import.

"and if the two children come too?" after a fee quote, "what about my husband?" after a procedure,
"I got it on March 3" after the 60-day rule: the message carries a detail the previous topic
uses, so the previous topic's handler answers again with the new detail (the slots already hold it).

To plug in a topic, give its entry in the intent registry (actions/intents.py) the details (keys of
DETAILS) that change its answer (`follow_up`). A new kind of detail is one entry in DETAILS: a
function saying whether the message carries it. For example, the hours topic ("and on Wednesday?")
uses {"caller_location", "when"}, where DETAILS["when"] says whether the message names a day or a
time; the handler then reads that day from the message's frame. `answered_as` sends a topic's follow-ups
to another topic's handler.

A message is taken as a follow-up only when it has no topic of its own (inform, fallback, yes/no...),
when the classifier is unsure, or when it is a short fragment starting like one ("and...", "what
about...", "et pour...") and its intent is not itself a registered topic.
"""
from __future__ import annotations

import re
from collections.abc import Callable

from actions.intents import INTENTS, names
from actions.turn import Turn
from understanding import lexicon
from understanding.dates import Role

DetailTest = Callable[[Turn], bool]

# Each reads the message's frame (understanding/): the message carries the detail.
DETAILS: dict[str, DetailTest] = {
    "members": lambda t: t.frame.people.any or bool(t.frame.people.excluded or t.frame.people.already_in),
    "date": lambda t: t.frame.date_of(Role.REQUEST, Role.UNKNOWN) is not None,
    "csq": lambda t: t.frame.details.csq_obtained is not None,
    "csq_age": lambda t: t.frame.when is not None,
    "age": lambda t: t.frame.people.age is not None,
    "decision": lambda t: bool(t.frame.details.decisions),
    "caller_location": lambda t: t.frame.details.caller_location is not None,
    "payment": lambda t: t.frame.details.payment_method is not None or t.frame.details.third_party_payer,
    "when": lambda t: t.frame.moment.any,
}

# From the registry (actions/intents.py): topic (the intent whose handler answered) -> the details
# that change its answer; topics whose follow-ups another topic's handler answers (after "can I talk
# to someone?", "I'm calling from France" or "and on Monday?" is answered with the numbers and that
# day's hours); intents that say nothing about a topic of their own, so that a detail they carry
# belongs to the previous topic.
FOLLOW_UP_TOPICS: dict[str, frozenset[str]] = {i.name: i.follow_up for i in INTENTS if i.follow_up}
ANSWERED_AS = {i.name: i.answered_as for i in INTENTS if i.answered_as}
CONTENTLESS_INTENTS = names(contentless=True)
LOW_CONFIDENCE = 0.6
SHORT_WORDS = 10
_CONTINUATION = re.compile(r"^\s*" + lexicon.alternation(lexicon.phrases("continuation")))


def looks_like_follow_up(turn: Turn) -> bool:
    """A message that may lean on the previous answer: no topic of its own, unsure, or a fragment."""
    if turn.intent in CONTENTLESS_INTENTS:
        return True
    confidence = dict(turn.intent_ranking).get(turn.intent or "", 1.0) if turn.intent_ranking else 1.0
    if confidence < LOW_CONFIDENCE:
        return True
    # "and what about my husband?": a fragment, unless it names a topic of its own ("and how do I add him?")
    fragment = len(turn.text.split()) <= SHORT_WORDS and bool(_CONTINUATION.match(lexicon.folded(turn.text)))
    return fragment and turn.intent not in FOLLOW_UP_TOPICS


def follow_up_topic(turn: Turn, previous: str | None) -> str | None:
    """The previous topic when this message continues it with a detail that topic uses."""
    details = FOLLOW_UP_TOPICS.get(previous or "")
    if not details or not turn.text or turn.text.startswith("/"):
        return None
    if not looks_like_follow_up(turn):
        return None
    if not any(DETAILS[name](turn) for name in sorted(details)):
        return None
    return ANSWERED_AS.get(previous or "", previous)
