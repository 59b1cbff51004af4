"""Rasa's own per-message overheads, removed (issue 20; measured in docs/benchmarks.md, tuning log).

A sampling profile of one message through the Rasa server (``python -m tools.measuring.bench.profile``) showed Rasa
spending more time around our components than in them. Each change below keeps Rasa's behaviour and is
tested against Rasa's own code (tests/rasa_server/patches/test_speed.py), so that an upgrade that changes the
patched function fails there:

- **Event classes by name, looked up once.** ``Event.resolve_by_type`` walks every subclass of ``Event``
  (recursively, ``inspect.isabstract`` on each) for every event it deserialises: about 30 times per message
  when the tracker is read. The first answer for each name is kept (only answers Rasa's own function gave).
- **The prediction graph run in order, without dask.** Rasa runs the NLU graph and each policy prediction
  (three graph runs per message) through ``dask.get``, whose scheduler costs more than the small graph's
  nodes. ``SequentialGraphRunner`` calls the same nodes with the same inputs in dependency order; training
  keeps dask.
- **One HTTP session per endpoint, kept open.** ``EndpointConfig.request`` opened a new aiohttp session, so
  a new TCP connection, for every call to the action server. While the server runs (from its start to its
  stop: listeners in rasa_server/channels/base.py), the session Rasa makes (its headers, authentication and timeout)
  is kept for the endpoint, and closed when the server stops; elsewhere (``rasa test``, a model loaded
  in-process) each call has its own session, as in Rasa. A call whose
  kept connection turns out closed (the action server closes idle ones after 5 s, or was restarted) is
  sent once more, on a new connection: the action server is stateless, an action is a function of the
  tracker it is sent.
- **Whether the domain is empty, answered once.** Rasa asks it at every message (``Domain.is_empty``
  builds an empty domain to compare with); a loaded model's domain does not change.
- **The spaCy pipeline loaded once.** The prediction graph has two ``SpacyNLP`` nodes (one provides the
  pipeline to the others, one runs it on the message with the pipeline the first provides), and Rasa
  builds each node's component, so each loaded the pipeline from disk: twice the start-up time of its
  lemma tables and twice their memory. ``SpacyNLP.load_model`` now gives the pipeline already loaded
  under the same name (the second node only holds it: it runs the one it is given).

Each is measured in docs/benchmarks.md (tuning log); none applies to training, which does not install them.
"""
from __future__ import annotations

import asyncio
import logging
import weakref
from typing import Any

import aiohttp
import rasa.core.processor
from rasa.engine.exceptions import GraphRunError
from rasa.engine.graph import GraphSchema
from rasa.engine.runner.dask import DaskGraphRunner
from rasa.nlu.utils.spacy_utils import SpacyModel, SpacyNLP
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import Event
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)

SUMMARY = ("event classes looked up once, prediction graph run in order, one kept HTTP session per endpoint, "
           "an empty domain checked once, the spaCy pipeline loaded once")


# --- event classes by name ------------------------------------------------------------------------

_rasa_resolve_by_type = Event.resolve_by_type
_event_classes: dict[str, type] = {}


def resolve_by_type(type_name: str, default: type | None = None) -> type | None:
    """Rasa's ``Event.resolve_by_type``, remembering each class it found by name (not its defaults)."""
    found = _event_classes.get(type_name)
    if found is None:
        found = _rasa_resolve_by_type(type_name, default)
        if found is not None and found is not default:
            _event_classes[type_name] = found
    return found


# --- the graph, in order ----------------------------------------------------------------------------

class SequentialGraphRunner(DaskGraphRunner):
    """Rasa's graph runner for predictions, with the nodes called in dependency order instead of by dask.

    Same contract as ``DaskGraphRunner.run``: inputs are ``(name, value)`` pairs given to the nodes that
    need them (an input named like a node replaces it), each node receives its dependencies' ``(name,
    output)`` pairs (or the bare name of a dependency that is neither a node nor an input, as dask passes
    it), and the result maps each target to its output."""

    def run(self, inputs: dict[str, Any] | None = None, targets: list[str] | None = None) -> dict[str, Any]:
        run_targets = list(targets) if targets else self._graph_schema.target_names
        schemas = self.__dict__.setdefault("_pp_minimal_schemas", {})
        key = tuple(run_targets)
        if key not in schemas:
            schemas[key] = self._graph_schema.minimal_graph_schema(run_targets)
        schema: GraphSchema = schemas[key]
        done: dict[str, Any] = {}
        for name, value in (inputs or {}).items():
            if isinstance(value, str) and value in schema.nodes:
                raise GraphRunError(f"Input value '{value}' clashes with a node name. Make sure that none of the "
                                    f"input names passed to the `run` method are the same as node names in the "
                                    f"graph schema.")
            done[name] = (name, value)
        try:
            for target in run_targets:
                self._compute(target, schema, done)
        except RuntimeError as error:
            raise GraphRunError("Error running runner.") from error
        return dict(done[target] for target in run_targets)

    def _compute(self, name: str, schema: GraphSchema, done: dict[str, Any]) -> Any:
        if name not in done:
            if name not in schema.nodes:
                return name  # what dask gives for a key it does not know
            arguments = [self._compute(needed, schema, done) for needed in schema.nodes[name].needs.values()]
            done[name] = self._instantiated_nodes[name](*arguments)
        return done[name]


# --- one HTTP session per endpoint ------------------------------------------------------------------

class _KeptSession:
    """What ``EndpointConfig.session()`` gives to ``async with``: the endpoint's session, left open."""

    def __init__(self, session: aiohttp.ClientSession) -> None:
        self.session = session

    async def __aenter__(self) -> aiohttp.ClientSession:
        return self.session

    async def __aexit__(self, *_exc: object) -> None:
        return None


_rasa_session = EndpointConfig.session
_rasa_request = EndpointConfig.request
_KEPT = "_pp_kept_session"
_with_sessions: weakref.WeakValueDictionary = weakref.WeakValueDictionary()  # by id: endpoints are unhashable
_keeping = False  # only while a server runs: it closes them when it stops


def session(self: EndpointConfig) -> Any:
    """Rasa's session for this endpoint (its headers, authentication and timeout), made once per event loop
    while the server runs (``keep_sessions``); Rasa's new session per call otherwise."""
    if not _keeping:
        return _rasa_session(self)
    loop = asyncio.get_running_loop()
    kept = self.__dict__.get(_KEPT)
    if kept is None or kept[0] is not loop or kept[1].closed:
        kept = (loop, _rasa_session(self))
        self.__dict__[_KEPT] = kept
        _with_sessions[id(self)] = self
    return _KeptSession(kept[1])


async def request(self: EndpointConfig, *args: Any, **kwargs: Any) -> Any:
    """Rasa's ``EndpointConfig.request``, sent once more when the kept connection turns out closed."""
    try:
        return await _rasa_request(self, *args, **kwargs)
    except (aiohttp.ServerDisconnectedError, aiohttp.ClientOSError) as error:
        if isinstance(error, aiohttp.ClientConnectorError):
            raise  # no connection could be made: not a kept one closed under us
        logger.info("the connection to %s was closed (%s); sending again on a new one", self.url, error)
        return await _rasa_request(self, *args, **kwargs)


async def keep_sessions(*_args: Any) -> None:
    """From the server's start (a listener: rasa_server/channels/base.py)."""
    global _keeping
    _keeping = True


async def close_sessions(*_args: Any) -> None:
    """At the server's stop (a listener: rasa_server/channels/base.py): the kept sessions closed, none kept from
    then on."""
    global _keeping
    _keeping = False
    for endpoint in list(_with_sessions.values()):
        kept = endpoint.__dict__.pop(_KEPT, None)
        if kept is not None and not kept[1].closed:
            await kept[1].close()


# --- an empty domain, once ---------------------------------------------------------------------------

_rasa_is_empty = Domain.is_empty
_IS_EMPTY = "_pp_is_empty"


def is_empty(self: Domain) -> bool:
    """Rasa's ``Domain.is_empty``, remembered by the domain."""
    if _IS_EMPTY not in self.__dict__:
        self.__dict__[_IS_EMPTY] = _rasa_is_empty(self)
    return self.__dict__[_IS_EMPTY]


# --- the spaCy pipeline, once -------------------------------------------------------------------------

_rasa_load_model = SpacyNLP.load_model
_spacy_models: dict[str, SpacyModel] = {}


def load_model(spacy_model_name: str) -> SpacyModel:
    """Rasa's ``SpacyNLP.load_model``, once per pipeline name in the process."""
    if spacy_model_name not in _spacy_models:
        _spacy_models[spacy_model_name] = _rasa_load_model(spacy_model_name)
    return _spacy_models[spacy_model_name]


def install() -> None:
    """Idempotent; before the model is loaded (the processor picks its graph runner then)."""
    Event.resolve_by_type = staticmethod(resolve_by_type)
    rasa.core.processor.DaskGraphRunner = SequentialGraphRunner
    EndpointConfig.session = session
    EndpointConfig.request = request
    SpacyNLP.load_model = staticmethod(load_model)
    Domain.is_empty = is_empty
