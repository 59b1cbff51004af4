"""Every reply says its language, so the widget (and a REST client) never guesses it from words; the
widget's replies also say which part of the answer they are.

The action server decides the conversation's language once per message (the ``language`` slot:
actions/state.py, from the NLU's ``detected_language`` entity, a switch, or the page) and
sends it with each reply as ``lang``; Rasa keeps it in the reply's message and these output channels
put it on every part they send (``{"text": ..., "lang": "en"}``). A reply without one (the bilingual
notice) goes out without ``lang``: the client keeps its language.

For the widget, the sources footer of an answer (``utter_source_footer``) goes out with ``"role":
"sources"``, and as its sources alone (the footer's ``sources`` value, the named links with their
dates): the widget lays it out as the small footer of the turn's card, and says "general information,
not legal advice" once, in its header, rather than after every answer. Other channels get the footer
as written, with that sentence. The apology (``utter_technical_problem``, from an action or, in both
languages, from the channel's guard) goes out with ``"role": "apology"``.
"""
from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.channels.socketio import SocketIOOutput

from pilot_program.knowledge import LANGS

# responses the widget treats apart: the footer of a turn's card; the apology (its parts in both languages:
# the interface does not follow their language)
ROLES = {"utter_source_footer": "sources", "utter_technical_problem": "apology"}


class ReplyLanguage:
    """Mixin for an output channel: the ``lang`` of the reply being sent, stamped on each part."""

    _lang: str | None = None

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        lang = message.get("lang")
        self._lang = lang if lang in LANGS else None
        try:
            await super().send_response(recipient_id, message)  # type: ignore[misc]
        finally:
            self._lang = None

    def stamped(self, part: Any) -> Any:
        return {**part, "lang": self._lang} if self._lang and isinstance(part, dict) else part


class LanguageSocketIOOutput(ReplyLanguage, SocketIOOutput):
    _role: str | None = None

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self._role = ROLES.get(str(message.get("utter_action")))
        if self._role == "sources" and isinstance(message.get("sources"), str):
            message = {**message, "text": message["sources"]}
        try:
            await super().send_response(recipient_id, message)
        finally:
            self._role = None

    async def _send_message(self, socket_id: str, response: Any) -> None:
        part = self.stamped(response)
        if self._role and isinstance(part, dict):
            part = {**part, "role": self._role}
        await super()._send_message(socket_id, part)


class LanguageCollectingOutputChannel(ReplyLanguage, CollectingOutputChannel):
    async def _persist_message(self, message: dict[str, Any]) -> None:
        await super()._persist_message(self.stamped(message))
