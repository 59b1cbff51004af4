"""action_answer: every answer of the assistant, chosen by intent (or by the form just completed)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import question_responses, respond
from actions.rasa_adapter import apologise, send, turn_from


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        try:
            asking = question_responses(domain.get("responses") or {})
            replies, updates = respond(turn_from(tracker), (tracker.active_loop or {}).get("name"),
                                       lambda reply: bool(reply.buttons) or reply.response in asking)
            send(dispatcher, replies)
        except Exception:  # any failure still gets a reply
            apologise(dispatcher, tracker, self.name())
            return []
        return [SlotSet(name, value) for name, value in updates.items() if tracker.get_slot(name) != value]
