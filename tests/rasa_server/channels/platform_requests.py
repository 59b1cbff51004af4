"""Inbound requests shaped (and signed) like each platform's, and the replies the fake received."""
from __future__ import annotations

import hashlib
import hmac
import itertools
import json
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path
from typing import Any

import yaml

from tests.program_values import dollars, fee
from tests.rasa_server.channels.fake_platforms import Call, FakePlatforms
from tests.servers import rest_headers

TELEGRAM_TOKEN = "123456789:AAFakeTelegramTokenForLoopbackTests00"
TELEGRAM_SECRET = "telegram-webhook-secret_0123456789"
TELEGRAM_WEBHOOK_URL = "https://assistant.example/webhooks/telegram/webhook"
FACEBOOK_VERIFY, FACEBOOK_SECRET, FACEBOOK_PAGE_TOKEN = "fb-verify-token", "fb-app-secret", "fb-page-token"
TWILIO_SID, TWILIO_TOKEN = "ACfake0000000000000000000000000000", "twilio-auth-token"
TWILIO_SMS_NUMBER, TWILIO_WHATSAPP_NUMBER = "+15145550100", "+14155238886"
SLACK_TOKEN, SLACK_SECRET = "xoxb-fake-slack-token", "slack-signing-secret"
BOTFRAMEWORK_APP_ID, BOTFRAMEWORK_PASSWORD = "00000000-0000-0000-0000-00000000b0f1", "bf-app-password"

_ids = itertools.count(1)


def next_id() -> int:
    return int(time.time() * 1000) % 10_000_000 * 100 + next(_ids)


def write_credentials(path: Path, fake: FakePlatforms, rasa_port: int) -> Path:
    """Every channel, with its platform API pointed at the fake (what credentials.channels.yml
    declares, with test values instead of ${VARIABLES})."""
    base = fake.base
    credentials = {
        "rasa_server.channels.rest.GuardedRestInput": None,
        "rasa_server.channels.platforms.telegram.GuardedTelegramInput": {
            "access_token": TELEGRAM_TOKEN, "secret_token": TELEGRAM_SECRET,
            "webhook_url": TELEGRAM_WEBHOOK_URL, "api_base_url": base},
        "rasa_server.channels.platforms.facebook.GuardedFacebookInput": {
            "verify": FACEBOOK_VERIFY, "secret": FACEBOOK_SECRET, "page-access-token": FACEBOOK_PAGE_TOKEN,
            "api_base_url": base},
        "rasa_server.channels.platforms.twilio.GuardedTwilioInput": {
            "account_sid": TWILIO_SID, "auth_token": TWILIO_TOKEN, "twilio_number": TWILIO_SMS_NUMBER,
            "webhook_url": f"http://127.0.0.1:{rasa_port}/webhooks/twilio/webhook", "api_base_url": base},
        "rasa_server.channels.platforms.twilio.GuardedTwilioWhatsAppInput": {
            "account_sid": TWILIO_SID, "auth_token": TWILIO_TOKEN, "twilio_number": TWILIO_WHATSAPP_NUMBER,
            "api_base_url": base},  # no webhook_url: checked against the URL the request reached
        "rasa_server.channels.platforms.slack.GuardedSlackInput": {
            "slack_token": SLACK_TOKEN, "slack_signing_secret": SLACK_SECRET, "api_base_url": f"{base}/api"},
        "rasa_server.channels.platforms.botframework.GuardedBotFrameworkInput": {
            "app_id": BOTFRAMEWORK_APP_ID, "app_password": BOTFRAMEWORK_PASSWORD,
            "openid_config_url": fake.botframework_openid_url, "token_url": fake.botframework_token_url},
    }
    path.write_text(yaml.safe_dump(credentials, sort_keys=False))
    return path


def post_rest(port: int, sender: str, text: str) -> tuple[int, str]:
    body = json.dumps({"sender": sender, "message": text}).encode()
    return http(port, "/webhooks/rest/webhook", body, rest_headers())


def http(port: int, path: str, body: bytes = b"", headers: dict[str, str] | None = None,
         method: str = "POST", timeout: float = 90) -> tuple[int, str]:
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", body if method == "POST" else None,
                                     headers or {}, method=method)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def normalise(text: str) -> str:
    """Non-breaking and narrow spaces (French typography) as plain spaces."""
    return text.replace("\u00a0", " ").replace("\u202f", " ")


# The fee for a spouse (the knowledge file's) as a reply writes it, spaces normalised: "201 $", "$201".
SPOUSE_FEE_FR = normalise(dollars(fee(spouse=True), "fr"))
SPOUSE_FEE_EN = dollars(fee(spouse=True), "en")


# -- Telegram ---------------------------------------------------------------------------------

def telegram_update(chat_id: int, text: str, language_code: str | None = None) -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Test"}
    if language_code:
        user["language_code"] = language_code
    return {"update_id": next_id(), "message": {
        "message_id": next_id(), "date": int(time.time()), "text": text, "from": user,
        "chat": {"id": chat_id, "type": "private", "first_name": "Test"}}}


def telegram_button_update(chat_id: int, data: str) -> dict[str, Any]:
    user = {"id": chat_id, "is_bot": False, "first_name": "Test"}
    return {"update_id": next_id(), "callback_query": {
        "id": str(next_id()), "from": user, "chat_instance": "1", "data": data,
        "message": {"message_id": next_id(), "date": int(time.time()), "text": "?",
                    "chat": {"id": chat_id, "type": "private"}}}}


def post_telegram(port: int, update: dict[str, Any], secret: str | None = TELEGRAM_SECRET) -> tuple[int, str]:
    """As Telegram posts an update: with the webhook's secret token (``None``: without the header)."""
    headers = {"Content-Type": "application/json"}
    if secret is not None:
        headers["X-Telegram-Bot-Api-Secret-Token"] = secret
    return http(port, "/webhooks/telegram/webhook", json.dumps(update).encode(), headers)


def telegram_sent(fake: FakePlatforms, chat_id: int, after: int = 0) -> list[Call]:
    return [c for c in fake.matching(lambda c: c.path.endswith("/sendMessage"))
            if str(c.data.get("chat_id")) == str(chat_id)][after:]


# -- Facebook ---------------------------------------------------------------------------------

def facebook_event(psid: str, text: str) -> dict[str, Any]:
    return {"object": "page", "entry": [{"id": "PAGE", "time": int(time.time() * 1000), "messaging": [{
        "sender": {"id": psid}, "recipient": {"id": "PAGE"}, "timestamp": int(time.time() * 1000),
        "message": {"mid": f"m_{next_id()}", "text": text}}]}]}


def facebook_headers(body: bytes, secret: str = FACEBOOK_SECRET, sha256: bool = True) -> dict[str, str]:
    """Meta's documented signature: ``sha256=`` hex HMAC-SHA256 of the raw body with the app secret
    (``sha256=False``: the retired SHA-1 ``X-Hub-Signature``)."""
    headers = {"Content-Type": "application/json"}
    if sha256:
        headers["X-Hub-Signature-256"] = "sha256=" + hmac.new(secret.encode(), body, hashlib.sha256).hexdigest()
    else:
        headers["X-Hub-Signature"] = "sha1=" + hmac.new(secret.encode(), body, hashlib.sha1).hexdigest()
    return headers


def facebook_texts(fake: FakePlatforms, psid: str) -> list[str]:
    out = []
    for call in fake.matching(lambda c: c.path.endswith("/me/messages") and c.json is not None):
        if call.json.get("recipient", {}).get("id") == psid and "message" in call.json:
            message = call.json["message"]
            out.append(message.get("text") or message.get("attachment", {}).get("payload", {}).get("text", ""))
    return out


# -- Twilio -----------------------------------------------------------------------------------

def twilio_form(sender: str, to: str, body: str) -> dict[str, str]:
    return {"SmsMessageSid": f"SM{next_id()}", "MessageSid": f"SM{next_id()}", "AccountSid": TWILIO_SID,
            "From": sender, "To": to, "Body": body, "NumMedia": "0", "NumSegments": "1", "ApiVersion": "2010-04-01"}


def post_twilio(port: int, form: dict[str, str], channel: str = "twilio", sign: bool = True,
                token: str = TWILIO_TOKEN) -> tuple[int, str]:
    from twilio.request_validator import RequestValidator

    path = f"/webhooks/{channel}/webhook"
    headers = {"Content-Type": "application/x-www-form-urlencoded"}
    if sign:
        headers["X-Twilio-Signature"] = RequestValidator(token).compute_signature(
            f"http://127.0.0.1:{port}{path}", form)
    return http(port, path, urllib.parse.urlencode(form).encode(), headers)


def twilio_bodies(fake: FakePlatforms, to: str) -> list[Call]:
    return [c for c in fake.matching(lambda c: c.path.endswith("/Messages.json")) if c.form.get("To") == to]


# -- Slack ------------------------------------------------------------------------------------

def slack_event(user: str, channel: str, text: str) -> dict[str, Any]:
    ts = f"{time.time():.6f}"
    return {"token": "unused", "team_id": "T1", "api_app_id": "A1", "type": "event_callback",
            "event_id": f"Ev{next_id()}", "event_time": int(time.time()), "authorizations": [{"user_id": "UBOT"}],
            "event": {"type": "message", "channel_type": "im", "user": user, "text": text, "ts": ts,
                      "channel": channel, "event_ts": ts}}


def slack_headers(body: bytes, secret: str = SLACK_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Signed by Slack's own SDK (``slack_sdk.signature.SignatureVerifier``)."""
    from slack_sdk.signature import SignatureVerifier

    ts = str(timestamp or int(time.time()))
    signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    return {"Content-Type": "application/json", "X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature}


def slack_posts(fake: FakePlatforms, channel: str) -> list[Call]:
    return [c for c in fake.matching(lambda c: c.path == "/api/chat.postMessage") if c.data.get("channel") == channel]


# -- Bot Framework ----------------------------------------------------------------------------

def botframework_activity(fake: FakePlatforms, user: str, text: str, locale: str | None = None) -> dict[str, Any]:
    activity = {"type": "message", "id": str(next_id()), "timestamp": "2026-11-25T14:30:00.000Z",
                "serviceUrl": fake.botframework_service_url, "channelId": "msteams",
                "from": {"id": user, "name": "Test"}, "conversation": {"id": f"conv-{user}"},
                "recipient": {"id": "bot-id", "name": "PP"}, "text": text}
    if locale:
        activity["locale"] = locale
    return activity


def botframework_replies(fake: FakePlatforms, user: str) -> list[Call]:
    return fake.matching(lambda c: c.path == f"/bfservice/v3/conversations/conv-{user}/activities")
