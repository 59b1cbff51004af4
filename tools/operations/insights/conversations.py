"""Stored events → conversations: each user message with what the assistant did with it.

A conversation is one Rasa session (from a `session_started` event to the next) with at least one
user message. Sender ids are used only to keep each one's events together and are never kept.
"""
from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from itertools import groupby
from typing import Any

from pilot_program.locales import MONTREAL
from tools.operations.insights.responses import ResponseIndex

# What became of a message, from the replies it got (the first that applies):
# "technical": it could not be answered (the apology, or Rasa's own fallback after an action failed: the
#   action server down or hung; the channel then sent the apology, which is not stored);
# "fallback": not understood (the NLU fallback's replies, or unreadable input);
# "out_of_scope": understood as a question outside the program;
# "answered": anything else.
TECHNICAL_RESPONSES = {"utter_technical_problem"}
TECHNICAL_ACTIONS = {"action_default_fallback"}
FALLBACK_RESPONSES = {"utter_fallback_contact", "utter_fallback_suggest", "utter_input_unreadable"}
OUT_OF_SCOPE_RESPONSES = {"utter_out_of_scope"}
OUTCOMES = ("answered", "fallback", "out_of_scope", "technical")
PHONE_VALUES = ("phones", "phone")  # responses filled with the contact centre's numbers
FEEDBACK_SLOT = "feedback"
FEEDBACK_INTENT = "feedback"


@dataclass
class Message:
    """A user message and the assistant's replies to it."""

    text: str
    intent: str | None
    confidence: float
    predicted: tuple[str, float] | None  # the likeliest real topic (not the fallback) and its confidence
    channel: str
    day: date
    lang: str = "fr"
    replies: list[str] = field(default_factory=list)
    technical: bool = False
    gave_numbers: bool = False

    @property
    def outcome(self) -> str:
        if self.technical or TECHNICAL_RESPONSES.intersection(self.replies):
            return "technical"
        if FALLBACK_RESPONSES.intersection(self.replies):
            return "fallback"
        if OUT_OF_SCOPE_RESPONSES.intersection(self.replies):
            return "out_of_scope"
        return "answered"


@dataclass
class Rating:
    helpful: str
    intent: str | None
    lang: str
    question: Message | None  # the message whose answer was rated


@dataclass
class Conversation:
    messages: list[Message] = field(default_factory=list)
    ratings: list[Rating] = field(default_factory=list)

    @property
    def day(self) -> date:
        return self.messages[0].day

    @property
    def lang(self) -> str:
        return self.messages[-1].lang

    @property
    def channel(self) -> str:
        return self.messages[0].channel

    @property
    def ended_with_numbers(self) -> bool:
        return self.messages[-1].gave_numbers


def conversations(events: Iterable[tuple[str, dict[str, Any]]],
                  responses: ResponseIndex | None = None) -> Iterator[Conversation]:
    """`responses` names bot messages stored without their response name (a redacting store)."""
    index = responses or ResponseIndex({})
    for _, sender_events in groupby(events, key=lambda pair: pair[0]):
        yield from _sessions((event for _, event in sender_events), index)


def _sessions(events: Iterable[dict[str, Any]], responses: ResponseIndex) -> Iterator[Conversation]:
    current, lang = Conversation(), "fr"
    for event in events:
        kind = event.get("event")
        if kind == "session_started":
            if current.messages:
                yield current
            current = Conversation()
        elif kind == "user":
            current.messages.append(_message(event, lang))
        elif kind == "slot":
            lang = _slot(current, event, lang)
        elif current.messages:
            _reply(current.messages[-1], event, responses)
    if current.messages:
        yield current


def _slot(conversation: Conversation, event: dict[str, Any], lang: str) -> str:
    name, value = event.get("name"), event.get("value")
    if name == "language":
        lang = "en" if value == "en" else "fr"
        if conversation.messages:
            conversation.messages[-1].lang = lang  # the language the message was read in
    elif name == FEEDBACK_SLOT and isinstance(value, dict) and value.get("helpful") in ("yes", "no"):
        intent = value.get("intent") if isinstance(value.get("intent"), str) else None
        rated_lang = "en" if value.get("lang") == "en" else "fr"
        conversation.ratings.append(Rating(value["helpful"], intent, rated_lang, _question(conversation, intent)))
    return lang


def _question(conversation: Conversation, intent: str | None) -> Message | None:
    """The latest earlier message asked with the rated intent (the rating itself is the last message)."""
    for message in reversed(conversation.messages[:-1]):
        if intent and message.intent == intent:
            return message
    return None


def _message(event: dict[str, Any], lang: str) -> Message:
    parse = event.get("parse_data") or {}
    intent = parse.get("intent") or {}
    ranking = [(r.get("name"), float(r.get("confidence") or 0)) for r in parse.get("intent_ranking") or []
               if r.get("name") and r.get("name") != "nlu_fallback"]
    moment = datetime.fromtimestamp(float(event.get("timestamp") or 0), MONTREAL)
    return Message(text=str(event.get("text") or ""), intent=intent.get("name"),
                   confidence=float(intent.get("confidence") or 0), predicted=ranking[0] if ranking else None,
                   channel=str(event.get("input_channel") or "unknown"), day=moment.date(), lang=lang)


def _reply(message: Message, event: dict[str, Any], responses: ResponseIndex) -> None:
    kind = event.get("event")
    if kind == "bot":
        metadata = event.get("metadata") or {}
        response = metadata.get("utter_action") or responses.name(str(event.get("text") or ""))
        if response:
            message.replies.append(str(response))
        message.gave_numbers |= any(metadata.get(key) for key in PHONE_VALUES) or responses.gives_numbers(response)
    elif kind == "action" and event.get("name") in TECHNICAL_ACTIONS:
        message.technical = True
        message.gave_numbers = True  # the channel's apology, which is not stored, gives the numbers
