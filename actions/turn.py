"""What the answer handlers see of a conversation turn, with no Rasa types."""
from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from pilot_program.knowledge import Knowledge, Lang, knowledge
from understanding.frame import Frame


@dataclass(frozen=True)
class Turn:
    """One message and what the handlers need to answer it: its language, Montréal's ``now`` and the
    program's knowledge (both injected: the real clock and file here, chosen ones in tests)."""

    lang: Lang
    now: datetime
    intent: str | None
    text: str = ""
    entities: tuple[Mapping[str, Any], ...] = ()
    intent_ranking: tuple[tuple[str, float], ...] = ()
    slots: Mapping[str, Any] = field(default_factory=dict)
    previous_action: str | None = None
    previous_intent: str | None = None  # the intent of the user's message before this one
    knowledge: Knowledge = field(default_factory=knowledge, repr=False, compare=False)
    clauses: tuple[Mapping[str, Any], ...] = ()  # the classifier's clauses (understanding/questions.py)
    metadata: Mapping[str, Any] = field(default_factory=dict)  # the message's and the session's (page language)
    # What the message says (understanding/), read once by actions/state.py's ``understand``; the slots then
    # hold what the conversation knows after it.
    frame: Frame = field(default_factory=lambda: Frame("", "fr"))
    kept: frozenset[str] = frozenset()  # people kept from earlier messages without being named again

    @property
    def confidence(self) -> float:
        return dict(self.intent_ranking).get(self.intent or "", 0.0) if self.intent_ranking else 0.0

    def slot(self, name: str) -> Any:
        return self.slots.get(name)

    def entity(self, name: str) -> str | None:
        values = [e.get("value") for e in self.entities if e.get("entity") == name]
        return str(values[-1]) if values else None


@dataclass(frozen=True)
class Reply:
    """A response name, the values it is filled with, and optional buttons."""

    response: str
    values: Mapping[str, Any] = field(default_factory=dict)
    buttons: tuple[Mapping[str, str], ...] = ()
