"""Reads the events of the tracker store named in an endpoints file, read-only.

SQLite is opened with a `mode=ro` URI (a missing file is an error, never created); PostgreSQL
sessions run with `default_transaction_read_only` and every transaction is `READ ONLY`. The store
may be Rasa's `SQL` type or the project's redacting wrapper around it: either way the connection
fields (`dialect`, `url`, `port`, `db`, `username`, `password`, `query`) are read, at the top level
or in a nested mapping that has a `dialect`.
"""
from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterator, Mapping
from pathlib import Path
from typing import Any

import sqlalchemy as sa
from sqlalchemy.engine import Engine
from sqlalchemy.engine.url import URL

SQL_TYPES = {"sql"}
WRAPPER_SUFFIX = "RedactingTrackerStore"  # rasa_server.stores.tracker_store.RedactingTrackerStore wraps an SQL store
SUPPORTED_DIALECTS = ("sqlite", "postgresql")


class StoreError(Exception):
    """The endpoints file names no tracker store this tool can read."""


def read_endpoints(path: Path) -> dict[str, Any]:
    """The endpoints file, with `${VAR}` replaced from the environment as Rasa does."""
    from rasa.shared.utils.io import read_config_file

    if not path.exists():
        raise StoreError(f"no endpoints file at {path}")
    return read_config_file(str(path)) or {}


def store_settings(endpoints: Mapping[str, Any]) -> dict[str, Any]:
    store = endpoints.get("tracker_store")
    if not isinstance(store, Mapping):
        raise StoreError("the endpoints file has no tracker_store: conversations are only kept in memory")
    kind = str(store.get("type") or "")
    if kind.lower() not in SQL_TYPES and not kind.endswith(WRAPPER_SUFFIX):
        raise StoreError(f"tracker_store type {kind!r} is not supported (SQL, or a redacting wrapper around SQL)")
    if "dialect" in store:
        return dict(store)
    nested = [value for value in store.values() if isinstance(value, Mapping) and "dialect" in value]
    if not nested:
        raise StoreError("the tracker_store has no SQL dialect")
    return dict(nested[0])


def database_url(settings: Mapping[str, Any], base: Path) -> URL:
    """The store's URL, built from the same fields Rasa's SQLTrackerStore reads (sqlite paths from `base`)."""
    dialect = str(settings.get("dialect") or "sqlite")
    if dialect.split("+")[0] not in SUPPORTED_DIALECTS:
        raise StoreError(f"dialect {dialect!r} is not supported: {', '.join(SUPPORTED_DIALECTS)}")
    db = str(settings.get("db") or "rasa.db")
    if dialect.startswith("sqlite"):
        return URL.create(drivername="sqlite", database=str((base / db).resolve()))
    port = settings.get("port")
    return URL.create(
        drivername=dialect, username=settings.get("username"), password=settings.get("password"),
        host=settings.get("url"), port=int(port) if port else None, database=db, query=settings.get("query") or {},
    )


def read_only_engine(url: URL) -> Engine:
    if url.drivername == "sqlite":
        path = Path(url.database or "")
        if not path.is_file():
            raise StoreError(f"no tracker store database at {path} (has the assistant run with this endpoints file?)")
        uri = path.as_uri() + "?mode=ro"
        return sa.create_engine("sqlite://", creator=lambda: sqlite3.connect(uri, uri=True))
    return sa.create_engine(url, pool_size=1, max_overflow=0,
                            connect_args={"options": "-c default_transaction_read_only=on"})


def events(engine: Engine) -> Iterator[tuple[str, dict[str, Any]]]:
    """(sender_id, event) for every stored event, each conversation's events in order."""
    query = sa.text("SELECT sender_id, data FROM events ORDER BY sender_id, id")
    with engine.connect() as connection:
        with connection.begin():
            if engine.dialect.name == "postgresql":
                connection.execute(sa.text("SET TRANSACTION READ ONLY"))
            if not sa.inspect(connection).has_table("events"):
                return
            for sender_id, data in connection.execution_options(stream_results=True).execute(query):
                event = _decode(data)
                if event is not None:
                    yield str(sender_id), event


def _decode(data: Any) -> dict[str, Any] | None:
    try:
        event = json.loads(data) if isinstance(data, (str, bytes)) else data
    except ValueError:
        return None
    return event if isinstance(event, dict) else None


def load_events(endpoints_file: Path, base: Path | None = None) -> Iterator[tuple[str, dict[str, Any]]]:
    """Every event of the store configured in `endpoints_file` (sqlite paths relative to `base`, default cwd)."""
    settings = store_settings(read_endpoints(endpoints_file))
    engine = read_only_engine(database_url(settings, base or Path.cwd()))
    try:
        yield from events(engine)
    finally:
        engine.dispose()
