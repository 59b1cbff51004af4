"""Between Rasa SDK types and the handlers' Turn/Reply; the only place that reads trackers."""
from __future__ import annotations

import logging
from typing import Any

from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions.clock_source import current_time
from actions.turn import Reply, Turn
from pilot_program.knowledge import Lang, knowledge
from pilot_program.text import MAX_CHARS
from pilot_program.wording import contact_centre, phones_text
from understanding.questions import PARSE_KEY

logger = logging.getLogger(__name__)


def language_of(tracker: Tracker) -> Lang:
    return "en" if tracker.get_slot("language") == "en" else "fr"


def turn_from(tracker: Tracker) -> Turn:
    message: dict[str, Any] = tracker.latest_message or {}
    ranking = tuple((r.get("name"), float(r.get("confidence") or 0)) for r in message.get("intent_ranking") or [])
    return Turn(
        lang=language_of(tracker),
        now=current_time(),
        intent=(message.get("intent") or {}).get("name"),
        # the NLU reads the first MAX_CHARS characters and answers "too long" beyond: parsing more
        # (dateparser, the identifier scan) would only cost seconds on a 100 KB message
        text=(message.get("text") or "")[:MAX_CHARS],
        entities=tuple(message.get("entities") or []),
        intent_ranking=ranking,
        slots=dict(tracker.current_slot_values()),
        previous_action=tracker.latest_action_name,
        previous_intent=_previous_intent(tracker),
        clauses=tuple(message.get(PARSE_KEY) or ()),
        metadata={**(message.get("metadata") or {}), **(tracker.get_slot("session_started_metadata") or {})},
    )


def _previous_intent(tracker: Tracker) -> str | None:
    user_events = [e for e in tracker.events if e.get("event") == "user"]
    if len(user_events) < 2:
        return None
    return ((user_events[-2].get("parse_data") or {}).get("intent") or {}).get("name")


def send(dispatcher: CollectingDispatcher, replies: list[Reply], lang: Lang) -> None:
    """Each reply with its language (`lang`), which the channels pass on (rasa_server/channels/reply_language.py):
    the conversation's language, decided once per message (the `language` slot)."""
    for reply in replies:
        kwargs = dict(reply.values)
        if reply.buttons:
            dispatcher.utter_message(response=reply.response, buttons=list(reply.buttons), lang=lang, **kwargs)
        else:
            dispatcher.utter_message(response=reply.response, lang=lang, **kwargs)


def apologise(dispatcher: CollectingDispatcher, tracker: Tracker, action: str) -> None:
    """Never silence: an action that fails still gives the line's number."""
    logger.exception("action %s failed", action)
    lang = language_of(tracker)
    dispatcher.utter_message(response="utter_technical_problem", phones=phones_text(knowledge(), lang),
                             contact_centre=contact_centre(knowledge()), lang=lang)
