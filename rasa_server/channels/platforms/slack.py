"""Slack (Events API): ``/webhooks/slack/webhook``.

Requests are signed (``X-Slack-Signature``, HMAC-SHA256 of ``v0:{ts}:{body}``) and dated: Rasa's
channel checks both, with a five-minute window against replays. Replies go out through Slack's
asynchronous client (``AsyncWebClient``), links written in Slack's own syntax.
"""
from __future__ import annotations

from rasa.core.channels.channel import OutputChannel
from rasa.core.channels.slack import SlackBot, SlackInput
from sanic import Blueprint

from rasa_server.channels.base import Handler
from rasa_server.channels.platforms.base import PlatformChannel


class GuardedSlackBot(SlackBot):
    def __init__(self, token: str, slack_channel: str | None = None, thread_id: str | None = None,
                 proxy: str | None = None, api_base_url: str | None = None) -> None:
        super().__init__(token, slack_channel, thread_id, proxy)
        if api_base_url:
            from slack_sdk.web.async_client import AsyncWebClient

            self.client = AsyncWebClient(token, proxy=proxy, base_url=f"{api_base_url}/")


class GuardedSlackInput(PlatformChannel, SlackInput):
    link_style = "slack"  # rasa_server/channels/links.py

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        return self.protect(super().blueprint(self.handler(on_new_message)))

    def get_output_channel(self, channel: str | None = None, thread_id: str | None = None) -> OutputChannel:
        return GuardedSlackBot(self.slack_token, channel or self.slack_channel, thread_id, self.proxy,
                               self.api_base_url)
