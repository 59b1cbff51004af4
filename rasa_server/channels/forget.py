"""Deleting one conversation from the tracker store ("New conversation" in the web widget).

Rasa 3.6's tracker stores have no delete. A store (or a wrapper such as a redacting store) that
defines ``delete(sender_id)`` is used as is; otherwise wrappers are unwrapped (Rasa's
``AwaitableTrackerStore`` keeps the real one in ``_tracker_store``) down to an SQL or in-memory
store, whose rows are deleted directly, in a worker thread: the SQL store's driver is synchronous,
and the event loop goes on serving the other conversations meanwhile.
"""
from __future__ import annotations

import asyncio
import inspect
import logging
from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore

logger = logging.getLogger(__name__)
WRAPPED = ("_tracker_store", "inner_tracker_store", "inner", "_inner", "wrapped", "tracker_store")


def _delete_sql(store: SQLTrackerStore, sender_id: str) -> None:
    with store.session_scope() as session:
        session.query(store.SQLEvent).filter(store.SQLEvent.sender_id == sender_id).delete(
            synchronize_session=False)
        session.commit()


async def forget(tracker_store: Any, sender_id: str) -> bool:
    """Deletes every event of ``sender_id``; False when the store offers no way to."""
    store = tracker_store
    for _ in range(len(WRAPPED) + 1):
        if store is None:
            break
        if isinstance(store, SQLTrackerStore):
            await asyncio.get_running_loop().run_in_executor(None, _delete_sql, store, sender_id)
            return True
        if isinstance(store, InMemoryTrackerStore):
            store.store.pop(sender_id, None)
            return True
        delete = getattr(store, "delete", None)
        if callable(delete):
            result = delete(sender_id)
            if inspect.isawaitable(result):
                await result
            return True
        store = next((getattr(store, name) for name in WRAPPED if getattr(store, name, None) is not None), None)
    logger.error("the tracker store (%s) cannot delete a conversation", type(tracker_store).__name__)
    return False
