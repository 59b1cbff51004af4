"""A trained Rasa model's answers (intent, confidence, entity spans) for labelled examples."""
from __future__ import annotations

import asyncio
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from tools.measuring.evaluation.examples import Example, Span, spans_from

FALLBACK = "nlu_fallback"  # the FallbackClassifier's intent: always counted as a wrong answer


@dataclass(frozen=True)
class Prediction:
    """What the model said about one example."""

    example: Example
    intent: str
    confidence: float
    spans: tuple[Span, ...]
    detected_language: str | None = None  # the InputVerdict component's message-level entity

    @property
    def correct(self) -> bool:
        return self.intent == self.example.intent


def load_agent(model: Path) -> Any:
    """Loads the model once (a Rasa ``Agent``), patched as the server is; NLU parsing needs no action server."""
    from rasa.core.agent import Agent

    from rasa_server.startup import install_patches

    install_patches()
    return Agent.load(str(model))


def to_prediction(example: Example, parsed: dict) -> Prediction:
    """Turns Rasa's parse result into a ``Prediction``."""
    intent = parsed.get("intent") or {}
    entities = parsed.get("entities") or []
    language = next((e.get("value") for e in entities if e.get("entity") == "detected_language"), None)
    return Prediction(example, str(intent.get("name") or FALLBACK), float(intent.get("confidence") or 0.0),
                      spans_from(entities, example.text), language)


def predict(agent: Any, examples: Sequence[Example]) -> list[Prediction]:
    """Parses every example with the loaded agent, in order."""

    async def run() -> list[Prediction]:
        return [to_prediction(ex, await agent.parse_message(ex.text)) for ex in examples]

    return asyncio.run(run())
