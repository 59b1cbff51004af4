"""Numbered options for SMS/WhatsApp kept in Redis, shared by every Rasa replica.

The Twilio channels turn buttons into numbered lines ("1. Oui") and read a reply "1" as the first
option (rasa_server/channels/platforms/twilio.py). In one replica's memory, that state is lost on a restart and
unknown to the other replicas; here it lives in Redis, with the same meaning: options are added
while the bot replies, consumed (read and deleted at once) by the sender's next message, and
forgotten after a day. Enabled by ``PP_CHOICES_REDIS_URL`` (``redis://[:password@]host:port/db``,
``rediss://`` for TLS). Each sender's options are kept under a keyed hash of its address
(HMAC-SHA256 with ``PP_SENDER_KEY``, as the conversation keys): Redis never holds a phone number.

Redis is reached with redis-py's asyncio client: the channel calls this from the server's event
loop, and a slow Redis (up to the 5 s socket timeout) delays only that sender's message, not the
other conversations (tests/rasa_server/channels/test_shared_choices.py).
"""
from __future__ import annotations

import asyncio
import hashlib
import hmac
import json
import os
from typing import Any

from rasa_server.channels import security
from rasa_server.channels.numbered_choices import chosen

TTL_SECONDS = 24 * 3600
SOCKET_TIMEOUT = 5.0  # seconds


class RedisNumberedChoices:
    """The interface of ``rasa_server.channels.numbered_choices.NumberedChoices``, stored in Redis."""

    def __init__(self, url: str, prefix: str = "pp:choices:") -> None:
        self.url = url
        self.prefix = prefix
        self.secret = security.secret(security.SENDER_KEY)  # refuses to start without it
        self._red: Any = None
        self._loop: asyncio.AbstractEventLoop | None = None

    def client(self) -> Any:
        """The asyncio client, made in the running loop (a client is bound to the loop it first ran in)."""
        loop = asyncio.get_running_loop()
        if self._red is None or self._loop is not loop:
            import redis.asyncio

            self._red = redis.asyncio.Redis.from_url(self.url, socket_timeout=SOCKET_TIMEOUT)
            self._loop = loop
        return self._red

    def key(self, sender: str) -> str:
        """``<prefix><HMAC-SHA256(PP_SENDER_KEY, "choices:<sender>")>``: the address is not in Redis."""
        digest = hmac.new(self.secret, f"choices:{sender}".encode(), hashlib.sha256).hexdigest()
        return self.prefix + digest

    async def offer(self, sender: str, buttons: list[dict[str, Any]]) -> int:
        """Adds options for ``sender``; returns the number of the first one."""
        key = self.key(sender)
        async with self.client().pipeline(transaction=True) as pipe:
            pipe.rpush(key, *(json.dumps(button) for button in buttons))
            pipe.expire(key, TTL_SECONDS)
            length, _ = await pipe.execute()
        return int(length) - len(buttons) + 1

    async def resolve(self, sender: str, text: str | None) -> str | None:
        """The payload of the chosen option if ``text`` is one of the numbers offered, else ``text``."""
        key = self.key(sender)
        async with self.client().pipeline(transaction=True) as pipe:
            pipe.lrange(key, 0, -1)
            pipe.delete(key)
            options, _ = await pipe.execute()
        return chosen([json.loads(option) for option in options], text)


def shared_choices() -> RedisNumberedChoices | None:
    url = os.environ.get("PP_CHOICES_REDIS_URL")
    return RedisNumberedChoices(url) if url else None
