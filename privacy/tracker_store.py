"""Rasa's SQL tracker store, writing only redacted events (privacy/events.py).

Configured in endpoints.yml as ``type: privacy.tracker_store.RedactingTrackerStore`` with the SQL
store's own keys (``dialect``, ``db``, ``url``...): Rasa 3.6 loads a ``type`` that is a module path
with ``class_from_module_path`` and calls it with ``host=url, domain, event_broker`` and the other
keys. Every channel, ours, Rasa's or a future one, saves through here, so nothing a person types
reaches the database in clear.

The running turn is untouched: Rasa keeps the tracker in memory while it answers, and the actions
see the message as typed (a request date, a CSQ date still work). Only what is written (and what
an event broker would publish) is redacted; the next turn reads the redacted copy back.
"""
from __future__ import annotations

import asyncio
import json
import logging
from collections.abc import Iterator

from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from privacy.echoes import redact_turn

logger = logging.getLogger(__name__)


class RedactingTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose rows hold redacted events (and no reply repeating what the person typed:
    privacy/echoes.py); reads are Rasa's own."""

    async def save(self, tracker: DialogueStateTracker) -> None:
        """Rasa's SQLTrackerStore.save, with each new event redacted before it is serialised.

        Redaction reads at most MAX_CHARS characters of each text with linear-time detectors
        (privacy/events.py, privacy/detectors.py): a few milliseconds per event, whatever the size
        of the message. It runs in a worker thread all the same, though Python's regular expressions
        keep the interpreter lock while they run: what keeps the event loop (the other conversations,
        socket.io pings) going is that bound, tested with an event-loop heartbeat."""
        await self.stream_events(tracker)
        with self.session_scope() as session:
            events = list(self._additional_events(session, tracker))
        loop = asyncio.get_running_loop()
        rows = await loop.run_in_executor(None, lambda: redact_turn([e.as_dict() for e in events]))
        with self.session_scope() as session:
            for event, data in zip(events, rows, strict=True):
                session.add(self._row(tracker.sender_id, event, data))
            session.commit()
        logger.debug("tracker stored to the database")

    def _row(self, sender_id: str, event: Event, data: dict) -> SQLTrackerStore.SQLEvent:
        return self.SQLEvent(
            sender_id=sender_id,
            type_name=event.type_name,
            timestamp=data.get("timestamp"),
            intent_name=(data.get("parse_data") or {}).get("intent", {}).get(INTENT_NAME_KEY),
            action_name=data.get("name"),
            data=json.dumps(data),
        )

    async def _stream_new_events(self, event_broker: EventBroker, new_events: list[Event], sender_id: str) -> None:
        for body in _broker_bodies(new_events, sender_id):
            event_broker.publish(body)


def _broker_bodies(events: list[Event], sender_id: str) -> Iterator[dict]:
    for row in redact_turn([event.as_dict() for event in events]):
        yield {"sender_id": sender_id, **row}
