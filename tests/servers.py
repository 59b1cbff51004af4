"""Starts the real action server and Rasa server on loopback for tests, and stops them.

The process handling lives in bench/servers.py, shared with the benchmark (`make bench`).
"""
from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

from bench.servers import (BIN, CREDENTIALS, FIXED_NOW, MODEL, ROOT, free_port, server_env, start_action_server,
                           start_rasa_server, stop, wait_for, write_endpoints)

__all__ = ["BIN", "FIXED_NOW", "MODEL", "ROOT", "free_port", "wait_for", "write_endpoints", "action_server",
           "rasa_server", "_env", "_stop"]

_env = server_env
_stop = stop


@contextmanager
def action_server(workdir: Path, now: Optional[str] = FIXED_NOW) -> Iterator[int]:
    server = start_action_server(workdir, now=now)
    try:
        wait_for(f"{server.url}/health", 60, server.process, server.log)
        yield server.port
    finally:
        stop(server.process)


@contextmanager
def rasa_server(workdir: Path, actions_port: int, tracker_db: Optional[Path] = None,
                credentials: Path = CREDENTIALS, port: Optional[int] = None) -> Iterator[int]:
    server = start_rasa_server(workdir, actions_port, MODEL, tracker_db, credentials, port)
    try:
        wait_for(f"{server.url}/", 180, server.process, server.log)
        yield server.port
    finally:
        stop(server.process)
