"""Retention: `python -m tools.operations.purge` on an SQLite tracker store written by Rasa's own code."""
from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
import time
from datetime import datetime, timedelta

import pytest
import sqlalchemy as sa
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, SessionStarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from pilot_program.locales import MONTREAL
from rasa_server.stores.tracker_store import RedactingTrackerStore
from tests.servers import ROOT, server_env
from tools.operations.purge import INSIGHTS_FILES, engine_from_endpoints, purge, purge_insights, retention_days

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
    endpoints.write_text(f"tracker_store:\n  type: rasa_server.stores.tracker_store.RedactingTrackerStore\n"
                         f"  dialect: sqlite\n  db: {db}\n")
    return db, endpoints


def _senders(db) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return dict(connection.execute("select sender_id, count(*) from events group by sender_id"))


def _stale_events(db, days: float) -> dict[str, int]:
    with sqlite3.connect(db) as connection:
        return dict(connection.execute("select sender_id, count(*) from events where timestamp < ? group by sender_id",
                                       (NOW - days * DAY,)))


def test_every_event_older_than_the_period_goes(store_path):
    db, endpoints = store_path
    before, stale = _senders(db), _stale_events(db, 30)
    assert set(stale) == {"old", "old-then-back"}
    assert purge(engine_from_endpoints(str(endpoints)), 30, now=NOW, dry_run=True) == (2, sum(stale.values()))
    assert _senders(db) == before  # a dry run deletes nothing
    assert purge(engine_from_endpoints(str(endpoints)), 30, now=NOW) == (2, sum(stale.values()))
    after = _senders(db)
    assert "old" not in after and _stale_events(db, 30) == {}
    # a conversation used again recently keeps only its recent session; one inside the period stays whole
    assert after == {"recent": before["recent"], "edge": before["edge"],
                     "old-then-back": before["old-then-back"] - stale["old-then-back"]}


async def test_a_monthly_user_keeps_only_the_period_and_the_conversation_goes_on(tmp_path):
    """Someone who writes by SMS once a month: each month is a new Rasa session; after the purge the
    store holds the last month only, and Rasa reads the conversation as before."""
    db = tmp_path / "trackers.db"
    store = RedactingTrackerStore(domain=Domain.load(str(ROOT / "domain.yml")), dialect="sqlite", db=str(db))
    await store.save(_conversation("monthly", 120, 90, 60, 31, 1))
    engine = sa.create_engine(f"sqlite:///{db}")
    assert purge(engine, 30, now=NOW) == (1, 12)
    tracker = await store.retrieve("monthly")
    assert [e.timestamp for e in tracker.events if isinstance(e, UserUttered)] == [NOW - DAY]


def test_a_shorter_period_deletes_more(store_path):
    db, endpoints = store_path
    assert purge(engine_from_endpoints(str(endpoints)), 2.5, now=NOW)[0] == 4
    assert set(_senders(db)) == {"old-then-back"}


def test_the_command_reads_retention_days_from_the_environment(store_path):
    db, endpoints = store_path
    env = dict(server_env(None), RETENTION_DAYS="5")
    stale = _stale_events(db, 5)
    # the rows are dated from NOW; the command uses the real clock: date them from today instead
    with sqlite3.connect(db) as connection:
        connection.execute("update events set timestamp = timestamp - ?", (NOW - time.time(),))
    done = subprocess.run([sys.executable, "-m", "tools.operations.purge", "--endpoints", str(endpoints)], cwd=ROOT, env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert f"deleted {sum(stale.values())} event(s) older than 5 day(s), from 3 conversation(s)" in done.stdout
    assert set(_senders(db)) == {"recent", "old-then-back"}


def _report(folder, days: list[str]) -> None:
    folder.mkdir()
    for name in INSIGHTS_FILES:
        (folder / name).write_text("Combien pour ma femme?")
    (folder / "summary.json").write_text(json.dumps({"conversations": 3, "days": {day: {} for day in days}}))


def test_an_insights_report_goes_once_it_quotes_a_message_older_than_the_period(tmp_path):
    """The operators' report quotes people's questions: it is kept no longer than the messages."""
    today = datetime.fromtimestamp(NOW, MONTREAL).date()
    fresh, stale = tmp_path / "fresh", tmp_path / "stale"
    _report(fresh, [str(today - timedelta(days=29)), str(today)])
    _report(stale, [str(today - timedelta(days=31)), str(today)])
    assert purge_insights(fresh, 30, now=NOW) == []
    assert purge_insights(stale, 30, now=NOW, dry_run=True) and (stale / "index.html").exists()
    assert sorted(p.name for p in purge_insights(stale, 30, now=NOW)) == sorted(INSIGHTS_FILES)
    assert not any(stale.iterdir()) and len(list(fresh.iterdir())) == 3
    unknown = tmp_path / "unknown"  # no readable summary: its age is the files'
    _report(unknown, [])
    (unknown / "summary.json").write_text("not json")
    assert purge_insights(unknown, 30) == [] and purge_insights(unknown, 30, now=time.time() + 31 * DAY)


def test_the_command_purges_the_insights_folders_it_is_given(store_path, tmp_path):
    db, endpoints = store_path
    old = datetime.fromtimestamp(time.time() - 40 * DAY, MONTREAL).date()
    _report(tmp_path / "report", [str(old)])
    done = subprocess.run([sys.executable, "-m", "tools.operations.purge", "--endpoints", str(endpoints), "--days", "30",
                           "--insights", str(tmp_path / "report")], cwd=ROOT, env=server_env(None),
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert "index.html" in done.stdout and not any((tmp_path / "report").iterdir())


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
