"""What every messaging platform's channel shares, written once.

A platform channel is the Rasa channel of that platform with ``PlatformChannel`` mixed in first
(``class GuardedXInput(PlatformChannel, XInput)``). It gets the protections of ``rasa_server.channels.base``
(conversation keys, rate and size limits, never silence) and, here:

* ``from_credentials``: Rasa's "missing credentials" error, the platform's own constructor
  (``build``; by default the Rasa channel's ``from_credentials``) and ``api_base_url``, where the
  platform's API lives: unset in production, a fake on 127.0.0.1 in the tests;
* ``webhook()``: the blueprint ``/webhooks/<name>/`` with its ``GET /`` health route;
* ``refuse_unsigned()``: POSTs to the channel's webhook that fail its signature check get 403;
* ``API_TIMEOUT``: how long a call to a platform's API may take; every call is asynchronous,
  so the event loop never waits on a platform (tests/rasa_server/channels/test_event_loop.py).
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import InputChannel
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_server.channels.base import ProtectedChannel

logger = logging.getLogger(__name__)
API_TIMEOUT = 30.0  # seconds; Slack's SDK default, used for the clients configured here too


def required(channel: type[InputChannel], credentials: dict[str, Any] | None) -> dict[str, Any]:
    """The channel's credentials, or Rasa's own "missing credentials" error."""
    if not credentials:
        channel.raise_missing_credentials_exception()
    return credentials or {}


def api_base(url: str | None) -> str | None:
    """A platform's API address from the credentials (``api_base_url``), without a trailing slash."""
    return url.rstrip("/") if url else None


class PlatformChannel(ProtectedChannel):
    """Mixin for the messaging platforms' input channels (see the module's docstring)."""

    link_style = "plain"  # rasa_server/channels/links.py
    api_base_url: str | None = None

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        credentials = required(cls, credentials)
        channel = cls.build(credentials)
        channel.api_base_url = api_base(credentials.get("api_base_url"))
        return channel

    @classmethod
    def build(cls, credentials: dict[str, Any]) -> PlatformChannel:
        """The channel from its credentials: by default as the Rasa channel builds itself."""
        channel = super().from_credentials(credentials)
        assert isinstance(channel, PlatformChannel)
        return channel

    def webhook(self) -> Blueprint:
        """``/webhooks/<name>/``, with the health route every Rasa channel has."""
        blueprint = Blueprint(f"{self.name()}_webhook", __name__)

        @blueprint.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        return blueprint

    def refuse_unsigned(self, blueprint: Blueprint, signed: Callable[[Request], bool | Awaitable[bool]]) -> None:
        """403 for a POST to this channel's webhook that ``signed`` refuses, before any handler runs.

        The path is checked too: when two channels' blueprints have routes of the same names (Rasa
        names them), Sanic runs each blueprint's middleware for both."""
        own_path = f"/{self.url_prefix()}/webhook"

        @blueprint.on_request
        async def check_signature(request: Request) -> HTTPResponse | None:
            if request.method != "POST" or not request.path.rstrip("/").endswith(own_path):
                return None
            verdict = signed(request)
            if not isinstance(verdict, bool):
                verdict = await verdict
            if verdict:
                return None
            logger.warning("%s request with a missing or wrong signature", self.name())
            return response.text("invalid signature", status=HTTPStatus.FORBIDDEN)
