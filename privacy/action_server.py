"""The action server never returns the conversation in an error body, nor logs it.

rasa-sdk 3.6.2's Sanic app answers any exception with HTTP 500 and
``{"error": str(exception), "request_body": request.json}``: the whole tracker, every message
of the conversation, goes back to Rasa, which puts it into its own log inside a
``ClientResponseError``. Our actions catch their own failures and apologise; this is the net
below them. ``install()`` (the action server's start: with the log hook of privacy/logs.py) runs
when rasa-sdk imports the ``actions`` package (its app exists by then, its handler is registered
just after), so the replacement is made when the server starts, after rasa-sdk's own.
"""
from __future__ import annotations

import logging

from privacy import logs

logger = logging.getLogger(__name__)
APP_NAME = "rasa_sdk"
ERROR_BODY = {"error": "the action failed"}


async def error_without_tracker(request, exception: Exception):
    from sanic import response

    logger.error("action server error on %s %s: %s", request.method, request.path, type(exception).__name__,
                 exc_info=exception)
    status = getattr(exception, "status_code", 500)
    return response.json(ERROR_BODY, status=status if isinstance(status, int) and status >= 400 else 500)


def _replace_handler(app, _loop=None) -> None:
    app.error_handler.add(Exception, error_without_tracker)


def install() -> None:
    logs.install()
    try:
        from sanic import Sanic
        app = Sanic.get_app(APP_NAME)
    except Exception:  # not inside `rasa run actions` (tests import the actions directly)
        return
    app.register_listener(_replace_handler, "before_server_start")
