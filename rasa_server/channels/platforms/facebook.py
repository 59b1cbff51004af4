"""Facebook Messenger: ``/webhooks/facebook/webhook`` (GET: Meta's verification; POST: signed events).

Only ``X-Hub-Signature-256`` (HMAC-SHA256 of the body with the app secret) is accepted, compared in
constant time; the older SHA-1 ``X-Hub-Signature`` is refused. Replies go through the Graph API's
Send endpoint over aiohttp: Rasa's ``MessengerBot`` builds each request with fbmessenger's client
as before, but that client's HTTP session only queues it (``QueuedGraphSession``), and the bot
sends the queue, in order, before each of its methods returns.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
from http import HTTPStatus
from typing import Any

import aiohttp
from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_server.channels import security
from rasa_server.channels.base import Handler
from rasa_server.channels.platforms.base import API_TIMEOUT, PlatformChannel

logger = logging.getLogger(__name__)


class QueuedGraphSession:
    """Stands in for fbmessenger's ``requests.Session``: ``post`` queues, ``send_queued`` sends."""

    def __init__(self) -> None:
        self.queue: list[tuple[str, dict[str, Any], Any]] = []

    def post(self, url: str, params: dict[str, Any] | None = None, json: Any = None, **_: Any) -> QueuedGraphSession:
        self.queue.append((url, dict(params or {}), json))
        return self

    def json(self) -> dict[str, Any]:
        """What fbmessenger reads from the "response" (nothing uses it)."""
        return {}

    async def send_queued(self) -> None:
        queue, self.queue = self.queue, []
        if not queue:
            return
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=API_TIMEOUT)) as session:
            for url, params, body in queue:
                async with session.post(url, params=params, json=body) as sent:
                    if sent.status >= 300:  # as with fbmessenger: logged, not raised
                        logger.error("The Graph API refused a message (HTTP %s)", sent.status)


class GuardedMessengerBot(MessengerBot):
    """Rasa's Messenger output, its Graph API calls awaited (see the module's docstring). Only
    these three methods are called from outside (the others through ``send_response``)."""

    def __init__(self, access_token: str | None, api_base_url: str | None = None) -> None:
        from fbmessenger import MessengerClient

        self.session = QueuedGraphSession()
        client = MessengerClient(access_token, session=self.session)
        if api_base_url:
            client.graph_url = f"{api_base_url}/v{client.api_version}"
        super().__init__(client)

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        await super().send_response(recipient_id, message)
        await self.session.send_queued()

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        await super().send_text_message(recipient_id, text, **kwargs)
        await self.session.send_queued()

    async def send_action(self, recipient_id: str, sender_action: str) -> None:
        await super().send_action(recipient_id, sender_action)
        await self.session.send_queued()


class GuardedMessenger(Messenger):
    """Rasa's event parsing, with our output channel."""

    def __init__(self, out_channel: GuardedMessengerBot, on_new_message: Handler) -> None:
        self.on_new_message = on_new_message
        self.out_channel = out_channel
        self.last_message: dict[str, Any] = {}

    async def _handle_user_message(self, text: str, sender_id: str, metadata: dict[str, Any] | None) -> None:
        out_channel = self.out_channel
        await out_channel.send_action(sender_id, sender_action="mark_seen")
        message = UserMessage(text, out_channel, sender_id, input_channel=self.name(), metadata=metadata)
        await out_channel.send_action(sender_id, sender_action="typing_on")
        try:
            await self.on_new_message(message)
        except Exception:
            logger.exception("Exception when trying to handle webhook for facebook message.")
        finally:
            await out_channel.send_action(sender_id, sender_action="typing_off")


class GuardedFacebookInput(PlatformChannel, FacebookInput):
    @staticmethod
    def signature_valid(app_secret: str, body: bytes, headers: Any) -> bool:
        """``X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)>`` and nothing else."""
        value = headers.get("X-Hub-Signature-256") or ""
        if not app_secret or not value.startswith("sha256="):
            return False
        expected = hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
        return security.tokens_equal(expected, value[len("sha256="):])

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        guarded = self.handler(on_new_message)
        webhook = self.webhook()
        self.refuse_unsigned(webhook, lambda request: self.signature_valid(self.fb_secret, request.body,
                                                                          request.headers))

        @webhook.route("/webhook", methods=["GET"])
        async def token_verification(request: Request) -> HTTPResponse:
            if self.fb_verify and request.args.get("hub.verify_token") == self.fb_verify:
                return response.text(request.args.get("hub.challenge"))
            logger.warning("Invalid Facebook verify token")
            return response.text("failure, invalid token", status=HTTPStatus.FORBIDDEN)

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            messenger = GuardedMessenger(self.get_output_channel(), guarded)
            await messenger.handle(request.json, self.get_metadata(request))
            return response.text("success")

        return self.protect(webhook)

    def get_output_channel(self) -> OutputChannel:
        return GuardedMessengerBot(self.fb_access_token, self.api_base_url)
