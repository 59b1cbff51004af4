"""Telegram: ``POST /webhooks/telegram/webhook``, only with the webhook's secret token.

At start-up the server calls ``setWebhook`` with ``webhook_url`` and ``secret_token``; Telegram then
sends that token in ``X-Telegram-Bot-Api-Secret-Token`` with every update, and an update without it
(or with another) gets 403 (compared in constant time). Unlike Rasa's channel: no unauthenticated
``set_webhook`` route, and no ``getMe`` call per update. The user's Telegram language
(``from.language_code``) is passed as the message's ``language`` metadata (a hint only).
"""
from __future__ import annotations

import asyncio
import json
import logging
import re
from http import HTTPStatus
from typing import Any

from rasa.core.channels.channel import UserMessage
from rasa.core.channels.telegram import TelegramInput, TelegramOutput
from rasa.shared.exceptions import RasaException
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_server.channels import security
from rasa_server.channels.base import Handler
from rasa_server.channels.platforms.base import PlatformChannel

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
SECRET_TOKEN = re.compile(r"[A-Za-z0-9_-]{16,256}")  # what setWebhook accepts, at least 16 long


class GuardedTelegramOutput(TelegramOutput):
    def __init__(self, access_token: str | None, api_base_url: str | None = None) -> None:
        from aiogram import Bot
        from aiogram.bot.api import TELEGRAM_PRODUCTION, TelegramAPIServer

        server = TelegramAPIServer.from_base(api_base_url) if api_base_url else TELEGRAM_PRODUCTION
        Bot.__init__(self, access_token, server=server)


class GuardedTelegramInput(PlatformChannel, TelegramInput):
    secret_token: str = ""

    @classmethod
    def build(cls, credentials: dict[str, Any]) -> PlatformChannel:
        channel = cls(credentials.get("access_token"), credentials.get("verify"), credentials.get("webhook_url"))
        channel.secret_token = str(credentials.get("secret_token") or "")
        if not SECRET_TOKEN.fullmatch(channel.secret_token):
            raise RasaException("Telegram: set secret_token (TELEGRAM_SECRET_TOKEN) to 16 to 256 characters "
                                "among A-Z, a-z, 0-9, _ and -")
        return channel

    def get_output_channel(self) -> TelegramOutput:
        return GuardedTelegramOutput(self.access_token, self.api_base_url)

    def set_webhook(self) -> None:
        """Once, at start-up (no event loop runs yet): the URL and the secret token."""
        channel = self.get_output_channel()

        async def call() -> Any:
            try:
                return await channel.request("setWebhook", {"url": self.webhook_url, "secret_token": self.secret_token})
            finally:
                await channel.session.close()  # this loop's session; the server's loop makes its own

        from aiogram.utils.exceptions import TelegramAPIError

        try:
            asyncio.run(call())
        except TelegramAPIError as error:
            raise RasaException(f"Failed to set channel webhook: {error}") from error

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        try:
            update = request.json or {}
            for key in ("message", "edited_message", "callback_query"):
                language = ((update.get(key) or {}).get("from") or {}).get("language_code")
                if language:
                    return {"language": str(language)}
        except Exception:  # metadata is a hint only
            logger.debug("no language in the Telegram update", exc_info=True)
        return None

    def texts(self, update: Any) -> tuple[Any | None, list[str]]:
        """The chat and the texts to hand to Rasa for one update (none for other kinds of update)."""
        if self._is_button(update):
            message, text = update.callback_query.message, update.callback_query.data
        elif self._is_edited_message(update):
            message, text = update.edited_message, update.edited_message.text
        elif update.message is not None and self._is_user_message(update.message):
            message, text = update.message, update.message.text.replace("/bot", "")
        elif update.message is not None and self._is_location(update.message):
            location = update.message.location
            message, text = update.message, json.dumps({"lng": location.longitude, "lat": location.latitude})
        else:
            return None, []
        if message is None or message.chat is None or text is None:
            return None, []
        return message.chat, [text, "/start"] if text == "/restart" else [text]

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        from aiogram.types import Update

        handle = self.handler(on_new_message)
        self.set_webhook()
        out_channel = self.get_output_channel()
        webhook = self.webhook()
        self.refuse_unsigned(webhook, lambda request: security.tokens_equal(self.secret_token,
                                                                            request.headers.get(SECRET_HEADER)))

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            try:
                chat, texts = self.texts(Update(**request.json))
            except Exception:
                return response.text("bad update", status=HTTPStatus.BAD_REQUEST)
            if chat is None:  # an update with nothing for Rasa
                return response.text("success")
            metadata = self.get_metadata(request)
            for text in texts:
                await handle(UserMessage(text, out_channel, chat.id, input_channel=self.name(), metadata=metadata))
            return response.text("success")

        return self.protect(webhook)
