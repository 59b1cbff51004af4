"""No message text in the logs at the default level (INFO and above).

What carried text, read in rasa 3.6.21 and rasa-sdk 3.6.2:
- Rasa's structlog events name the text in known keys (``user_text``, ``parse_data_text``,
  ``tracker_latest_message``... the list Rasa's own anonymizer uses); at INFO and above their
  values are replaced, DEBUG keeps them for a developer on a local machine.
- Messages: identifiers (privacy/redaction.py) are replaced in any record above DEBUG, for the
  channels that log ``f"Exception when trying to handle message.{e}"``.
- Exceptions: their messages may hold the text (dateparser, a KeyError on a value, and Rasa's
  ``ClientResponseError``, whose message is the action server's whole error body). Above DEBUG,
  a traceback keeps its frames and exception types but loses the messages, chained ones included.
``install()`` is idempotent. The Rasa server calls it at start, with its other patches
(``rasa_server.startup.install_patches``: every way the project starts Rasa goes through it), the
action server when it imports the actions package (privacy/action_server.py). Rasa's command line
sets structlog's processors after that call on some paths (``python -m rasa_server.startup``,
tools/scripts/quiet_rasa.py install first, then run Rasa's ``main``): ``structlog.configure`` is wrapped
so that the processor stays first in whatever list is configured later.
"""
from __future__ import annotations

import logging
import traceback
from collections.abc import MutableMapping
from typing import Any

NOT_LOGGED = "[not logged]"
_TEXT_KEYS = frozenset({
    "text", "response_text", "user_text", "slot_values", "parse_data_text", "parse_data_entities",
    "prediction_events", "tracker_latest_message", "prefilled_slots", "message", "response",
    "slot_candidates", "rasa_event", "rasa_events", "tracker_states", "current_states", "old_states",
    "successes", "current_entity", "next_entity", "states", "entity", "token_text", "user_message",
    "json_message", "events", "tracker", "request_body", "body"})
_installed = False


def traceback_without_messages(exc_info: Any) -> str:
    """The traceback's frames and exception types, without what the exceptions say."""
    _type, value, tb = exc_info
    lines: list[str] = []
    seen: set[int] = set()
    while value is not None and id(value) not in seen:
        seen.add(id(value))
        frames = traceback.format_tb(value.__traceback__ or tb)
        lines[:0] = ["Traceback (most recent call last):\n", *frames,
                     f"{type(value).__module__}.{type(value).__qualname__}: {NOT_LOGGED}\n"]
        value = value.__cause__ or value.__context__
        tb = None
        if value is not None:
            lines[:0] = ["\n(caused by or while handling)\n"]
    return "".join(lines).rstrip("\n")


def _redact_message(record: logging.LogRecord) -> None:
    """Identifiers out of the message itself (a channel logging f"...{exception}")."""
    try:
        message = record.getMessage()
    except Exception:  # a malformed log call: leave it to logging's own error report
        return
    if any(ch.isdigit() or ch == "@" for ch in message):
        from privacy.redaction import redact

        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, ()


def _factory(previous):
    def make_record(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if record.levelno <= logging.DEBUG:
            return record
        if record.exc_info and record.exc_info[1] is not None:
            record.exc_text = traceback_without_messages(record.exc_info)
            record.exc_info = None
        _redact_message(record)
        return record

    # a marker on the function object, so the factory is wrapped once: mypy knows no such attribute
    make_record.pp_privacy = True  # type: ignore[attr-defined]
    return make_record


def structlog_processor(_logger: Any, method: str, event_dict: MutableMapping[str, Any]) -> MutableMapping[str, Any]:
    """First structlog processor: text-bearing keys are replaced above DEBUG."""
    if method != "debug":
        for key in _TEXT_KEYS & set(event_dict):
            event_dict[key] = NOT_LOGGED
    return event_dict


def _first(processors: list[Any]) -> list[Any]:
    return [structlog_processor, *(p for p in processors if p is not structlog_processor)]


def _install_structlog() -> None:
    try:
        import structlog
    except ImportError:  # the action server does not need it
        return
    processors = structlog.get_config()["processors"]  # the list every bound logger shares
    if structlog_processor not in processors:
        processors.insert(0, structlog_processor)
    configure = structlog.configure
    if getattr(configure, "pp_privacy", False):
        return

    def configure_keeping_the_hook(processors: Any = None, *args: Any, **kwargs: Any) -> None:
        configure(_first(list(processors)) if processors is not None else None, *args, **kwargs)

    configure_keeping_the_hook.pp_privacy = True  # type: ignore[attr-defined]  # wrapped once (see _factory)
    structlog.configure = configure_keeping_the_hook


def install() -> None:
    global _installed
    if _installed:
        return
    if not getattr(logging.getLogRecordFactory(), "pp_privacy", False):
        logging.setLogRecordFactory(_factory(logging.getLogRecordFactory()))
    _install_structlog()
    _installed = True
