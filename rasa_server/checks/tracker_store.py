"""Fail loudly when the tracker store fails, instead of Rasa's silent fallback to memory.

Rasa wraps the configured store in ``FailSafeTrackerStore``, which on any error logs and goes on
with an in-memory store: a user's history silently disappears and new turns are kept only in this
process. Here the server does not start when the store does not answer, and later errors raise
``TrackerStoreUnavailable``: the message fails, the channel's guard sends the apology, readiness is red.
This only changes what happens around the store, so it composes with any store class (Rasa's SQL
store, or a wrapper around it such as privacy's redacting store).
"""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any

from rasa.core.tracker_store import FailSafeTrackerStore, TrackerStore

from rasa_server.checks import StartupRefused

logger = logging.getLogger(__name__)
PROBE_SENDER = "__pp_readiness_probe__"  # never a real conversation: nothing is written for it
PROBE_TIMEOUT = 5.0


class TrackerStoreUnavailable(RuntimeError):
    """The tracker store failed; the conversation is neither read nor kept anywhere else."""


class FailureLog:
    """When the store last failed a real read or write, for readiness (a store that reads but cannot
    write passes the probe); never the error's text (it can hold conversation data)."""

    last_failure: float | None = None
    recent_seconds = 10.0

    @classmethod
    def note(cls) -> None:
        cls.last_failure = time.monotonic()

    @classmethod
    def failed_recently(cls) -> bool:
        return cls.last_failure is not None and time.monotonic() - cls.last_failure < cls.recent_seconds


def reason(error: BaseException) -> str:
    """A short, data-free description: SQL errors carry the statement's parameters in their text."""
    original = getattr(error, "orig", None)  # SQLAlchemy: the driver's own error, without the SQL
    detail = str(original if original is not None else error).splitlines()[0:1]
    return f"{type(error).__name__}: {detail[0][:200]}" if detail else type(error).__name__


async def probe(store: TrackerStore, timeout: float = PROBE_TIMEOUT) -> None:
    """Reads a conversation that does not exist: raises if the store cannot be reached."""
    await asyncio.wait_for(store.retrieve(PROBE_SENDER), timeout)


async def check_at_start(endpoints: Any) -> None:
    """Before the model loads: the configured store answers, or StartupRefused."""
    config = getattr(endpoints, "tracker_store", None)
    if config is None or config.type is None:
        logger.warning("no tracker_store in the endpoints: conversations are kept in memory only and are "
                       "lost when the server stops")
        return
    try:
        store = TrackerStore.create(config)
        await probe(store)
    except Exception as error:
        raise StartupRefused(f"the tracker store ({config.type}) cannot be reached: {reason(error)}; "
                             "not starting rather than keeping conversations in memory") from None
    engine = getattr(getattr(store, "_tracker_store", store), "engine", None)
    if engine is not None:
        engine.dispose()  # Rasa makes its own store; this one was only for the check
    logger.info("tracker store (%s) reachable", config.type)


def _raise_unavailable(error: Exception) -> None:
    FailureLog.note()
    logger.error("tracker store failed (%s): answering with the apology, nothing kept in memory",
                 reason(error))
    raise TrackerStoreUnavailable(reason(error)) from None


def fail_loudly(store: TrackerStore) -> None:
    """Makes Rasa's FailSafeTrackerStore raise instead of falling back to memory."""
    if not isinstance(store, FailSafeTrackerStore):
        raise StartupRefused(f"unexpected tracker store wrapper {type(store).__name__}")
    store._on_tracker_store_error = _raise_unavailable  # the constructor's documented callback


def inner(store: TrackerStore) -> TrackerStore:
    """The configured store behind Rasa's wrapper (probed directly: no fallback, no callback)."""
    return store._tracker_store if isinstance(store, FailSafeTrackerStore) else store
