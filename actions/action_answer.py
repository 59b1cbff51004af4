"""action_answer: every answer of the assistant, chosen by intent (or by the form just completed)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import personal_data
from actions.dispatch import answer
from actions.rasa_adapter import apologise, send, turn_from


class ActionAnswer(Action):
    def name(self) -> str:
        return "action_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        try:
            turn = turn_from(tracker)
            notice = personal_data.notice(turn)
            send(dispatcher, answer(turn) + notice)
        except Exception:  # any failure still gets a reply
            apologise(dispatcher, tracker, self.name())
            return []
        return [SlotSet(personal_data.SLOT, personal_data.GIVEN)] if notice else []
