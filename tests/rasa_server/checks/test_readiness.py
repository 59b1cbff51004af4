"""Readiness: which of the tracker store, the action server and one parse fails, cached a few seconds."""
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.utils.endpoints import EndpointConfig
from sanic import Sanic
from sanic_testing.testing import SanicASGITestClient

from rasa_server.channels.health import HealthInput
from rasa_server.checks import readiness, tracker_store
from tests.rasa_server.checks.test_tracker_store import BrokenStore
from tests.servers import free_port

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow


class Health(BaseHTTPRequestHandler):
    status = 200
    calls = 0

    def do_GET(self):
        type(self).calls += 1
        self.send_response(self.status if self.path == "/health" else 404)
        self.end_headers()
        self.wfile.write(b'{"status": "ok"}')

    def log_message(self, *args):
        pass


@pytest.fixture(autouse=True)
def no_recent_store_failure(monkeypatch):
    monkeypatch.setattr(tracker_store.FailureLog, "last_failure", None)


@pytest.fixture
def action_server():
    Health.status, Health.calls = 200, 0
    server = ThreadingHTTPServer(("127.0.0.1", 0), Health)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/webhook"
    server.shutdown()
    server.server_close()


class FakeAgent:
    def __init__(self, action_url, store=None, intent="greet", loaded=True):
        self.action_endpoint = EndpointConfig(action_url)
        self.tracker_store = FailSafeTrackerStore(store or InMemoryTrackerStore(Domain.empty()))
        self.intent, self.loaded, self.parsed = intent, loaded, 0

    def is_ready(self):
        return self.loaded

    async def parse_message(self, text):
        self.parsed += 1
        return {"text": text, "intent": {"name": self.intent, "confidence": 0.9}}


def test_the_health_url_sits_next_to_the_webhook():
    assert readiness.health_url("http://actions:5055/webhook") == "http://actions:5055/health"
    assert readiness.health_url("https://a.example/x/webhook?token=t") == "https://a.example/health"


async def test_ready_when_all_three_work(action_server):
    report = await readiness.Readiness(0).report(FakeAgent(action_server))
    assert report == {"status": "ready", "failed": [],
                      "checks": {"tracker_store": "ok", "action_server": "ok", "nlu": "ok"}}


@pytest.mark.parametrize("breakage, failed, reason", [
    ("store", "tracker_store", "error"),
    ("actions_down", "action_server", "unreachable"),
    ("actions_500", "action_server", "HTTP 500"),
    ("no_intent", "nlu", "no intent"),
    ("no_model", "nlu", "no model loaded"),
])
async def test_each_failure_is_named(action_server, breakage, failed, reason):
    url = f"http://127.0.0.1:{free_port()}/webhook" if breakage == "actions_down" else action_server
    Health.status = 500 if breakage == "actions_500" else 200
    agent = FakeAgent(url, store=BrokenStore(Domain.empty()) if breakage == "store" else None,
                      intent=None if breakage == "no_intent" else "greet", loaded=breakage != "no_model")
    report = await readiness.Readiness(0).report(agent)
    assert report["status"] == "unavailable" and report["failed"] == [failed]
    assert report["checks"][failed] == reason


async def test_a_hung_check_is_cut_short(monkeypatch):
    monkeypatch.setattr(readiness, "CHECK_TIMEOUT", 0.3)
    import socket
    with socket.socket() as hung:
        hung.bind(("127.0.0.1", 0))
        hung.listen(8)
        started = time.monotonic()
        report = await readiness.Readiness(0).report(FakeAgent(f"http://127.0.0.1:{hung.getsockname()[1]}/webhook"))
    assert report["checks"]["action_server"] == "timeout" and time.monotonic() - started < 2


async def test_results_are_cached_for_a_few_seconds(action_server):
    now = [0.0]
    checker, agent = readiness.Readiness(5, clock=lambda: now[0]), FakeAgent(action_server)
    first = await checker.report(agent)
    now[0] = 4.9
    assert await checker.report(agent) == first and (agent.parsed, Health.calls) == (1, 1)
    Health.status = 503
    now[0] = 5.1
    assert (await checker.report(agent))["failed"] == ["action_server"] and Health.calls == 2


def app_with(agent):
    app = Sanic(f"health-{time.monotonic_ns()}")
    app.blueprint(HealthInput(cache_seconds=0).blueprint(None), url_prefix="/webhooks/health")
    app.ctx.agent = agent
    return SanicASGITestClient(app)


async def test_the_endpoint_answers_200_or_503_with_json(action_server):
    client = app_with(FakeAgent(action_server))
    _, response = await client.get("/webhooks/health/ready")
    assert response.status == 200 and response.json["status"] == "ready"
    assert response.headers["cache-control"] == "no-store"
    client = app_with(FakeAgent(action_server, store=BrokenStore(Domain.empty())))
    _, response = await client.get("/webhooks/health/ready")
    assert response.status == 503 and response.json["failed"] == ["tracker_store"]
    assert "passport" not in response.text and "SELECT" not in response.text


async def test_before_the_model_is_loaded_the_server_is_not_ready():
    _, response = await app_with(None).get("/webhooks/health/ready")
    assert response.status == 503 and response.json["failed"] == ["tracker_store", "action_server", "nlu"]


async def test_a_store_that_reads_but_failed_a_real_save_moments_ago_is_not_ready(action_server, monkeypatch):
    checker = readiness.Readiness(0)
    tracker_store.FailureLog.note()  # what a failed save does (rasa_server.checks.tracker_store.fail_loudly)
    report = await checker.report(FakeAgent(action_server))
    assert report["failed"] == ["tracker_store"] and report["checks"]["tracker_store"] == "failed in the last seconds"
    monkeypatch.setattr(tracker_store.FailureLog, "last_failure", tracker_store.FailureLog.last_failure - 10.1)
    assert (await checker.report(FakeAgent(action_server)))["status"] == "ready"
