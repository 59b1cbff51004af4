"""The web tests' own servers: the socket.io echo bot and the demo site with the widget."""
from __future__ import annotations

import sys
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator

from tests.servers import ROOT, free_port, local_server

WEB = ROOT / "web"


@contextmanager
def echo_server(kind: str, workdir: Path, port: int | None = None) -> Iterator[int]:
    """tests/web/socketio_echo_app.py: one socket.io channel in front of an echo bot."""
    port = port or free_port()
    command = [sys.executable, "-m", "tests.web.socketio_echo_app", kind, str(port)]
    with local_server(f"echo-{kind}", command, workdir, port) as ready:
        yield ready


@contextmanager
def static_site(workdir: Path, socket_port: int) -> Iterator[str]:
    """web/serve_site.py, the demo pages with the widget, pointed at a socket.io server."""
    port = free_port()
    command = [sys.executable, str(WEB / "serve_site.py"), "--port", str(port),
               "--socket-url", f"http://127.0.0.1:{socket_port}"]
    with local_server("site", command, workdir, port, ready_path="/config.js", timeout=30, with_env=False):
        yield f"http://127.0.0.1:{port}"
