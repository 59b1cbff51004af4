"""action_answer: every answer of the assistant, chosen by intent or by the topic the message continues."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.dispatch import answer
from actions.rasa_adapter import apologise, send, turn_from


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        try:
            result = answer(turn_from(tracker))
        except Exception:  # any failure still gets a reply
            apologise(dispatcher, tracker, self.name())
            return [SlotSet("pending_question", None)]
        send(dispatcher, result.replies)
        events = [SlotSet("pending_question", result.pending)]
        if result.topic:
            events.append(SlotSet("topic", result.topic))
        return events
