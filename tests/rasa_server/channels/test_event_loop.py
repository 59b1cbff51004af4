"""A slow platform delays only its own replies: no blocking HTTP inside the server's async handlers.

For each platform, the fake holds the server's first call to that platform's API for one user
(as a platform that stopped answering would) and does not let it go until a REST question from
another user has been answered by the same server. A server whose event loop waited on the
platform (a synchronous HTTP client, as Rasa's Twilio and Messenger channels use) could not answer
anything meanwhile: the REST request would time out. Then the held call is answered and the rest of
the platform user's reply must follow, so the server was still waiting for it, not failing.

Likewise for the numbered options of SMS/WhatsApp (rasa_server/channels/numbered_choices.py): the Twilio channel
awaits its store, so a store that is slow for one sender (Redis under load: rasa_server/channels/shared_choices.py) holds
that sender's message only; here, in process, a store that waits answers the other sender's message.
"""
from __future__ import annotations

import asyncio
import json
import random
import uuid
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from typing import Any

import pytest
from sanic import Sanic
from sanic_testing.testing import SanicASGITestClient

from rasa_server.channels.numbered_choices import NumberedChoices
from rasa_server.channels.platforms.twilio import GuardedTwilioInput, NumberedTwilioOutput
from tests.rasa_server.channels.fake_platforms import Call, FakePlatforms
from tests.rasa_server.channels.platform_requests import (
    BOTFRAMEWORK_APP_ID,
    SPOUSE_FEE_FR,
    TWILIO_SID,
    TWILIO_SMS_NUMBER,
    TWILIO_TOKEN,
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

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

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


class HeldChoices(NumberedChoices):
    """In memory, but one sender's lookup waits until released, as a slow Redis would make it wait."""

    def __init__(self, held: str) -> None:
        super().__init__()
        self.held, self.arrived, self.released = held, asyncio.Event(), asyncio.Event()

    async def resolve(self, sender: str, text: str | None) -> str | None:
        if sender == self.held:
            self.arrived.set()
            await self.released.wait()
        return await super().resolve(sender, text)


async def test_a_slow_choices_store_does_not_hold_up_other_conversations(monkeypatch):
    from twilio.request_validator import RequestValidator

    monkeypatch.setenv("PP_SENDER_KEY", "a-sender-key-for-this-test-only")
    sent: list[tuple[str, str]] = []

    async def send(_output: Any, message_data: dict[str, Any]) -> None:  # instead of Twilio's API
        sent.append((message_data["to"], message_data["body"]))

    monkeypatch.setattr(NumberedTwilioOutput, "_send_message", send)
    url = "https://bot.example/webhooks/twilio/webhook"
    channel = GuardedTwilioInput(TWILIO_SID, TWILIO_TOKEN, TWILIO_SMS_NUMBER, webhook_url=url)
    slow, other = f"+1514{random.randint(2000000, 5999999)}", f"+1514{random.randint(6000000, 9999999)}"
    channel.choices = store = HeldChoices(slow)

    async def agent(message: Any) -> None:  # answers at once
        await message.output_channel.send_text_message(message.sender_id, f"got {message.text}")

    app = Sanic(f"held-choices-{uuid.uuid4().hex[:8]}")
    app.blueprint(channel.blueprint(agent), url_prefix="/webhooks/twilio")
    client = SanicASGITestClient(app)

    def post(sender: str) -> Any:
        form = twilio_form(sender, TWILIO_SMS_NUMBER, "1")
        signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, form)
        return client.post("/webhooks/twilio/webhook", data=form, headers={"X-Twilio-Signature": signature})

    await store.offer(slow, [{"title": "Oui", "payload": "/affirm"}])
    held = asyncio.ensure_future(post(slow))
    await asyncio.wait_for(store.arrived.wait(), 30)
    _, answered = await asyncio.wait_for(post(other), 30)  # would wait for the held lookup if it blocked
    assert answered.status == 204 and sent == [(other, "got 1")]
    assert not held.done()  # the slow sender's lookup was still waiting meanwhile
    store.released.set()
    _, response = await asyncio.wait_for(held, 30)
    assert response.status == 204 and sent[1] == (slow, "got /affirm")
