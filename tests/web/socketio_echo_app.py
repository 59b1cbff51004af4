"""A minimal Sanic app with the socket.io channel (and, for ``project``, the REST channel) in front of
an echo bot, for the channel tests. Starts in about a second.

Usage: python -m tests.web.socketio_echo_app {upstream|project} PORT

``upstream`` mounts Rasa 3.6.21's own ``SocketIOInput``, ``project`` mounts
``rasa_server.channels.socketio.GuardedSocketIOInput`` and ``rasa_server.channels.rest.GuardedRestInput``; socket.io with
``session_persistence: true`` and ``metadata_key: customData`` as in credentials.yml. The bot
answers every message with ``echo[<customData.language>]: <text>`` through the channel's output and
records the conversation key in an in-memory tracker store, listed by ``GET /test/conversations``
(what the tests check deletion and key hashing against). Secrets, origins and limits come from the
environment (``PP_*``), as for the real server. ``ECHO_SLOW_SECONDS``: messages starting with
"lent" are answered that much later (a server that dies while answering). A message starting with
"panne" fails without a reply (what the action server being down does): the channel's guard apologises.
"""
from __future__ import annotations

import asyncio
import os
import sys
from types import SimpleNamespace

from rasa.core.channels.socketio import SocketIOInput
from rasa.core.tracker_store import InMemoryTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import UserUttered
from rasa.shared.core.trackers import DialogueStateTracker
from sanic import Sanic, response

CREDENTIALS = {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered",
               "session_persistence": True, "metadata_key": "customData"}


def channels(kind: str) -> list:
    if kind == "upstream":
        return [SocketIOInput.from_credentials(CREDENTIALS)]
    from rasa_server.channels.rest import GuardedRestInput
    from rasa_server.channels.socketio import GuardedSocketIOInput
    from rasa_server.startup import install_patches

    install_patches()  # as `python -m rasa_server.startup run` does: the channels refuse to be built otherwise
    return [GuardedSocketIOInput.from_credentials(CREDENTIALS), GuardedRestInput.from_credentials(None)]


def make_app(kind: str) -> Sanic:
    store = InMemoryTrackerStore(Domain.empty())

    async def on_new_message(message) -> None:
        tracker = await store.retrieve(message.sender_id) or DialogueStateTracker(message.sender_id, None)
        tracker.update(UserUttered(message.text))
        await store.save(tracker)
        language = (message.metadata or {}).get("language")
        if (message.text or "").startswith("panne"):
            raise RuntimeError("no reply: the guard's apology")
        if (message.text or "").startswith("lent"):
            await asyncio.sleep(float(os.environ.get("ECHO_SLOW_SECONDS") or 0))
        await message.output_channel.send_text_message(message.sender_id, f"echo[{language}]: {message.text}")

    app = Sanic(f"socketio_echo_{kind}")
    app.ctx.agent = SimpleNamespace(tracker_store=store)
    for channel in channels(kind):
        app.blueprint(channel.blueprint(on_new_message), url_prefix=f"/webhooks/{channel.url_prefix()}")

    @app.get("/")
    async def health(_request):
        return response.text("ok")

    @app.get("/test/conversations")
    async def conversations(_request):
        return response.json(sorted(store.store))

    return app


if __name__ == "__main__":
    which, port = sys.argv[1], int(sys.argv[2])
    make_app(which).run(host="127.0.0.1", port=port, access_log=False, motd=False)
