"""Runs the project's built spaCy pipeline the way Rasa's SpacyEntityExtractor reads it."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PIPELINE = Path(__file__).resolve().parent.parent / "nlu_pipeline" / "build" / "pp_pipeline"


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    if not PIPELINE.exists():
        from nlu_pipeline.build import build

        build(PIPELINE)
    return spacy.load(PIPELINE)


def ruler_entities(text: str) -> list[dict]:
    doc = _nlp()(text)
    return [{"entity": e.label_, "value": e.text, "start": e.start_char, "end": e.end_char} for e in doc.ents]
