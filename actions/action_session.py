"""Session start and restart: a new session starts in the page's language when the channel sends it;
a typed /restart or /session_start is answered (never silence)."""
from __future__ import annotations

from typing import Any

from rasa_sdk import Action, Tracker
from rasa_sdk.events import ActionExecuted, EventType, Restarted, SessionStarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.feedback import NOT_CARRIED_OVER
from actions.rasa_adapter import language_of
from actions.state import page_language
from pilot_program.knowledge import knowledge
from pilot_program.wording import end_date, program_abbreviation

# The previous session's topic, question and rating do not carry over: a new session starts afresh.
NOT_CARRIED = {"requested_slot", "session_started_metadata", "topic", "pending_question", *NOT_CARRIED_OVER}


def _greeting(tracker: Tracker) -> dict[str, Any]:
    k = knowledge()  # the program's file: this action builds no Turn
    lang = language_of(tracker)
    return {"program_abbreviation": program_abbreviation(k), "end_date": end_date(k, lang), "lang": lang}


class ActionSessionStart(Action):
    def name(self) -> str:
        return "action_session_start"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        events: list[EventType] = [SessionStarted()]
        # carry over the slots of the previous session (language, family details)
        for name, value in tracker.current_slot_values().items():
            if value is not None and name not in NOT_CARRIED:
                events.append(SlotSet(name, value))
        page = page_language(tracker.get_slot("session_started_metadata") or {})
        if page and tracker.get_slot("language") is None:
            events.append(SlotSet("language", page))
        if (tracker.latest_message or {}).get("intent", {}).get("name") == "session_start":
            # typed by the user (not the automatic start of a session): say a new one began
            dispatcher.utter_message(response="utter_new_conversation", **_greeting(tracker))
        events.append(ActionExecuted("action_listen"))
        return events


class ActionRestart(Action):
    """Replaces Rasa's silent action_restart: the conversation restarts and the user is told so."""

    def name(self) -> str:
        return "action_restart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(response="utter_new_conversation", **_greeting(tracker))
        language = tracker.get_slot("language")
        return [Restarted(), *([SlotSet("language", language)] if language else [])]


class ActionBack(Action):
    """Replaces Rasa's silent action_back (typed /back): nothing is undone, the user is told how to go on."""

    def name(self) -> str:
        return "action_back"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: dict[str, Any]) -> list[EventType]:
        dispatcher.utter_message(response="utter_command_unknown", lang=language_of(tracker))
        return []
