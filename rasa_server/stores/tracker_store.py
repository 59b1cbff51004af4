"""Rasa's SQL tracker store, writing only redacted events (privacy/events.py).

Configured in endpoints.yml as ``type: rasa_server.stores.tracker_store.RedactingTrackerStore`` with the SQL
store's own keys (``dialect``, ``db``, ``url``...): Rasa 3.6 loads a ``type`` that is a module path
with ``class_from_module_path`` and calls it with ``host=url, domain, event_broker`` and the other
keys. Every channel, ours, Rasa's or a future one, saves through here, so nothing a person types
reaches the database in clear.

The running turn is untouched: Rasa keeps the tracker in memory while it answers, and the actions
see the message as typed (a request date, a CSQ date still work). Only what is written (and what
an event broker would publish) is redacted; the next turn reads the redacted copy back.

Reads and writes are Rasa's, in the same table and with the same queries (the latest session's events
in order; as many new events as the tracker has past the stored ones), written as SQLAlchemy Core
statements built once instead of ORM queries built and compiled at every message: the ORM's
construction, compilation and per-row objects were about 5 ms of the Rasa server's CPU per message
(issue 20, docs/benchmarks.md). tests/rasa_server/stores/test_tracker_store.py compares them with Rasa's own.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import logging
from collections.abc import Iterator
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

import sqlalchemy as sa
from rasa.core.brokers.broker import EventBroker
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.events import Event, SessionStarted
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.nlu.constants import INTENT_NAME_KEY

from privacy.echoes import redact_turn

logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class Statements:
    """Rasa's three queries on its events table, with the conversation as the ``sender_id`` parameter."""
    session_events: Any  # the data of the latest session's events (all of them without a session start)
    all_events: Any
    session_count: Any  # how many of the latest session's events are stored
    insert: Any


@lru_cache(maxsize=1)
def statements() -> Statements:
    table = SQLTrackerStore.SQLEvent.__table__
    sender = table.c.sender_id == sa.bindparam("sender_id")
    session_start = (sa.select(sa.func.max(table.c.timestamp))
                     .where(sender, table.c.type_name == SessionStarted.type_name).scalar_subquery())
    latest = sa.or_(table.c.timestamp >= session_start, session_start.is_(None))
    return Statements(
        session_events=sa.select(table.c.data).where(sender, latest).order_by(table.c.id),
        all_events=sa.select(table.c.data).where(sender).order_by(table.c.id),
        session_count=sa.select(sa.func.count()).select_from(table).where(sender, latest),
        insert=table.insert(),
    )


class RedactingTrackerStore(SQLTrackerStore):
    """SQLTrackerStore whose rows hold redacted events (and no reply repeating what the person typed:
    privacy/echoes.py)."""

    engine: Any  # Rasa's, made by SQLTrackerStore.__init__

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite" and isinstance(self.engine.pool, sa.pool.NullPool):
            # SQLAlchemy 1.4 opens the SQLite file anew for every session (three a message): its connections
            # are kept in a pool instead, as they are for PostgreSQL (and by SQLAlchemy 2.0 for SQLite files).
            # A pooled connection serves one session at a time, whichever thread that session runs in.
            url = self.engine.url
            self.engine.dispose()
            self.engine = sa.create_engine(url, poolclass=sa.pool.QueuePool, connect_args={"check_same_thread": False})
            self.sessionmaker = sa.orm.sessionmaker(bind=self.engine)

    async def _retrieve(self, sender_id: str, fetch_events_from_all_sessions: bool) -> DialogueStateTracker | None:
        query = statements().all_events if fetch_events_from_all_sessions else statements().session_events
        with self.session_scope() as session:
            rows = session.execute(query, {"sender_id": sender_id}).scalars().all()
        if not self.domain or not rows:
            return None
        return DialogueStateTracker.from_dict(sender_id, [json.loads(data) for data in rows], self.domain.slots)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        stored = session.execute(statements().session_count, {"sender_id": tracker.sender_id}).scalar_one()
        return itertools.islice(tracker.events, stored, len(tracker.events))

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
        if not events:
            return
        loop = asyncio.get_running_loop()
        rows = await loop.run_in_executor(None, lambda: redact_turn([e.as_dict() for e in events]))
        with self.session_scope() as session:
            session.execute(statements().insert, [self._row(tracker.sender_id, event, data)
                                                  for event, data in zip(events, rows, strict=True)])
            session.commit()
        logger.debug("tracker stored to the database")

    @staticmethod
    def _row(sender_id: str, event: Event, data: dict) -> dict[str, Any]:
        return dict(
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
