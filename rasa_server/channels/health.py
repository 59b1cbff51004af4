"""Readiness at ``GET /webhooks/health/ready``, and the server's failure checks (rasa_server/checks/).

Declared in credentials.yml as ``rasa_server.channels.health.HealthInput``; it takes no messages. Liveness is
Rasa's own ``GET /``. Answers 200 with JSON when the tracker store, the action server and one NLU
parse work, 503 with JSON naming what failed otherwise. Creating the channel (``rasa run`` does it
before it loads the model) sets the action server's timeout from credentials.yml; the checks (model SHA-256
and tracker store at start, the tracker store failing loudly) are installed by the start-up hook.
"""
from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse

from rasa_server.checks import patched
from rasa_server.checks.readiness import Readiness
from rasa_server.patches import action_timeout


class HealthInput(InputChannel):
    @classmethod
    def name(cls) -> str:
        return "health"

    @classmethod
    def from_credentials(cls, credentials: dict[str, Any] | None) -> HealthInput:
        """How ``rasa run`` builds the channel from credentials.yml: the action timeout is set from it (the server
        must have started through the start-up hook, which installs the checks)."""
        credentials = credentials or {}
        patched.require("the health channel")
        action_timeout.configure(float(credentials.get("action_timeout", action_timeout.DEFAULT_TIMEOUT)),
                                 float(credentials.get("action_cooldown", action_timeout.DEFAULT_COOLDOWN)))
        return cls(float(credentials.get("cache_seconds", 5)))

    def __init__(self, cache_seconds: float = 5.0) -> None:
        self.readiness = Readiness(cache_seconds)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        health = Blueprint("health_webhook", __name__)

        @health.route("/ready", methods=["GET"])
        async def ready(request: Request) -> HTTPResponse:
            agent = getattr(request.app.ctx, "agent", None)
            report = await self.readiness.report(agent)
            return response.json(report, status=200 if report["status"] == "ready" else 503,
                                 headers={"Cache-Control": "no-store"})

        return health
