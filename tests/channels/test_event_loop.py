"""A slow platform delays only its own replies: no blocking HTTP inside the server's async handlers.

For each platform, the fake holds the server's first call to that platform's API for one user
(as a platform that stopped answering would) and does not let it go until a REST question from
another user has been answered by the same server. A server whose event loop waited on the
platform (a synchronous HTTP client, as Rasa's Twilio and Messenger channels use) could not answer
anything meanwhile: the REST request would time out. Then the held call is answered and the rest of
the platform user's reply must follow, so the server was still waiting for it, not failing.
"""
from __future__ import annotations

import json
import random
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest

from tests.channels.fake_platforms import Call, FakePlatforms
from tests.channels.platform_requests import (
    BOTFRAMEWORK_APP_ID,
    SPOUSE_FEE_FR,
    TWILIO_SMS_NUMBER,
    botframework_activity,
    facebook_event,
    facebook_headers,
    http,
    next_id,
    normalise,
    post_telegram,
    post_twilio,
    slack_event,
    slack_headers,
    telegram_update,
    twilio_form,
)
from tests.servers import rest_headers

QUESTION = "how much to add my wife?"
REST_WAIT = 60.0  # seconds; far longer than an answer takes, far shorter than the hold's own limit


@dataclass
class Conversation:
    send: Callable[[int], Any]  # posts QUESTION as the platform would, from this conversation's user
    to_user: Callable[[Call], bool]  # the server's calls to the platform's API for this user


def twilio(_: FakePlatforms) -> Conversation:
    phone = f"+1514{random.randint(2000000, 9999999)}"
    return Conversation(lambda port: post_twilio(port, twilio_form(phone, TWILIO_SMS_NUMBER, QUESTION)),
                        lambda call: call.path.endswith("/Messages.json") and call.form.get("To") == phone)


def facebook(_: FakePlatforms) -> Conversation:
    psid = f"psid-{uuid.uuid4().hex[:10]}"

    def send(port: int) -> Any:
        body = json.dumps(facebook_event(psid, QUESTION)).encode()
        return http(port, "/webhooks/facebook/webhook", body, facebook_headers(body))

    return Conversation(send, lambda call: call.path.endswith("/me/messages") and call.json is not None
                        and call.json.get("recipient", {}).get("id") == psid)


def telegram(_: FakePlatforms) -> Conversation:
    chat = next_id()
    return Conversation(lambda port: post_telegram(port, telegram_update(chat, QUESTION)),
                        lambda call: call.path.endswith("/sendMessage") and str(call.data.get("chat_id")) == str(chat))


def slack(_: FakePlatforms) -> Conversation:
    suffix = uuid.uuid4().hex[:8].upper()

    def send(port: int) -> Any:
        body = json.dumps(slack_event(f"U{suffix}", f"D{suffix}", QUESTION)).encode()
        return http(port, "/webhooks/slack/webhook", body, slack_headers(body))

    return Conversation(send, lambda call: call.path == "/api/chat.postMessage" and call.data.get("channel") == f"D{suffix}")


def botframework(fake: FakePlatforms) -> Conversation:
    user = f"29:{uuid.uuid4().hex[:12]}"

    def send(port: int) -> Any:
        headers = {"Content-Type": "application/json",
                   "Authorization": f"Bearer {fake.botframework_jwt(BOTFRAMEWORK_APP_ID)}"}
        body = json.dumps(botframework_activity(fake, user, QUESTION)).encode()
        return http(port, "/webhooks/botframework/webhook", body, headers)

    return Conversation(send, lambda call: call.path == f"/bfservice/v3/conversations/conv-{user}/activities")


def ask_over_rest(port: int) -> tuple[int, str]:
    body = json.dumps({"sender": f"rest-{uuid.uuid4().hex[:8]}", "message": "combien pour ajouter ma conjointe?"})
    return http(port, "/webhooks/rest/webhook", body.encode(), rest_headers(), timeout=REST_WAIT)


@pytest.mark.parametrize("platform", [twilio, facebook, telegram, slack, botframework], ids=lambda p: p.__name__)
def test_a_platform_holding_a_call_does_not_hold_up_other_conversations(channel_server, platforms, platform):
    conversation = platform(platforms)
    hold = platforms.hold(conversation.to_user)
    with ThreadPoolExecutor(1) as pool:
        inbound = pool.submit(conversation.send, channel_server)
        try:
            assert hold.arrived.wait(90), "the server never called the platform"
            status, replies = ask_over_rest(channel_server)  # times out if the event loop waits on the platform
        finally:
            hold.release()
        assert inbound.result(timeout=120)[0] in (200, 204)
    assert status == 200 and SPOUSE_FEE_FR in normalise(" ".join(r.get("text", "") for r in json.loads(replies)))
    # the held call was answered and the reply went on: the server had been waiting for the platform
    assert len(platforms.wait_for(conversation.to_user, count=2)) >= 2
