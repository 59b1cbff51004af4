"""Messaging platform channels: Messenger, Twilio SMS and WhatsApp, Slack (Telegram and Bot
Framework have their own modules, re-exported here so ``credentials.channels.yml`` names them all
as ``channels.messaging.*``).

One subclass per Rasa channel, declared in ``credentials.channels.yml`` (see docs/channels.md). Each
keeps Rasa's URL (``/webhooks/<name>/webhook``) and credentials, goes through ``channels.base``
(conversation keys, rate limit, reply guard, size limit), and adds:

* ``api_base_url`` (optional, every channel): where the platform's API lives. Unset in production;
  the tests point it at a fake platform on 127.0.0.1.
* Facebook: only ``X-Hub-Signature-256`` (HMAC-SHA256 of the body with the app secret) is
  accepted, compared in constant time; the older SHA-1 ``X-Hub-Signature`` is refused.
* Twilio SMS (``twilio``) and WhatsApp (``twilio_whatsapp``): requests must carry a valid
  ``X-Twilio-Signature`` (Rasa checks none); buttons become numbered options appended to the text
  ("1. Oui\\n2. Pas encore") and a reply that is just one of those numbers sends that button's
  payload.
* Slack: Rasa's check of ``X-Slack-Signature`` and of the timestamp (five minutes, against replays).
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import re
from collections import OrderedDict
from http import HTTPStatus
from typing import Any, Dict, List, Optional, Text

from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from rasa.core.channels.slack import SlackBot, SlackInput
from rasa.core.channels.twilio import TwilioInput, TwilioOutput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from channels import security
from channels.base import Handler, ProtectedChannel, api_base
from channels.botframework import GuardedBotFramework, GuardedBotFrameworkInput  # noqa: F401 (credentials)
from channels.telegram import GuardedTelegramInput, GuardedTelegramOutput  # noqa: F401 (credentials)

logger = logging.getLogger(__name__)


# --------------------------------------------------------------------------------------------
# Numbered options for channels without buttons (SMS, WhatsApp)
# --------------------------------------------------------------------------------------------

CHOICE = re.compile(r"^\s*(\d{1,2})\s*[.)]?\s*$")


class NumberedChoices:
    """The options last offered to each sender, in memory, for at most ``max_senders`` senders.

    Options are offered while the bot replies and consumed by the sender's next message: a "1" is
    read as option 1 only right after the bot offered options; otherwise it is ordinary text (a
    count of children, for instance). Lost on restart: a number then goes to NLU as typed.
    """

    def __init__(self, max_senders: int = 10_000) -> None:
        self.max_senders = max_senders
        self._by_sender: "OrderedDict[Text, List[Dict[Text, Any]]]" = OrderedDict()

    def offer(self, sender: Text, buttons: List[Dict[Text, Any]]) -> int:
        """Adds options for ``sender``; returns the number of the first one."""
        options = self._by_sender.setdefault(sender, [])
        first = len(options) + 1
        options.extend(buttons)
        self._by_sender.move_to_end(sender)
        while len(self._by_sender) > self.max_senders:
            self._by_sender.popitem(last=False)
        return first

    def resolve(self, sender: Text, text: Optional[Text]) -> Optional[Text]:
        """The payload of the chosen option if ``text`` is one of the numbers offered, else ``text``."""
        options = self._by_sender.pop(sender, [])
        match = CHOICE.match(text or "")
        if match and 1 <= int(match.group(1)) <= len(options):
            return options[int(match.group(1)) - 1].get("payload") or options[int(match.group(1)) - 1].get("title")
        return text

    def __len__(self) -> int:
        return len(self._by_sender)


def numbered(text: Text, buttons: List[Dict[Text, Any]], first: int = 1) -> Text:
    lines = [f"{first + i}. {button.get('title', '')}" for i, button in enumerate(buttons)]
    return "\n".join([text.rstrip()] + lines) if text and text.strip() else "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Facebook Messenger
# --------------------------------------------------------------------------------------------

class GuardedFacebookInput(ProtectedChannel, FacebookInput):
    """``/webhooks/facebook/webhook`` (GET: Meta's verification; POST: signed messages)."""
    link_style = "plain"  # channels/links.py

    api_base_url: Optional[Text] = None

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        channel = cls(credentials.get("verify"), credentials.get("secret"), credentials.get("page-access-token"))
        channel.api_base_url = credentials.get("api_base_url")
        return channel

    @staticmethod
    def signature_valid(app_secret: Text, body: bytes, headers: Any) -> bool:
        """``X-Hub-Signature-256: sha256=<hex HMAC-SHA256(app secret, body)>`` and nothing else."""
        value = headers.get("X-Hub-Signature-256") or ""
        if not app_secret or not value.startswith("sha256="):
            return False
        expected = hmac.new(app_secret.encode("utf-8"), body, hashlib.sha256).hexdigest()
        return security.tokens_equal(expected, value[len("sha256="):])

    def _client(self, client: Any) -> Any:
        if self.api_base_url:
            client.graph_url = f"{api_base(self.api_base_url)}/v{client.api_version}"
        return client

    def _messenger(self, on_new_message: Handler) -> Messenger:
        messenger = Messenger(self.fb_access_token, on_new_message)
        self._client(messenger.client)
        return messenger

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        guarded = self.handler(on_new_message)
        fb_webhook = Blueprint("fb_webhook", __name__)

        @fb_webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @fb_webhook.route("/webhook", methods=["GET"])
        async def token_verification(request: Request) -> HTTPResponse:
            if self.fb_verify and request.args.get("hub.verify_token") == self.fb_verify:
                return response.text(request.args.get("hub.challenge"))
            logger.warning("Invalid Facebook verify token")
            return response.text("failure, invalid token", status=HTTPStatus.FORBIDDEN)

        @fb_webhook.route("/webhook", methods=["POST"])
        async def webhook(request: Request) -> HTTPResponse:
            if not self.signature_valid(self.fb_secret, request.body, request.headers):
                logger.warning("Facebook request with a missing or wrong signature")
                return response.text("not validated", status=HTTPStatus.FORBIDDEN)
            await self._messenger(guarded).handle(request.json, self.get_metadata(request))
            return response.text("success")

        return self.protect(fb_webhook)

    def get_output_channel(self) -> OutputChannel:
        from fbmessenger import MessengerClient

        return MessengerBot(self._client(MessengerClient(self.fb_access_token)))


# --------------------------------------------------------------------------------------------
# Twilio: SMS and WhatsApp
# --------------------------------------------------------------------------------------------

class NumberedTwilioOutput(TwilioOutput):
    """Twilio output: buttons become numbered options appended to the text."""

    def __init__(self, account_sid: Optional[Text], auth_token: Optional[Text], twilio_number: Optional[Text],
                 choices: NumberedChoices, api_base_url: Optional[Text] = None) -> None:
        super().__init__(account_sid, auth_token, twilio_number)
        self.choices = choices
        if api_base_url:
            self.api.base_url = api_base(api_base_url)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        first = self.choices.offer(recipient_id, buttons)
        await self.send_text_message(recipient_id, numbered(text, buttons, first), **kwargs)


class GuardedTwilioInput(ProtectedChannel, TwilioInput):
    """Twilio SMS: ``/webhooks/twilio/webhook``.

    Checks ``X-Twilio-Signature`` (HMAC-SHA1 of the URL Twilio posted to and the sorted form
    fields, with the auth token) against ``webhook_url`` (the public URL given to Twilio; behind a
    proxy the URL the server sees differs), or the request's own URL when ``webhook_url`` is unset.
    """
    link_style = "plain"  # channels/links.py

    number_prefix = ""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(credentials.get("account_sid"), credentials.get("auth_token"), credentials.get("twilio_number"),
                   webhook_url=credentials.get("webhook_url"), api_base_url=credentials.get("api_base_url"),
                   max_senders=int(credentials.get("max_remembered_senders", 10_000)))

    def __init__(self, account_sid: Optional[Text], auth_token: Optional[Text], twilio_number: Optional[Text],
                 debug_mode: bool = False, webhook_url: Optional[Text] = None,
                 api_base_url: Optional[Text] = None, max_senders: int = 10_000) -> None:
        number = str(twilio_number or "")
        if self.number_prefix and number and not number.startswith(self.number_prefix):
            number = self.number_prefix + number
        super().__init__(account_sid, auth_token, number or None, debug_mode)
        self.webhook_url = webhook_url
        self.api_base_url = api_base_url
        self.choices = NumberedChoices(max_senders)

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
            message.text = choices.resolve(message.sender_id, message.text)
            return await handle(message)

        webhook = super().blueprint(choose)
        # unique per app: SMS and WhatsApp run side by side. Their routes still share names (Rasa
        # names them when it builds the blueprint), so Sanic gives each one's middleware both
        # routes: the check below looks at the path too.
        webhook.name = f"{self.name()}_webhook"
        own_path = f"/{self.url_prefix()}/webhook"

        @webhook.on_request
        async def check_signature(request: Request) -> Optional[HTTPResponse]:
            if request.method != "POST" or not request.path.rstrip("/").endswith(own_path):
                return None
            if not self.signature_valid(request):
                logger.warning("Twilio request with a missing or wrong X-Twilio-Signature")
                return response.text("invalid signature", status=HTTPStatus.FORBIDDEN)
            return None

        return self.protect(webhook)

    def get_output_channel(self) -> OutputChannel:
        return NumberedTwilioOutput(self.account_sid, self.auth_token, self.twilio_number, self.choices,
                                    self.api_base_url)


class GuardedTwilioWhatsAppInput(GuardedTwilioInput):
    """Twilio WhatsApp: ``/webhooks/twilio_whatsapp/webhook``; replies from ``whatsapp:<number>``."""

    number_prefix = "whatsapp:"

    @classmethod
    def name(cls) -> Text:
        return "twilio_whatsapp"


# --------------------------------------------------------------------------------------------
# Slack
# --------------------------------------------------------------------------------------------

class GuardedSlackBot(SlackBot):
    def __init__(self, token: Text, slack_channel: Optional[Text] = None, thread_id: Optional[Text] = None,
                 proxy: Optional[Text] = None, api_base_url: Optional[Text] = None) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        if api_base_url:
            from slack_sdk.web.async_client import AsyncWebClient

            self.client = AsyncWebClient(token, proxy=proxy, base_url=api_base(api_base_url) + "/")


class GuardedSlackInput(ProtectedChannel, SlackInput):
    """``/webhooks/slack/webhook``: Events API (signed, HMAC-SHA256 of ``v0:{ts}:{body}``)."""
    link_style = "slack"  # channels/links.py

    api_base_url: Optional[Text] = None

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.api_base_url = (credentials or {}).get("api_base_url")
        return channel

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return self.protect(super().blueprint(self.handler(on_new_message)))

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> OutputChannel:
        return GuardedSlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy,
                               self.api_base_url)
