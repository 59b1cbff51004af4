"""action_answer: every answer of the assistant, chosen by intent or by the topic the message continues."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import feedback
from actions.answers import personal_data
from actions.rasa_adapter import apologise, send, turn_from


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        try:
            turn = turn_from(tracker)
            asking = feedback.question_responses(domain.get("responses") or {})
            result, closing, updates = feedback.respond(
                turn, lambda reply: bool(reply.buttons) or reply.response in asking)
        except Exception:  # any failure still gets a reply
            apologise(dispatcher, tracker, self.name())
            return [SlotSet("pending_question", None)]
        notice = personal_data.notice(turn)
        # the notice goes before the reply's closing question (the answer's own, or "was this helpful?")
        cut = len(result.replies) - 1 if result.pending else len(result.replies)
        send(dispatcher, result.replies[:cut] + notice + result.replies[cut:] + closing, turn.lang)
        events = [SlotSet("pending_question", result.pending)]
        if result.topic:
            events.append(SlotSet("topic", result.topic))
        if notice:
            events.append(SlotSet(personal_data.SLOT, personal_data.GIVEN))
        events += [SlotSet(name, value) for name, value in updates.items() if tracker.get_slot(name) != value]
        return events
