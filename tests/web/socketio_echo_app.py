"""A minimal Sanic app with one socket.io channel and an echo bot, for the channel-fix test.

Usage: python -m tests.web.socketio_echo_app {upstream|project} PORT

``upstream`` mounts Rasa 3.6.21's own ``SocketIOInput``, ``project`` mounts
``channels.socketio.GuardedSocketIOInput``; both with ``session_persistence: true`` and
``metadata_key: customData`` as in credentials.yml. The bot answers every message with
``echo[<customData.language>]: <text>`` through the channel's output, so the only thing that
differs between the two runs is the channel's ``session_request`` handler.
"""
from __future__ import annotations

import sys

from rasa.core.channels.socketio import SocketIOInput
from sanic import Sanic, response

from channels.socketio import GuardedSocketIOInput

CHANNELS = {"upstream": SocketIOInput, "project": GuardedSocketIOInput}
CREDENTIALS = {"user_message_evt": "user_uttered", "bot_message_evt": "bot_uttered",
               "session_persistence": True, "metadata_key": "customData"}


def make_app(kind: str) -> Sanic:
    channel = CHANNELS[kind].from_credentials(CREDENTIALS)

    async def on_new_message(message) -> None:
        language = (message.metadata or {}).get("language")
        await message.output_channel.send_text_message(message.sender_id, f"echo[{language}]: {message.text}")

    app = Sanic(f"socketio_echo_{kind}")
    app.blueprint(channel.blueprint(on_new_message), url_prefix=channel.url_prefix())

    @app.get("/")
    async def health(_request):
        return response.text("ok")

    return app


if __name__ == "__main__":
    which, port = sys.argv[1], int(sys.argv[2])
    make_app(which).run(host="127.0.0.1", port=port, access_log=False, motd=False)
