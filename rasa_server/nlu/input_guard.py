"""Guards the NLU pipeline against bad input and tags each message's language.

``InputGuard`` runs first: it reads a typed intent payload the assistant never offered as plain
text (rasa_server/nlu/typed_payloads.py), truncates enormous messages (so the rest of the pipeline stays
fast; the limit is pilot_program/text.py's MAX_CHARS, which the action server reads too) and notes
what is wrong. ``InputVerdict`` runs last: it turns a problem into the
``nlu_fallback`` intent with an ``input_problem`` entity, and adds a ``detected_language``
entity when the message's language is clear. The dialogue answers from those entities.
"""
from __future__ import annotations

import re
from typing import Any, Dict, List, Optional

from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.shared.nlu.constants import ENTITIES, INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from pilot_program.text import MAX_CHARS
from rasa_server.nlu import typed_payloads
from rasa_server.nlu.language import guess_language

PROBLEM_KEY = "input_problem"
_WORD_CHAR = re.compile(r"[^\W_]", re.UNICODE)  # a letter or a digit
_MARKUP = re.compile(r"<\s*/?\s*[a-zA-Z][^>]*>")


def classify_problem(text: str, max_chars: int) -> Optional[str]:
    stripped = text.strip()
    if not stripped:
        return "empty"
    if len(text) > max_chars:
        return "too_long"
    if "\x00" in text or sum(ch.isprintable() or ch.isspace() for ch in text) < 0.9 * len(text):
        return "unreadable"
    if not _WORD_CHAR.search(_MARKUP.sub(" ", stripped)):
        return "unreadable"
    return None


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER], is_trainable=False)
class InputGuard(GraphComponent):
    """First in the pipeline: notes the problem and truncates what is too long to process."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    def __init__(self, config: Dict[str, Any]) -> None:
        # not a setting of this component: the action server reads the same limit (pilot_program/text.py)
        if "max_chars" in config:
            raise ValueError("max_chars is no longer set in config.yml: it is MAX_CHARS in pilot_program/text.py")
        self.max_chars = MAX_CHARS

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> InputGuard:
        return cls(config)

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            text = typed_payloads.as_text(message.get(TEXT) or "")
            if text != message.get(TEXT):
                message.set(TEXT, text)
            problem = classify_problem(text, self.max_chars)
            if problem:
                message.set(PROBLEM_KEY, problem, add_to_output=False)
            if problem == "too_long":
                message.set(TEXT, text[: self.max_chars])
            if problem in ("empty", "unreadable"):
                message.set(TEXT, " ")
        return messages


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False)
class InputVerdict(GraphComponent):
    """Last in the pipeline: problem → nlu_fallback + entity; clear language → entity."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {}

    @classmethod
    def create(cls, config: Dict[str, Any], model_storage: ModelStorage, resource: Resource,
               execution_context: ExecutionContext) -> InputVerdict:
        return cls()

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        for message in messages:
            entities = list(message.get(ENTITIES) or [])
            problem = message.get(PROBLEM_KEY)
            text = message.get(TEXT) or ""
            if not problem and text.strip():
                guess = guess_language(text)
                if guess.other_language:
                    problem = "other_language"
                elif guess.language:
                    entity = _entity("detected_language", guess.language, extractor="InputVerdict")
                    if guess.from_hint:
                        entity["role"] = "hint"
                    entities.append(entity)
            if problem:
                message.set(INTENT, {"name": "nlu_fallback", "confidence": 1.0}, add_to_output=True)
                message.set(INTENT_RANKING_KEY, [], add_to_output=True)
                entities.append(_entity(PROBLEM_KEY, problem, extractor="InputVerdict"))
            message.set(ENTITIES, entities, add_to_output=True)
        return messages


def _entity(name: str, value: str, extractor: str) -> Dict[str, Any]:
    return {"entity": name, "value": value, "start": 0, "end": 0, "confidence": 1.0, "extractor": extractor}
