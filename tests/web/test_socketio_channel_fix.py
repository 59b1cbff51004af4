"""The socket.io channel fix (RasaHQ/rasa#13027), proven with a real socket.io client.

With python-socketio >= 5.10, ``AsyncServer.enter_room`` is a coroutine. Rasa 3.6.21's channel
calls it without ``await`` in its ``session_request`` handler, so with ``session_persistence:
true`` the socket never joins its session's room, and every reply (emitted to that room) is lost.
``channels.socketio.GuardedSocketIOInput`` awaits it.

The same echo bot is mounted behind each channel in a real Sanic server on loopback; a
python-socketio client asks for a session, sends a message and waits for the reply. The upstream
channel never answers; ours does, also to a second socket that comes back with the same
session_id (what the widget does after a page reload).
"""
from __future__ import annotations

import asyncio

import pytest
import socketio

from tests.web.servers import echo_server

REPLY_TIMEOUT = 5.0


class WidgetLikeClient:
    """Does what the web widget does: session_request, then user_uttered with customData.

    Long-polling transport: python-engineio 4.15's asyncio websocket client needs aiohttp >= 3.10,
    and rasa 3.6.21 pins aiohttp 3.9.5. The rooms, and so the bug, are the same for any transport;
    the browser tests cover the websocket transport the widget uses.
    """

    def __init__(self) -> None:
        self.sio = socketio.AsyncClient(reconnection=False)
        self.session: asyncio.Future = asyncio.get_running_loop().create_future()
        self.replies: asyncio.Queue = asyncio.Queue()
        self.sio.on("session_confirm", self._confirmed)
        self.sio.on("bot_uttered", self._uttered)

    async def _confirmed(self, session_id):
        if not self.session.done():
            self.session.set_result(session_id)

    async def _uttered(self, data):
        await self.replies.put(data)

    async def start(self, port: int, session_id=None) -> str:
        await self.sio.connect(f"http://127.0.0.1:{port}", socketio_path="/socket.io", transports=["polling"])
        await self.sio.emit("session_request", {"session_id": session_id})
        return await asyncio.wait_for(self.session, REPLY_TIMEOUT)

    async def close(self) -> None:
        await self.sio.eio.disconnect(abort=True)  # a polite disconnect waits for the long-poll (30 s)

    async def say(self, session_id: str, text: str, language: str = "fr"):
        await self.sio.emit("user_uttered", {"message": text, "session_id": session_id,
                                             "customData": {"language": language}})
        try:
            return await asyncio.wait_for(self.replies.get(), REPLY_TIMEOUT)
        except asyncio.TimeoutError:
            return None


@pytest.fixture(scope="module")
def workdir(tmp_path_factory):
    return tmp_path_factory.mktemp("socketio-fix")


async def test_upstream_channel_loses_replies_with_session_persistence(workdir):
    """Documents the bug: if this ever passes with a reply, the upstream channel was fixed."""
    with echo_server("upstream", workdir) as port:
        client = WidgetLikeClient()
        try:
            session_id = await client.start(port)
            assert await client.say(session_id, "bonjour") is None
        finally:
            await client.close()


async def test_project_channel_delivers_replies_and_reads_custom_data(workdir):
    with echo_server("project", workdir) as port:
        client = WidgetLikeClient()
        try:
            session_id = await client.start(port)
            assert await client.say(session_id, "bonjour", "fr") == {"text": "echo[fr]: bonjour"}
        finally:
            await client.close()

        # a page reload: a new socket asks for the same session and gets its replies
        again = WidgetLikeClient()
        try:
            assert await again.start(port, session_id) == session_id
            assert await again.say(session_id, "hello", "en") == {"text": "echo[en]: hello"}
        finally:
            await again.close()


@pytest.mark.filterwarnings("ignore:coroutine .* was never awaited:RuntimeWarning")
async def test_session_request_handler_joins_the_room_only_when_fixed():
    """Focused, no server: our session_request handler joins the room, upstream's does not."""
    from rasa.core.channels.socketio import SocketIOInput

    from channels.socketio import GuardedSocketIOInput

    async def noop(_message):
        return None

    joined = {}
    for kind, cls in (("upstream", SocketIOInput), ("project", GuardedSocketIOInput)):
        channel = cls.from_credentials({"session_persistence": True})
        channel.blueprint(noop)
        sio, rooms, confirmed = channel.sio, [], []

        async def enter_room(sid, room, namespace=None, _rooms=rooms):  # as in python-socketio >= 5.10
            _rooms.append(room)

        async def emit(event, data=None, room=None, **_kwargs):
            confirmed.append((event, data, room))

        sio.enter_room, sio.emit = enter_room, emit
        await sio.handlers["/"]["session_request"]("sid-1", {"session_id": "abc"})
        assert confirmed == [("session_confirm", "abc", "sid-1")]
        joined[kind] = rooms
    assert joined == {"upstream": [], "project": ["abc"]}
