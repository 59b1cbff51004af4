"""action_answer: the one action that runs after every user message (one round trip to the action server).

It reads the message once (actions/state.py's ``understand``: the language, the frame), answers it
(actions/dispatch.py, actions/feedback.py) and returns every slot the message changed.
"""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import feedback, state
from actions.answers import personal_data
from actions.dispatch import QUESTIONS
from actions.rasa_adapter import apologise, send, turn_from


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        try:
            turn = state.understand(turn_from(tracker))
            asking = feedback.asking_responses(domain)
            result, closing, feedback_updates = feedback.respond(
                turn, lambda reply: bool(reply.buttons) or reply.response in asking)
        except Exception:  # any failure still gets a reply
            apologise(dispatcher, tracker, self.name())
            return [SlotSet("pending_question", None)]
        notice = personal_data.notice(turn, tracker.get_slot(personal_data.SLOT))
        # the notice goes after the answers, before the reply's question and its sources
        asks = asking | set(QUESTIONS)
        cut = next((i for i, reply in enumerate(result.replies) if reply.buttons or reply.response in asks),
                   _footer_at(result.replies))
        send(dispatcher, result.replies[:cut] + notice + result.replies[cut:] + closing, turn.lang)
        # the dialogue's own slots every time (the question left open, the topic answered), then what changed
        control = [SlotSet("pending_question", result.pending)]
        control += [SlotSet("topic", result.topic)] if result.topic else []
        slots: dict[str, Any] = {**turn.slots, **(result.updates or {}), **feedback_updates}
        if notice:
            slots[personal_data.SLOT] = personal_data.GIVEN
        changed = [SlotSet(name, value) for name, value in slots.items()
                   if tracker.get_slot(name) != value and name not in ("pending_question", "topic")]
        return control + changed


def _footer_at(replies: list) -> int:
    return next((i for i, reply in enumerate(replies) if reply.response == "utter_source_footer"), len(replies))
