"""The socket.io channel for the web widget, fixed and with guarded replies.

Rasa 3.6.21's channel calls ``sio.enter_room`` without ``await``; since python-socketio 5.10 that
method is a coroutine, so with ``session_persistence: true`` the socket never joins its session's
room and no reply reaches the browser (RasaHQ/rasa#13027). This subclass re-registers the
``session_request`` handler with the call awaited.
"""
from __future__ import annotations

import inspect
import uuid
from typing import Any, Awaitable, Callable, Dict, Optional, Text

from rasa.core.channels.socketio import SocketIOInput
from sanic import Blueprint

from channels.reply_guard import guard


class GuardedSocketIOInput(SocketIOInput):
    @classmethod
    def name(cls) -> Text:
        return "socketio"

    def blueprint(self, on_new_message: Callable[[Any], Awaitable[Any]]) -> Blueprint:
        webhook = super().blueprint(guard(on_new_message))
        sio = self.sio

        @sio.on("session_request", namespace=self.namespace)
        async def session_request(sid: Text, data: Optional[Dict]) -> None:
            data = dict(data or {})
            if not data.get("session_id"):
                data["session_id"] = uuid.uuid4().hex
            if self.session_persistence:
                joined = sio.enter_room(sid, data["session_id"], namespace=self.namespace)
                if inspect.isawaitable(joined):
                    await joined
            await sio.emit("session_confirm", data["session_id"], room=sid, namespace=self.namespace)

        return webhook
