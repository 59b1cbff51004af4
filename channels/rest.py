"""The REST channel, with guarded replies (same URL: /webhooks/rest/webhook)."""
from __future__ import annotations

from typing import Any, Awaitable, Callable

from rasa.core.channels.rest import RestInput

from channels.reply_guard import guard


class GuardedRestInput(RestInput):
    def blueprint(self, on_new_message: Callable[[Any], Awaitable[Any]]):
        return super().blueprint(guard(on_new_message))
