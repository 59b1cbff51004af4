"""action_session_start: a new session starts in the page's language when the channel sends it."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import NOT_CARRIED_OVER

LANGUAGES = {"fr", "en"}


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        # carry over the slots of the previous session (language, family details)
        for name, value in tracker.current_slot_values().items():
            if value is not None and name not in ("requested_slot", "session_started_metadata", *NOT_CARRIED_OVER):
                events.append(SlotSet(name, value))
        metadata = tracker.get_slot("session_started_metadata") or {}
        page = str(metadata.get("language") or "")[:2].lower()
        if page in LANGUAGES and tracker.get_slot("language") is None:
            events.append(SlotSet("language", page))
        events.append(ActionExecuted("action_listen"))
        return events
