"""Labelled examples read from Rasa NLU YAML, and the language each one is written in."""
from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Span:
    """An entity occurrence: character offsets into the text and its label."""

    start: int
    end: int
    label: str
    text: str = ""

    def key(self) -> tuple[int, int, str]:
        return self.start, self.end, self.label

    def overlaps(self, other: Span) -> bool:
        return self.label == other.label and self.start < other.end and other.start < self.end


@dataclass(frozen=True)
class Example:
    """One annotated message: its text, expected intent and expected entity spans."""

    text: str
    intent: str | None
    spans: tuple[Span, ...] = ()


def spans_from(entities: Iterable[dict], text: str) -> tuple[Span, ...]:
    """Spans of Rasa entity dicts; message-level entities (start == end) are left out."""
    spans = []
    for entity in entities:
        start, end = entity.get("start"), entity.get("end")
        if isinstance(start, int) and isinstance(end, int) and end > start:
            spans.append(Span(start, end, str(entity["entity"]), text[start:end]))
    return tuple(sorted(spans, key=Span.key))


def from_messages(messages: Iterable) -> list[Example]:
    """Examples from Rasa ``Message`` objects that carry an intent."""
    examples = []
    for message in messages:
        text, intent = message.get("text"), message.get("intent")
        if text and intent:
            examples.append(Example(text, intent, spans_from(message.get("entities") or [], text)))
    return examples


def load_examples(path: Path) -> list[Example]:
    """Every example of a Rasa NLU YAML file (or folder), with [value](entity) annotations."""
    from rasa.shared.nlu.training_data.loading import load_data

    return from_messages(load_data(str(path)).intent_examples)


HOLDOUT = Path(__file__).resolve().parents[3] / "tests" / "nlu_holdout"
ENTITY_HOLDOUT = HOLDOUT / "entities.yml"


def heldout_files(folder: Path = HOLDOUT) -> list[Path]:
    """The held-out intent files, one per theme of data/nlu (the entity set apart)."""
    return [path for path in sorted(folder.glob("*.yml")) if path.name != ENTITY_HOLDOUT.name]


def heldout(lang: str, folder: Path = HOLDOUT) -> list[Example]:
    """The held-out examples of one language: each intent block says its language (``metadata: language``)."""
    from rasa.shared.nlu.training_data.loading import load_data

    messages = [message for path in heldout_files(folder) for message in load_data(str(path)).intent_examples
                if ((message.get("metadata") or {}).get("intent") or {}).get("language") == lang]
    return from_messages(messages)


def language_of(text: str) -> str:
    """'fr', 'en' or 'unknown', with the assistant's own detector (lingua + hint words)."""
    from rasa_server.nlu.language import guess_language

    guess = guess_language(text)
    if guess.language:
        return guess.language
    # Not sure: let the hint words decide alone (a huge min_words forces that path).
    return guess_language(text, min_words=10**6).language or "unknown"
