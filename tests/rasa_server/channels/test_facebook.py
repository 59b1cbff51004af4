"""Facebook Messenger: signed webhook events in, Graph API Send calls out (faked on loopback)."""
import json
import uuid

import pytest

from tests.rasa_server.channels.platform_requests import (
    FACEBOOK_VERIFY,
    SPOUSE_FEE_EN,
    SPOUSE_FEE_FR,
    facebook_event,
    facebook_headers,
    facebook_texts,
    http,
    normalise,
)

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

PATH = "/webhooks/facebook/webhook"


def psid():
    return f"psid-{uuid.uuid4().hex[:10]}"


def send(port, sender, text, **signing):
    body = json.dumps(facebook_event(sender, text)).encode()
    return http(port, PATH, body, facebook_headers(body, **signing))


def test_verification_challenge(channel_server):
    query = f"?hub.mode=subscribe&hub.verify_token={FACEBOOK_VERIFY}&hub.challenge=1158201444"
    assert http(channel_server, PATH + query, method="GET") == (200, "1158201444")
    assert http(channel_server, PATH + "?hub.verify_token=wrong&hub.challenge=1", method="GET")[0] == 403


def test_french_question_gets_a_french_reply(channel_server, platforms):
    sender = psid()
    assert send(channel_server, sender, "combien pour ajouter ma conjointe?") == (200, "success")
    reply = normalise("\n".join(facebook_texts(platforms, sender)))
    assert SPOUSE_FEE_FR in reply and SPOUSE_FEE_EN not in reply
    calls = platforms.matching(lambda c: c.path.endswith("/me/messages"))
    assert all(c.query.get("access_token") == ["fb-page-token"] for c in calls)
    actions = [c.json.get("sender_action") for c in calls if c.json.get("recipient", {}).get("id") == sender]
    assert "typing_on" in actions and "typing_off" in actions


def test_english_question_gets_an_english_reply(channel_server, platforms):
    sender = psid()
    assert send(channel_server, sender, "how much to add my wife?") == (200, "success")
    reply = normalise("\n".join(facebook_texts(platforms, sender)))
    assert SPOUSE_FEE_EN in reply and SPOUSE_FEE_FR not in reply


def test_wrong_or_missing_signature_is_refused_and_nothing_is_sent(channel_server, platforms):
    sender = psid()
    assert send(channel_server, sender, "how much to add my wife?", secret="not-the-secret")[0] == 403
    # SHA-1 is refused even when correctly signed: SHA-256 only
    assert send(channel_server, sender, "how much to add my wife?", sha256=False)[0] == 403
    body = json.dumps(facebook_event(sender, "hello")).encode()
    tampered = facebook_headers(body)
    assert http(channel_server, PATH, body.replace(b"hello", b"hallo"), tampered)[0] == 403
    assert http(channel_server, PATH, body, {"Content-Type": "application/json"})[0] == 403
    md5 = {"Content-Type": "application/json", "X-Hub-Signature": "md5=" + "0" * 32}
    assert http(channel_server, PATH, body, md5)[0] == 403
    assert facebook_texts(platforms, sender) == []


def test_buttons_become_a_button_template(channel_server, platforms):
    sender = psid()
    send(channel_server, sender, "how do I add my daughter to my application?")
    templates = [c.json["message"]["attachment"]["payload"] for c in platforms.matching(
        lambda c: c.json and c.json.get("recipient", {}).get("id") == sender and "attachment" in c.json.get("message", {}))]
    assert templates and "Have you already received" in templates[-1]["text"]
    assert [(b["title"], b["payload"]) for b in templates[-1]["buttons"]] == [("Yes", "/affirm"), ("Not yet", "/deny")]
