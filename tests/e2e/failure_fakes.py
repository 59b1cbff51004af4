"""A switchable stand-in for the action server: passes requests to the real one, or hangs."""
from __future__ import annotations

import threading
import urllib.error
import urllib.request
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


class SwitchableActionServer:
    """Forwards GET /health and POST /webhook to `target`; while `hang` is set, never answers."""

    def __init__(self, target: str) -> None:
        self.target = target
        self.hang = threading.Event()
        self.release = threading.Event()
        outer = self

        class Handler(BaseHTTPRequestHandler):
            def _forward(self, body=None):
                if outer.hang.is_set():
                    outer.release.wait(120)  # a hung server: holds the connection, sends nothing
                    return
                request = urllib.request.Request(outer.target + self.path, body,
                                                 {"Content-Type": "application/json"})
                try:
                    with urllib.request.urlopen(request, timeout=60) as response:
                        status, payload = response.status, response.read()
                except urllib.error.HTTPError as error:
                    status, payload = error.code, error.read()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def do_GET(self):
                self._forward()

            def do_POST(self):
                self._forward(self.rfile.read(int(self.headers.get("Content-Length") or 0)))

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]

    def __enter__(self) -> SwitchableActionServer:
        threading.Thread(target=self.server.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self.release.set()
        self.server.shutdown()
        self.server.server_close()

    def set_hung(self, hung: bool) -> None:
        if hung:
            self.release.clear()
            self.hang.set()
        else:
            self.hang.clear()
            self.release.set()
