"""Starts the real action server and Rasa server on loopback for tests, and stops them.

The process handling lives in devtools/servers.py, shared with the benchmark (`make bench`).
"""
from __future__ import annotations

import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from devtools.servers import (
    BIN,
    FIXED_NOW,
    LOCAL_SECRETS,
    MODEL,
    ROOT,
    free_port,
    rest_credentials,
    rest_headers,
    server_env,
    start_action_server,
    start_rasa_server,
    stop,
    wait_for,
    write_endpoints,
)

__all__ = ["BIN", "FIXED_NOW", "LOCAL_SECRETS", "MODEL", "ROOT", "free_port", "wait_for", "write_endpoints",
           "action_server", "rasa_server", "local_server", "rest_credentials", "rest_headers", "_env", "_stop"]

_env = server_env
_stop = stop


@contextmanager
def action_server(workdir: Path, now: str | None = FIXED_NOW) -> Iterator[int]:
    server = start_action_server(workdir, now=now)
    try:
        wait_for(f"{server.url}/health", 60, server.process, server.log)
        yield server.port
    finally:
        stop(server.process)


@contextmanager
def rasa_server(workdir: Path, actions_port: int, tracker_db: Path | None = None,
                credentials: Path | None = None, port: int | None = None,
                env: dict[str, str] | None = None) -> Iterator[int]:
    """Rasa on loopback: credentials.yml plus the REST channel unless ``credentials`` is given."""
    server = start_rasa_server(workdir, actions_port, MODEL, tracker_db, credentials, port, env)
    try:
        wait_for(f"{server.url}/", 180, server.process, server.log)
        yield server.port
    finally:
        stop(server.process)


@contextmanager
def local_server(name: str, command: list[str], workdir: Path, port: int, ready_path: str = "/",
                 timeout: float = 60, with_env: bool = True, env: dict[str, str] | None = None) -> Iterator[int]:
    """Any other server the tests start (an echo bot, the demo site): run, wait until ready, stop."""
    log = workdir / f"{name}-{port}.log"
    with log.open("a") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=dict(server_env(None), **(env or {})) if with_env else None,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}{ready_path}", timeout, process, log)
        yield port
    finally:
        stop(process)


def stored_key(channel: str, sender_id: object) -> str:
    """The conversation key the servers started here store for ``sender_id`` on ``channel``."""
    from unittest import mock

    from channels.security import conversation_key

    with mock.patch.dict("os.environ", {"PP_SENDER_KEY": server_env(None)["PP_SENDER_KEY"]}):
        return conversation_key(channel, sender_id)
