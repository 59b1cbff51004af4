"""Rasa's per-message overheads removed (rasa_server/patches/speed.py), each checked against Rasa's own code:
the same event classes, the same graph results, the same requests on fewer connections, one spaCy load."""
import asyncio
import json

import pytest
import rasa.core.processor
from rasa.core.channels.channel import UserMessage
from rasa.engine import loader
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.nlu.utils.spacy_utils import SpacyNLP
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from rasa.utils.endpoints import EndpointConfig

from rasa_server.patches import speed
from tests.servers import MODEL

# --- event classes -------------------------------------------------------------------------------------


def test_every_event_class_is_found_by_its_name_as_rasa_finds_it_twice_over():
    names = {cls.type_name for cls in all_subclasses(Event)}
    assert len(names) > 20
    for _ in range(2):  # the second time from what was remembered
        for name in names:
            assert speed.resolve_by_type(name) is speed._rasa_resolve_by_type(name), name


def test_an_unknown_name_raises_as_in_rasa_and_a_default_is_given_but_not_remembered():
    with pytest.raises(ValueError, match="Unknown event name"):
        speed.resolve_by_type("no_such_event")
    assert speed.resolve_by_type("no_such_event", UserUttered) is UserUttered
    assert speed.resolve_by_type("topic") is None  # Rasa's old TopicSet events
    assert "no_such_event" not in speed._event_classes


def test_installed_rasa_deserialises_events_through_it():
    speed.install()
    assert Event.resolve_by_type is speed.resolve_by_type
    assert isinstance(Event.from_parameters({"event": "action", "name": "action_listen"}), ActionExecuted)


# --- the prediction graph, in order ---------------------------------------------------------------------


@pytest.fixture(scope="module")
def runners(tmp_path_factory):
    """The model's prediction graph under Rasa's dask runner and under the sequential one."""
    made = {}
    for runner_class in (DaskGraphRunner, speed.SequentialGraphRunner):
        storage = tmp_path_factory.mktemp(runner_class.__name__)
        made[runner_class] = loader.load_predict_graph_runner(storage, MODEL, LocalModelStorage, runner_class)[1]
    return made


MESSAGES = ["combien pour ajouter ma conjointe et mes deux enfants?", "hi", "j'ai reçu une lettre le 10 novembre",
            "What's the fee per child? And when is the line open?", "", "asdf qwerty"]


@pytest.mark.slow  # the trained model
@pytest.mark.parametrize("text", MESSAGES)
def test_a_message_is_parsed_and_answered_as_with_rasa_s_runner(runners, text):
    results = {}
    for runner_class, runner in runners.items():
        parsed = runner.run(inputs={"__message__": [UserMessage(text)]}, targets=["run_RegexMessageHandler"])
        message = parsed["run_RegexMessageHandler"][0]
        data = {key: message.get(key) for key in ("intent", "intent_ranking", "entities")}
        tracker = DialogueStateTracker.from_events("s", [
            ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen"),
            UserUttered(text, data["intent"], data["entities"] or [], {**data, "text": text})])
        predicted = runner.run(inputs={"__tracker__": tracker}, targets=["select_prediction"])
        results[runner_class] = (json.dumps(data, sort_keys=True, default=str), predicted["select_prediction"])
    assert results[speed.SequentialGraphRunner] == results[DaskGraphRunner]


@pytest.mark.slow  # the trained model
def test_an_input_named_like_a_node_is_refused_as_in_rasa(runners):
    from rasa.engine.exceptions import GraphRunError

    for runner in runners.values():
        with pytest.raises(GraphRunError, match="clashes with a node name"):
            runner.run(inputs={"__message__": "run_SpacyNLP1"}, targets=["run_RegexMessageHandler"])


@pytest.mark.slow  # the trained model
def test_the_processor_loads_its_model_with_the_sequential_runner_and_one_spacy_pipeline(runners):
    speed.install()
    assert rasa.core.processor.DaskGraphRunner is speed.SequentialGraphRunner
    nodes = runners[speed.SequentialGraphRunner]._instantiated_nodes
    spacy_nodes = [node for node in nodes.values() if node._component_class is SpacyNLP]
    assert len(spacy_nodes) == 2
    assert spacy_nodes[0]._component._model is spacy_nodes[1]._component._model  # loaded once, shared


# --- one HTTP session per endpoint ----------------------------------------------------------------------


class Counting:
    """A small HTTP/1.1 server on loopback: counts connections; ``drop_second`` closes a connection that
    sends a second request without answering it (what a server closing an idle connection does)."""

    def __init__(self, drop_second: bool = False) -> None:
        self.connections = 0
        self.requests = 0
        self.drop_second = drop_second

    async def handle(self, reader: asyncio.StreamReader, writer: asyncio.StreamWriter) -> None:
        self.connections += 1
        served = 0
        while True:
            try:
                head = await reader.readuntil(b"\r\n\r\n")
            except (asyncio.IncompleteReadError, ConnectionError):
                break  # the client closed its connection
            length = next((int(line.split(b":")[1]) for line in head.split(b"\r\n")
                           if line.lower().startswith(b"content-length")), 0)
            await reader.readexactly(length)
            served += 1
            if self.drop_second and served == 2:
                writer.close()
                return
            self.requests += 1
            body = json.dumps({"n": self.requests}).encode()
            writer.write(b"HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: "
                         + str(len(body)).encode() + b"\r\n\r\n" + body)
            await writer.drain()
        writer.close()


async def calls(server: Counting, count: int, keep: bool) -> list:
    listening = await asyncio.start_server(server.handle, "127.0.0.1", 0)
    port = listening.sockets[0].getsockname()[1]
    endpoint = EndpointConfig(f"http://127.0.0.1:{port}/webhook")
    if keep:
        await speed.keep_sessions()
    try:
        return [await endpoint.request(json={"i": i}, method="post") for i in range(count)]
    finally:
        await speed.close_sessions()
        listening.close()


@pytest.fixture
def installed(monkeypatch):
    monkeypatch.setattr(EndpointConfig, "session", speed.session)
    monkeypatch.setattr(EndpointConfig, "request", speed.request)


async def test_while_the_server_runs_calls_share_one_connection(installed):
    server = Counting()
    assert await calls(server, 3, keep=True) == [{"n": 1}, {"n": 2}, {"n": 3}]
    assert server.connections == 1


async def test_elsewhere_each_call_has_its_own_session_as_in_rasa(installed):
    server = Counting()
    assert await calls(server, 3, keep=False) == [{"n": 1}, {"n": 2}, {"n": 3}]
    assert server.connections == 3


async def test_a_call_whose_kept_connection_was_closed_is_sent_again_on_a_new_one(installed):
    server = Counting(drop_second=True)
    assert await calls(server, 2, keep=True) == [{"n": 1}, {"n": 2}]
    assert server.connections == 2


async def test_the_kept_sessions_are_closed_when_the_server_stops(installed):
    endpoint = EndpointConfig("http://127.0.0.1:9/webhook")
    await speed.keep_sessions()
    kept = endpoint.session()
    async with kept as session:
        assert not session.closed
    await speed.close_sessions()
    assert session.closed
    assert not speed._keeping


def test_whether_a_domain_is_empty_is_rasa_s_answer_remembered():
    from rasa.shared.core.domain import Domain

    from tests.servers import ROOT

    for domain, empty in ((Domain.empty(), True), (Domain.load(str(ROOT / "domain.yml")), False)):
        assert speed._rasa_is_empty(domain) is empty
        assert speed.is_empty(domain) is empty and speed.is_empty(domain) is empty
