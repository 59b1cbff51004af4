"""Readiness: the tracker store, the action server and one NLU parse, checked together and cached.

Each check gets a few seconds; the result is kept ``cache_seconds`` so a busy load balancer costs
one check per period, and concurrent requests share one run. The public answer names what failed
with a short reason (``timeout``, ``unreachable``, ``HTTP 500``...); the details go to the log.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from typing import Any
from urllib.parse import urlsplit, urlunsplit

import aiohttp

from rasa_server.checks import tracker_store

logger = logging.getLogger(__name__)
CHECK_TIMEOUT = 3.0
PARSE_TEXT = "bonjour"


def health_url(action_url: str) -> str:
    """rasa-sdk answers ``GET /health`` next to ``/webhook``."""
    parts = urlsplit(action_url)
    return urlunsplit((parts.scheme, parts.netloc, "/health", "", ""))


def _short(error: BaseException) -> str:
    if isinstance(error, asyncio.TimeoutError):
        return "timeout"
    if isinstance(error, (aiohttp.ClientConnectionError, ConnectionError, OSError)):
        return "unreachable"
    return "error"


async def check_tracker_store(agent: Any) -> None:
    await tracker_store.probe(tracker_store.inner(agent.tracker_store), CHECK_TIMEOUT)
    if tracker_store.FailureLog.failed_recently():
        raise RuntimeError("failed in the last seconds")


async def check_action_server(agent: Any) -> None:
    endpoint = agent.action_endpoint
    if endpoint is None or not endpoint.url:
        raise RuntimeError("no action endpoint configured")
    timeout = aiohttp.ClientTimeout(total=CHECK_TIMEOUT)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        async with session.get(health_url(endpoint.url)) as response:
            if response.status != 200:
                raise RuntimeError(f"HTTP {response.status}")


async def check_nlu(agent: Any) -> None:
    if not agent.is_ready():
        raise RuntimeError("no model loaded")
    parsed = await asyncio.wait_for(agent.parse_message(PARSE_TEXT), CHECK_TIMEOUT)
    if not (parsed.get("intent") or {}).get("name"):
        raise RuntimeError("no intent")


CHECKS: dict[str, Callable[[Any], Awaitable[None]]] = {
    "tracker_store": check_tracker_store,
    "action_server": check_action_server,
    "nlu": check_nlu,
}


class Readiness:
    def __init__(self, cache_seconds: float = 5.0, clock: Callable[[], float] = time.monotonic) -> None:
        self.cache_seconds = cache_seconds
        self.clock = clock
        self._cached: tuple[float, dict[str, Any]] | None = None
        self._lock = asyncio.Lock()

    async def report(self, agent: Any) -> dict[str, Any]:
        async with self._lock:
            if self._cached and self.clock() - self._cached[0] < self.cache_seconds:
                return self._cached[1]
            report = await self._run(agent)
            self._cached = (self.clock(), report)
            return report

    async def _run(self, agent: Any) -> dict[str, Any]:
        if agent is None:
            results = {name: "error: the server is starting" for name in CHECKS}
        else:
            outcomes = await asyncio.gather(*(check(agent) for check in CHECKS.values()), return_exceptions=True)
            results = {name: self._describe(name, outcome) for name, outcome in zip(CHECKS, outcomes, strict=True)}
        failed = [name for name, result in results.items() if result != "ok"]
        return {"status": "unavailable" if failed else "ready", "failed": failed, "checks": results}

    @staticmethod
    def _describe(name: str, outcome: Any) -> str:
        if not isinstance(outcome, BaseException):
            return "ok"
        short = _short(outcome)
        if short == "error" and type(outcome) is RuntimeError:  # raised above with a fixed text
            short = str(outcome)
        logger.warning("readiness: %s failed (%s)", name, tracker_store.reason(outcome))
        return short
