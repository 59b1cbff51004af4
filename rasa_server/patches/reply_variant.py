"""A reply is written in the language the action server sends with it (``lang``), not the slot's.

Rasa renders an action's responses before it applies the action's events, so a response variant chosen
by the ``language`` slot would be the previous message's language whenever this message changes it
(the first message of a conversation, "in English please"). The one action reads the message, decides
its language and sends it with every reply (actions/rasa_adapter.py ``send``): the variant is chosen
with the slot taken as that language. Installed with the server's other patches by
``rasa_server.startup.install_patches``.
"""
from __future__ import annotations

from typing import Any

from pilot_program.knowledge import LANGS

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

    original = TemplatedNaturalLanguageGenerator.generate

    async def generate(self: TemplatedNaturalLanguageGenerator, utter_action: str, tracker: Any,
                       output_channel: str, **kwargs: Any) -> dict[str, Any] | None:
        lang = kwargs.get("lang")
        if lang not in LANGS:
            return await original(self, utter_action, tracker, output_channel, **kwargs)
        slots = {**tracker.current_slot_values(), "language": lang}
        return self.generate_from_slots(utter_action, slots, output_channel, **kwargs)

    TemplatedNaturalLanguageGenerator.generate = generate
    _installed = True
