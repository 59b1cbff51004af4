"""The assistant says once per conversation that it does not keep identifiers. No Rasa import.

Detection is in the action server, in ``action_answer``, with the message as typed still in memory
(the stored copy is already redacted): the first message that carries an identifier gets the notice
after its answer, and the slot remembers it was given.
"""
from __future__ import annotations

from actions.turn import Reply, Turn
from privacy import redaction

SLOT = "personal_data_notice"
DUE, GIVEN = "due", "given"


def notice(turn: Turn, given: str | None) -> list[Reply]:
    """The notice when this message carried an identifier and it was not given yet (``given``: the slot)."""
    due = given not in (GIVEN, DUE) and bool(turn.text) and bool(redaction.find(turn.text))
    return [Reply("utter_personal_data_not_kept")] if due or given == DUE else []
