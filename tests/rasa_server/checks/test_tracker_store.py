"""The tracker store failing: refused at start, and raising (not memory) mid-run."""
import pytest
import sqlalchemy.exc
from rasa.core.tracker_store import FailSafeTrackerStore, InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.utils.endpoints import EndpointConfig

from rasa_server.checks import StartupRefused, tracker_store


class BrokenStore(InMemoryTrackerStore):
    async def retrieve(self, sender_id):
        raise sqlalchemy.exc.OperationalError("SELECT * FROM events WHERE sender_id = ?",
                                              {"data": "my passport is AB123456"}, Exception("disk I/O error"))

    async def save(self, tracker):
        await self.retrieve(tracker.sender_id)

    async def retrieve_full_tracker(self, sender_id):
        return await self.retrieve(sender_id)


def test_rasa_alone_silently_falls_back_to_memory():
    """What happens without fail_loudly: the failure is swallowed and the conversation starts afresh."""
    import asyncio
    store = FailSafeTrackerStore(BrokenStore(Domain.empty()))
    assert asyncio.run(store.retrieve("someone")) is None
    asyncio.run(store.save(DialogueStateTracker("someone", [])))
    assert store._fallback_tracker_store is not None  # kept in memory instead


async def test_with_fail_loudly_every_operation_raises_and_nothing_goes_to_memory():
    store = FailSafeTrackerStore(BrokenStore(Domain.empty()))
    tracker_store.fail_loudly(store)
    with pytest.raises(tracker_store.TrackerStoreUnavailable):
        await store.retrieve("someone")
    with pytest.raises(tracker_store.TrackerStoreUnavailable):
        await store.save(DialogueStateTracker("someone", []))
    with pytest.raises(tracker_store.TrackerStoreUnavailable):
        await store.retrieve_full_tracker("someone")
    assert store._fallback_tracker_store is None
    assert tracker_store.FailureLog.last_failure is not None


def test_the_reason_never_carries_the_statement_or_its_parameters():
    error = sqlalchemy.exc.OperationalError("INSERT INTO events VALUES (?)", {"data": "my passport is AB123456"},
                                            Exception("database is locked"))
    assert "AB123456" in str(error)  # SQLAlchemy's own text does
    assert tracker_store.reason(error) == "OperationalError: database is locked"


async def test_a_store_that_cannot_be_reached_refuses_the_start(tmp_path):
    (tmp_path / "a-file").write_text("")
    config = EndpointConfig(type="SQL", dialect="sqlite", db=str(tmp_path / "a-file" / "trackers.db"))
    with pytest.raises(StartupRefused, match="cannot be reached: OperationalError"):
        await tracker_store.check_at_start(type("Endpoints", (), {"tracker_store": config})())


async def test_a_working_store_and_no_store_let_the_server_start(tmp_path, caplog):
    config = EndpointConfig(type="SQL", dialect="sqlite", db=str(tmp_path / "trackers.db"))
    await tracker_store.check_at_start(type("Endpoints", (), {"tracker_store": config})())
    await tracker_store.check_at_start(type("Endpoints", (), {"tracker_store": None})())
    assert "kept in memory only" in caplog.text


def test_only_rasas_wrapper_is_accepted():
    with pytest.raises(StartupRefused):
        tracker_store.fail_loudly(InMemoryTrackerStore(Domain.empty()))
