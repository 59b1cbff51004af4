"""Deletes the conversations whose last event is older than the retention period.

    python -m privacy.purge --endpoints endpoints.yml [--days N] [--dry-run]

The days come from ``--days``, else the environment's ``RETENTION_DAYS``, else 30. Works on the
SQL tracker store (SQLite, PostgreSQL) named in the endpoints file, ours or Rasa's plain ``SQL``
type, through SQLAlchemy Core: one ``DELETE ... WHERE sender_id IN (SELECT sender_id ... GROUP BY
sender_id HAVING max(timestamp) < :cutoff)``, the same SQL on both. A conversation still in use
keeps all its sessions; one idle for the whole period goes entirely. Run it daily (cron or a
Kubernetes CronJob: see docs/privacy.md).
"""
from __future__ import annotations

import argparse
import os
import sys
import time
from collections.abc import Sequence

import sqlalchemy as sa

DEFAULT_DAYS = 30
SQL_TYPES = {"sql", "privacy.tracker_store.redactingtrackerstore"}
_EVENTS = sa.table("events", sa.column("sender_id"), sa.column("timestamp"))


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


def stale_conversations(cutoff: float) -> sa.sql.Select:
    return (sa.select(_EVENTS.c.sender_id).group_by(_EVENTS.c.sender_id)
            .having(sa.func.max(_EVENTS.c.timestamp) < cutoff))


def purge(engine: sa.engine.Engine, days: int, now: float | None = None, dry_run: bool = False) -> tuple[int, int]:
    """(conversations, events) deleted, or that would be with ``dry_run``."""
    cutoff = (now if now is not None else time.time()) - days * 86400
    if not sa.inspect(engine).has_table("events"):
        return 0, 0
    with engine.begin() as connection:
        senders = [row[0] for row in connection.execute(stale_conversations(cutoff))]
        if not senders or dry_run:
            count = sa.select(sa.func.count()).select_from(_EVENTS).where(
                _EVENTS.c.sender_id.in_(stale_conversations(cutoff)))
            return len(senders), int(connection.execute(count).scalar() or 0)
        deleted = connection.execute(sa.delete(_EVENTS).where(_EVENTS.c.sender_id.in_(stale_conversations(cutoff))))
    return len(senders), int(deleted.rowcount or 0)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m privacy.purge", description=__doc__.split("\n\n")[0])
    parser.add_argument("--endpoints", default="endpoints.yml", help="the endpoints file naming the tracker store")
    parser.add_argument("--days", type=int, default=None, help="retention in days (env RETENTION_DAYS, else 30)")
    parser.add_argument("--dry-run", action="store_true", help="count what would be deleted, delete nothing")
    args = parser.parse_args(argv)
    try:
        days = retention_days(args.days)
        engine = engine_from_endpoints(args.endpoints)
    except ValueError as error:
        parser.error(str(error))
    conversations, events = purge(engine, days, dry_run=args.dry_run)
    verb = "would delete" if args.dry_run else "deleted"
    print(f"{verb} {conversations} conversation(s), {events} event(s) idle for more than {days} day(s)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
