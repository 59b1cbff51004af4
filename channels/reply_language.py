"""Every reply says its language, so the widget (and a REST client) never guesses it from words.

The action server decides the conversation's language once per message (the ``language`` slot:
actions/state.py, from the NLU's ``detected_language`` entity, a switch, or the page) and
sends it with each reply as ``lang``; Rasa keeps it in the reply's message and these output channels
put it on every part they send (``{"text": ..., "lang": "en"}``). A reply without one (the bilingual
apology, the rate-limit notice) goes out without ``lang``: the client keeps its language.
"""
from __future__ import annotations

from typing import Any

from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.channels.socketio import SocketIOOutput

from program.knowledge import LANGS


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
    async def _send_message(self, socket_id: str, response: Any) -> None:
        await super()._send_message(socket_id, self.stamped(response))


class LanguageCollectingOutputChannel(ReplyLanguage, CollectingOutputChannel):
    async def _persist_message(self, message: dict[str, Any]) -> None:
        await super()._persist_message(self.stamped(message))
