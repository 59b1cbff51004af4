"""What the answer handlers see of a conversation turn, with no Rasa types."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Mapping, Optional

from actions.rules.knowledge import Lang


@dataclass(frozen=True)
class Turn:
    lang: Lang
    now: datetime
    intent: Optional[str]
    text: str = ""
    entities: tuple[Mapping[str, Any], ...] = ()
    intent_ranking: tuple[tuple[str, float], ...] = ()
    slots: Mapping[str, Any] = field(default_factory=dict)
    previous_action: Optional[str] = None
    previous_intent: Optional[str] = None  # the intent of the user's message before this one

    def slot(self, name: str) -> Any:
        return self.slots.get(name)

    def entity(self, name: str) -> Optional[str]:
        values = [e.get("value") for e in self.entities if e.get("entity") == name]
        return str(values[-1]) if values else None


@dataclass(frozen=True)
class Reply:
    """A response name, the values it is filled with, and optional buttons."""

    response: str
    values: Mapping[str, Any] = field(default_factory=dict)
    buttons: tuple[Mapping[str, str], ...] = ()
