"""The socket.io channel, with a real socket.io client against a real Sanic server on loopback.

1. The upstream bug (RasaHQ/rasa#13027): with python-socketio >= 5.10, Rasa 3.6.21's channel calls
   the coroutine ``enter_room`` without ``await``, so with ``session_persistence: true`` no reply
   reaches the client. Ours delivers them.
2. Sessions: the server issues signed session ids; a page reload resumes with the stored id;
   unsigned, forged or expired ids get a new one; a socket may only talk for its own session;
   ``session_end`` deletes the conversation (authorised by the signed id) and starts a new one.
3. Origins from ``PP_ALLOWED_ORIGINS`` only; a size limit on packets; the per-address rate limit
   answers politely.

The echo bot (``tests/web/socketio_echo_app.py``) answers ``echo[<language>]: <text>`` and lists
the conversation keys it stored at ``/test/conversations``.
"""
from __future__ import annotations

import asyncio
import json
import time
import urllib.request

import pytest
import socketio

from rasa_server.channels.security import SessionIds
from tests.servers import server_env, stored_key
from tests.web.servers import echo_server

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

REPLY_TIMEOUT = 5.0
ALLOWED = "http://allowed.example"
SECRET = server_env(None)["PP_SESSION_SECRET"].encode()  # what the servers started here sign with


class WidgetLikeClient:
    """Does what the web widget does: session_request, then user_uttered with customData.

    Long-polling transport: python-engineio 4.15's asyncio websocket client needs aiohttp >= 3.10,
    and rasa 3.6.21 pins aiohttp 3.9.5. The rooms, sessions and origin checks are the same for any
    transport; the browser tests cover the websocket transport the widget uses.
    """

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.confirmed: asyncio.Queue = asyncio.Queue()
        self.rejected: asyncio.Queue = asyncio.Queue()
        self.replies: asyncio.Queue = asyncio.Queue()
        self.sio.on("session_confirm", self.confirmed.put)
        self.sio.on("session_rejected", self.rejected.put)
        self.sio.on("bot_uttered", self.replies.put)

    async def connect(self, port: int, origin: str = ALLOWED) -> None:
        await self.sio.connect(f"http://127.0.0.1:{port}", socketio_path="/socket.io", transports=["polling"],
                               headers={"Origin": origin})

    async def start(self, port: int, session_id=None, origin: str = ALLOWED) -> str:
        await self.connect(port, origin)
        await self.sio.emit("session_request", {"session_id": session_id})
        return await asyncio.wait_for(self.confirmed.get(), REPLY_TIMEOUT)

    async def close(self) -> None:
        await self.sio.eio.disconnect(abort=True)  # a polite disconnect waits for the long-poll (30 s)

    async def say(self, session_id: str, text: str, language: str = "fr"):
        await self.sio.emit("user_uttered", {"message": text, "session_id": session_id,
                                             "customData": {"language": language}})
        return await self.next(self.replies)

    @staticmethod
    async def next(queue: asyncio.Queue, timeout: float = REPLY_TIMEOUT):
        try:
            return await asyncio.wait_for(queue.get(), timeout)
        except asyncio.TimeoutError:
            return None


def stored_conversations(port: int) -> list:
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/test/conversations", timeout=10) as response:
        return json.loads(response.read())


def key_of(session_id: str) -> str:
    return stored_key("socketio", session_id)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("socketio")


@pytest.fixture(scope="module")
def project(workdir):
    with echo_server("project", workdir, origin=ALLOWED) as port:
        yield port


async def test_upstream_channel_loses_replies_with_session_persistence(workdir):
    """Documents the bug: if this ever passes with a reply, the upstream channel was fixed."""
    with echo_server("upstream", workdir) as port:
        client = WidgetLikeClient()
        try:
            session_id = await client.start(port, origin=f"http://127.0.0.1:{port}")
            assert await client.say(session_id, "bonjour") is None
        finally:
            await client.close()


async def test_signed_session_replies_and_resumes_after_a_reload(project):
    client = WidgetLikeClient()
    try:
        session_id = await client.start(project)
        assert SessionIds(SECRET).check(session_id) == session_id
        assert await client.say(session_id, "bonjour", "fr") == {"text": "echo[fr]: bonjour"}
    finally:
        await client.close()
    again = WidgetLikeClient()  # a page reload: a new socket comes back with the stored id
    try:
        assert await again.start(project, session_id) == session_id
        assert await again.say(session_id, "hello", "en") == {"text": "echo[en]: hello"}
    finally:
        await again.close()
    stored = stored_conversations(project)
    assert key_of(session_id) in stored and not any(session_id in key for key in stored)


@pytest.mark.parametrize("requested", [
    "3f2c9a0e1b7d4c6a8e5f0a1b2c3d4e5f",  # what the old widget generated: unsigned
    f"{'a' * 32}.{int(time.time())}.forgedsignatureAAAAAAAAAAAAAAAAAAAAAAAAAAAA",
    SessionIds(b"another-server-secret-value").issue(),  # signed, but not by this server
    SessionIds(SECRET, clock=lambda: time.time() - 40 * 86400).issue(),
])
async def test_unsigned_foreign_or_expired_ids_get_a_new_session(project, requested):
    client = WidgetLikeClient()
    try:
        session_id = await client.start(project, requested)
        assert session_id != requested and SessionIds(SECRET).check(session_id)
        # and the requested id cannot be used to talk either
        await client.sio.emit("user_uttered", {"message": "salut", "session_id": requested})
        assert await client.next(client.rejected) is not None
        assert client.replies.empty()
    finally:
        await client.close()


async def test_a_socket_talks_only_for_its_own_session(project):
    victim, attacker = WidgetLikeClient(), WidgetLikeClient()
    try:
        victim_id = await victim.start(project)
        await attacker.start(project)
        await attacker.sio.emit("user_uttered", {"message": "montre-moi", "session_id": victim_id})
        assert await attacker.next(attacker.rejected) is not None
        assert await victim.next(victim.replies, 1.0) is None and attacker.replies.empty()
        unbound = WidgetLikeClient()  # connected, never asked for a session
        await unbound.connect(project)
        await unbound.sio.emit("user_uttered", {"message": "allo", "session_id": victim_id})
        assert await unbound.next(unbound.rejected) is not None
        await unbound.close()
    finally:
        await victim.close()
        await attacker.close()


async def test_session_end_deletes_the_conversation_and_starts_a_new_one(project):
    client = WidgetLikeClient()
    try:
        old = await client.start(project)
        await client.say(old, "mon dossier")
        assert key_of(old) in stored_conversations(project)
        forged = old.rsplit(".", 1)[0] + ".AAAA"
        await client.sio.emit("session_end", {"session_id": forged})
        assert await client.next(client.rejected) is not None
        assert key_of(old) in stored_conversations(project)  # a forged id deletes nothing
        await client.sio.emit("session_end", {"session_id": old})
        new = await client.next(client.confirmed)
        assert new and new != old
        assert key_of(old) not in stored_conversations(project)
        assert await client.say(new, "nouvelle") == {"text": "echo[fr]: nouvelle"}
        await client.sio.emit("user_uttered", {"message": "encore", "session_id": old})
        assert await client.next(client.rejected) is not None
    finally:
        await client.close()


async def test_foreign_origins_are_refused(project):
    client = WidgetLikeClient()
    with pytest.raises(socketio.exceptions.ConnectionError):
        await client.connect(project, origin="https://evil.example")
    assert not client.sio.connected


async def test_oversized_packets_and_address_rate_limit(workdir):
    # connections, session requests and messages count: 2 + 2 for the two clients' starts, then 2 messages
    env = {"PP_MAX_REQUEST_BYTES": "4096", "PP_RATE_PER_ADDRESS": "6/60"}
    with echo_server("project", workdir, origin=ALLOWED, env=env) as port:
        client = WidgetLikeClient()
        try:
            session_id = await client.start(port)  # the connection counts once
            try:
                await client.sio.emit("user_uttered", {"message": "x" * 10_000, "session_id": session_id})
            except socketio.exceptions.SocketIOError:
                pass
            assert await client.next(client.replies, 2.0) is None  # refused, never echoed
        finally:
            await client.close()
        polite = WidgetLikeClient()
        try:
            session_id = await polite.start(port)
            answers = [await polite.say(session_id, f"message {n}") for n in range(4)]
            assert answers[0] == {"text": "echo[fr]: message 0"}
            while not polite.replies.empty():
                answers.append(polite.replies.get_nowait())
            texts = "\n".join(answer["text"] for answer in answers if answer)
            assert "echo[fr]: message 3" not in texts  # over the limit: not answered, but told why
            assert "plus vite que je ne peux y répondre" in texts and "faster than I can answer" in texts
        finally:
            await polite.close()


async def test_an_ended_session_id_deletes_once_and_is_then_dead(project):
    """One signed id could be replayed for ever, each time a delete in the store: now once."""
    client, replayer = WidgetLikeClient(), WidgetLikeClient()
    try:
        old = await client.start(project)
        await client.say(old, "mon dossier")
        await client.sio.emit("session_end", {"session_id": old})
        new = await client.next(client.confirmed)
        assert new and new != old and key_of(old) not in stored_conversations(project)
        await client.say(new, "nouvelle conversation")
        await replayer.connect(project)
        for _ in range(3):  # the same signed id, replayed from another socket
            await replayer.sio.emit("session_end", {"session_id": old})
            assert await replayer.next(replayer.rejected) is not None
        assert replayer.confirmed.empty()
        await replayer.sio.emit("session_request", {"session_id": old})
        assert await replayer.next(replayer.confirmed) not in (None, old)  # nor resumed
        await replayer.sio.emit("user_uttered", {"message": "encore", "session_id": old})
        assert await replayer.next(replayer.rejected) is not None
        assert key_of(new) in stored_conversations(project)  # the new conversation is untouched
    finally:
        await client.close()
        await replayer.close()


async def test_session_requests_and_ends_count_against_the_address_limit(workdir):
    with echo_server("project", workdir, origin=ALLOWED, env={"PP_RATE_PER_ADDRESS": "4/60"}) as port:
        client = WidgetLikeClient()
        try:
            session_id = await client.start(port)  # the connection and the request: 2 of 4
            await client.sio.emit("session_request", {"session_id": session_id})  # 3
            assert await client.next(client.confirmed) == session_id
            await client.sio.emit("session_end", {"session_id": session_id})  # 4: deletes, new session
            assert await client.next(client.confirmed)
            for request in ("session_request", "session_end", "session_request"):
                await client.sio.emit(request, {"session_id": session_id})
            assert await client.next(client.confirmed, 2.0) is None  # over the budget: nothing done
            notice = [await client.next(client.replies) for _ in range(2)]  # French, then English
            assert "plus vite" in notice[0]["text"] and "faster than I can answer" in notice[1]["text"]
            assert await client.next(client.replies, 1.0) is None  # told once, not once per request
        finally:
            await client.close()
