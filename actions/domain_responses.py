"""The domain's responses, written from their sources in `actions/responses/*.yml`. No Rasa import.

A source file holds, per response, the French and English texts side by side (`fr`, `en`), its
buttons (`payload` with a `fr` and an `en` title), for a response that states no program fact and
carries no placeholder for one, `fact_free: true` (or, in a program answer, `fact_free: <why>`), and
the clauses without placeholder a program answer's response may have (`frame:`, FR and EN pairs;
tests/test_response_facts.py). Rasa wants each language as a variant of the
response, the English one under a `condition:` on the language slot: `python -m actions.intents`
writes them into `domain.yml` (with the intents and the dialogue rule), and
tests/test_intent_registry.py fails when the domain and the sources disagree. The facts themselves
live in pilot_program/facts/program.yml and come in through placeholders (tests/test_domain_and_data.py).
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parent.parent
SOURCES = ROOT / "actions" / "responses"
LANGS = ("fr", "en")
_CONDITION = ("    - condition:\n        - type: slot\n          name: language\n          value: en\n")


TOPICS = "topics"


def sources() -> dict[str, dict[str, Any]]:
    """Every response by name, from every source file (in file-name order, then file order)."""
    found: dict[str, dict[str, Any]] = {}
    for path in sorted(SOURCES.glob("*.yml")):
        for name, spec in (yaml.safe_load(path.read_text(encoding="utf-8")) or {}).items():
            if name == TOPICS:
                continue  # the topics' button titles (pilot_program/wording.py topic_titles), not a response
            if name in found:
                raise ValueError(f"{name} is written twice ({path.name})")
            found[name] = {**spec, "file": path.name}
    return found


def _quoted(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def _variant(spec: Mapping[str, Any], lang: str, first_line: str) -> str:
    text = f"{first_line}text: {_quoted(spec[lang])}\n"
    if spec.get("buttons"):
        text += "      buttons:\n" + "".join(
            f"        - title: {_quoted(button[lang])}\n          payload: {_quoted(button['payload'])}\n"
            for button in spec["buttons"])
    return text


def responses_block(specs: Mapping[str, Mapping[str, Any]]) -> str:
    """The `responses:` section: for each response, the English variant (condition) then the French default."""
    parts = ["responses:\n"]
    for name, spec in specs.items():
        parts.append(f"  {name}:\n" + _CONDITION + _variant(spec, "en", "      ") + _variant(spec, "fr", "    - "))
    return "".join(parts)
