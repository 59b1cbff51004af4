"""What of a conversation event may be written down: identifiers redacted, metadata allow-listed.

Plain Python over the event's dictionary (``Event.as_dict()``), no Rasa import. Every string in
the event is redacted (user text, parse data and entity values, slot values, bot texts that echo
the user), except the fields that name things (event type, intent, action, slot and entity
names) and Rasa's ids. An entity whose span covers an identifier loses its value even when the
value alone does not look like one (a ruler number cut out of a phone number). Metadata keeps only
the keys the assistant reads or needs to explain a conversation: whatever else a client sends is
dropped, and in what the client sends (user and session events) Rasa's own keys too.

At most ``MAX_CHARS`` characters of a text are stored, what the NLU reads (pilot_program/text.py): a
longer message is cut there and ends with ``[…]``. Redaction reads a few characters past the cut,
so an identifier straddling it is still replaced whole; and it never scans more than that, whatever
the size of the request.
"""
from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Callable, Mapping
from typing import Any

from pilot_program.text import MAX_CHARS
from privacy import redaction

# The page language (the widget, the messaging channels), the channel that carried the message,
# the model and assistant ids Rasa stamps on every event, and the response a bot message came from
# (`utter_action`: the operators' report, tools/operations/insights/, counts answers by it).
METADATA_KEYS = frozenset({"language", "channel", "model_id", "assistant_id", "utter_action"})
# What a client sends (a message's metadata, a session's): its language and channel only. Rasa's
# own keys there would come from the client (Rasa adds its ids only when they are missing).
CLIENT_METADATA_KEYS = frozenset({"language", "channel"})
CLIENT_EVENTS = frozenset({"user", "session_started"})
MAX_METADATA_VALUE = 64
CUT_MARK = "[…]"
READ_PAST_CUT = 64  # characters read past the cut, so that an identifier straddling it is found whole
# Fields that name things or are ids: never text a person typed.
NAMES = frozenset({"event", "name", "timestamp", "policy", "confidence", "input_channel", "message_id", "entity",
                   "extractor", "role", "group", "start", "end", "intent_name", "action_name", "type", "condition",
                   "processors", "model_id", "assistant_id", "id", "utter_action"})
METADATA_SLOTS = frozenset({"session_started_metadata"})


def allowed_metadata(metadata: Any, keys: frozenset[str] = METADATA_KEYS) -> dict[str, Any]:
    """Only the known keys, with short scalar values."""
    if not isinstance(metadata, Mapping):
        return {}
    kept: dict[str, Any] = {}
    for key in keys & set(metadata):
        value = metadata[key]
        if isinstance(value, str):
            value = value[:MAX_METADATA_VALUE]
            kept[key] = value if key in NAMES else redaction.redact(value)
        elif isinstance(value, (bool, int, float)) or value is None:
            kept[key] = value
    return kept


def stored_text(text: str) -> tuple[str, list[redaction.Found]]:
    """The text as stored (at most MAX_CHARS characters, identifiers replaced) and the identifiers
    found in it (spans of ``text``)."""
    if len(text) <= MAX_CHARS:
        spans = redaction.find(text)
        return redaction.apply(text, spans), spans
    head = text[:MAX_CHARS + READ_PAST_CUT]
    spans = [found for found in redaction.find(head) if found.start < MAX_CHARS]
    end = max([MAX_CHARS] + [found.end for found in spans])
    return redaction.apply(head[:end], spans) + CUT_MARK, spans


def _stored(text: str) -> str:
    return stored_text(text)[0]


class KnownClean:
    """The assistant's own strings already found free of identifiers, so not scanned again (at most
    ``limit``, the least recently seen forgotten first). Its replies repeat from one conversation to the
    next (the same answer with the same amounts, dates and phone numbers), and scanning them was most of
    the redaction's time (issue 20). Only a string in which nothing was found is remembered, one that is
    stored exactly as it came: no identifier is ever held here."""

    def __init__(self, limit: int = 4096) -> None:
        self.limit = limit
        self._strings: OrderedDict[str, None] = OrderedDict()
        self._lock = threading.Lock()  # the store redacts in worker threads

    def stored(self, text: str) -> str:
        with self._lock:
            if text in self._strings:
                self._strings.move_to_end(text)
                return text
        stored, spans = stored_text(text)
        if not spans and stored == text:
            with self._lock:
                self._strings[text] = None
                if len(self._strings) > self.limit:
                    self._strings.popitem(last=False)
        return stored

    def __contains__(self, text: str) -> bool:
        return text in self._strings


BOT_STRINGS = KnownClean()


def _clean(value: Any, key: str = "", metadata_keys: frozenset[str] = METADATA_KEYS,
           text: Callable[[str], str] = _stored) -> Any:
    if key in NAMES:
        return value
    if key == "metadata":
        return allowed_metadata(value, metadata_keys)
    if isinstance(value, str):
        return text(value)
    if isinstance(value, Mapping):
        return {k: _clean(v, k, metadata_keys, text) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v, "", metadata_keys, text) for v in value]
    return value


def _entities_over_identifiers(spans: list, entities: list) -> list:
    """Entities whose span overlaps an identifier of the original text carry its placeholder."""
    cleaned = []
    for entity in entities:
        entity = dict(entity) if isinstance(entity, Mapping) else entity
        start, end = (entity.get("start"), entity.get("end")) if isinstance(entity, dict) else (None, None)
        if isinstance(start, int) and isinstance(end, int) and end > start:
            hit = next((f for f in spans if f.start < end and start < f.end), None)
            if hit:
                entity["value"] = hit.placeholder
        cleaned.append(entity)
    return cleaned


def _prefix(parsed: Any, text: Any, spans: list[redaction.Found]) -> Any:
    """The NLU's copy of the text, cut at MAX_CHARS: an identifier it cuts in two is replaced too."""
    if not isinstance(parsed, str) or not isinstance(text, str) or not text.startswith(parsed):
        return _clean(parsed)
    cut = [redaction.Found(f.start, min(f.end, len(parsed)), f.kind) for f in spans if f.start < len(parsed)]
    return redaction.apply(parsed, cut)


def redact_event(event: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the event fit for storage. The user's text is scanned once, at most its first
    MAX_CHARS characters (and a few more)."""
    event = dict(event)
    keys = CLIENT_METADATA_KEYS if event.get("event") in CLIENT_EVENTS else METADATA_KEYS
    had_text, text = "text" in event, event.pop("text", None)
    # a bot event's strings are the assistant's: the same ones come back, remembered once found clean
    bot = event.get("event") == "bot" and "parse_data" not in event
    strings = BOT_STRINGS.stored if bot else _stored
    spans: list[redaction.Found]
    if not isinstance(text, str):
        redacted, spans = text, []
    else:
        redacted, spans = (strings(text), []) if bot else stored_text(text)
    parse_data = event.get("parse_data")
    if isinstance(parse_data, Mapping):
        parse_data = dict(parse_data)
        if spans and isinstance(parse_data.get("entities"), list):
            parse_data["entities"] = _entities_over_identifiers(spans, parse_data["entities"])
        had_parsed, parsed = "text" in parse_data, parse_data.pop("text", None)
        parse_data = _clean(parse_data, metadata_keys=keys)
        if had_parsed:  # the same text, or its first MAX_CHARS characters
            parse_data["text"] = redacted if parsed == text else _prefix(parsed, text, spans)
        event["parse_data"] = parse_data
    if event.get("event") == "slot" and event.get("name") in METADATA_SLOTS:
        event["value"] = allowed_metadata(event.get("value"), CLIENT_METADATA_KEYS)
    cleaned = _clean({k: v for k, v in event.items() if k != "parse_data"}, metadata_keys=keys, text=strings)
    if "parse_data" in event:
        cleaned["parse_data"] = event["parse_data"]
    if had_text:
        cleaned["text"] = redacted
    return cleaned
