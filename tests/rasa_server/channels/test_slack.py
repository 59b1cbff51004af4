"""Slack: signed Events API posts in, chat.postMessage out (Web API faked on loopback)."""
import json
import time
import uuid

import pytest

from tests.rasa_server.channels.platform_requests import (
    SPOUSE_FEE_EN,
    SPOUSE_FEE_FR,
    http,
    normalise,
    slack_event,
    slack_headers,
    slack_posts,
)

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

PATH = "/webhooks/slack/webhook"


def ids():
    suffix = uuid.uuid4().hex[:8].upper()
    return f"U{suffix}", f"D{suffix}"


def send(port, user, channel, text, **signing):
    body = json.dumps(slack_event(user, channel, text)).encode()
    return http(port, PATH, body, slack_headers(body, **signing))


def reply_in(platforms, channel):
    calls = platforms.wait_for(lambda c: c.path == "/api/chat.postMessage" and c.data.get("channel") == channel)
    return calls, normalise("\n".join(c.data.get("text", "") for c in calls))


def test_french_question_gets_a_french_reply(channel_server, platforms):
    user, channel = ids()
    assert send(channel_server, user, channel, "combien pour ajouter ma conjointe?")[0] == 200
    calls, reply = reply_in(platforms, channel)
    assert SPOUSE_FEE_FR in reply and SPOUSE_FEE_EN not in reply
    assert all(c.headers.get("Authorization") == "Bearer xoxb-fake-slack-token" for c in calls)


def test_english_question_gets_an_english_reply(channel_server, platforms):
    user, channel = ids()
    send(channel_server, user, channel, "how much to add my wife?")
    assert SPOUSE_FEE_EN in reply_in(platforms, channel)[1]


def test_unsigned_stale_or_wrongly_signed_events_are_refused(channel_server, platforms):
    user, channel = ids()
    assert send(channel_server, user, channel, "how much to add my wife?", secret="not-the-secret")[0] == 400
    assert send(channel_server, user, channel, "how much to add my wife?", timestamp=int(time.time()) - 3600)[0] == 400
    body = json.dumps(slack_event(user, channel, "hello")).encode()
    assert http(channel_server, PATH, body, {"Content-Type": "application/json"})[0] == 400
    time.sleep(2)
    assert slack_posts(platforms, channel) == []


def test_buttons_become_block_kit_buttons(channel_server, platforms):
    user, channel = ids()
    send(channel_server, user, channel, "how do I add my daughter to my application?")
    calls, _ = reply_in(platforms, channel)
    blocks = [json.loads(c.data["blocks"]) if isinstance(c.data.get("blocks"), str) else c.data.get("blocks")
              for c in calls if c.data.get("blocks")]
    buttons = [(e["text"]["text"], e["value"]) for e in blocks[-1][1]["elements"]]
    assert buttons == [("Yes", "/affirm"), ("Not yet", "/deny")]
