"""Builds the project's spaCy pipeline: French tokenizer, FR+EN lookup lemmas, entity ruler.

No pretrained spaCy 3.4 pipeline can be installed here, so the pipeline is built from a blank
French one (its tokenizer splits French elisions; English reads fine) and saved to disk for
Rasa's SpacyNLP (``model: rasa_server/nlu/pipeline/build/pp_pipeline``).
Run: ``python -m rasa_server.nlu.pipeline.build``.
Each ruler pattern carries its normalised value as its ``id``, which the entity extractor
(rasa_server/nlu/ruler_entities.py) sends as the entity's value: the action server needs no patterns.
"""
from __future__ import annotations

import sys
from pathlib import Path
from typing import cast

import spacy
import yaml
from spacy.lookups import Lookups, load_lookups
from spacy.pipeline import EntityRuler, Lemmatizer

from pilot_program.text import fold

HERE = Path(__file__).resolve().parent
PATTERNS = HERE / "patterns.yml"
OUTPUT = HERE / "build" / "pp_pipeline"


def ruler_patterns(spec: dict) -> list[dict]:
    """Token patterns (so matching ignores case) for every phrase and its unaccented form."""
    nlp = spacy.blank("fr")
    patterns: list[dict] = []

    def add(label: str, value: str, phrase: str, attr: str) -> None:
        tokens = [t.text for t in nlp.make_doc(phrase)]
        key = "LOWER" if attr == "LOWER" else "ORTH"
        texts = [tok.lower() for tok in tokens] if key == "LOWER" else tokens
        patterns.append({"label": label, "id": str(value), "pattern": [{key: t} for t in texts]})

    for label, values in spec.items():
        if label == "case_sensitive":
            continue
        for value, phrases in values.items():
            for phrase in {p for raw in phrases for p in (str(raw).lower(), fold(str(raw)))}:
                add(label, value, phrase, "LOWER")
    for label, values in spec.get("case_sensitive", {}).items():
        for value, phrases in values.items():
            for phrase in phrases:
                add(label, value, str(phrase), "ORTH")
    # Digits count as numbers ("3 kids", "2 enfants").
    patterns.append({"label": "number", "pattern": [{"IS_DIGIT": True, "LENGTH": {"<=": 2}}]})
    return patterns


def build(output: Path = OUTPUT) -> Path:
    spec = yaml.safe_load(PATTERNS.read_text(encoding="utf-8"))
    nlp = spacy.blank("fr")
    lemma_table: dict[str, str] = {}
    for lang in ("en", "fr"):  # French wins where both languages have the form
        lemma_table.update(load_lookups(lang, ["lemma_lookup"]).get_table("lemma_lookup"))
    lookups = Lookups()
    lookups.add_table("lemma_lookup", lemma_table)
    lemmatizer = cast(Lemmatizer, nlp.add_pipe("lemmatizer", config={"mode": "lookup", "overwrite": True}))
    lemmatizer.initialize(lookups=lookups)
    ruler = cast(EntityRuler, nlp.add_pipe("entity_ruler", config={"overwrite_ents": True}))
    ruler.add_patterns(ruler_patterns(spec))
    nlp.meta["name"] = "pp_pipeline"
    nlp.meta["description"] = "PP IA/TI-EV assistant: tokenizer, FR+EN lookup lemmas, entity ruler"
    output.parent.mkdir(parents=True, exist_ok=True)
    nlp.to_disk(output)
    return output


if __name__ == "__main__":
    path = build(Path(sys.argv[1]) if len(sys.argv) > 1 else OUTPUT)
    print(f"spaCy pipeline written to {path}")
