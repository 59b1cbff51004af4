"""A hung action server: each call gives up after the timeout, and the calls that follow fail at once."""
import socket
import time

import pytest
import rasa.core.actions.action as rasa_action
from rasa.core.actions.action import RemoteAction
from rasa.core.channels.channel import CollectingOutputChannel
from rasa.core.nlg import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.exceptions import RasaException
from rasa.utils.endpoints import EndpointConfig

from rasa_server.patches import action_timeout
from tests.servers import free_port

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow


@pytest.fixture
def installed(monkeypatch):
    """Installs into this test only: every patched attribute is restored afterwards."""
    monkeypatch.setattr(rasa_action, "DEFAULT_REQUEST_TIMEOUT", rasa_action.DEFAULT_REQUEST_TIMEOUT)
    monkeypatch.setattr(RemoteAction, "run", action_timeout.RASA_RUN)  # Rasa's, whatever this process installed
    monkeypatch.setattr(action_timeout, "_original_run", None)
    monkeypatch.setattr(action_timeout, "breaker", action_timeout.Breaker(0.0))
    action_timeout.install(timeout=0.5, cooldown=1.0)
    return action_timeout


@pytest.fixture
def hung_port():
    """Accepts connections (the kernel does) and never answers: a hung action server."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(64)
        yield sock.getsockname()[1]


async def call(port, name="action_answer"):
    domain = Domain.empty()
    action = RemoteAction(name, EndpointConfig(f"http://127.0.0.1:{port}/webhook"))
    started = time.monotonic()
    with pytest.raises(RasaException) as raised:
        await action.run(CollectingOutputChannel(), TemplatedNaturalLanguageGenerator(domain.responses),
                         DialogueStateTracker("someone", []), domain)
    return time.monotonic() - started, raised.value


def test_rasa_waits_five_minutes_by_default():
    assert action_timeout.RASA_TIMEOUT == 300  # what install() shortens (read before any install)


async def test_a_hung_action_server_times_out_then_calls_fail_fast_until_the_cooldown_ends(installed, hung_port):
    assert rasa_action.DEFAULT_REQUEST_TIMEOUT == 0.5
    elapsed, error = await call(hung_port)
    assert isinstance(error, action_timeout.ActionServerTimeout) and 0.4 < elapsed < 3
    elapsed, error = await call(hung_port, "action_session_start")
    assert isinstance(error, action_timeout.ActionServerTimeout) and elapsed < 0.2  # breaker open: not called
    time.sleep(1.1)
    elapsed, error = await call(hung_port)
    assert 0.4 < elapsed < 3  # cooldown over: tried (and timed out) again


async def test_an_action_server_that_is_down_fails_as_before_without_opening_the_breaker(installed):
    elapsed, error = await call(free_port())  # nothing listens: refused at once
    assert not isinstance(error, action_timeout.ActionServerTimeout) and "Couldn't connect" in str(error)
    assert not installed.breaker.is_open()


def test_install_is_idempotent(installed):
    wrapped = RemoteAction.run
    installed.install(timeout=2, cooldown=3)
    assert RemoteAction.run is wrapped and rasa_action.DEFAULT_REQUEST_TIMEOUT == 2
    assert installed.breaker.cooldown == 3


def test_breaker_opens_for_the_cooldown_only():
    now = [100.0]
    breaker = action_timeout.Breaker(15, clock=lambda: now[0])
    assert not breaker.is_open()
    breaker.trip()
    now[0] += 14.9
    assert breaker.is_open()
    now[0] += 0.2
    assert not breaker.is_open()
