"""Microsoft Bot Framework: ``POST /webhooks/botframework/webhook``, activities with a Bot Connector JWT.

The token must be RS256, signed by one of Microsoft's published keys, for our app id, from the Bot
Framework issuer, within its validity period give or take ``CLOCK_SKEW`` (Microsoft asks for five
minutes), and carry a ``serviceurl`` claim equal to the activity's ``serviceUrl`` (replies, with
our token, go there). Every HTTP call (signing keys, our token, replies) is asynchronous (aiohttp):
the event loop never waits on the network. The keys are fetched when the server starts, daily, and
on an unknown key id (at most once per ``KEY_RETRY`` seconds, so forged key ids cannot hammer it).
"""
from __future__ import annotations

import asyncio
import datetime
import json
import logging
import time
from http import HTTPStatus
from typing import Any

import aiohttp
import jwt
from cryptography.hazmat.primitives.asymmetric.rsa import RSAPublicKey
from jwt import PyJWTError
from jwt.algorithms import RSAAlgorithm
from rasa.core.channels.botframework import (
    BEARER_REGEX,
    MICROSOFT_OAUTH2_PATH,
    MICROSOFT_OAUTH2_URL,
    MICROSOFT_OPEN_ID_URI,
    BotFramework,
    BotFrameworkInput,
)
from rasa.core.channels.channel import UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_server.channels.base import Handler
from rasa_server.channels.platforms.base import PlatformChannel

logger = logging.getLogger(__name__)
BOTFRAMEWORK_ISSUER = "https://api.botframework.com"
CLOCK_SKEW = 300
KEY_MAX_AGE = 24 * 3600
KEY_RETRY = 300
HTTP_TIMEOUT = aiohttp.ClientTimeout(total=15)


class GuardedBotFramework(BotFramework):
    """Bot Framework output: our token and the replies over aiohttp, with a configurable token URL."""

    token_url = f"{MICROSOFT_OAUTH2_URL}/{MICROSOFT_OAUTH2_PATH}"
    token_expiration_date = datetime.datetime.now()
    headers: dict[str, Any] | None = None

    async def _get_headers(self) -> dict[str, Any] | None:
        cls = type(self)
        if cls.headers is None or cls.token_expiration_date < datetime.datetime.now():
            form = {"client_id": self.app_id, "client_secret": self.app_password,
                    "grant_type": "client_credentials", "scope": "https://api.botframework.com/.default"}
            async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session:
                async with session.post(self.token_url, data=form) as token_response:
                    if token_response.status != 200:
                        logger.error("Could not get a Bot Framework token (HTTP %s)", token_response.status)
                        return None
                    data = await token_response.json(content_type=None)
            cls.token_expiration_date = datetime.datetime.now() + datetime.timedelta(
                seconds=int(data["expires_in"]) - 60)
            cls.headers = {"content-type": "application/json", "Authorization": f"Bearer {data['access_token']}"}
        return cls.headers

    async def send(self, message_data: dict[str, Any]) -> None:
        uri = f"{self.global_uri}conversations/{self.conversation['id']}/activities"
        headers = await self._get_headers()
        async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT) as session:
            async with session.post(uri, headers=headers, data=json.dumps(message_data)) as sent:
                if sent.status >= 300:
                    logger.error("Could not send a Bot Framework message (HTTP %s)", sent.status)


class GuardedBotFrameworkInput(PlatformChannel, BotFrameworkInput):
    link_style = "markdown"  # Teams and the Bot Framework's web chat show markdown (rasa_server/channels/links.py)

    @classmethod
    def build(cls, credentials: dict[str, Any]) -> PlatformChannel:
        return cls(credentials.get("app_id"), credentials.get("app_password"),
                   openid_config_url=credentials.get("openid_config_url"),
                   token_url=credentials.get("token_url"), issuer=credentials.get("issuer"))

    def __init__(self, app_id: str | None, app_password: str | None, openid_config_url: str | None = None,
                 token_url: str | None = None, issuer: str | None = None) -> None:
        # not BotFrameworkInput.__init__: it downloads the keys synchronously
        self.app_id, self.app_password = app_id, app_password
        self.openid_config_url = openid_config_url or MICROSOFT_OPEN_ID_URI
        self.token_url = token_url or GuardedBotFramework.token_url
        self.issuer = issuer or BOTFRAMEWORK_ISSUER
        self.jwt_keys: dict[str, Any] = {}
        self.jwt_update_time = 0.0
        self.last_attempt = 0.0
        self._lock: asyncio.Lock | None = None

    async def refresh_keys(self, force: bool = False) -> None:
        """Fetches the signing keys unless tried less than ``KEY_RETRY`` s ago (or ``force``)."""
        self._lock = self._lock or asyncio.Lock()
        async with self._lock:
            retry = KEY_RETRY if self.jwt_keys else 10  # sooner while there is no key at all
            if not force and time.monotonic() - self.last_attempt < retry:
                return
            self.last_attempt = time.monotonic()
            try:
                async with aiohttp.ClientSession(timeout=HTTP_TIMEOUT, raise_for_status=True) as session:
                    async with session.get(self.openid_config_url) as conf:
                        jwks_uri = (await conf.json(content_type=None))["jwks_uri"]
                    async with session.get(jwks_uri) as keys:
                        self.jwt_keys = {key["kid"]: key for key in (await keys.json(content_type=None))["keys"]}
                self.jwt_update_time = time.monotonic()
            except (aiohttp.ClientError, asyncio.TimeoutError, KeyError, TypeError, ValueError):
                logger.error("Could not fetch the Bot Framework signing keys", exc_info=True)

    async def claims(self, auth_header: str | None) -> dict[str, Any]:
        """The token's claims; raises ``PyJWTError`` (or ``ValueError``) when it is not valid."""
        match = BEARER_REGEX.match(auth_header or "")
        if not match:
            raise ValueError("no Bearer token")
        token = match.group(1)
        key_id = jwt.get_unverified_header(token).get("kid")
        if key_id not in self.jwt_keys or time.monotonic() - self.jwt_update_time > KEY_MAX_AGE:
            await self.refresh_keys()  # key rollover, or daily
        if key_id not in self.jwt_keys:
            raise jwt.InvalidKeyError(f"unknown key {key_id}")
        public_key = RSAAlgorithm.from_jwk(json.dumps(self.jwt_keys[key_id]))
        if not isinstance(public_key, RSAPublicKey):
            raise jwt.InvalidKeyError(f"key {key_id} is not a public key")
        claims = jwt.decode(token, key=public_key, algorithms=["RS256"], audience=self.app_id, issuer=self.issuer,
                            leeway=CLOCK_SKEW, options={"require": ["exp", "iss", "aud"]})
        if not claims.get("serviceurl"):
            raise jwt.MissingRequiredClaimError("serviceurl")
        return claims

    def get_metadata(self, request: Request) -> dict[str, Any] | None:
        locale = (request.json or {}).get("locale")
        return {"language": str(locale)} if locale else None

    async def receive(self, request: Request, handle: Handler) -> HTTPResponse:
        try:
            claims = await self.claims(request.headers.get("Authorization"))
        except (PyJWTError, ValueError) as error:
            logger.warning("Bot Framework request refused: %s", error)
            return response.text("Could not validate JWT token.", status=HTTPStatus.UNAUTHORIZED)
        activity = request.json if isinstance(request.json, dict) else {}
        service_url = str(activity.get("serviceUrl") or "")
        if str(claims["serviceurl"]).rstrip("/") != service_url.rstrip("/"):
            logger.warning("Bot Framework activity whose serviceUrl differs from the token's")
            return response.text("serviceUrl does not match the token.", status=HTTPStatus.UNAUTHORIZED)
        if activity.get("type") != "message":
            return response.text("success")
        try:
            out_channel = GuardedBotFramework(self.app_id, self.app_password, activity["conversation"],
                                              activity["recipient"], service_url)
            sender = activity["from"]["id"]
        except (KeyError, TypeError):
            return response.text("incomplete activity", status=HTTPStatus.BAD_REQUEST)
        out_channel.token_url = self.token_url
        metadata = self.add_attachments_to_metadata(activity, self.get_metadata(request))
        await handle(UserMessage(activity.get("text", ""), out_channel, sender, input_channel=self.name(),
                                 metadata=metadata))
        return response.text("success")

    def blueprint(self, on_new_message: Handler) -> Blueprint:
        handle = self.handler(on_new_message)
        webhook = self.webhook()

        @webhook.listener("before_server_start")
        async def fetch_keys(_app: Any, _loop: Any) -> None:
            await self.refresh_keys(force=True)

        @webhook.route("/webhook", methods=["POST"])
        async def message(request: Request) -> HTTPResponse:
            return await self.receive(request, handle)

        return self.protect(webhook)
