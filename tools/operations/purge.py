"""Deletes what is older than the retention period: events from the tracker store, insights reports.

    python -m tools.operations.purge --endpoints endpoints.yml [--days N] [--insights DIR] [--dry-run]

The days come from ``--days``, else the environment's ``RETENTION_DAYS``, else 30. Works on the
SQL tracker store (SQLite, PostgreSQL) named in the endpoints file, ours or Rasa's plain ``SQL``
type, through SQLAlchemy Core: one ``DELETE FROM events WHERE timestamp < :cutoff``, the same SQL on
both. Retention is per event: a person who writes once a month keeps only the last period of their
conversation, not the whole history (each month is a new Rasa session, whose slots are carried over
as events of the new session). ``--insights DIR`` also deletes the operators' report in DIR
(``python -m tools.operations.insights``: ``index.html``, ``review.yml``, ``summary.json``, which quote people's
questions) once it holds a message older than the period, read from its ``summary.json``. Run it
daily (cron or a Kubernetes CronJob: see docs/privacy.md).
"""
from __future__ import annotations

import argparse
import json
import os
import sys
import time
from collections.abc import Sequence
from datetime import date, datetime
from pathlib import Path

import sqlalchemy as sa

from pilot_program.locales import MONTREAL

DEFAULT_DAYS = 30
SQL_TYPES = {"sql", "rasa_server.stores.tracker_store.redactingtrackerstore"}
_EVENTS = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))
INSIGHTS_FILES = ("index.html", "review.yml", "summary.json")


def retention_days(days: int | None) -> int:
    value = days if days is not None else int(os.environ.get("RETENTION_DAYS") or DEFAULT_DAYS)
    if value < 1:
        raise ValueError("the retention period is at least one day")
    return value


def engine_from_endpoints(path: str) -> sa.engine.Engine:
    """The tracker store's database, as Rasa itself would open it (environment variables expanded)."""
    from rasa.core.tracker_store import SQLTrackerStore, create_engine_kwargs
    from rasa.utils.endpoints import read_endpoint_config

    store = read_endpoint_config(path, "tracker_store")
    if store is None or str(store.type).lower() not in SQL_TYPES:
        raise ValueError(f"{path}: no SQL tracker store (type {getattr(store, 'type', None)!r})")
    keys = {k: store.kwargs.get(k) for k in ("dialect", "port", "db", "username", "password", "query")}
    keys = {k: v for k, v in keys.items() if v is not None}
    url = SQLTrackerStore.get_db_url(host=store.url, **keys)
    return sa.create_engine(url, **create_engine_kwargs(url))


def purge(engine: sa.engine.Engine, days: float, now: float | None = None, dry_run: bool = False) -> tuple[int, int]:
    """(conversations, events): the conversations that lost events and the events deleted (or that
    would be, with ``dry_run``)."""
    cutoff = (now if now is not None else time.time()) - days * 86400
    if not sa.inspect(engine).has_table("events"):
        return 0, 0
    old = _EVENTS.c.timestamp < cutoff
    with engine.begin() as connection:
        senders = connection.execute(sa.select(sa.func.count(sa.distinct(_EVENTS.c.sender_id))).where(old)).scalar()
        if dry_run:
            count = sa.select(sa.func.count()).select_from(_EVENTS).where(old)
            return int(senders or 0), int(connection.execute(count).scalar() or 0)
        deleted = connection.execute(sa.delete(_EVENTS).where(old))
    return int(senders or 0), int(deleted.rowcount or 0)


def _oldest_day(summary: Path) -> date | None:
    try:
        days = json.loads(summary.read_text(encoding="utf-8"))["days"]
        return min(date.fromisoformat(day) for day in days) if days else None
    except (OSError, ValueError, KeyError, TypeError):
        return None


def purge_insights(folder: Path, days: float, now: float | None = None, dry_run: bool = False) -> list[Path]:
    """The report's files in ``folder`` deleted (or that would be) because it holds a message older
    than the period, or, when its summary cannot say, because it was written before the period."""
    present = [folder / name for name in INSIGHTS_FILES if (folder / name).is_file()]
    if not present:
        return []
    cutoff = (now if now is not None else time.time()) - days * 86400
    oldest = _oldest_day(folder / "summary.json")
    if oldest is not None:  # a message of the cutoff's day may be older than the cutoff: that day is out
        stale = oldest <= datetime.fromtimestamp(cutoff, MONTREAL).date()
    else:
        stale = min(path.stat().st_mtime for path in present) < cutoff
    if not stale:
        return []
    if not dry_run:
        for path in present:
            path.unlink()
    return present


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.operations.purge", description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoints", default="endpoints.yml", help="the endpoints file naming the tracker store")
    parser.add_argument("--days", type=int, default=None, help="retention in days (env RETENTION_DAYS, else 30)")
    parser.add_argument("--insights", type=Path, action="append", default=[],
                        help="a folder of `python -m tools.operations.insights` reports, deleted once they hold an "
                             "older message")
    parser.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")
    args = parser.parse_args(argv)
    try:
        days = retention_days(args.days)
        engine = engine_from_endpoints(args.endpoints)
    except ValueError as error:
        parser.error(str(error))
    conversations, events = purge(engine, days, dry_run=args.dry_run)
    verb = "would delete" if args.dry_run else "deleted"
    print(f"{verb} {events} event(s) older than {days} day(s), from {conversations} conversation(s)")
    for folder in args.insights:
        for path in purge_insights(folder, days, dry_run=args.dry_run):
            print(f"{verb} {path} (it quotes messages older than {days} day(s))")
    return 0


if __name__ == "__main__":
    sys.exit(main())
