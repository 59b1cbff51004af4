"""What of a conversation event may be written down: identifiers redacted, metadata allow-listed.

Plain Python over the event's dictionary (``Event.as_dict()``), no Rasa import. Every string in
the event is redacted (user text, parse data and entity values, slot values, bot texts that echo
the user), except the fields that name things (event type, intent, action, slot and entity
names) and Rasa's ids. An entity whose span covers an identifier loses its value even when the
value alone does not look like one (a ruler number cut out of a phone number). Metadata keeps only
the keys the assistant reads or needs to explain a conversation: whatever else a client sends is
dropped.
"""
from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from privacy import redaction

# The page language (the widget, the messaging channels), the channel that carried the message,
# the model and assistant ids Rasa stamps on every event, and the response a bot message came from
# (`utter_action`: the operators' report, insights/, counts answers by it).
METADATA_KEYS = frozenset({"language", "channel", "model_id", "assistant_id", "utter_action"})
MAX_METADATA_VALUE = 64
# Fields that name things or are ids: never text a person typed.
NAMES = frozenset({"event", "name", "timestamp", "policy", "confidence", "input_channel", "message_id", "entity",
                   "extractor", "role", "group", "start", "end", "intent_name", "action_name", "type", "condition",
                   "processors", "model_id", "assistant_id", "id", "utter_action"})
METADATA_SLOTS = frozenset({"session_started_metadata"})


def allowed_metadata(metadata: Any) -> dict[str, Any]:
    """Only the known keys, with short scalar values."""
    if not isinstance(metadata, Mapping):
        return {}
    kept: dict[str, Any] = {}
    for key in METADATA_KEYS & set(metadata):
        value = metadata[key]
        if isinstance(value, str):
            value = value[:MAX_METADATA_VALUE]
            kept[key] = value if key in NAMES else redaction.redact(value)
        elif isinstance(value, (bool, int, float)) or value is None:
            kept[key] = value
    return kept


def _clean(value: Any, key: str = "") -> Any:
    if key in NAMES:
        return value
    if key == "metadata":
        return allowed_metadata(value)
    if isinstance(value, str):
        return redaction.redact(value)
    if isinstance(value, Mapping):
        return {k: _clean(v, k) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_clean(v) for v in value]
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


def redact_event(event: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of the event fit for storage. The user's text is scanned once (it may be 100 KB)."""
    event = dict(event)
    had_text, text = "text" in event, event.pop("text", None)
    spans = redaction.find(text) if isinstance(text, str) else []
    redacted = redaction.apply(text, spans) if isinstance(text, str) else text
    parse_data = event.get("parse_data")
    if isinstance(parse_data, Mapping):
        parse_data = dict(parse_data)
        if spans and isinstance(parse_data.get("entities"), list):
            parse_data["entities"] = _entities_over_identifiers(spans, parse_data["entities"])
        had_parsed, parsed = "text" in parse_data, parse_data.pop("text", None)
        parse_data = _clean(parse_data)
        if had_parsed:  # the same text, or its first 2000 characters
            parse_data["text"] = redacted if parsed == text else _clean(parsed)
        event["parse_data"] = parse_data
    if event.get("event") == "slot" and event.get("name") in METADATA_SLOTS:
        event["value"] = allowed_metadata(event.get("value"))
    cleaned = _clean({k: v for k, v in event.items() if k != "parse_data"})
    if "parse_data" in event:
        cleaned["parse_data"] = event["parse_data"]
    if had_text:
        cleaned["text"] = redacted
    return cleaned
