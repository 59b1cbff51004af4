"""Starts the real action server and Rasa server on loopback for tests, and stops them."""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, Optional

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "pp.tar.gz"
FIXED_NOW = "2026-11-25T09:30:00-05:00"  # a Wednesday morning in Montréal, line opens at 10:00


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _env(now: Optional[str]) -> dict[str, str]:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", PYTHONPATH=str(ROOT))
    if now:
        env["ASSISTANT_NOW"] = now
    return env


def wait_for(url: str, timeout: float, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"server exited early:\n{log.read_text()[-3000:]}")
        try:
            with urllib.request.urlopen(url, timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.5)
    raise TimeoutError(f"{url} not ready after {timeout}s:\n{log.read_text()[-3000:]}")


def _stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()


@contextmanager
def action_server(workdir: Path, now: Optional[str] = FIXED_NOW) -> Iterator[int]:
    port = free_port()
    log = workdir / f"actions-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen([str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
                                   cwd=ROOT, env=_env(now), stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", 60, process, log)
        yield port
    finally:
        _stop(process)


def write_endpoints(workdir: Path, actions_port: int, tracker_db: Optional[Path]) -> Path:
    lines = [f"action_endpoint:\n  url: http://127.0.0.1:{actions_port}/webhook\n"]
    if tracker_db:
        lines.append(f"tracker_store:\n  type: SQL\n  dialect: sqlite\n  db: {tracker_db}\n")
    path = workdir / f"endpoints-{actions_port}.yml"
    path.write_text("".join(lines))
    return path


@contextmanager
def rasa_server(workdir: Path, actions_port: int, tracker_db: Optional[Path] = None,
                credentials: Path = ROOT / "credentials.yml", port: Optional[int] = None) -> Iterator[int]:
    port = port or free_port()
    endpoints = write_endpoints(workdir, actions_port, tracker_db)
    log = workdir / f"rasa-{port}.log"
    with log.open("w") as out:
        process = subprocess.Popen(
            [str(BIN / "rasa"), "run", "--model", str(MODEL), "--port", str(port), "--interface", "127.0.0.1",
             "--credentials", str(credentials), "--endpoints", str(endpoints)],
            cwd=ROOT, env=_env(None), stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/", 180, process, log)
        yield port
    finally:
        _stop(process)
