"""The same conversations in PostgreSQL: the same report, read in a read-only transaction."""
import json
import os
import sqlite3
import subprocess

import pytest
import sqlalchemy as sa

from tests.servers import BIN, ROOT
from tests.tools.operations.insights.postgres import binaries, postgres
from tools.operations.insights.store import database_url, read_only_engine, store_settings

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

COLUMNS = "id, sender_id, type_name, timestamp, intent_name, action_name, data"


def copy_events(sqlite_path, url):
    with sqlite3.connect(sqlite_path) as source:
        rows = source.execute(f"SELECT {COLUMNS} FROM events ORDER BY id").fetchall()
    engine = sa.create_engine(url)
    with engine.begin() as target:
        target.execute(sa.text("CREATE TABLE events (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), type_name VARCHAR(255), "
                               "timestamp FLOAT, intent_name VARCHAR(255), action_name VARCHAR(255), data TEXT)"))
        target.execute(sa.text("INSERT INTO events VALUES (:0, :1, :2, :3, :4, :5, :6)"),
                       [{str(i): v for i, v in enumerate(row)} for row in rows])
    engine.dispose()
    return len(rows)


@pytest.mark.skipif(binaries() is None, reason="PostgreSQL is not installed (apt-get install postgresql)")
def test_postgresql_store_gives_the_same_report_read_only(seeded_store, report, tmp_path):
    with postgres() as port:
        settings = {"type": "SQL", "dialect": "postgresql", "url": "127.0.0.1", "port": port, "db": "rasa", "username": "rasa"}
        assert copy_events(seeded_store.parent / "trackers.db", database_url(settings, tmp_path)) > 50
        endpoints = tmp_path / "endpoints.pg.yml"
        endpoints.write_text("tracker_store:\n  type: rasa_server.stores.tracker_store.RedactingTrackerStore\n  dialect: postgresql\n"
                             "  url: 127.0.0.1\n  port: ${INSIGHTS_PG_PORT}\n  db: rasa\n  username: rasa\n")
        out = tmp_path / "out"
        env = {"PYTHONPATH": str(ROOT), "PATH": os.environ["PATH"], "INSIGHTS_PG_PORT": str(port), "RASA_TELEMETRY_ENABLED": "false"}
        result = subprocess.run([str(BIN / "python"), "-m", "tools.operations.insights", "--endpoints", str(endpoints), "--out", str(out)],
                                cwd=tmp_path, env=env, capture_output=True, text=True, timeout=300)
        assert result.returncode == 0, result.stderr[-3000:]
        from_pg = json.loads((out / "summary.json").read_text())
        from_sqlite = json.loads((report / "summary.json").read_text())
        assert {**from_pg, "generated": None} == {**from_sqlite, "generated": None}
        assert (out / "review.yml").read_text().split("\n", 2)[2] == (report / "review.yml").read_text().split("\n", 2)[2]

        engine = read_only_engine(database_url(store_settings({"tracker_store": settings}), tmp_path))
        with pytest.raises(sa.exc.InternalError, match="read-only transaction"):
            with engine.begin() as connection:
                connection.execute(sa.text("DELETE FROM events"))
        engine.dispose()
