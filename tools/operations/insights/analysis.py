"""Counts over conversations: the figures of summary.json and of the page, exact (masking is the page's job)."""
from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from tools.operations.insights.conversations import Conversation, Message

LANGUAGES = ("fr", "en")
NOT_QUESTIONS = {"feedback"}  # button clicks that rate an answer, not questions
REVIEWED = ("fallback", "out_of_scope")  # outcomes whose questions are listed for review (and rated "No")


@dataclass
class Unanswered:
    """A question the assistant did not answer (not understood, or outside the program) or whose answer was
    rated "No": what the team reviews. A technical failure is counted apart and never listed: the question
    may have been understood perfectly."""

    text: str
    reason: str  # "fallback", "out_of_scope" or "rated_no"
    predicted: tuple[str, float] | None
    lang: str


@dataclass
class Insights:
    conversations: int = 0
    user_messages: int = 0
    by_language: Counter = field(default_factory=Counter)
    messages_by_language: Counter = field(default_factory=Counter)
    by_channel: Counter = field(default_factory=Counter)
    messages_by_channel: Counter = field(default_factory=Counter)
    intents: Counter = field(default_factory=Counter)
    outcomes: Counter = field(default_factory=Counter)  # user messages by outcome (conversations.OUTCOMES)
    feedback: Counter = field(default_factory=Counter)
    feedback_by_intent: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    ended_with_numbers: int = 0
    days: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    unanswered: list[Unanswered] = field(default_factory=list)

    def add(self, conversation: Conversation) -> None:
        day = conversation.day.isoformat()
        self.conversations += 1
        self.by_language[conversation.lang] += 1
        self.by_channel[conversation.channel] += 1
        self.ended_with_numbers += conversation.ended_with_numbers
        self.days[day]["conversations"] += 1
        self.days[day][f"conversations_{conversation.lang}"] += 1
        self.days[day][f"conversations_channel:{conversation.channel}"] += 1
        for message in conversation.messages:
            self._add_message(message)
        for rating in conversation.ratings:
            self.feedback[rating.helpful] += 1
            self.feedback_by_intent[rating.intent or "unknown"][rating.helpful] += 1
            if rating.helpful == "no" and rating.question is not None:
                question = rating.question
                predicted = (question.intent, question.confidence) if question.intent else question.predicted
                self.unanswered.append(Unanswered(question.text, "rated_no", predicted, question.lang))

    def _add_message(self, message: Message) -> None:
        day = self.days[message.day.isoformat()]
        self.user_messages += 1
        self.messages_by_language[message.lang] += 1
        self.messages_by_channel[message.channel] += 1
        day["user_messages"] += 1
        day[f"messages_{message.lang}"] += 1
        if message.intent and message.intent not in NOT_QUESTIONS:
            self.intents[message.intent] += 1
        outcome = message.outcome
        self.outcomes[outcome] += 1
        day[outcome] += 1
        if outcome in REVIEWED and message.text.strip() and not message.text.startswith("/"):
            self.unanswered.append(Unanswered(message.text, outcome, message.predicted, message.lang))

    @property
    def fallbacks(self) -> int:
        return self.outcomes["fallback"]

    def summary(self) -> dict[str, Any]:
        """summary.json: exact counts (for the team and the tests; the HTML page masks counts below 5)."""
        return {
            "conversations": self.conversations,
            "user_messages": self.user_messages,
            "by_language": {lang: self.by_language.get(lang, 0) for lang in LANGUAGES},
            "messages_by_language": {lang: self.messages_by_language.get(lang, 0) for lang in LANGUAGES},
            "by_channel": dict(sorted(self.by_channel.items())),
            "messages_by_channel": dict(sorted(self.messages_by_channel.items())),
            "intents": dict(self.intents.most_common()),
            "fallbacks": self.fallbacks,
            "fallback_rate": round(self.fallbacks / self.user_messages, 4) if self.user_messages else 0.0,
            "out_of_scope": self.outcomes["out_of_scope"],
            "technical_failures": self.outcomes["technical"],
            "feedback": {"yes": self.feedback.get("yes", 0), "no": self.feedback.get("no", 0)},
            "feedback_by_intent": {intent: {"yes": c.get("yes", 0), "no": c.get("no", 0)}
                                   for intent, c in sorted(self.feedback_by_intent.items())},
            "ended_with_contact_numbers": self.ended_with_numbers,
            "unanswered_questions": len(self.unanswered),
            "days": {day: dict(sorted(counts.items())) for day, counts in sorted(self.days.items())},
        }


def analyse(conversations: Iterable[Conversation]) -> Insights:
    insights = Insights()
    for conversation in conversations:
        insights.add(conversation)
    return insights
