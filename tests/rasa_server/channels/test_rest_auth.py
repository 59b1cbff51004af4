"""The REST channel's gate, against the light echo server (the real channel, an echo bot): the bearer
token, no anonymous sender, the body size limit, the per-sender and per-address rate limits, and
keys that never carry the sender's id. The real assistant behind it: tests/e2e."""
from __future__ import annotations

import json

import pytest

from tests.rasa_server.channels.platform_requests import http
from tests.servers import LOCAL_SECRETS, rest_headers, stored_key
from tests.web.servers import echo_server

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

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


def test_the_default_request_limit_is_what_a_chat_needs(tmp_path):
    """64 KB: a message is read up to 2,000 characters; a 100 KB body is refused before any work."""
    with echo_server("project", tmp_path) as port:
        assert http(port, PATH, body(sender="big", message="x" * 100_000), rest_headers())[0] == 413
        assert http(port, PATH, body(sender="big", message="é" * 4_000), rest_headers())[0] == 200


def _from(port: int, address: str, sender: str, forwarded_for: str | None = None) -> int:
    """A request as a proxy in front would pass it on: X-Forwarded-For ends with the client's address."""
    chain = f"{forwarded_for}, {address}" if forwarded_for else address
    return http(port, PATH, body(sender=sender), dict(rest_headers(), **{"X-Forwarded-For": chain}))[0]


def test_behind_a_proxy_each_client_has_its_own_budget(tmp_path):
    env = {"SANIC_PROXIES_COUNT": "1", "PP_RATE_PER_ADDRESS": "3/60"}
    with echo_server("project", tmp_path, env=env) as port:
        assert [_from(port, "203.0.113.7", f"a{n}") for n in range(4)] == [200, 200, 200, 429]
        assert _from(port, "198.51.100.9", "b") == 200  # another visitor is not locked out
        # what a client writes in the header itself is not believed: the proxy's last entry counts
        assert _from(port, "203.0.113.7", "c", forwarded_for="192.0.2.1") == 429


def test_forwarded_headers_without_proxies_count_are_warned_about_once(tmp_path):
    with echo_server("project", tmp_path) as port:
        assert _from(port, "203.0.113.7", "a") == 200 and _from(port, "198.51.100.9", "b") == 200
    log = next(tmp_path.glob("echo-project-*.log")).read_text()
    assert log.count("SANIC_PROXIES_COUNT (or SANIC_REAL_IP_HEADER) is not set") == 1
