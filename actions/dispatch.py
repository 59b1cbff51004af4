"""Which handler answers which message: its intent, or the topic it continues. No Rasa import."""
from __future__ import annotations

import re
from dataclasses import dataclass

from actions.answers import conversation
from actions.answers.sources import source_footer
from actions.followups import follow_up_topic
from actions.intents import INTENTS, Handler, names
from actions.turn import Reply, Turn
from program.knowledge import citing

# Derived from the registry (actions/intents.py): who answers each intent, and which answers state
# program facts (they end with the sources of the facts they used, with their dates).
INTENT_HANDLERS: dict[str, Handler] = {i.name: i.handler for i in INTENTS if i.handler is not None}
SOURCED_INTENTS = names(sourced=True)

# Questions an answer may end with, and the detail (slot) each one asks for.
QUESTIONS = {"utter_ask_csq_obtained": "csq_obtained", "utter_ask_children_count": "children_count"}
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


def pending_of(turn: Turn) -> tuple[str | None, str | None]:
    """(topic, slot) of the question still waiting for an answer, if any."""
    value = str(turn.slot("pending_question") or "")
    topic, _, slot = value.partition(":")
    return (topic, slot) if topic and slot else (None, None)


def resolve_intent(turn: Turn) -> str:
    """What this message is about: the topic whose question it answers, the topic it continues
    (actions/followups.py), or its own intent."""
    asked_topic, _ = pending_of(turn)
    if asked_topic and (turn.intent in ANSWER_INTENTS or turn.intent == asked_topic):
        return asked_topic
    return follow_up_topic(turn, turn.slot("topic")) or _question_behind_details(turn) or turn.intent or "nlu_fallback"


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
    command = _COMMAND.match(turn.text)
    if command and command.group(1) != turn.intent:  # a typed "/stop": not ours to run, but answered
        return Answer([Reply("utter_command_unknown")], None, None)
    intent = resolve_intent(turn)
    with citing(turn.lang) as cited:
        replies = INTENT_HANDLERS.get(intent, conversation.fallback)(turn)
    if intent in SOURCED_INTENTS:
        replies.append(source_footer(turn, cited))
    # the question, with its buttons, comes last (after the source), where channels put the options
    replies.sort(key=lambda reply: reply.response in QUESTIONS)
    asked = next((QUESTIONS[r.response] for r in replies if r.response in QUESTIONS), None)
    pending = f"{intent}:{asked}" if asked else None
    asked_topic, asked_slot = pending_of(turn)
    if not asked and asked_topic and asked_topic != intent and intent in SOURCED_INTENTS:
        # a question in the middle of ours: answered, then ours again (one question per reply)
        question = next(name for name, slot in QUESTIONS.items() if slot == asked_slot)
        replies.append(Reply(question))
        pending = f"{asked_topic}:{asked_slot}"
    return Answer(replies, intent if intent in SOURCED_INTENTS else None, pending)

