"""A hung action server costs a user seconds: a short timeout, then fail fast for a while.

Rasa 3.6 waits ``DEFAULT_REQUEST_TIMEOUT`` (300 s) for each call to the action server, and there is
no setting for it in endpoints.yml. One message can call it several times (slot validation, the
answer, a form validator), so besides the shorter timeout a circuit breaker makes the calls that
follow a timeout fail at once for ``cooldown`` seconds. The failed action raises, the message gets
no reply and the channel's guard sends the apology: in about ``timeout`` seconds, not minutes.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from typing import Any

import rasa.core.actions.action as rasa_action
from rasa.core.actions.action import RemoteAction
from rasa.shared.exceptions import RasaException

logger = logging.getLogger(__name__)
DEFAULT_TIMEOUT = 5.0
DEFAULT_COOLDOWN = 15.0


class ActionServerTimeout(RasaException):
    """The action server did not answer in time (or did not, moments ago)."""


class Breaker:
    """Open for ``cooldown`` seconds after a timeout: calls fail at once instead of waiting again."""

    def __init__(self, cooldown: float, clock: Callable[[], float] = time.monotonic) -> None:
        self.cooldown = cooldown
        self.clock = clock
        self.open_until = 0.0

    def is_open(self) -> bool:
        return self.clock() < self.open_until

    def trip(self) -> None:
        self.open_until = self.clock() + self.cooldown


def _timed_out(error: BaseException) -> bool:
    return isinstance(error, asyncio.TimeoutError) or isinstance(error.__context__, asyncio.TimeoutError)


_original_run: Callable[..., Any] | None = None
# Rasa's own, read when this module is imported (before ``install``): what a reinstall goes back to
RASA_TIMEOUT = rasa_action.DEFAULT_REQUEST_TIMEOUT
RASA_RUN = RemoteAction.run
breaker = Breaker(DEFAULT_COOLDOWN)


async def _run(self: RemoteAction, *args: Any, **kwargs: Any) -> Any:
    if breaker.is_open():
        raise ActionServerTimeout(f"the action server timed out less than {breaker.cooldown:.0f} s ago; "
                                  f"not calling it for '{self.name()}'")
    if _original_run is None:
        raise RuntimeError("the action timeout is not installed")
    try:
        return await _original_run(self, *args, **kwargs)
    except Exception as error:
        if not _timed_out(error):
            raise
        breaker.trip()
        logger.error("the action server did not answer '%s' within %s s", self.name(),
                     rasa_action.DEFAULT_REQUEST_TIMEOUT)
        raise ActionServerTimeout(f"action '{self.name()}' timed out") from None


def install(timeout: float = DEFAULT_TIMEOUT, cooldown: float = DEFAULT_COOLDOWN) -> None:
    """Idempotent; by ``rasa_server.startup.install_patches`` only (the health channel calls ``configure``)."""
    global _original_run
    configure(timeout, cooldown)
    if _original_run is None:
        _original_run = RASA_RUN
        RemoteAction.run = _run


def configure(timeout: float, cooldown: float) -> None:
    """The values from credentials.yml: the constant is read by RemoteAction.run at each call
    (rasa/core/actions/action.py)."""
    rasa_action.DEFAULT_REQUEST_TIMEOUT = timeout
    breaker.cooldown = cooldown
    logger.info("action server calls time out after %s s (then fail fast for %s s)", timeout, cooldown)
