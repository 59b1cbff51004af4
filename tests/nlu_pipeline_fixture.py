"""Runs the project's built spaCy pipeline the way the NLU's entity extractor reads it
(rasa_server/nlu/ruler_entities.py: the ruler's ids as values)."""
from __future__ import annotations

from functools import lru_cache
from pathlib import Path

PIPELINE = Path(__file__).resolve().parents[1] / "rasa_server" / "nlu" / "pipeline" / "build" / "pp_pipeline"


@lru_cache(maxsize=1)
def _nlp():
    import spacy

    if not PIPELINE.exists():
        from rasa_server.nlu.pipeline.build import build

        build(PIPELINE)
    return spacy.load(PIPELINE)


def ruler_entities(text: str) -> list[dict]:
    from rasa_server.nlu.ruler_entities import ruler_entities as from_doc

    return from_doc(_nlp()(text))
