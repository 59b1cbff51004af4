"""Never silence on any messaging channel: with the action server down, each platform still gets
the apology with the contact centre's number (a second real Rasa server, no action server)."""
import json
import random
import uuid

import pytest

from tests.program_values import QUEBEC_PHONE
from tests.rasa_server.channels.platform_requests import (
    BOTFRAMEWORK_APP_ID,
    TWILIO_SMS_NUMBER,
    TWILIO_WHATSAPP_NUMBER,
    botframework_activity,
    botframework_replies,
    facebook_event,
    facebook_headers,
    facebook_texts,
    http,
    next_id,
    post_telegram,
    post_twilio,
    slack_event,
    slack_headers,
    telegram_update,
    twilio_bodies,
    twilio_form,
    write_credentials,
)
from tests.servers import free_port, rasa_server

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def broken_server(tmp_path_factory, platforms):
    workdir = tmp_path_factory.mktemp("channels-broken")
    port = free_port()
    credentials = write_credentials(workdir / "credentials.yml", platforms, port)
    with rasa_server(workdir, free_port(), credentials=credentials, port=port) as rasa_port:  # nothing on the actions port
        yield rasa_port


def assert_apology(text):
    assert "problème technique" in text and "technical problem" in text and QUEBEC_PHONE in text, text


def test_telegram(broken_server, platforms):
    chat = next_id()
    post_telegram(broken_server, telegram_update(chat, "combien pour ajouter ma conjointe?"))
    calls = platforms.wait_for(lambda c: c.path.endswith("/sendMessage") and c.data.get("chat_id") == str(chat), 2)
    assert_apology("\n".join(c.data["text"] for c in calls))


def test_facebook(broken_server, platforms):
    sender = f"psid-{uuid.uuid4().hex[:8]}"
    body = json.dumps(facebook_event(sender, "combien pour ajouter ma conjointe?")).encode()
    assert http(broken_server, "/webhooks/facebook/webhook", body, facebook_headers(body))[0] == 200
    assert_apology("\n".join(facebook_texts(platforms, sender)))


@pytest.mark.parametrize("channel, sender, to", [
    ("twilio", "+1438{}", TWILIO_SMS_NUMBER),
    ("twilio_whatsapp", "whatsapp:+1438{}", f"whatsapp:{TWILIO_WHATSAPP_NUMBER}")])
def test_twilio(broken_server, platforms, channel, sender, to):
    sender = sender.format(random.randint(2000000, 9999999))
    assert post_twilio(broken_server, twilio_form(sender, to, "how much to add my wife?"), channel)[0] == 204
    assert_apology("\n".join(c.form["Body"] for c in twilio_bodies(platforms, sender)))


def test_slack(broken_server, platforms):
    user, channel = f"U{uuid.uuid4().hex[:8]}", f"D{uuid.uuid4().hex[:8]}"
    body = json.dumps(slack_event(user, channel, "how much to add my wife?")).encode()
    assert http(broken_server, "/webhooks/slack/webhook", body, slack_headers(body))[0] == 200
    calls = platforms.wait_for(lambda c: c.path == "/api/chat.postMessage" and c.data.get("channel") == channel, 2)
    assert_apology("\n".join(c.data["text"] for c in calls))


def test_botframework(broken_server, platforms):
    sender = f"29:{uuid.uuid4().hex[:8]}"
    headers = {"Content-Type": "application/json",
               "Authorization": f"Bearer {platforms.botframework_jwt(BOTFRAMEWORK_APP_ID)}"}
    activity = botframework_activity(platforms, sender, "how much to add my wife?")
    assert http(broken_server, "/webhooks/botframework/webhook", json.dumps(activity).encode(), headers)[0] == 200
    assert_apology("\n".join(c.json["text"] for c in botframework_replies(platforms, sender)))
