"""Twilio SMS (``/webhooks/twilio/webhook``) and WhatsApp (``/webhooks/twilio_whatsapp/webhook``).

Requests must carry a valid ``X-Twilio-Signature`` (Rasa checks none): HMAC-SHA1 of the URL Twilio
posted to and the sorted form fields, with the auth token, checked against ``webhook_url`` (the
public URL given to Twilio; behind a proxy the URL the server sees differs), or the request's own
URL when ``webhook_url`` is unset. No buttons on these channels: they become numbered options
appended to the text ("1. Oui\\n2. Pas encore") and a reply that is just one of those numbers sends
that button's payload. Replies go out through Twilio's own asynchronous HTTP client, and the options
offered are kept in an asynchronous store (in memory, or Redis: rasa_server/channels/shared_choices.py), so neither
holds up the other conversations (tests/rasa_server/channels/test_event_loop.py).
"""
from __future__ import annotations

import logging
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint
from sanic.request import Request

from rasa_server.channels.base import Handler
from rasa_server.channels.numbered_choices import Choices, NumberedChoices, numbered
from rasa_server.channels.platforms.base import API_TIMEOUT, PlatformChannel

logger = logging.getLogger(__name__)


class NumberedTwilioOutput(TwilioOutput):
    """Twilio output: buttons become numbered options appended to the text; sent with aiohttp."""

    def __init__(self, account_sid: str | None, auth_token: str | None, twilio_number: str | None,
                 choices: Choices, api_base_url: str | None = None) -> None:
        from twilio.http.async_http_client import AsyncTwilioHttpClient

        super().__init__(account_sid, auth_token, twilio_number)
        self.http_client = AsyncTwilioHttpClient(pool_connections=False, timeout=API_TIMEOUT)  # a session per call
        self.choices = choices
        if api_base_url:
            self.api.base_url = api_base_url

    async def _send_message(self, message_data: dict[str, Any]) -> Any:
        """As Rasa's, without blocking the event loop: Twilio refusing a message is logged."""
        from twilio.base.exceptions import TwilioRestException

        try:
            return await self.messages.create_async(**message_data)
        except TwilioRestException as error:
            logger.error("Something went wrong %r", error.msg)
            return None

    async def send_text_with_buttons(self, recipient_id: str, text: str, buttons: list[dict[str, Any]],
                                     **kwargs: Any) -> None:
        first = await self.choices.offer(recipient_id, buttons)
        await self.send_text_message(recipient_id, numbered(text, buttons, first), **kwargs)


class GuardedTwilioInput(PlatformChannel, TwilioInput):
    """Twilio SMS (see the module's docstring)."""

    number_prefix = ""

    @classmethod
    def build(cls, credentials: dict[str, Any]) -> PlatformChannel:
        return cls(credentials.get("account_sid"), credentials.get("auth_token"), credentials.get("twilio_number"),
                   webhook_url=credentials.get("webhook_url"),
                   max_senders=int(credentials.get("max_remembered_senders", 10_000)))

    def __init__(self, account_sid: str | None, auth_token: str | None, twilio_number: str | None,
                 debug_mode: bool = False, webhook_url: str | None = None, max_senders: int = 10_000) -> None:
        number = str(twilio_number or "")
        if self.number_prefix and number and not number.startswith(self.number_prefix):
            number = self.number_prefix + number
        super().__init__(account_sid, auth_token, number or None, debug_mode)
        self.webhook_url = webhook_url
        # in Redis when PP_CHOICES_REDIS_URL is set: a sender's next message may reach another replica
        from rasa_server.channels.shared_choices import shared_choices

        self.choices = shared_choices() or NumberedChoices(max_senders)

    def signature_valid(self, request: Request) -> bool:
        from twilio.request_validator import RequestValidator

        if not self.auth_token:
            return False
        params = {key: values[0] for key, values in request.form.items()} if request.form else {}
        url = self.webhook_url or request.url
        return RequestValidator(self.auth_token).validate(url, params, request.headers.get("X-Twilio-Signature", ""))

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        choices, handle = self.choices, self.handler(on_new_message)

        async def choose(message: UserMessage) -> Any:
            # the options were offered to the real number (the output's recipient): resolve first
            message.text = await choices.resolve(message.sender_id, message.text)
            return await handle(message)

        webhook = super().blueprint(choose)  # Rasa's routes
        webhook.name = f"{self.name()}_webhook"  # unique per app: SMS and WhatsApp run side by side
        self.refuse_unsigned(webhook, self.signature_valid)
        return self.protect(webhook)

    def get_output_channel(self) -> OutputChannel:
        return NumberedTwilioOutput(self.account_sid, self.auth_token, self.twilio_number, self.choices,
                                    self.api_base_url)


class GuardedTwilioWhatsAppInput(GuardedTwilioInput):
    """Twilio WhatsApp: replies from ``whatsapp:<number>``."""

    number_prefix = "whatsapp:"

    @classmethod
    def name(cls) -> str:
        return "twilio_whatsapp"
