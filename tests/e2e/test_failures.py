"""Failures on real servers: a hung action server, the tracker store failing at start and mid-run,
a replaced model, and the readiness endpoint that reports them (SECURITY.md, "Failures")."""
import json
import shutil
import subprocess
import time
import urllib.error
import urllib.request

import pytest
import yaml

from tests.e2e.conftest import new_sender, post
from tests.e2e.failure_fakes import SwitchableActionServer
from tests.program_values import QUEBEC_PHONE, dollars, fee
from tests.servers import MODEL, RASA_RUN, ROOT, _env, action_server, free_port, rasa_server

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

APOLOGY = ("problème technique", "technical problem", QUEBEC_PHONE)
CONFIGURED = yaml.safe_load((ROOT / "credentials.yml").read_text())["rasa_server.channels.health.HealthInput"]


def ready(port):
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/webhooks/health/ready", timeout=30) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read())


def text_of(replies):
    return "\n".join(r.get("text") or "" for r in replies)


def is_apology(replies):
    return all(part in text_of(replies) for part in APOLOGY)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    """The real action server behind a switchable stand-in, and a Rasa server with an SQLite store.
    The project's credentials.yml, with a shorter readiness cache to keep the test short (the action
    timeout and the breaker's cooldown stay as configured)."""
    workdir = tmp_path_factory.mktemp("failures")
    credentials = yaml.safe_load((ROOT / "credentials.yml").read_text())
    credentials["rasa_server.channels.health.HealthInput"].update(cache_seconds=1)
    credentials.setdefault("rasa_server.channels.rest.GuardedRestInput", None)  # the tests talk over REST
    (workdir / "credentials.yml").write_text(yaml.safe_dump(credentials))
    db = workdir / "trackers.db"
    with action_server(workdir) as actions_port:
        with SwitchableActionServer(f"http://127.0.0.1:{actions_port}") as actions:
            with rasa_server(workdir, actions.port, tracker_db=db, credentials=workdir / "credentials.yml") as port:
                yield port, actions, db


def test_ready_when_the_store_the_action_server_and_a_parse_work(stack):
    port, _, _ = stack
    assert ready(port) == (200, {"status": "ready", "failed": [],
                                 "checks": {"tracker_store": "ok", "action_server": "ok", "nlu": "ok"}})


def test_a_hung_action_server_gets_the_apology_within_10_seconds(stack):
    port, actions, _ = stack
    assert CONFIGURED["action_timeout"] <= 6  # what the project ships, used by this server
    actions.set_hung(True)
    try:
        started = time.monotonic()
        replies = post(port, new_sender(), "combien pour ajouter ma conjointe?", {"language": "fr"})
        elapsed = time.monotonic() - started
        print(f"hung action server: the apology after {elapsed:.1f} s")
        assert is_apology(replies), replies
        assert elapsed < 10 + 2, f"{elapsed:.1f} s"  # 2 s margin for a loaded test machine
        started = time.monotonic()
        assert is_apology(post(port, new_sender(), "how much to add my son?"))
        assert time.monotonic() - started < CONFIGURED["action_timeout"]  # after a timeout, calls fail at once
        time.sleep(1.1)
        status, report = ready(port)
        assert status == 503 and report["failed"] == ["action_server"]
        assert report["checks"]["action_server"] == "timeout"
    finally:
        actions.set_hung(False)


def test_answers_come_back_when_the_action_server_does(stack):
    port, _, _ = stack
    deadline = time.monotonic() + 60  # the breaker's cooldown (15 s), then normal answers
    replies = post(port, new_sender(), "combien pour ajouter ma conjointe?", {"language": "fr"})
    while is_apology(replies):
        assert time.monotonic() < deadline, "still the apology a minute after the action server came back"
        time.sleep(2)
        replies = post(port, new_sender(), "combien pour ajouter ma conjointe?", {"language": "fr"})
    assert dollars(fee(spouse=True), "fr") in text_of(replies)
    assert ready(port)[0] == 200


def test_a_tracker_store_failing_mid_run_gets_the_apology_and_readiness_red(stack):
    port, _, db = stack
    sender = new_sender()
    assert "Combien d'enfants" in text_of(post(port, sender, "combien pour ajouter mes enfants", {"language": "fr"}))
    healthy = db.read_bytes()
    try:
        db.write_bytes(b"not a database " * 2000)  # the store now fails on every read and write
        assert is_apology(post(port, sender, "3"))
        assert is_apology(post(port, new_sender(), "bonjour"))
        time.sleep(1.1)
        status, report = ready(port)
        assert status == 503 and report["failed"] == ["tracker_store"]
    finally:
        db.write_bytes(healthy)
    deadline = time.monotonic() + 30  # red while the store fails, and for 10 s after its last failure
    while ready(port)[0] != 200:
        assert time.monotonic() < deadline, "readiness did not turn green once the store was back"
        time.sleep(1)
    # the turn during the failure was not kept in memory either: the question is still open, from the store
    assert dollars(fee(children=2), "fr") in text_of(post(port, sender, "2"))


# --- the server refuses to start ------------------------------------------------------------------

def _endpoints(workdir, name, tracker_lines):
    path = workdir / f"endpoints-{name}.yml"
    path.write_text(f"action_endpoint:\n  url: http://127.0.0.1:{free_port()}/webhook\n" + tracker_lines)
    return path


@pytest.fixture(scope="module")
def refusals(tmp_path_factory):
    """Six servers started at once (each would otherwise cost a start): each must exit, not serve."""
    workdir = tmp_path_factory.mktemp("refusals")
    (workdir / "a-file").write_text("")
    sqlite_ok = f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {workdir / 'ok.db'}\n"
    replaced, unrecorded = workdir / "replaced.tar.gz", workdir / "unrecorded.tar.gz"
    shutil.copy(MODEL, replaced)
    shutil.copy(MODEL, unrecorded)
    (workdir / "replaced.tar.gz.sha256").write_text(f"{'0' * 64}  replaced.tar.gz\n")
    cases = {
        "sqlite_unwritable": (MODEL, f"tracker_store:\n  type: SQL\n  dialect: sqlite\n"
                                     f"  db: {workdir / 'a-file' / 'trackers.db'}\n"),
        "postgresql_closed_port": (MODEL, f"tracker_store:\n  type: SQL\n  dialect: postgresql\n  url: 127.0.0.1\n"
                                          f"  port: {free_port()}\n  db: rasa\n  username: rasa\n"
                                          f"  password: Jq7-vX2p_Lr9sT4wKz8a\n"),
        "model_replaced": (replaced, sqlite_ok),
        "model_unrecorded": (unrecorded, sqlite_ok),
        # deploy/env.example's placeholder, as a deployment that copied it would run
        "placeholder_password": (MODEL, f"tracker_store:\n  type: SQL\n  dialect: postgresql\n"
                                        f"  url: postgresql://rasa:change-me@127.0.0.1:{free_port()}/rasa\n"),
        "every_origin": (MODEL, sqlite_ok),
    }
    environments = {"every_origin": {"PP_ALLOWED_ORIGINS": "*"}}
    started, processes = time.monotonic(), {}
    for name, (model, tracker) in cases.items():
        port = free_port()
        log = (workdir / f"{name}.log").open("w")
        processes[name] = (port, log, subprocess.Popen(
            [*RASA_RUN, "--model", str(model), "--port", str(port), "--interface", "127.0.0.1",
             "--credentials", str(ROOT / "credentials.yml"), "--endpoints", str(_endpoints(workdir, name, tracker))],
            cwd=ROOT, env=dict(_env(None), **environments.get(name, {})), stdout=log, stderr=subprocess.STDOUT))
    results = {}
    for name, (port, log, process) in processes.items():
        try:
            code = process.wait(timeout=240)
        except subprocess.TimeoutExpired:
            process.kill()
            code = "still running"
        log.close()
        results[name] = (code, (workdir / f"{name}.log").read_text(), port)
    return results, time.monotonic() - started


@pytest.mark.parametrize("case, message", [
    ("sqlite_unwritable", "the tracker store (SQL) cannot be reached: OperationalError: unable to open database file"),
    ("postgresql_closed_port", "the tracker store (SQL) cannot be reached: OperationalError"),
    ("model_replaced", "does not match its recorded SHA-256"),
    ("model_unrecorded", "no recorded SHA-256"),
    ("placeholder_password", "the password in the tracker store's URL is a placeholder"),
    ("every_origin", "PP_ALLOWED_ORIGINS may not contain '*'"),
])
def test_the_server_refuses_to_start(refusals, case, message):
    results, _ = refusals
    code, log, port = results[case]
    assert code not in (0, "still running"), log[-2000:]
    assert ("StartupRefused" in log or "MissingSecret" in log) and message in log, log[-2000:]
    assert "Rasa server is up and running" not in log
