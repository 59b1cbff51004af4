"""The socket.io channel for the web widget: server-issued signed sessions, origins, limits.

Protocol (the widget, web/src/widget.js):

* ``session_request {session_id}``: a session id this server signed (``PP_SESSION_SECRET``) and not
  expired resumes that conversation (a page reload); anything else (none, unsigned, forged,
  expired) gets a new id. Answer: ``session_confirm <id>``. The socket is bound to that session.
* ``user_uttered {message, session_id, customData}``: only on a bound socket and for its own
  session, else ``session_rejected {reason}``. ``customData`` is the message's metadata.
* ``session_end {session_id}``: "New conversation": the conversation is deleted from the tracker
  store (authorised by the signed id, once: the id is then dead, a replay is rejected), off the
  event loop, and a new session is confirmed.

Replies are held until the turn is over and its events are saved, then sent (``HeldOutputChannel``).
Each reply carries its language: ``bot_uttered {text, quick_replies?, lang?}`` (rasa_server/channels/reply_language.py).

Connections are accepted only from the origins in ``PP_ALLOWED_ORIGINS`` (a browser always sends
``Origin``; when the variable is empty, only the server's own origin). Engine.IO packets are
limited to ``PP_MAX_REQUEST_BYTES``; connections, session requests, session ends and messages all
count against the per-address limit (over it: the polite notice, at most once a minute, and nothing done).
Replaces Rasa 3.6.21's handlers, which also fixes its un-awaited ``enter_room`` (RasaHQ/rasa#13027).
"""
from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from rasa.core.channels.channel import OutputChannel, UserMessage
from rasa.core.channels.socketio import SocketBlueprint, SocketIOInput
from sanic import Blueprint, response
from sanic.request import Request
from sanic.response import HTTPResponse
from socketio import AsyncServer

from rasa_server.channels import security
from rasa_server.channels.base import ProtectedChannel, client_address, max_request_bytes, slow_down_text
from rasa_server.channels.forget import forget
from rasa_server.channels.reply_language import LanguageSocketIOOutput

logger = logging.getLogger(__name__)


async def _maybe(result: Any) -> Any:
    return await result if inspect.isawaitable(result) else result


class HeldOutputChannel(OutputChannel):
    """Holds a turn's replies until the turn is over, then sends them.

    Rasa sends socket.io replies while the turn runs and saves the conversation at its end: a
    replica that died in between had answered a message it never stored (the cluster test saw a
    form's answer lost that way). Held until the turn is saved, every answer belongs to a stored
    turn; a replica that dies first sends nothing, and the widget sends its unanswered message
    again after reconnecting (as a REST client does after a 502). The apology goes the same way.
    """

    def __init__(self, inner: OutputChannel) -> None:
        self.inner = inner
        self.held: list = []

    def name(self) -> str:
        return self.inner.name()

    async def send_response(self, recipient_id: str, message: dict[str, Any]) -> None:
        self.held.append(("send_response", (recipient_id, message), {}))

    async def send_text_message(self, recipient_id: str, text: str, **kwargs: Any) -> None:
        self.held.append(("send_text_message", (recipient_id, text), kwargs))

    async def flush(self) -> None:
        held, self.held = self.held, []
        for method, args, kwargs in held:
            await getattr(self.inner, method)(*args, **kwargs)


class GuardedSocketIOInput(ProtectedChannel, SocketIOInput):
    @classmethod
    def name(cls) -> str:
        return "socketio"

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        security.secret(security.SENDER_KEY)
        self.sessions = security.SessionIds(security.secret(security.SESSION_SECRET))
        self.ended = security.EndedSessions(self.sessions.max_age)
        self.origins = security.allowed_origins()
        self.app: Any = None

    def server(self) -> AsyncServer:
        # None: same origin only (python-engineio); Rasa's [] would accept every origin
        return AsyncServer(async_mode="sanic", cors_allowed_origins=self.origins or None,
                           max_http_buffer_size=max_request_bytes())

    async def _reject(self, sid: str, reason: str) -> None:
        logger.warning("socket.io: %s", reason)
        await self.sio.emit("session_rejected", {"reason": reason}, room=sid, namespace=self.namespace)

    async def _bind(self, sid: str, session_id: str) -> None:
        sio, namespace = self.sio, self.namespace
        async with sio.session(sid, namespace=namespace) as session:
            previous = session.get("session_id")
            session["session_id"] = session_id
        if previous and previous != session_id:
            await _maybe(sio.leave_room(sid, previous, namespace=namespace))
        await _maybe(sio.enter_room(sid, session_id, namespace=namespace))
        await sio.emit("session_confirm", session_id, room=sid, namespace=namespace)

    def _valid(self, session_id: object) -> str | None:
        """The id if this server signed it, it has not expired and it has not ended its conversation."""
        checked = self.sessions.check(session_id)
        return checked if checked and checked not in self.ended else None

    async def _over_limit(self, sid: str, room: str, what: str) -> bool:
        """Counts one request against the address's budget; over it, the notice (once a window)."""
        address = (await self.sio.get_session(sid, namespace=self.namespace)).get("address") or "unknown"
        if self.address_allowed(address):
            return False
        logger.warning("socket.io %s over the per-address rate limit", what)
        if self.limits.notice.allow(f"address:{address}"):
            await LanguageSocketIOOutput(self.sio, self.bot_message_evt).send_text_message(room, slow_down_text())
        return True

    async def end_session(self, sid: str, data: Any) -> None:
        if await self._over_limit(sid, sid, "session_end"):
            return None
        session_id = self._valid((data or {}).get("session_id") if isinstance(data, dict) else None)
        if not session_id or not self.ended.end(session_id):
            return await self._reject(sid, "session_end with an unsigned, expired or already ended session id")
        store = getattr(getattr(getattr(self.app, "ctx", None), "agent", None), "tracker_store", None)
        if store is not None:
            await forget(store, self.key_for(session_id))
        await self._bind(sid, self.sessions.issue())

    def register(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> None:
        sio, namespace, handle = self.sio, self.namespace, self.handler(on_new_message)

        @sio.on("connect", namespace=namespace)
        async def connect(sid: str, environ: dict, auth: dict | None = None) -> bool:
            address = client_address(environ.get("sanic.request"))
            if not self.address_allowed(address):
                logger.warning("socket.io connection over the per-address rate limit")
                return False
            await sio.save_session(sid, {"address": address}, namespace=namespace)
            return True

        @sio.on("session_request", namespace=namespace)
        async def session_request(sid: str, data: Any) -> None:
            if await self._over_limit(sid, sid, "session_request"):
                return None
            requested = data.get("session_id") if isinstance(data, dict) else None
            session_id = self._valid(requested)
            if requested and not session_id:
                logger.info("socket.io: unsigned, foreign or expired session id replaced by a new one")
            await self._bind(sid, session_id or self.sessions.issue())

        @sio.on("session_end", namespace=namespace)
        async def session_end(sid: str, data: Any) -> None:
            await self.end_session(sid, data)

        @sio.on(self.user_message_evt, namespace=namespace)
        async def user_uttered(sid: str, data: Any) -> None:
            session = await sio.get_session(sid, namespace=namespace)
            bound = session.get("session_id")
            if not isinstance(data, dict) or not bound or data.get("session_id", bound) != bound or bound in self.ended:
                return await self._reject(sid, "message without this socket's confirmed session")
            if await self._over_limit(sid, bound, "message"):
                return None
            output = LanguageSocketIOOutput(sio, self.bot_message_evt)  # replies carry their `lang`
            metadata = data.get(self.metadata_key)
            text = data.get("message")
            held = HeldOutputChannel(output)
            try:
                await handle(UserMessage(text if isinstance(text, str) else "", held, bound, input_channel=self.name(),
                                         metadata=metadata if isinstance(metadata, dict) else None))
            finally:
                await held.flush()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        self.sio = self.server()
        webhook = SocketBlueprint(self.sio, self.socketio_path, "socketio_webhook", __name__)

        @webhook.route("/", methods=["GET"])
        async def health(_: Request) -> HTTPResponse:
            return response.json({"status": "ok"})

        @webhook.listener("before_server_start")
        async def keep_app(app: Any, _loop: Any) -> None:
            self.app = app  # its agent's tracker store, for session_end

        self.register(on_new_message)
        return self.protect(webhook)
