""""Was this helpful?" after a program answer: when to ask it, and what a rating does. No Rasa import.

The question is asked once per topic (intent) in a conversation, only after a sourced answer, and
never in a reply that already asks something (the answer's one question, suggestion buttons): a
typed "yes" must answer that question. Its buttons (in the domain, so channels and the typed-payload
allow-list know them) send `/feedback{"helpful": "yes"|"no"}`, which no typed sentence produces; a
typed "yes"/"no" counts as a rating only while the feedback question is the only open one (slot
`feedback_pending`, the intent it rates). Ratings are kept in the `feedback` slot, so each one is a
`slot` event in the tracker store (read by `python -m tools.operations.insights`).
"""
from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml

from actions.dispatch import SOURCED_INTENTS, Answer, answer, pending_of
from actions.turn import Reply, Turn
from pilot_program.wording import contact_centre, phones_text

FEEDBACK_INTENT = "feedback"
RATING_SLOT = "feedback"  # the last rating: {"helpful": "yes"|"no", "intent": rated intent, "lang": "fr"|"en"}
PENDING_SLOT = "feedback_pending"  # the intent the open feedback question rates, while nothing else is asked
ASKED_SLOT = "feedback_asked"  # intents already asked about in this conversation
NOT_CARRIED_OVER = (RATING_SLOT, PENDING_SLOT)  # a new session must not repeat an old rating
TYPED_ANSWERS = {"affirm": "yes", "deny": "no"}
VALUES = ("yes", "no")
DOMAIN_FILE = Path(__file__).resolve().parent.parent / "domain.yml"  # deployed beside the actions (deploy/)

SlotUpdates = dict[str, Any]
AsksQuestion = Callable[[Reply], bool]


@dataclass(frozen=True)
class Rating:
    helpful: str
    intent: str | None


def rating_in(turn: Turn) -> Rating | None:
    """The rating this message gives, if any: a feedback button, or a typed yes/no to the feedback question alone."""
    pending = turn.slot(PENDING_SLOT)
    if turn.intent == FEEDBACK_INTENT:  # a click; with no open question (a late click), the last topic asked about
        helpful = turn.entity("helpful")
        asked = turn.slot(ASKED_SLOT) or []
        return Rating(helpful if helpful in VALUES else "", pending or (str(asked[-1]) if asked else None))
    if turn.intent in TYPED_ANSWERS and pending and pending_of(turn) == (None, None):
        return Rating(TYPED_ANSWERS[turn.intent], pending)
    return None


def answer_rating(turn: Turn, rating: Rating) -> tuple[list[Reply], SlotUpdates]:
    updates: SlotUpdates = {PENDING_SLOT: None}
    if rating.helpful not in VALUES:  # a hand-typed /feedback payload without a valid value
        return [Reply("utter_anything_else")], updates
    updates[RATING_SLOT] = {"helpful": rating.helpful, "intent": rating.intent, "lang": turn.lang}
    if rating.intent:
        updates[ASKED_SLOT] = asked_with(turn, rating.intent)
    if rating.helpful == "yes":
        return [Reply("utter_feedback_thanks")], updates
    phones = phones_text(turn.knowledge, turn.lang, turn.slot("caller_location"))
    values = {"phones": phones, "contact_centre": contact_centre(turn.knowledge)}
    return [Reply("utter_feedback_sorry", values)], updates


def asked_with(turn: Turn, intent: str) -> list[str]:
    asked = [str(i) for i in (turn.slot(ASKED_SLOT) or [])]
    return asked if intent in asked else [*asked, intent]


def offer(turn: Turn, result: Answer, asks_question: AsksQuestion) -> tuple[list[Reply], SlotUpdates]:
    """The feedback question after a first answer on a topic, when the reply asks nothing else."""
    updates: SlotUpdates = {PENDING_SLOT: None}
    intent = result.topic
    if (intent not in SOURCED_INTENTS or intent in (turn.slot(ASKED_SLOT) or []) or result.pending
            or any(asks_question(reply) for reply in result.replies)):
        return [], updates
    return [Reply("utter_feedback_question")], {PENDING_SLOT: intent, ASKED_SLOT: asked_with(turn, intent)}


def respond(turn: Turn, asks_question: AsksQuestion) -> tuple[Answer, list[Reply], SlotUpdates]:
    """action_answer's whole reply: a rating's acknowledgement, or the answer and maybe the feedback
    question (returned apart, so that a notice can go between them)."""
    rating = rating_in(turn)
    if rating is not None:
        replies, updates = answer_rating(turn, rating)
        # a question still open (a late click on an old rating) stays open
        return Answer(replies, None, turn.slot("pending_question")), [], updates
    result = answer(turn)
    extra, updates = offer(turn, result, asks_question)
    return result, extra, updates


def question_responses(responses: Mapping[str, list[Mapping[str, Any]]]) -> set[str]:
    """Responses that ask the user something: buttons, or a text ending with a question mark."""
    return {
        name for name, variants in responses.items()
        if any(v.get("buttons") or str(v.get("text") or "").rstrip().endswith("?") for v in variants)
    }


@lru_cache(maxsize=1)
def _deployed_question_responses() -> frozenset[str]:
    domain = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8")) or {}
    return frozenset(question_responses(domain.get("responses") or {}))


def asking_responses(domain: Mapping[str, Any]) -> set[str]:
    """The responses that ask something, from the domain Rasa sent with the call, else from the domain.yml
    deployed beside the action server (the same file, from the same commit): the Rasa server sends no domain
    (its action endpoint sets Rasa's ``enable_selective_domain``: 38 kB less to encode and decode per call)."""
    responses = domain.get("responses")
    return question_responses(responses) if responses else set(_deployed_question_responses())
