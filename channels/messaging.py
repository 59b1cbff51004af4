"""Messaging platform channels, with guarded replies (never silence; see ``reply_guard``).

One guarded subclass per Rasa channel, declared in ``credentials.channels.yml`` (see
docs/channels.md). Each keeps Rasa's URL (``/webhooks/<name>/webhook``) and credentials, and adds:

* ``api_base_url`` (optional, every channel): where the platform's API lives. Unset in production;
  the tests point it at a fake platform on 127.0.0.1.
* Telegram: the user's Telegram language (``from.language_code``) is passed as the message's
  ``language`` metadata (used only when the text itself does not tell the language).
* Facebook: ``X-Hub-Signature-256`` (HMAC-SHA256) is checked when sent, else ``X-Hub-Signature``
  (HMAC-SHA1); no other hash is accepted, and the comparison is constant-time.
* Twilio SMS (``twilio``) and WhatsApp (``twilio_whatsapp``): requests must carry a valid
  ``X-Twilio-Signature`` (Rasa checks none); buttons become numbered options appended to the text
  ("1. Oui\\n2. Pas encore") and a reply that is just one of those numbers sends that button's
  payload.
* Bot Framework: the OpenID configuration and token URLs can be set (tests), tokens must be RS256,
  for our app id, from the Bot Framework issuer, and carry the activity's ``serviceUrl``; the
  activity's ``locale`` is passed as ``language`` metadata.
"""
from __future__ import annotations

import asyncio
import datetime
import hashlib
import hmac
import json
import logging
import re
from collections import OrderedDict
from http import HTTPStatus
from typing import Any, Awaitable, Callable, Dict, List, Optional, Text

import jwt
import requests
from jwt import PyJWTError
from jwt.algorithms import RSAAlgorithm
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa.core.channels.botframework import (
    BEARER_REGEX,
    MICROSOFT_OAUTH2_PATH,
    MICROSOFT_OAUTH2_URL,
    MICROSOFT_OPEN_ID_URI,
    BotFramework,
    BotFrameworkInput,
)
from rasa.core.channels.channel import InputChannel, OutputChannel, UserMessage
from rasa.core.channels.facebook import FacebookInput, Messenger, MessengerBot
from rasa.core.channels.slack import SlackBot, SlackInput
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.core.channels.twilio import TwilioInput, TwilioOutput

from channels.reply_guard import guard

logger = logging.getLogger(__name__)
Handler = Callable[[UserMessage], Awaitable[Any]]


def _base(url: Optional[Text]) -> Optional[Text]:
    return url.rstrip("/") if url else None


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
        return chosen(self._by_sender.pop(sender, []), text)

    def __len__(self) -> int:
        return len(self._by_sender)


def chosen(options: List[Dict[Text, Any]], text: Optional[Text]) -> Optional[Text]:
    """The payload (or title) of the option ``text`` names by its number, else ``text`` unchanged."""
    match = CHOICE.match(text or "")
    if match and 1 <= int(match.group(1)) <= len(options):
        return options[int(match.group(1)) - 1].get("payload") or options[int(match.group(1)) - 1].get("title")
    return text


def numbered(text: Text, buttons: List[Dict[Text, Any]], first: int = 1) -> Text:
    lines = [f"{first + i}. {button.get('title', '')}" for i, button in enumerate(buttons)]
    return "\n".join([text.rstrip()] + lines) if text and text.strip() else "\n".join(lines)


# --------------------------------------------------------------------------------------------
# Telegram
# --------------------------------------------------------------------------------------------

class GuardedTelegramOutput(TelegramOutput):
    def __init__(self, access_token: Optional[Text], api_base_url: Optional[Text] = None) -> None:
        from aiogram import Bot
        from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer

        server = TelegramAPIServer.from_base(_base(api_base_url)) if api_base_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, server=server)


class GuardedTelegramInput(TelegramInput):
    """``/webhooks/telegram/webhook``; sets the webhook at start-up, like Rasa's channel."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        channel = cls(credentials.get("access_token"), credentials.get("verify"), credentials.get("webhook_url"))
        channel.api_base_url = credentials.get("api_base_url")
        return channel

    api_base_url: Optional[Text] = None

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return super().blueprint(guard(on_new_message))

    def get_output_channel(self) -> TelegramOutput:
        channel = GuardedTelegramOutput(self.access_token, self.api_base_url)

        async def set_webhook() -> None:
            try:
                await channel.set_webhook(url=self.webhook_url)
            finally:
                # the HTTP session belongs to this short-lived loop; the server's loop makes a new one
                await channel.session.close()

        from aiogram.utils.exceptions import TelegramAPIError
        from rasa.shared.exceptions import RasaException

        try:
            asyncio.run(set_webhook())
        except TelegramAPIError as error:
            raise RasaException(f"Failed to set channel webhook: {error}") from error
        return channel

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        try:
            update = request.json or {}
            if isinstance(update, str):
                update = json.loads(update)
            for key in ("message", "edited_message", "callback_query"):
                language = ((update.get(key) or {}).get("from") or {}).get("language_code")
                if language:
                    return {"language": str(language)}
        except Exception:  # metadata is a hint only
            logger.debug("no language in the Telegram update", exc_info=True)
        return None


# --------------------------------------------------------------------------------------------
# Facebook Messenger
# --------------------------------------------------------------------------------------------

class GuardedFacebookInput(FacebookInput):
    """``/webhooks/facebook/webhook`` (GET: Meta's verification; POST: signed messages)."""

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
        for header, method in (("X-Hub-Signature-256", "sha256"), ("X-Hub-Signature", "sha1")):
            value = headers.get(header)
            if value:
                prefix = f"{method}="
                if not value.startswith(prefix) or not app_secret:
                    return False
                expected = hmac.new(app_secret.encode("utf-8"), body, getattr(hashlib, method)).hexdigest()
                return hmac.compare_digest(expected, value[len(prefix):])
        return False

    def _client(self, client: Any) -> Any:
        if self.api_base_url:
            client.graph_url = f"{_base(self.api_base_url)}/v{client.api_version}"
        return client

    def _messenger(self, on_new_message: Handler) -> Messenger:
        messenger = Messenger(self.fb_access_token, on_new_message)
        self._client(messenger.client)
        return messenger

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        guarded = guard(on_new_message)
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

        return fb_webhook

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
            self.api.base_url = _base(api_base_url)

    async def send_text_with_buttons(self, recipient_id: Text, text: Text, buttons: List[Dict[Text, Any]],
                                     **kwargs: Any) -> None:
        first = self.choices.offer(recipient_id, buttons)
        await self.send_text_message(recipient_id, numbered(text, buttons, first), **kwargs)


class GuardedTwilioInput(TwilioInput):
    """Twilio SMS: ``/webhooks/twilio/webhook``.

    Checks ``X-Twilio-Signature`` (HMAC-SHA1 of the URL Twilio posted to and the sorted form
    fields, with the auth token) against ``webhook_url`` (the public URL given to Twilio; behind a
    proxy the URL the server sees differs), or the request's own URL when ``webhook_url`` is unset.
    """

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
        # in Redis when PP_CHOICES_REDIS_URL is set: a sender's next message may reach another replica
        from scaling.choices import shared_choices

        self.choices = shared_choices() or NumberedChoices(max_senders)

    def signature_valid(self, request: Request) -> bool:
        from twilio.request_validator import RequestValidator

        if not self.auth_token:
            return False
        params = {key: values[0] for key, values in request.form.items()} if request.form else {}
        url = self.webhook_url or request.url
        return RequestValidator(self.auth_token).validate(url, params, request.headers.get("X-Twilio-Signature", ""))

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        choices = self.choices

        async def choose(message: UserMessage) -> Any:
            message.text = choices.resolve(message.sender_id, message.text)
            return await on_new_message(message)

        webhook = super().blueprint(guard(choose))
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

        return webhook

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

            self.client = AsyncWebClient(token, proxy=proxy, base_url=_base(api_base_url) + "/")


class GuardedSlackInput(SlackInput):
    """``/webhooks/slack/webhook``: Events API (signed, HMAC-SHA256 of ``v0:{ts}:{body}``)."""

    api_base_url: Optional[Text] = None

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        channel = super().from_credentials(credentials)
        channel.api_base_url = (credentials or {}).get("api_base_url")
        return channel

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return super().blueprint(guard(on_new_message))

    def get_output_channel(self, channel: Optional[Text] = None, thread_id: Optional[Text] = None) -> OutputChannel:
        return GuardedSlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy,
                               self.api_base_url)


# --------------------------------------------------------------------------------------------
# Microsoft Bot Framework
# --------------------------------------------------------------------------------------------

BOTFRAMEWORK_ISSUER = "https://api.botframework.com"


class GuardedBotFramework(BotFramework):
    """Bot Framework output with a configurable token URL (its own token cache)."""

    token_url = f"{MICROSOFT_OAUTH2_URL}/{MICROSOFT_OAUTH2_PATH}"
    token_expiration_date = datetime.datetime.now()
    headers = None

    async def _get_headers(self) -> Optional[Dict[Text, Any]]:
        cls = type(self)
        if cls.headers is None or cls.token_expiration_date < datetime.datetime.now():
            token_response = requests.post(self.token_url, data={
                "client_id": self.app_id, "client_secret": self.app_password,
                "grant_type": "client_credentials", "scope": "https://api.botframework.com/.default"}, timeout=30)
            if not token_response.ok:
                logger.error("Could not get a Bot Framework token")
                return None
            data = token_response.json()
            cls.token_expiration_date = datetime.datetime.now() + datetime.timedelta(
                seconds=int(data["expires_in"]) - 60)
            cls.headers = {"content-type": "application/json", "Authorization": f"Bearer {data['access_token']}"}
        return cls.headers


class GuardedBotFrameworkInput(BotFrameworkInput):
    """``/webhooks/botframework/webhook``: activities with a Bot Connector JWT."""

    @classmethod
    def from_credentials(cls, credentials: Optional[Dict[Text, Any]]) -> InputChannel:
        if not credentials:
            cls.raise_missing_credentials_exception()
        return cls(credentials.get("app_id"), credentials.get("app_password"),
                   openid_config_url=credentials.get("openid_config_url"),
                   token_url=credentials.get("token_url"), issuer=credentials.get("issuer"))

    def __init__(self, app_id: Text, app_password: Text, openid_config_url: Optional[Text] = None,
                 token_url: Optional[Text] = None, issuer: Optional[Text] = None) -> None:
        self.openid_config_url = openid_config_url or MICROSOFT_OPEN_ID_URI
        self.token_url = token_url or GuardedBotFramework.token_url
        self.issuer = issuer or BOTFRAMEWORK_ISSUER
        super().__init__(app_id, app_password)  # downloads the signing keys

    def _update_cached_jwk_keys(self) -> None:
        conf = requests.get(self.openid_config_url, timeout=30)
        conf.raise_for_status()
        keys = requests.get(conf.json()["jwks_uri"], timeout=30)
        keys.raise_for_status()
        self.jwt_keys = {key["kid"]: key for key in keys.json()["keys"]}
        self.jwt_update_time = datetime.datetime.now()

    def claims(self, auth_header: Optional[Text]) -> Dict[Text, Any]:
        """The token's claims; raises ``PyJWTError`` (or ``ValueError``) when it is not valid."""
        match = BEARER_REGEX.match(auth_header or "")
        if not match:
            raise ValueError("no Bearer token")
        token = match.group(1)
        if datetime.datetime.now() - self.jwt_update_time > datetime.timedelta(days=1):
            self._try_update_keys()
        key_id = jwt.get_unverified_header(token).get("kid")
        if key_id not in self.jwt_keys:
            self._try_update_keys()  # key rollover
        if key_id not in self.jwt_keys:
            raise jwt.InvalidKeyError(f"unknown key {key_id}")
        public_key = RSAAlgorithm.from_jwk(json.dumps(self.jwt_keys[key_id]))
        return jwt.decode(token, key=public_key, algorithms=["RS256"], audience=self.app_id, issuer=self.issuer)

    def _try_update_keys(self) -> None:
        try:
            self._update_cached_jwk_keys()
        except (requests.RequestException, KeyError, ValueError):
            logger.warning("Could not update the Bot Framework signing keys", exc_info=True)

    def get_metadata(self, request: Request) -> Optional[Dict[Text, Any]]:
        locale = (request.json or {}).get("locale")
        return {"language": str(locale)} if locale else None

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        guarded = guard(on_new_message)
        webhook = Blueprint("botframework_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            try:
                claims = self.claims(request.headers.get("Authorization"))
            except (PyJWTError, ValueError) as error:
                logger.warning("Bot Framework request refused: %s", error)
                return response.text("Could not validate JWT token.", status=HTTPStatus.UNAUTHORIZED)
            activity = request.json or {}
            service_url = activity.get("serviceUrl", "")
            if claims.get("serviceurl", service_url).rstrip("/") != service_url.rstrip("/"):
                # the reply (with our token) goes to serviceUrl: it must be the one Microsoft signed
                logger.warning("Bot Framework activity whose serviceUrl differs from the token's")
                return response.text("serviceUrl does not match the token.", status=HTTPStatus.UNAUTHORIZED)
            if activity.get("type") != "message":
                return response.text("success")
            out_channel = GuardedBotFramework(self.app_id, self.app_password, activity["conversation"],
                                              activity["recipient"], service_url)
            out_channel.token_url = self.token_url
            metadata = self.add_attachments_to_metadata(activity, self.get_metadata(request))
            await guarded(UserMessage(activity.get("text", ""), out_channel, activity["from"]["id"],
                                      input_channel=self.name(), metadata=metadata))
            return response.text("success")

        return webhook
