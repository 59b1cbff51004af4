"""The REST channel for integrations and tests: ``POST /webhooks/rest/webhook``, authenticated.

Not in the public ``credentials.yml``: add ``rasa_server.channels.rest.GuardedRestInput:`` to a deployment's
credentials file to use it. Every request must carry ``Authorization: Bearer <PP_REST_TOKEN>``
(compared in constant time); the server refuses to start without the variable. The body is
``{"sender": "...", "message": "...", "metadata": {...}}``: a request without a sender or a text
message gets 400 with a JSON error (no shared "default" conversation), one over the rate limits
429. Replies are returned as Rasa's REST channel returns them (``recipient_id`` is the caller's
sender, never the stored key), each with its language (``lang``: ``fr`` or ``en``).
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_server.channels import security
from rasa_server.channels.base import ProtectedChannel, client_address, slow_down_text
from rasa_server.channels.reply_language import LanguageCollectingOutputChannel

logger = logging.getLogger(__name__)
MAX_SENDER_LENGTH = 200


def error(status: HTTPStatus, message: str, **extra: Any) -> HTTPResponse:
    return response.json({"error": message, **extra}, status=status)


class GuardedRestInput(ProtectedChannel, RestInput):
    @classmethod
    def name(cls) -> str:
        return "rest"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> InputChannel:
        return cls()

    def __init__(self) -> None:
        security.secret(security.SENDER_KEY)  # both checked at start, not at the first message
        self.token = security.secret(security.REST_TOKEN).decode("utf-8")

    def authorised(self, request: Request) -> bool:
        scheme, _, token = (request.headers.get("Authorization") or "").partition(" ")
        return scheme.lower() == "bearer" and security.tokens_equal(self.token, token.strip())

    def parse(self, request: Request) -> dict[str, Any] | HTTPResponse:
        """The request's body, or the error response that refuses it."""
        try:
            body = request.json
        except Exception:  # Sanic raises InvalidUsage on malformed JSON
            body = None
        if not isinstance(body, dict):
            return error(HTTPStatus.BAD_REQUEST, "the body must be a JSON object")
        sender = body.get("sender")
        if not isinstance(sender, str) or not sender.strip() or len(sender) > MAX_SENDER_LENGTH:
            return error(HTTPStatus.BAD_REQUEST, f"'sender' is required: a non-empty string of at most "
                                              f"{MAX_SENDER_LENGTH} characters, one per conversation")
        if not isinstance(body.get("message"), str):
            return error(HTTPStatus.BAD_REQUEST, "'message' is required and must be a string")
        if not isinstance(body.get("metadata") or {}, dict):
            return error(HTTPStatus.BAD_REQUEST, "'metadata' must be a JSON object")
        return body

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        handle = self.handler(on_new_message, check_rate=False)  # checked below, to answer 429
        webhook = Blueprint("rest_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request) -> HTTPResponse:
            if not self.authorised(request):
                return error(HTTPStatus.UNAUTHORIZED, "missing or wrong 'Authorization: Bearer' token")
            body = self.parse(request)
            if not isinstance(body, dict):
                return body
            if not self.address_allowed(client_address(request)) or not self.sender_allowed(body["sender"]):
                return error(HTTPStatus.TOO_MANY_REQUESTS, slow_down_text(), retry_after_seconds=60)
            collector = LanguageCollectingOutputChannel()  # each reply with its `lang`
            await handle(UserMessage(body["message"], collector, body["sender"], input_channel=self.name(),
                                     metadata=body.get("metadata") or None))
            return response.json(collector.messages)

        return self.protect(webhook)
