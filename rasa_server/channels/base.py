"""What every channel of the project does with a message before Rasa sees it, in one place.

Each input channel in ``rasa_server/channels/`` mixes in ``ProtectedChannel`` and passes Rasa's handler through
``self.handler(...)`` and its blueprint through ``self.protect(...)``:

1. the sender id becomes the conversation key (``rasa_server.channels.security.conversation_key``): namespaced
   by channel and hashed with ``PP_SENDER_KEY``; the real address stays in this message's output
   channel, in memory, so the reply still reaches the user;
2. a sender over its rate limit (``PP_RATE_PER_SENDER``) gets a short polite notice (at most once
   per window) instead of an answer; the per-address limit reads the client's address with
   ``client_address`` (behind a proxy, the one it forwards, when Sanic is told to trust it);
3. the reply guard (``rasa_server.channels.reply_guard``): never silence;
4. request bodies (HTTP and websocket frames) are limited to ``PP_MAX_REQUEST_BYTES``.
"""
from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from functools import lru_cache
from typing import Any

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from sanic import Blueprint

from rasa_server.channels import links, security
from rasa_server.channels.reply_guard import guard

logger = logging.getLogger(__name__)
Handler = Callable[[UserMessage], Awaitable[Any]]

MAX_REQUEST_BYTES = "PP_MAX_REQUEST_BYTES"
# What a chat needs: a message is read up to MAX_CHARS (2,000) characters; the largest platform
# update (a Telegram message of 4,096 characters, JSON-escaped, with its envelope) fits in 64 KB.
DEFAULT_MAX_REQUEST_BYTES = 64 * 1024
RATE_PER_SENDER, DEFAULT_RATE_PER_SENDER = "PP_RATE_PER_SENDER", (20, 60.0)
RATE_PER_ADDRESS, DEFAULT_RATE_PER_ADDRESS = "PP_RATE_PER_ADDRESS", (120, 60.0)


# Headers a proxy adds. Sanic trusts them only when told how: SANIC_PROXIES_COUNT (the number of
# proxies in front, which append to X-Forwarded-For), SANIC_REAL_IP_HEADER or SANIC_FORWARDED_SECRET.
FORWARDING_HEADERS = ("x-forwarded-for", "forwarded", "x-real-ip")
_warned_about_proxies = False


def client_address(request: Any) -> str | None:
    """The client's address, for the per-address rate limit. Behind a proxy that Sanic was not told
    to trust, every request seems to come from the proxy, so every client shares one budget: the
    first request that carries a forwarding header then logs a warning (once per process)."""
    global _warned_about_proxies
    if request is None:
        return None
    config = request.app.config
    trusted = config.PROXIES_COUNT or config.REAL_IP_HEADER or config.FORWARDED_SECRET
    if not trusted and not _warned_about_proxies and any(h in request.headers for h in FORWARDING_HEADERS):
        _warned_about_proxies = True
        logger.warning("requests arrive through a proxy (forwarding headers) but SANIC_PROXIES_COUNT (or "
                       "SANIC_REAL_IP_HEADER) is not set: every client shares the proxy's per-address rate limit; "
                       "set SANIC_PROXIES_COUNT to the number of proxies in front (docs/security-channels.md)")
    return request.remote_addr or request.ip


def max_request_bytes() -> int:
    return int(os.environ.get(MAX_REQUEST_BYTES) or DEFAULT_MAX_REQUEST_BYTES)


@lru_cache(maxsize=1)
def slow_down_text() -> str:
    """Both languages: a sender over its limit may not have told us theirs yet."""
    from pilot_program.wording import ui

    notice = ui()["channel"]["slow_down"]
    return "\n\n".join(notice[lang] for lang in ("fr", "en"))


class AddressedOutputChannel(OutputChannel):
    """Sends replies for conversation ``key`` to the real ``address`` (kept only here, in memory),
    with their links written the way the channel shows them (rasa_server/channels/links.py)."""

    def __init__(self, inner: OutputChannel, key: str, address: str,
                 render: links.Renderer = links.as_markdown) -> None:
        self.inner, self.key, self.address, self.render = inner, key, address, render

    def name(self) -> str:
        return self.inner.name()

    def _to(self, recipient_id: str) -> str:
        return self.address if recipient_id == self.key else recipient_id

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        if isinstance(message.get("text"), str):
            message = {**message, "text": self.render(message["text"])}
        await self.inner.send_response(self._to(recipient_id), message)

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await self.inner.send_text_message(self._to(recipient_id), self.render(text), **kwargs)


class Limits:
    """The rate limiters of one channel instance (in memory, per process)."""

    def __init__(self) -> None:
        self.sender = security.RateLimiter.from_env(RATE_PER_SENDER, DEFAULT_RATE_PER_SENDER)
        self.address = security.RateLimiter.from_env(RATE_PER_ADDRESS, DEFAULT_RATE_PER_ADDRESS)
        # one polite notice per sender per window, so a flood is not answered message by message
        self.notice = security.RateLimiter(1, self.sender.seconds or 60.0)


class ProtectedChannel(InputChannel):
    """Mixin for the project's input channels (see the module's docstring)."""

    _limits: Limits | None = None
    # how the channel shows links: "markdown" (the widget, REST), "plain" or "slack" (rasa_server/channels/links.py)
    link_style = "markdown"

    @property
    def limits(self) -> Limits:
        if self._limits is None:
            self._limits = Limits()
        return self._limits

    def key_for(self, sender_id: object) -> str:
        return security.conversation_key(self.name(), sender_id)

    def address_allowed(self, address: str | None) -> bool:
        """Per client address (REST, socket.io); platforms' webhooks share a few addresses."""
        return self.limits.address.allow(address or "unknown")

    def sender_allowed(self, sender_id: object) -> bool:
        return self.limits.sender.allow(self.key_for(sender_id))

    def handler(self, on_new_message: Handler, check_rate: bool = True) -> Handler:
        guarded = guard(on_new_message)

        async def handle(message: UserMessage) -> Any | None:
            address = message.sender_id
            if address is None or str(address) == "":
                logger.warning("%s message without a sender: ignored", self.name())
                return None
            key = self.key_for(address)
            message.sender_id = key
            message.output_channel = AddressedOutputChannel(message.output_channel, key, address,
                                                            links.STYLES[self.link_style])
            if check_rate and not self.limits.sender.allow(key):
                logger.warning("%s sender over its rate limit", self.name())
                if self.limits.notice.allow(key):
                    await message.output_channel.send_text_message(key, slow_down_text())
                return None
            return await guarded(message)

        return handle

    def protect(self, blueprint: Blueprint) -> Blueprint:
        """Limits the size of request bodies and websocket frames for the whole server; checks at
        start-up that ``PP_SENDER_KEY`` is set and that the server started through the start-up hook
        (rasa_server/checks/patched.py: it refuses to start otherwise); keeps one HTTP
        session per endpoint while the server runs (rasa_server/patches/speed.py)."""
        from rasa_server.checks import patched
        from rasa_server.patches import speed

        patched.require(f"the {self.name()} channel")
        security.secret(security.SENDER_KEY)
        blueprint.listener("before_server_start")(speed.keep_sessions)
        blueprint.listener("after_server_stop")(speed.close_sessions)

        @blueprint.listener("before_server_start")
        async def limit_sizes(app: Any, _loop: Any) -> None:
            limit = max_request_bytes()
            app.config.REQUEST_MAX_SIZE = min(int(app.config.REQUEST_MAX_SIZE), limit)
            app.config.WEBSOCKET_MAX_SIZE = min(int(app.config.WEBSOCKET_MAX_SIZE), limit)

        return blueprint
