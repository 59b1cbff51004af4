"""Retention: `python -m privacy.purge` on an SQLite tracker store written by Rasa's own code."""
from __future__ import annotations

import sqlite3
import subprocess
import sys
import time

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from privacy.purge import engine_from_endpoints, purge, retention_days
from privacy.tracker_store import RedactingTrackerStore
from tests.servers import ROOT, server_env

DAY = 86400.0
NOW = 1_800_000_000.0


def _conversation(sender: str, *ages_in_days: float) -> DialogueStateTracker:
    events = []
    for age in ages_in_days:
        stamp = NOW - age * DAY
        events += [SessionStarted(timestamp=stamp), ActionExecuted("action_listen", timestamp=stamp),
                   UserUttered("bonjour", {"name": "greet", "confidence": 1.0}, timestamp=stamp)]
    return DialogueStateTracker.from_events(sender, events)


@pytest.fixture()
async def store_path(tmp_path):
    db = tmp_path / "trackers.db"
    store = RedactingTrackerStore(domain=Domain.load(str(ROOT / "domain.yml")), dialect="sqlite", db=str(db))
    for tracker in (_conversation("old", 45, 40), _conversation("recent", 3),
                    _conversation("old-then-back", 60, 2), _conversation("edge", 29.9)):
        await store.save(tracker)
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text(f"tracker_store:\n  type: privacy.tracker_store.RedactingTrackerStore\n"
                         f"  dialect: sqlite\n  db: {db}\n")
    return db, endpoints


def _senders(db) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return dict(connection.execute("select sender_id, count(*) from events group by sender_id"))


def test_conversations_idle_longer_than_the_period_go_entirely(store_path):
    db, endpoints = store_path
    before = _senders(db)
    assert purge(engine_from_endpoints(str(endpoints)), 30, now=NOW, dry_run=True) == (1, before["old"])
    assert _senders(db) == before  # a dry run deletes nothing
    assert purge(engine_from_endpoints(str(endpoints)), 30, now=NOW) == (1, before["old"])
    after = _senders(db)
    assert "old" not in after
    # a conversation used again recently keeps all its sessions, and one inside the period stays
    assert after == {k: v for k, v in before.items() if k != "old"}


def test_a_shorter_period_deletes_more(store_path):
    db, endpoints = store_path
    assert purge(engine_from_endpoints(str(endpoints)), 2.5, now=NOW)[0] == 3
    assert set(_senders(db)) == {"old-then-back"}


def test_the_command_reads_retention_days_from_the_environment(store_path):
    db, endpoints = store_path
    env = dict(server_env(None), RETENTION_DAYS="5")
    # the rows are dated from NOW; the command uses the real clock: date them from today instead
    with sqlite3.connect(db) as connection:
        connection.execute("update events set timestamp = timestamp - ?", (NOW - time.time(),))
    done = subprocess.run([sys.executable, "-m", "privacy.purge", "--endpoints", str(endpoints)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "deleted 2 conversation(s)" in done.stdout
    assert set(_senders(db)) == {"recent", "old-then-back"}


def test_days_default_and_validation(monkeypatch):
    monkeypatch.delenv("RETENTION_DAYS", raising=False)
    assert retention_days(None) == 30
    monkeypatch.setenv("RETENTION_DAYS", "7")
    assert retention_days(None) == 7
    assert retention_days(90) == 90
    with pytest.raises(ValueError):
        retention_days(0)


def test_an_endpoints_file_without_an_sql_store_is_refused(tmp_path):
    endpoints = tmp_path / "endpoints.yml"
    endpoints.write_text("action_endpoint:\n  url: http://127.0.0.1:5055/webhook\n")
    with pytest.raises(ValueError):
        engine_from_endpoints(str(endpoints))


def test_the_postgresql_url_is_built_from_the_environment(tmp_path, monkeypatch):
    """endpoints.postgres.yml: the URL comes from TRACKER_STORE_URL (no server needed to build it)."""
    monkeypatch.setenv("TRACKER_STORE_URL", "postgresql://rasa:secret@127.0.0.1:5432/rasa")
    monkeypatch.setenv("ACTION_ENDPOINT_URL", "http://127.0.0.1:5055/webhook")
    pytest.importorskip("psycopg2")
    engine = engine_from_endpoints(str(ROOT / "endpoints.postgres.yml"))
    assert engine.dialect.name == "postgresql" and engine.url.database == "rasa"
    statement = sa.delete(sa.table("events", sa.column("sender_id"))).compile(dialect=engine.dialect)
    assert str(statement).startswith("DELETE FROM events")
