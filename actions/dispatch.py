"""Which handlers answer a message, and the one reply they make together. No Rasa import.

A message is answered by the topic whose question it answers, the topic it continues, or the questions
it asks: every question in the order asked ("what's the fee for my son, and what's the mailing
address?"), each answered briefly, in one reply with its sources once at the end and at most one question
back (the detail one part needs, asked last). A question about misrepresenting is answered alone.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, replace

from actions import state
from actions.answers import conversation
from actions.answers.sources import source_footer
from actions.followups import follow_up_topic
from actions.intents import INTENTS, Handler, names, questions
from actions.turn import Reply, Turn
from pilot_program.knowledge import citing

# Derived from the registry (actions/intents.py): who answers each intent, and which answers state
# program facts (they end with the sources of the facts they used, with their dates).
INTENT_HANDLERS: dict[str, Handler] = {i.name: i.handler for i in INTENTS if i.handler is not None}
SOURCED_INTENTS = names(sourced=True)
MISREPRESENTATION = "ask_misrepresentation"
MISREPRESENTATION_HINT = 0.1  # how likely the classifier must find it when the words only hint at it

# Questions an answer may end with, and the detail (slot) each one asks for (the registry's `asks`).
QUESTIONS = questions()
# Replies to a question, not questions of their own.
ANSWER_INTENTS = names(reply=True)
_COMMAND = re.compile(r"^\s*/(\w+)")
# how likely a topic must be, behind "inform", to be taken as the question the details go with
DETAILS_RUNNER_UP = 0.25


@dataclass(frozen=True)
class Answer:
    replies: list[Reply]
    topic: str | None  # the topic answered, which a follow-up continues (None: unchanged)
    pending: str | None  # "topic:slot" while a question asked is unanswered (slot pending_question)
    updates: dict | None = None  # the slots this message changed (actions/state.py)


@dataclass(frozen=True)
class Plan:
    intents: tuple[str, ...]  # what to answer, in order
    continues: bool  # the message continues the previous topic or answers its question


def pending_of(turn: Turn) -> tuple[str | None, str | None]:
    """(topic, slot) of the question still waiting for an answer, if any."""
    value = str(turn.slot("pending_question") or "")
    topic, _, slot = value.partition(":")
    return (topic, slot) if topic and slot else (None, None)


def plan(turn: Turn) -> Plan:
    """What this message is about: the topic whose question it answers, the topic it continues
    (actions/followups.py), the questions it asks, or its own intent."""
    if _asks_to_misrepresent(turn):
        return Plan((MISREPRESENTATION,), False)
    asked_topic, _ = pending_of(turn)
    if asked_topic and (turn.intent in ANSWER_INTENTS or turn.intent == asked_topic):
        return Plan((asked_topic,), True)
    followed = follow_up_topic(turn, turn.slot("topic"))
    if followed:
        return Plan((followed,), True)
    # a clause alone is too short to be taken for misrepresenting ("and what if I don't make it?"): the words decide
    asked = tuple(i for i in turn.frame.intents if i != MISREPRESENTATION)
    if len(asked) > 1 or (asked and asked[0] != turn.intent):  # several questions, or one in a story
        return Plan(asked, False)
    return Plan((_question_behind_details(turn) or turn.intent or "nlu_fallback",), False)


def _asks_to_misrepresent(turn: Turn) -> bool:
    """Said plainly ("can I fake...", "sign for her"), or a claim with what contradicts it that the classifier
    also finds likely to be about misrepresenting (the whole message's intent is handled as any intent)."""
    details = turn.frame.details
    if details.misrepresentation:
        return True
    likely = dict(turn.intent_ranking).get(MISREPRESENTATION, 0.0) >= MISREPRESENTATION_HINT
    return details.claim_against_facts and (likely or turn.intent == MISREPRESENTATION)


def _question_behind_details(turn: Turn) -> str | None:
    """"I got my CSQ last spring, how do I add my twins?" reads as details (inform) first, or as
    unsure between details and a topic: with no question open and no topic to continue, the topic
    is the question the details go with."""
    if turn.intent not in ("inform", "nlu_fallback"):
        return None
    top_two = [(name, confidence) for name, confidence in turn.intent_ranking if name != "nlu_fallback"][:2]
    if "inform" not in [name for name, _ in top_two]:
        return None  # unsure between two topics: the fallback offers both
    return next((name for name, confidence in top_two
                 if name in SOURCED_INTENTS and confidence >= DETAILS_RUNNER_UP), None)


def answer(turn: Turn) -> Answer:
    """Every reply to the message (``turn`` as read by ``state.understand``), and the slots it changed."""
    command = _COMMAND.match(turn.text)
    if command and command.group(1) != turn.intent:  # a typed "/stop": not ours to run, but answered
        return Answer([Reply("utter_command_unknown")], None, None, {})
    chosen = plan(turn)
    asked_topic, asked_slot = pending_of(turn)
    turn, updates = state.after(turn, asked_slot, chosen.intents, chosen.continues)
    with citing(turn.lang) as cited:
        replies, asking = _replies(turn, chosen.intents)
    question = next((r for r in replies if r.response in QUESTIONS), None)
    answers = [r for r in replies if r.response not in QUESTIONS]
    sourced = [i for i in chosen.intents if i in SOURCED_INTENTS]
    # the sources once, after the answers, never alone; the one question (with its buttons) just before them
    footer = [source_footer(turn, cited)] if sourced and answers else []
    pending = f"{asking}:{QUESTIONS[question.response]}" if question else None
    if not question and asked_topic and asked_topic not in chosen.intents and sourced:
        # a question in the middle of ours: answered, then ours again (one question per reply)
        question = Reply(next(name for name, slot in QUESTIONS.items() if slot == asked_slot))
        pending = f"{asked_topic}:{asked_slot}"
    replies = answers + ([question] if question else []) + footer
    topic = next((i for i in reversed(chosen.intents) if i in SOURCED_INTENTS), None)
    return Answer(replies, topic, pending, updates)


def _replies(turn: Turn, intents: tuple[str, ...]) -> tuple[list[Reply], str | None]:
    """Each intent's handler in turn, a reply already made by an earlier one left out; one question at
    most, and the intent that asked it."""
    replies: list[Reply] = []
    asking: str | None = None
    for intent in intents:
        for reply in INTENT_HANDLERS.get(intent, conversation.fallback)(replace(turn, intent=intent)):
            if reply.response in QUESTIONS:
                if asking is not None:
                    continue
                asking = intent
            if reply not in replies:
                replies.append(reply)
    return replies, asking
