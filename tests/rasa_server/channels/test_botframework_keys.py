"""Bot Framework signing keys without a Rasa server: fetched without blocking the event loop, and an
unknown key id does not make every request download them again."""
from __future__ import annotations

import asyncio
import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from rasa_server.channels.platforms.botframework import GuardedBotFrameworkInput

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

DELAY = 1.0


@pytest.fixture()
def slow_keys():
    """An OpenID configuration and key set that take ``DELAY`` seconds each to answer."""
    calls = []

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):
            calls.append(self.path)
            time.sleep(DELAY)
            base = f"http://127.0.0.1:{self.server.server_address[1]}"
            body = {"jwks_uri": f"{base}/keys"} if self.path == "/openid" else {"keys": [{"kid": "k1", "kty": "RSA"}]}
            data = json.dumps(body).encode()
            self.send_response(200)
            self.send_header("Content-Type", "application/json")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}/openid", calls
    server.shutdown()
    server.server_close()


async def test_key_download_does_not_block_the_event_loop(slow_keys):
    url, calls = slow_keys
    channel = GuardedBotFrameworkInput("app-id", "secret", openid_config_url=url)
    assert calls == []  # building the channel downloads nothing
    ticks = 0

    async def ticker():
        nonlocal ticks
        while True:
            await asyncio.sleep(0.05)
            ticks += 1

    task = asyncio.create_task(ticker())
    started = time.monotonic()
    await channel.refresh_keys(force=True)
    elapsed = time.monotonic() - started
    task.cancel()
    assert set(channel.jwt_keys) == {"k1"} and elapsed >= 2 * DELAY
    assert ticks >= 0.6 * elapsed / 0.05, f"the loop ran only {ticks} times in {elapsed:.1f} s"


async def test_unknown_key_ids_trigger_at_most_one_download_per_window(slow_keys):
    url, calls = slow_keys
    channel = GuardedBotFrameworkInput("app-id", "secret", openid_config_url=url)
    await channel.refresh_keys(force=True)
    downloads = len(calls)
    for _ in range(3):
        await channel.refresh_keys()  # what an unknown key id asks for
    assert len(calls) == downloads
