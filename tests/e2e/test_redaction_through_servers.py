"""Every identifier line of tests/privacy/redaction_cases.yml sent to the real servers, through REST and
through socket.io (as the widget does), each in its own conversation; then that conversation is read
back from the SQLite tracker store: none of the identifiers may be in it. Prints the count (the
measure docs/privacy.md reports)."""
from __future__ import annotations

import asyncio
import json
import sqlite3
import uuid
from concurrent.futures import ThreadPoolExecutor

import pytest

from tests.e2e.conftest import post
from tests.e2e.test_hostile_inputs import Case, Client
from tests.privacy.test_redaction_table import IDENTIFIERS
from tests.servers import stored_key

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

CLIENTS = 4


def _without_timestamps(node):
    """A stored event's values, without its timestamps (digits that could match a short identifier)."""
    if isinstance(node, dict):
        return {k: _without_timestamps(v) for k, v in node.items() if k != "timestamp"}
    if isinstance(node, list):
        return [_without_timestamps(v) for v in node]
    return node


def stored(db, key: str) -> str:
    with sqlite3.connect(db) as connection:
        rows = [json.loads(data) for (data,) in connection.execute("select data from events where sender_id = ?",
                                                                   (key,))]
    return json.dumps(_without_timestamps(rows), ensure_ascii=False)


def _rest(port: int) -> list[tuple[str, str]]:
    """(conversation key, secret) of each line, sent through REST."""
    def send(row):
        sender = f"ids-{uuid.uuid4().hex[:12]}"
        assert post(port, sender, row[1], {"language": row[0]})
        return stored_key("rest", sender), row[2]

    with ThreadPoolExecutor(CLIENTS) as pool:
        return list(pool.map(send, IDENTIFIERS))


async def _socketio(port: int) -> list[tuple[str, str]]:
    """The same through socket.io, one widget-like session per line."""
    sent: list[tuple[str, str]] = []

    async def run(rows) -> None:
        for _language, line, secret, _kind in rows:
            client = Client()
            try:
                session_id = await client.start(port)
                outcome = await client.say(session_id, Case(line, line))
                assert outcome.texts, line
                sent.append((stored_key("socketio", session_id), secret))
            finally:
                await client.close()

    await asyncio.gather(*(run(IDENTIFIERS[i::CLIENTS]) for i in range(CLIENTS)))
    return sent


def test_no_identifier_sent_to_the_servers_is_stored(servers, e2e_dir):
    sent = _rest(servers) + asyncio.run(_socketio(servers))
    db = e2e_dir / "trackers.db"
    leaks = [(key, secret) for key, secret in sent if secret in stored(db, key)]
    empty = [key for key, _ in sent if stored(db, key) == "[]"]
    print(f"\nidentifiers sent through REST and socket.io: {len(sent)}; found in the store: {len(leaks)}")
    assert not empty, f"{len(empty)} conversations were not stored"
    assert not leaks, leaks[:20]
