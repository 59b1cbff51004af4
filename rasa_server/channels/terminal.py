"""The terminal channel: `make run` (`rasa shell`) through the project's guarded channel and console.

`rasa shell` serves its own console through Rasa's plain REST channel named ``cmdline``: no reply
guard (an unreachable action server gave tracebacks and no reply at all), raw markdown links, and a
selection menu that swallowed typed questions. The start-up hook (``rasa_server.startup.install_patches``)
replaces both sides before Rasa starts:

* the ``cmdline`` channel becomes ``TerminalInput``, the authenticated REST channel of the project
  (rasa_server/channels/rest.py: keyed conversation keys, limits, never silence, each reply with its ``lang``)
  at ``/webhooks/terminal/webhook``, its links written as plain text;
* the console that talks to it is rasa_server/channels/terminal_console.py.

`make run` starts it through tools/scripts/quiet_rasa.py, `make run VERBOSE=1` through ``python -m rasa_server.startup
shell`` (the same, every warning and Rasa's debug log shown).
"""
from __future__ import annotations

import logging
import os
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import UserMessage
from sanic import Blueprint

from rasa_server.channels.rest import GuardedRestInput

LOG_FILE = "PP_TERMINAL_LOG"  # `make run` sets it: Rasa's log goes there, the terminal keeps the conversation


class TerminalInput(GuardedRestInput):
    link_style = "plain"

    @classmethod
    def name(cls) -> str:
        return "cmdline"  # the name `rasa shell` asks for, and starts its console for

    def url_prefix(self) -> str:
        return "terminal"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(on_new_message)
        path = os.environ.get(LOG_FILE)
        if path:
            @webhook.listener("before_server_start")
            async def log_to_file(_app: Any, _loop: Any) -> None:
                move_console_logs(path)

        return webhook


def move_console_logs(path: str) -> None:
    """Sends what Rasa and Sanic log on the console (warnings, errors and their tracebacks) to ``path``
    instead: the person at the terminal sees the conversation, and the apology when something fails."""
    to_file = logging.FileHandler(path, encoding="utf-8")
    to_file.setFormatter(logging.Formatter("%(asctime)s %(levelname)-8s %(name)s - %(message)s"))
    loggers = [logging.getLogger()] + [found for found in logging.Logger.manager.loggerDict.values()
                                        if isinstance(found, logging.Logger)]
    for logger in loggers:
        consoles = [h for h in logger.handlers
                    if isinstance(h, logging.StreamHandler) and not isinstance(h, logging.FileHandler)]
        for handler in consoles:
            logger.removeHandler(handler)
        if consoles and (logger is logging.getLogger() or not logger.propagate):
            logger.addHandler(to_file)
