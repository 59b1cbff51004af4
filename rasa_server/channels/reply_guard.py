"""Never silence: if the bot sent nothing for a message (action server down, an action crashed,
the tracker store failed), the channel sends a short apology with the contact centre's numbers.

Rasa drops a failed action's events and sends nothing; the REST channel would answer ``[]``.
The apology's wording comes from the domain (``utter_technical_problem``, both languages) and the
numbers and the contact centre's name from the knowledge data, so nothing here depends on the action server being up.
Both languages are sent, since the conversation's may not be known: the message's own ``language``
(the widget's metadata, the terminal's) first, French first otherwise; each part with its ``lang``, so the
widget marks each paragraph in its language and a channel that says no language sends them as two messages
(as Rasa's channels already split a text at its blank lines).
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from rasa.core.channels.channel import OutputChannel, UserMessage

from pilot_program.knowledge import knowledge
from pilot_program.wording import contact_centre, phones_text

logger = logging.getLogger(__name__)
DOMAIN = Path(__file__).resolve().parents[2] / "domain.yml"
APOLOGY = "utter_technical_problem"
Handler = Callable[[UserMessage], Awaitable[Any]]


@lru_cache(maxsize=1)
def apologies() -> dict[str, str]:
    """The apology in each language ({"fr": ..., "en": ...}), filled with the numbers."""
    variants = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"][APOLOGY]
    by_lang = {("en" if v.get("condition") else "fr"): v["text"] for v in variants}
    k = knowledge()
    return {lang: by_lang[lang].format(phones=phones_text(k, lang), contact_centre=contact_centre(k))
            for lang in ("fr", "en")}


def apology_parts(first: object = None) -> list[tuple[str, str]]:
    """(lang, text) in both languages, ``first`` (the message's language, if known) first."""
    order = ("en", "fr") if first == "en" else ("fr", "en")
    return [(lang, apologies()[lang]) for lang in order]


def apology_text(first: object = None) -> str:
    """Both languages in one text: when nothing worked we may not know the user's language."""
    return "\n\n".join(text for _, text in apology_parts(first))


class CountingOutputChannel(OutputChannel):
    """Passes every response to the real channel and counts them."""

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.sent = 0

    def name(self) -> str:
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.sent += 1
        await self.inner.send_response(recipient_id, message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        self.sent += 1
        await self.inner.send_text_message(recipient_id, text, **kwargs)


def guard(on_new_message: Handler) -> Handler:
    async def guarded(message: UserMessage) -> Any | None:
        counter = CountingOutputChannel(message.output_channel)
        message.output_channel = counter
        result = None
        try:
            result = await on_new_message(message)
        except Exception:  # the apology below is the answer
            logger.exception("handling a message failed")
        if counter.sent == 0:
            logger.error("no reply for a message: sending the apology")
            language = (message.metadata or {}).get("language") if isinstance(message.metadata, dict) else None
            for lang, text in apology_parts(language):
                await counter.inner.send_response(message.sender_id, {"text": text, "lang": lang,
                                                                      "utter_action": APOLOGY})
        return result

    return guarded
