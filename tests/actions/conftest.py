"""Tracker fixtures for action tests: real rasa_sdk Trackers and dispatchers, fixed clock, and the
contact centre's hours the cases are chosen around."""
from __future__ import annotations

import asyncio
from dataclasses import replace
from functools import lru_cache
from typing import Any

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import action_answer, dispatch, state
from actions.turn import Turn
from pilot_program.text import fold
from tests.program_values import knowledge_with
from tests.servers import ROOT

# The hours the cases are chosen around (Wednesday 09:30 is before the 10:00 opening, "Monday at 7:30?" before
# 8:00, "vendredi à 16 h?" at the closing), set on the program's file: its own hours can change.
WEEKLY_HOURS = {1: ["08:00", "16:00"], 2: ["08:00", "16:00"], 3: ["10:00", "16:30"], 4: ["08:00", "16:00"],
                5: ["08:00", "16:00"]}
WITH_THOSE_HOURS = knowledge_with("contact_centre.hours", "weekly", WEEKLY_HOURS)



@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    # A Wednesday at 09:30 in Montréal: the line opens at 10:00.
    monkeypatch.setenv("ASSISTANT_NOW", "2026-11-25T09:30:00-05:00")


@pytest.fixture(autouse=True)
def hours_as_chosen(monkeypatch):
    """The actions answer with the program's file, its weekly hours set to WEEKLY_HOURS."""
    monkeypatch.setattr(action_answer, "turn_from", lambda tracker, read=action_answer.turn_from:
                        replace(read(tracker), knowledge=WITH_THOSE_HOURS))


def entities_for(text: str) -> list[dict[str, Any]]:
    """Entities as the project's spaCy ruler gives them (built pipeline, like Rasa does)."""
    from tests.nlu_pipeline_fixture import ruler_entities

    return ruler_entities(text)


def make_tracker(text: str = "", intent: str | None = None, slots: dict | None = None,
                 entities: list | None = None, ranking: list | None = None,
                 previous_action: str | None = None, active_loop: str | None = None,
                 metadata: dict | None = None, clauses: list | None = None) -> Tracker:
    values = {name: None for name in _domain()["slots"]}  # every slot of the domain, none set
    values.update(slots or {})
    message = {
        "text": text,
        "intent": {"name": intent, "confidence": 0.9} if intent else {},
        "entities": entities if entities is not None else (entities_for(text) if text else []),
        "intent_ranking": [{"name": n, "confidence": c} for n, c in (ranking or [])],
        "metadata": metadata or {},
        "clauses": clauses or [],
    }
    events = [{"event": "action", "name": previous_action}] if previous_action else []
    return Tracker("test-user", values, message, events, False, None,
                   {"name": active_loop} if active_loop else {}, previous_action or "action_listen")


def responses_sent(dispatcher: CollectingDispatcher) -> list[str]:
    return [m.get("response") for m in dispatcher.messages]


def sent(dispatcher: CollectingDispatcher, response: str) -> dict[str, Any]:
    for message in dispatcher.messages:
        if message.get("response") == response:
            return message
    raise AssertionError(f"{response} not sent; sent: {responses_sent(dispatcher)}")


def clauses_of(text: str, *parts: tuple[str, str]) -> list[dict[str, Any]]:
    """The classifier's clauses for ``text`` (understanding/questions.py): each (clause, intent) at its place."""
    found = []
    for part, intent in parts:
        start = text.index(part)
        found.append({"start": start, "end": start + len(part), "intent": intent, "confidence": 0.8})
    return found


def answered(text: str, intent: str, lang: str, slots: dict | None = None,
             clauses: list | None = None, ranking: list | None = None) -> CollectingDispatcher:
    """The dispatcher after action_answer ran on one message (entities from the real ruler)."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent, slots={"language": lang, **(slots or {})}, clauses=clauses, ranking=ranking)
    asyncio.run(action_answer.ActionAnswer().run(dispatcher, tracker, _domain()))
    return dispatcher


def stated(text: str, intent: str | None = "inform", requested: str | None = None, slots: dict | None = None,
           lang: str = "en", metadata: dict | None = None, now: Any = None, **turn_fields: Any) -> dict[str, Any]:
    """The slots a message changes (actions/state.py), as action_answer computes them: the language
    the message decides, then what its frame says; ``requested``: the detail the last answer asked for."""
    from datetime import datetime

    from pilot_program.locales import MONTREAL

    turn = Turn(lang=lang, now=now or datetime(2026, 11, 22, 10, 0, tzinfo=MONTREAL), intent=intent, text=text,
                entities=tuple(entities_for(text)) if text else (), slots=slots or {}, metadata=metadata or {},
                **turn_fields)
    understood = state.understand(turn)
    chosen = dispatch.plan(understood)
    _, updates = state.after(understood, requested, chosen.intents, chosen.continues)
    language = understood.slots.get("language")
    return {**({"language": language} if language != (slots or {}).get("language") else {}), **updates}


@lru_cache(maxsize=1)
def _domain() -> dict[str, Any]:
    return yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


__all__ = ["answered", "clauses_of", "make_tracker", "responses_sent", "sent", "stated", "fold"]
