"""action_validate_slot_mappings: runs on every user message, before the next action."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.answers import personal_data
from actions.dispatch import pending_of
from actions.rasa_adapter import turn_from
from actions.slot_extraction import slot_updates


class ActionValidateSlotMappings(Action):
    def name(self) -> str:
        return "action_validate_slot_mappings"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list:
        turn = turn_from(tracker)
        message = tracker.latest_message or {}
        metadata = dict(message.get("metadata") or {})
        metadata.update(tracker.get_slot("session_started_metadata") or {})
        _, asked = pending_of(turn)
        updates = slot_updates(turn, asked, metadata)
        notice = personal_data.mark(turn.text, tracker.get_slot(personal_data.SLOT))
        if notice:
            updates[personal_data.SLOT] = notice
        return [SlotSet(name, value) for name, value in updates.items() if tracker.get_slot(name) != value]
