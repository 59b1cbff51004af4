"""One message must not stall a replica: each adversarial input (tools/measuring/adversarial.py), as large as
a request may be, is sent through the widget's channel (socket.io) to the real servers while the Rasa
server is asked for its REST channel's status every fifth of a second: that answer needs nothing but
the server's event loop, so its delay is how long the loop stopped (with the former redaction, one
60 KB message stopped it for minutes). Every adversarial message must get its polite reply, and the
store must keep at most what the NLU reads of each."""
from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time
import urllib.request

import pytest

from pilot_program.text import MAX_CHARS
from privacy.events import CUT_MARK
from rasa_server.channels.base import DEFAULT_MAX_REQUEST_BYTES
from tests.e2e.test_hostile_inputs import Case, Client
from tests.servers import stored_key
from tools.measuring.adversarial import ADVERSARIAL

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

HEARTBEAT_LIMIT = 2.0  # seconds the event loop may take to answer while the hostile messages are handled
PACKET_ROOM = 4096  # the socket.io packet's envelope around the text


def largest(name: str) -> str:
    """The input, as long as it can be while its JSON-escaped packet fits in a request."""
    size = DEFAULT_MAX_REQUEST_BYTES
    while len(json.dumps(ADVERSARIAL[name](size))) > DEFAULT_MAX_REQUEST_BYTES - PACKET_ROOM:
        size = int(size * 0.9)
    return ADVERSARIAL[name](size)


class Heartbeat(threading.Thread):
    """A request to the Rasa server every fifth of a second, each reply timed."""

    def __init__(self, port: int) -> None:
        super().__init__(daemon=True)
        self.url, self.times, self.errors = f"http://127.0.0.1:{port}/webhooks/rest/", [], []
        self.stop = threading.Event()

    def run(self) -> None:
        while not self.stop.wait(0.2):
            started = time.monotonic()
            try:
                with urllib.request.urlopen(self.url, timeout=60) as response:
                    assert response.status == 200
            except Exception as error:  # reported by the test
                self.errors.append(f"{type(error).__name__}: {error}")
            self.times.append(time.monotonic() - started)

    def stalled(self) -> bool:
        return bool(self.errors) or max(self.times, default=0.0) >= HEARTBEAT_LIMIT


async def _send_all(port: int, heartbeat: Heartbeat) -> dict[str, tuple[str, list[str]]]:
    client, answers = Client(), {}
    try:
        session_id = await client.start(port)
        for name in ADVERSARIAL:
            outcome = await client.say(session_id, Case(name, largest(name)))
            answers[name] = (session_id, outcome.texts)
            if heartbeat.stalled():  # no need to stall the server any longer
                break
    finally:
        await client.close()
    return answers


def test_the_largest_hostile_messages_do_not_stall_the_other_conversations(servers, e2e_dir):
    heartbeat = Heartbeat(servers)
    heartbeat.start()
    try:
        answers = asyncio.run(_send_all(servers, heartbeat))
    finally:
        heartbeat.stop.set()
        heartbeat.join(timeout=120)
    print(f"\n{len(answers)} hostile messages; the event loop answered {len(heartbeat.times)} requests "
          f"in at most {max(heartbeat.times, default=0):.2f} s")
    assert not heartbeat.errors, heartbeat.errors[:5]
    assert heartbeat.times and max(heartbeat.times) < HEARTBEAT_LIMIT, sorted(heartbeat.times)[-5:]
    assert [name for name, (_, texts) in answers.items() if not any(t.strip() for t in texts)] == []
    session_id = next(iter(answers.values()))[0]
    with sqlite3.connect(e2e_dir / "trackers.db") as connection:
        rows = [json.loads(data) for (data,) in connection.execute(
            "select data from events where sender_id = ? and type_name = 'user'", (stored_key("socketio", session_id),))]
    assert len(rows) >= len(ADVERSARIAL)
    longest = max(len(row["text"]) for row in rows)
    assert longest <= MAX_CHARS + len(CUT_MARK) + 16, longest  # what the NLU reads (placeholders may be longer)
