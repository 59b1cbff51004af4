"""Numbered options for channels without buttons (SMS, WhatsApp): "1" picks the first option offered.

The store is asynchronous: the Twilio channel calls it from the server's event loop, and a store
that waits on the network (Redis, rasa_server/channels/shared_choices.py) must let other conversations go on meanwhile.
"""
from __future__ import annotations

import re
from collections import OrderedDict
from typing import Any, Protocol

CHOICE = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


class Choices(Protocol):
    """Numbered options offered to a sender: in memory (NumberedChoices) or in Redis
    (rasa_server/channels/shared_choices.py)."""

    async def offer(self, sender: str, buttons: list[dict[str, Any]]) -> int: ...

    async def resolve(self, sender: str, text: str | None) -> str | None: ...


class NumberedChoices:
    """The options last offered to each sender, in memory, for at most ``max_senders`` senders.

    Options are offered while the bot replies and consumed by the sender's next message: a "1" is
    read as option 1 only right after the bot offered options; otherwise it is ordinary text (a
    count of children, for instance). Lost on restart: a number then goes to NLU as typed.
    """

    def __init__(self, max_senders: int = 10_000) -> None:
        self.max_senders = max_senders
        self._by_sender: OrderedDict[str, list[dict[str, Any]]] = OrderedDict()

    async def offer(self, sender: str, buttons: list[dict[str, Any]]) -> int:
        """Adds options for ``sender``; returns the number of the first one."""
        options = self._by_sender.setdefault(sender, [])
        first = len(options) + 1
        options.extend(buttons)
        self._by_sender.move_to_end(sender)
        while len(self._by_sender) > self.max_senders:
            self._by_sender.popitem(last=False)
        return first

    async def resolve(self, sender: str, text: str | None) -> str | None:
        """The payload of the chosen option if ``text`` is one of the numbers offered, else ``text``."""
        return chosen(self._by_sender.pop(sender, []), text)

    def __len__(self) -> int:
        return len(self._by_sender)


def chosen(options: list[dict[str, Any]], text: str | None) -> str | None:
    """The payload (or title) of the option ``text`` names by its number, else ``text`` unchanged."""
    match = CHOICE.match(text or "")
    if match and 1 <= int(match.group(1)) <= len(options):
        return options[int(match.group(1)) - 1].get("payload") or options[int(match.group(1)) - 1].get("title")
    return text


def numbered(text: str, buttons: list[dict[str, Any]], first: int = 1) -> str:
    lines = [f"{first + i}. {button.get('title', '')}" for i, button in enumerate(buttons)]
    return "\n".join([text.rstrip()] + lines) if text and text.strip() else "\n".join(lines)
