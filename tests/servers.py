"""Starts the real action server and Rasa server on loopback for tests, and stops them.

The process handling lives in bench/servers.py, shared with the benchmark (`make bench`).
"""
from __future__ import annotations

import subprocess
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List, Optional

from bench.servers import (BIN, CREDENTIALS, FIXED_NOW, MODEL, ROOT, free_port, server_env, start_action_server,
                           start_rasa_server, stop, wait_for, write_endpoints)

__all__ = ["BIN", "FIXED_NOW", "MODEL", "ROOT", "free_port", "wait_for", "write_endpoints", "action_server",
           "rasa_server", "local_server", "_env", "_stop"]

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


@contextmanager
def local_server(name: str, command: List[str], workdir: Path, port: int, ready_path: str = "/",
                 timeout: float = 60, with_env: bool = True) -> Iterator[int]:
    """Any other server the tests start (an echo bot, the demo site): run, wait until ready, stop."""
    log = workdir / f"{name}-{port}.log"
    with log.open("a") as out:
        process = subprocess.Popen(command, cwd=ROOT, env=server_env(None) if with_env else None,
                                   stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}{ready_path}", timeout, process, log)
        yield port
    finally:
        stop(process)
