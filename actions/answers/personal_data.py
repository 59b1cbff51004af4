"""The assistant says once per conversation that it does not keep identifiers. No Rasa import.

Detection is in the action server, in ``action_validate_slot_mappings``: Rasa runs it after
every user message whatever the dialogue does next (a form question, an answer), with the
message as typed still in memory (the stored copy is already redacted). It only marks the notice
"due"; ``action_answer`` says it after the answer, once the conversation's language is settled
for the turn (a response rendered by the slot action would use the language of the previous turn).
"""
from __future__ import annotations

from actions.turn import Reply, Turn
from privacy import redaction

SLOT = "personal_data_notice"
DUE, GIVEN = "due", "given"


def mark(text: str, current: str | None) -> str | None:
    """The slot's new value when this message carried an identifier and nothing was said yet."""
    return DUE if current is None and text and redaction.find(text) else None


def notice(turn: Turn) -> list[Reply]:
    return [Reply("utter_personal_data_not_kept")] if turn.slot(SLOT) == DUE else []
