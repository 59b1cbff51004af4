"""The REST channel's gate, against the light echo server (the real channel, an echo bot): the bearer
token, no anonymous sender, the body size limit, the per-sender and per-address rate limits, and
keys that never carry the sender's id. The real assistant behind it: tests/e2e."""
from __future__ import annotations

import json

import pytest

from tests.channels.platform_requests import http
from tests.servers import LOCAL_SECRETS, rest_headers, stored_key
from tests.web.servers import echo_server

PATH = "/webhooks/rest/webhook"


def body(sender="+15145551234", message="bonjour", **extra) -> bytes:
    payload = {"sender": sender, "message": message, **extra}
    return json.dumps({k: v for k, v in payload.items() if v is not None}).encode()


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    env = {"PP_MAX_REQUEST_BYTES": "20000", "PP_RATE_PER_SENDER": "5/60", "PP_RATE_PER_ADDRESS": "40/60"}
    with echo_server("project", tmp_path_factory.mktemp("rest"), env=env) as port:
        yield port


@pytest.mark.parametrize("headers", [
    {"Content-Type": "application/json"},
    {"Authorization": "Bearer not-the-token"},
    {"Authorization": f"Basic {LOCAL_SECRETS['PP_REST_TOKEN']}"},
    {"Authorization": "Bearer "},
    {"X-Rest-Token": LOCAL_SECRETS["PP_REST_TOKEN"]},
])
def test_requests_without_the_token_are_refused(server, headers):
    status, answer = http(server, PATH, body(sender="no-token"), headers)
    assert status == 401 and "token" in json.loads(answer)["error"]
    status, _ = http(server, PATH, body(sender="no-token"), rest_headers())
    assert status == 200  # the same sender with the token: its budget was not spent by the refusals


@pytest.mark.parametrize("payload", [
    body(sender=None), body(sender=""), body(sender="   "), body(sender=12345), body(sender="x" * 201),
    body(message=None), body(message={"text": "hi"}), body(metadata=["fr"]), b"[]", b"not json",
])
def test_no_anonymous_or_malformed_requests(server, payload):
    status, answer = http(server, PATH, payload, rest_headers())
    assert status == 400 and json.loads(answer)["error"]


def test_a_valid_request_is_answered_and_stored_under_a_keyed_hash(server):
    status, answer = http(server, PATH, body(sender="+15145550199", message="allo"), rest_headers())
    assert status == 200 and json.loads(answer) == [{"recipient_id": "+15145550199", "text": "echo[None]: allo"}]
    status, stored = http(server, "/test/conversations", method="GET")
    assert stored_key("rest", "+15145550199") in json.loads(stored)
    assert "5145550199" not in stored


def test_bodies_over_the_limit_are_refused(server):
    status, _ = http(server, PATH, body(sender="big", message="x" * 30_000), rest_headers())
    assert status == 413
    assert http(server, PATH, body(sender="big", message="x" * 5_000), rest_headers())[0] == 200


def test_per_sender_then_per_address_rate_limits_answer_429_politely(server):
    statuses = [http(server, PATH, body(sender="flood"), rest_headers())[0] for _ in range(7)]
    assert statuses[:5] == [200] * 5 and statuses[5:] == [429, 429]
    status, answer = http(server, PATH, body(sender="flood"), rest_headers())
    error = json.loads(answer)["error"]
    assert status == 429 and "Attendez une minute" in error and "Please wait a minute" in error
    assert http(server, PATH, body(sender="someone-else"), rest_headers())[0] == 200
    # the address's budget (40 a minute) runs out whatever the sender
    statuses = [http(server, PATH, body(sender=f"many-{n}"), rest_headers())[0] for n in range(40)]
    assert statuses[-1] == 429 and 200 in statuses
