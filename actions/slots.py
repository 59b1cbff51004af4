"""The conversation's slots: the one table domain.yml's `slots:` is written from (`python -m actions.intents`).

No slot influences the dialogue's predictions (one rule answers every message); each is filled by the one
action, `action_answer` (a custom mapping). A categorical slot's values come from where they are decided:
the languages from the knowledge file's, family members, places and decisions from the entity ruler's ids.
"""
from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

import yaml

from pilot_program.knowledge import LANGS

PATTERNS = Path(__file__).resolve().parents[1] / "rasa_server" / "nlu" / "pipeline" / "patterns.yml"
CHILDREN_COUNT_RANGE = (0, 20)  # a count outside is no count to compute fees on: asked again


@dataclass(frozen=True)
class Slot:
    name: str
    type: str  # Rasa's: text, bool, float, categorical, list, any
    why: str
    values: tuple[str, ...] = ()
    bounds: tuple[int, int] | None = None


@cache
def ruler_ids(label: str) -> tuple[str, ...]:
    """The ids the entity ruler gives an entity (rasa_server/nlu/pipeline/patterns.yml)."""
    return tuple(yaml.safe_load(PATTERNS.read_text(encoding="utf-8"))[label])


def slots() -> tuple[Slot, ...]:
    return (
        Slot("language", "categorical", "the conversation's language, decided once per message (actions/state.py)",
             tuple(LANGS)),
        Slot("family_member", "categorical", "the member added or removed", ruler_ids("family_member")),
        Slot("includes_spouse", "bool", "a spouse is added"),
        Slot("children_mentioned", "bool", "children are added"),
        Slot("children_count", "float", "how many children", bounds=CHILDREN_COUNT_RANGE),
        Slot("member_age", "float", "the added member's age"),
        Slot("other_parent_comes", "bool", "false when a child's other parent stays behind"),
        Slot("change_type", "categorical", "adding or removing", ("add", "remove")),
        Slot("csq_obtained", "bool", "the CSQ was received"),
        Slot("csq_issue_date", "text", "when the CSQ was issued, as far as the 24-month rule is concerned"),
        Slot("request_date", "text", "the date of the request whose deadline is asked"),
        Slot("caller_location", "categorical", "where the caller is (the numbers to dial)",
             ruler_ids("caller_location")),
        Slot("decision", "categorical", "the decision received", ruler_ids("decision")),
        Slot("personal_data_notice", "categorical",
             "\"given\" once the assistant said it keeps no identifier (the stored copy is redacted)", ("given",)),
        Slot("topic", "text", "the topic of the last answer: a follow-up half-sentence continues it"),
        Slot("pending_question", "text", "the detail (topic:slot) the last answer's one question asked for"),
        Slot("feedback", "any", "the last \"Was this helpful?\" rating (actions/feedback.py)"),
        Slot("feedback_pending", "text", "the topic the open \"Was this helpful?\" rates"),
        Slot("feedback_asked", "list", "the topics already asked about"),
    )


def slots_block() -> str:
    """domain.yml's `slots:` section."""
    lines = ["slots:"]
    for slot in slots():
        lines += [f"  # {slot.why}", f"  {slot.name}:", f"    type: {slot.type}"]
        if slot.values:
            lines.append(f"    values: [{', '.join(slot.values)}]")
        lines.append("    influence_conversation: false")
        if slot.bounds:
            lines += [f"    min_value: {slot.bounds[0]}", f"    max_value: {slot.bounds[1]}"]
        lines += ["    mappings:", "      - type: custom"]
    return "\n".join(lines) + "\n"
