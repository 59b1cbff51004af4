"""Numbered options for SMS/WhatsApp kept in Redis, shared by every Rasa replica.

The Twilio channels turn buttons into numbered lines ("1. Oui") and read a reply "1" as the first
option (channels/platforms/twilio.py). In one replica's memory, that state is lost on a restart and
unknown to the other replicas; here it lives in Redis, with the same meaning: options are added
while the bot replies, consumed (read and deleted at once) by the sender's next message, and
forgotten after a day. Enabled by ``PP_CHOICES_REDIS_URL`` (``redis://[:password@]host:port/db``).
"""
from __future__ import annotations

import json
import os
from typing import Any

from channels.numbered_choices import chosen

TTL_SECONDS = 24 * 3600


class RedisNumberedChoices:
    """The interface of ``channels.numbered_choices.NumberedChoices``, stored in Redis."""

    def __init__(self, url: str, prefix: str = "pp:choices:") -> None:
        import redis

        self.red = redis.Redis.from_url(url, socket_timeout=5)
        self.prefix = prefix

    def offer(self, sender: str, buttons: list[dict[str, Any]]) -> int:
        """Adds options for ``sender``; returns the number of the first one."""
        key = self.prefix + sender
        with self.red.pipeline(transaction=True) as pipe:
            pipe.rpush(key, *(json.dumps(button) for button in buttons))
            pipe.expire(key, TTL_SECONDS)
            length, _ = pipe.execute()
        return int(length) - len(buttons) + 1

    def resolve(self, sender: str, text: str | None) -> str | None:
        """The payload of the chosen option if ``text`` is one of the numbers offered, else ``text``."""
        key = self.prefix + sender
        with self.red.pipeline(transaction=True) as pipe:
            pipe.lrange(key, 0, -1)
            pipe.delete(key)
            options, _ = pipe.execute()
        return chosen([json.loads(option) for option in options], text)


def shared_choices() -> RedisNumberedChoices | None:
    url = os.environ.get("PP_CHOICES_REDIS_URL")
    return RedisNumberedChoices(url) if url else None
