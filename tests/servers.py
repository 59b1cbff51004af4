"""Starts the real action server and Rasa server on loopback for tests, and stops them.

The servers' context managers live in tools/measuring/servers.py (``served``, ``action_server``,
``rasa_server``), shared with the benchmark (`make bench`); re-exported here for the tests.
"""
from __future__ import annotations

import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tools.measuring.servers import (
    BIN,
    FIXED_NOW,
    LOCAL_SECRETS,
    MODEL,
    RASA_RUN,
    ROOT,
    Server,
    Stack,
    action_server,
    free_port,
    rasa_server,
    rest_credentials,
    rest_headers,
    running,
    served,
    server_env,
    stop,
    wait_for,
    write_endpoints,
)

__all__ = ["BIN", "FIXED_NOW", "LOCAL_SECRETS", "MODEL", "RASA_RUN", "ROOT", "Stack", "free_port", "wait_for", "write_endpoints",
           "action_server", "rasa_server", "served", "local_server", "rest_credentials", "rest_headers", "server_env",
           "_env", "_stop"]

_env = server_env
_stop = stop


@contextmanager
def local_server(name: str, command: list[str], workdir: Path, port: int, ready_path: str = "/",
                 timeout: float = 60, with_env: bool = True, env: dict[str, str] | None = None) -> Iterator[int]:
    """Any other server the tests start (an echo bot, the demo site): run, wait until ready, stop."""
    log = workdir / f"{name}-{port}.log"
    with log.open("a") as out:
        started = time.monotonic()
        process = subprocess.Popen(command, cwd=ROOT, env=dict(server_env(None), **(env or {})) if with_env else None,
                                   stdout=out, stderr=subprocess.STDOUT)
    with running(Server(name, process, port, log, started), ready_path, timeout):
        yield port


def stored_key(channel: str, sender_id: object) -> str:
    """The conversation key the servers started here store for ``sender_id`` on ``channel``."""
    from unittest import mock

    from rasa_server.channels.security import conversation_key

    with mock.patch.dict("os.environ", {"PP_SENDER_KEY": server_env(None)["PP_SENDER_KEY"]}):
        return conversation_key(channel, sender_id)


def processes_with(*words: str, group: int | None = None) -> list[int]:
    """The processes whose command line has all of ``words`` as arguments (in the process group ``group``)."""
    import os

    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            command = (entry / "cmdline").read_bytes().decode(errors="replace").split("\0")
            if all(word in command for word in words) and (group is None or os.getpgid(int(entry.name)) == group):
                found.append(int(entry.name))
        except OSError:
            continue
    return found


def kill_action_server(port: int, group: int | None = None) -> None:
    """The action server on ``port`` (`rasa run actions --port <port>`) killed at once: "the action server is down"."""
    import os
    import signal

    pids = processes_with("actions", "--port", str(port), group=group)
    assert pids, f"no action server on port {port}"
    for pid in pids:
        os.kill(pid, signal.SIGKILL)
