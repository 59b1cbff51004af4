"""The web tests' own servers: the socket.io echo bot and the demo site with the widget."""
from __future__ import annotations

import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.servers import ROOT, free_port, local_server

WEB = ROOT / "web"


def origins_env(*sites: str) -> dict[str, str]:
    """PP_ALLOWED_ORIGINS for pages served at ``sites`` (``http://127.0.0.1:<port>``), also as localhost."""
    origins = []
    for site in sites:
        origins += [site, site.replace("127.0.0.1", "localhost")]
    return {"PP_ALLOWED_ORIGINS": ",".join(origins)}


@contextmanager
def echo_server(kind: str, workdir: Path, port: int | None = None, origin: str | None = None,
                env: dict[str, str] | None = None) -> Iterator[int]:
    """tests/web/socketio_echo_app.py: the socket.io (and REST) channel in front of an echo bot,
    accepting pages from ``origin``."""
    port = port or free_port()
    command = [sys.executable, "-m", "tests.web.socketio_echo_app", kind, str(port)]
    variables = dict(origins_env(origin) if origin else {}, **(env or {}))
    with local_server(f"echo-{kind}", command, workdir, port, env=variables) as ready:
        yield ready


def site_url(port: int) -> str:
    return f"http://127.0.0.1:{port}"


@contextmanager
def static_site(workdir: Path, socket_port: int, port: int | None = None) -> Iterator[str]:
    """web/serve_site.py, the demo pages with the widget, pointed at a socket.io server."""
    port = port or free_port()
    command = [sys.executable, str(WEB / "serve_site.py"), "--port", str(port),
               "--socket-url", f"http://127.0.0.1:{socket_port}"]
    with local_server("site", command, workdir, port, ready_path="/config.js", timeout=30, with_env=False):
        yield f"http://127.0.0.1:{port}"
