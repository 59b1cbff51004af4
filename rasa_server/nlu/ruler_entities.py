"""Entities from the project's spaCy entity ruler, with the ruler's normalised value.

Rasa 3.6's SpacyEntityExtractor sends the matched words ("mes deux enfants" gives "deux", "enfants")
and drops the pattern's ``id``, so the action server had to read the ruler's patterns again to know
that "deux" is 2 and "enfants" a child. This extractor sends the id as the entity's ``value`` (as
Rasa's synonym mapper does), the words staying at ``start``/``end`` in the message's text; a match
without an id (digits: "3 kids") keeps its words as its value.
"""
from __future__ import annotations

from typing import Any, Dict, List

from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.nlu.extractors.spacy_entity_extractor import SpacyEntityExtractor


def ruler_entities(doc: Any) -> List[Dict[str, Any]]:
    """Rasa entity dicts for a spaCy ``Doc``'s entities: the pattern's id as the value."""
    return [{"entity": ent.label_, "value": ent.ent_id_ or ent.text, "start": ent.start_char,
             "end": ent.end_char, "confidence": None} for ent in doc.ents]


@DefaultV1Recipe.register([DefaultV1Recipe.ComponentType.ENTITY_EXTRACTOR], is_trainable=False,
                          model_from="SpacyNLP")
class RulerEntityExtractor(SpacyEntityExtractor):
    """SpacyEntityExtractor whose values are the ruler's ids."""

    @staticmethod
    def _extract_entities(doc: Any) -> List[Dict[str, Any]]:
        return ruler_entities(doc)
