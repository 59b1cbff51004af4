"""Microsoft Bot Framework: activities with a signed JWT in, Bot Connector calls out. The signing
keys, the token endpoint and the connector service are the loopback fake."""
import json
import uuid

import pytest
from cryptography.hazmat.primitives.asymmetric import rsa

from tests.rasa_server.channels.platform_requests import (
    BOTFRAMEWORK_APP_ID,
    SPOUSE_FEE_EN,
    SPOUSE_FEE_FR,
    botframework_activity,
    botframework_replies,
    http,
    normalise,
)

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

PATH = "/webhooks/botframework/webhook"


def user():
    return f"29:{uuid.uuid4().hex[:12]}"


def send(port, platforms, activity, token=None):
    token = token or platforms.botframework_jwt(BOTFRAMEWORK_APP_ID)
    headers = {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}
    return http(port, PATH, json.dumps(activity).encode(), headers)


def texts(calls):
    return normalise("\n".join(c.json.get("text") or json.dumps(c.json.get("attachments", "")) for c in calls))


def test_signing_keys_were_fetched_at_start_up(channel_server, platforms):
    assert platforms.matching(lambda c: c.path == "/botframework/openid")
    assert platforms.matching(lambda c: c.path == "/botframework/keys")


def test_french_question_gets_a_french_reply(channel_server, platforms):
    sender = user()
    assert send(channel_server, platforms, botframework_activity(platforms, sender, "combien pour ajouter ma conjointe?")) \
        == (200, "success")
    calls = botframework_replies(platforms, sender)
    assert SPOUSE_FEE_FR in texts(calls) and SPOUSE_FEE_EN not in texts(calls)
    assert all(c.headers["Authorization"] == "Bearer fake-bot-token" for c in calls)
    assert all(c.json["recipient"]["id"] == sender and c.json["type"] == "message" for c in calls)


def test_english_question_gets_an_english_reply(channel_server, platforms):
    sender = user()
    send(channel_server, platforms, botframework_activity(platforms, sender, "how much to add my wife?", locale="en-US"))
    assert SPOUSE_FEE_EN in texts(botframework_replies(platforms, sender))


def test_forged_or_misdirected_tokens_are_refused(channel_server, platforms):
    sender = user()
    activity = botframework_activity(platforms, sender, "how much to add my wife?")
    other_key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    assert send(channel_server, platforms, activity, platforms.botframework_jwt(BOTFRAMEWORK_APP_ID, key=other_key))[0] == 401
    assert send(channel_server, platforms, activity, platforms.botframework_jwt("another-app"))[0] == 401
    assert send(channel_server, platforms, activity, platforms.botframework_jwt(BOTFRAMEWORK_APP_ID, issuer="https://evil"))[0] == 401
    elsewhere = platforms.botframework_jwt(BOTFRAMEWORK_APP_ID, service_url="https://smba.trafficmanager.net/amer/")
    assert send(channel_server, platforms, activity, elsewhere)[0] == 401
    assert http(channel_server, PATH, json.dumps(activity).encode(), {"Content-Type": "application/json"})[0] == 401
    assert botframework_replies(platforms, sender) == []


def test_clock_skew_is_allowed_but_an_old_token_is_a_replay(channel_server, platforms):
    sender = user()
    activity = botframework_activity(platforms, sender, "how much to add my wife?")
    # expired two minutes ago: within the five minutes of clock skew Microsoft asks for
    late = platforms.botframework_jwt(BOTFRAMEWORK_APP_ID, issued_ago=3720, expires_in=3600)
    assert send(channel_server, platforms, activity, late) == (200, "success")
    # valid from two minutes in the future (the server's clock is behind)
    early = platforms.botframework_jwt(BOTFRAMEWORK_APP_ID, issued_ago=-120)
    assert send(channel_server, platforms, activity, early) == (200, "success")
    # a token captured an hour ago and replayed
    stale = platforms.botframework_jwt(BOTFRAMEWORK_APP_ID, issued_ago=7200, expires_in=3600)
    other = user()
    assert send(channel_server, platforms, botframework_activity(platforms, other, "hello"), stale)[0] == 401
    assert botframework_replies(platforms, other) == []


def test_the_serviceurl_claim_is_required(channel_server, platforms):
    sender = user()
    token = platforms.botframework_jwt(BOTFRAMEWORK_APP_ID, with_service_url=False)
    assert send(channel_server, platforms, botframework_activity(platforms, sender, "hello"), token)[0] == 401
    assert botframework_replies(platforms, sender) == []


def test_unknown_key_ids_do_not_hammer_the_key_endpoint(channel_server, platforms):
    before = len(platforms.matching(lambda c: c.path == "/botframework/keys"))
    activity = botframework_activity(platforms, user(), "hello")
    for n in range(5):
        token = platforms.botframework_jwt(BOTFRAMEWORK_APP_ID, kid=f"forged-{n}")
        assert send(channel_server, platforms, activity, token)[0] == 401
    assert len(platforms.matching(lambda c: c.path == "/botframework/keys")) - before <= 1
