"""Starting and stopping the real servers (action server, Rasa server) on loopback.

Shared by the tests and the benchmark. The tests use the context managers (``served``: the action
server and a Rasa server using it; ``action_server``, ``rasa_server``: one of them), which wait until
the server answers and stop it on exit. The benchmark uses ``start_*`` directly: it also needs the
process itself (when it was started, for the cold start; its resident memory and CPU time).
"""
from __future__ import annotations

import os
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
BIN = Path(sys.executable).parent
MODEL = ROOT / "models" / "pp.tar.gz"
CREDENTIALS = ROOT / "credentials.yml"
FIXED_NOW = "2026-11-25T09:30:00-05:00"  # a Wednesday morning in Montréal, line opens at 10:00
HOST = "127.0.0.1"
TRACKER_STORE = "rasa_server.stores.tracker_store.RedactingTrackerStore"
# `rasa run` through the project's start-up hook, so that TensorFlow is never imported (rasa_server/startup.py)
RASA_RUN = (str(BIN / "python"), "-m", "rasa_server.startup", "run")


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


# Harmless local values for the channels' secrets (docs/channels.md), unless the environment has its
# own; generous rate limits, since every test and the benchmark talk from 127.0.0.1 (the rate-limit
# tests start servers with small ones).
LOCAL_SECRETS = {
    "PP_REST_TOKEN": "local-test-rest-token-not-a-secret",
    "PP_SENDER_KEY": "local-test-sender-key-not-a-secret",
    "PP_SESSION_SECRET": "local-test-session-secret-not-a-secret",
    "PP_RATE_PER_SENDER": "600/60",
    "PP_RATE_PER_ADDRESS": "100000/60",
}


def rest_headers() -> dict[str, str]:
    """What a REST client sends: JSON and the bearer token the servers started here expect."""
    token = os.environ.get("PP_REST_TOKEN") or LOCAL_SECRETS["PP_REST_TOKEN"]
    return {"Content-Type": "application/json", "Authorization": f"Bearer {token}"}


def rest_credentials(workdir: Path, base: Path = CREDENTIALS) -> Path:
    """``base`` plus the REST channel (not in the public credentials.yml), for tests and the benchmark."""
    import yaml

    credentials = yaml.safe_load(base.read_text()) or {}
    credentials.setdefault("rasa_server.channels.rest.GuardedRestInput", None)
    path = workdir / f"credentials-rest-{base.stem}.yml"
    path.write_text(yaml.safe_dump(credentials, sort_keys=False))
    return path


def server_env(now: str | None) -> dict[str, str]:
    env = dict(os.environ, RASA_TELEMETRY_ENABLED="false", TF_CPP_MIN_LOG_LEVEL="2", PYTHONPATH=str(ROOT),
               SQLALCHEMY_SILENCE_UBER_WARNING="1", SANIC_HOST=HOST)
    for name, value in LOCAL_SECRETS.items():
        env.setdefault(name, value)
    if now:
        env["ASSISTANT_NOW"] = now
    return env


def wait_for(url: str, timeout: float, process: subprocess.Popen, log: Path) -> None:
    """Until `url` answers 200; fails early with the log's tail if the process exits."""
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


def stop(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait(timeout=10)


def write_endpoints(workdir: Path, actions_port: int, tracker_db: Path | None) -> Path:
    # as endpoints.yml: the domain is not sent with each call (the action server reads its own)
    lines = [f"action_endpoint:\n  url: http://{HOST}:{actions_port}/webhook\n  enable_selective_domain: true\n"]
    if tracker_db:
        # the store endpoints.yml configures: Rasa's SQL store behind the redaction (privacy/)
        lines.append(f"tracker_store:\n  type: {TRACKER_STORE}\n  dialect: sqlite\n  db: {tracker_db}\n")
    path = workdir / f"endpoints-{actions_port}.yml"
    path.write_text("".join(lines))
    return path


@dataclass
class Server:
    """A started server process: where it listens, its log, and when Popen returned."""
    name: str
    process: subprocess.Popen
    port: int
    log: Path
    started: float  # time.monotonic() right before Popen

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.port}"

    @property
    def pid(self) -> int:
        return self.process.pid


def _popen(name: str, args: list[str], port: int, workdir: Path, env: dict[str, str]) -> Server:
    log = workdir / f"{name}-{port}.log"
    with log.open("w") as out:
        started = time.monotonic()
        process = subprocess.Popen(args, cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    return Server(name, process, port, log, started)


def start_action_server(workdir: Path, port: int | None = None, now: str | None = FIXED_NOW) -> Server:
    """`rasa run actions`; returns at once (wait with `wait_for(server.url + "/health", ...)`)."""
    port = port or free_port()
    return _popen("actions", [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(port)],
                  port, workdir, server_env(now))


def start_rasa_server(workdir: Path, actions_port: int, model: Path = MODEL, tracker_db: Path | None = None,
                      credentials: Path | None = None, port: int | None = None,
                      env: dict[str, str] | None = None) -> Server:
    """`rasa run` (through ``RASA_RUN``) on loopback with credentials.yml plus REST unless `credentials` is given; `env`
    adds variables (e.g. PP_ALLOWED_ORIGINS); returns at once (wait for `server.url + "/"`)."""
    port = port or free_port()
    endpoints = write_endpoints(workdir, actions_port, tracker_db)
    credentials = credentials or rest_credentials(workdir)
    return _popen("rasa", [*RASA_RUN, "--model", str(model), "--port", str(port), "--interface", HOST,
                           "--credentials", str(credentials), "--endpoints", str(endpoints)],
                  port, workdir, dict(server_env(None), **(env or {})))


@contextmanager
def running(server: Server, ready_path: str, timeout: float) -> Iterator[Server]:
    """Until ``ready_path`` answers 200 (failing with the log's tail if the process exits), then the
    server's lifetime is the block's."""
    try:
        wait_for(f"{server.url}{ready_path}", timeout, server.process, server.log)
        yield server
    finally:
        stop(server.process)


@contextmanager
def action_server(workdir: Path, now: str | None = FIXED_NOW) -> Iterator[int]:
    """The real action server on loopback (its clock fixed to ``now``); yields its port."""
    with running(start_action_server(workdir, now=now), "/health", 60) as server:
        yield server.port


@contextmanager
def rasa_server(workdir: Path, actions_port: int, tracker_db: Path | None = None, credentials: Path | None = None,
                port: int | None = None, env: dict[str, str] | None = None) -> Iterator[int]:
    """Rasa on loopback (see ``start_rasa_server``); yields its port."""
    server = start_rasa_server(workdir, actions_port, MODEL, tracker_db, credentials, port, env)
    with running(server, "/", 180):
        yield server.port


@dataclass(frozen=True)
class Stack:
    """The servers ``served`` started: where each listens, and the Rasa server's SQLite store if any."""
    rasa_port: int
    actions_port: int
    tracker_db: Path | None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.rasa_port}"


@contextmanager
def served(workdir: Path, tracker_db: Path | None = None, credentials: Path | None = None, port: int | None = None,
           env: dict[str, str] | None = None, now: str | None = FIXED_NOW) -> Iterator[Stack]:
    """The real action server, then a Rasa server that uses it (``tracker_db``: an SQLite store behind
    the redaction, else in memory; ``credentials``: credentials.yml plus REST by default), both
    stopped when the block ends."""
    with action_server(workdir, now) as actions_port:
        with rasa_server(workdir, actions_port, tracker_db, credentials, port, env) as rasa_port:
            yield Stack(rasa_port, actions_port, tracker_db)


# --- resident memory and CPU time, from /proc (psutil is not installed with rasa) ---------------

_CLOCK_TICKS = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100


def _children_by_parent() -> dict[int, list[int]]:
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            stat = Path(entry.path, "stat").read_text()
        except OSError:
            continue
        ppid = int(stat.rsplit(")", 1)[1].split()[1])
        children.setdefault(ppid, []).append(int(entry.name))
    return children


def process_tree(pid: int) -> list[int]:
    """The process and all its descendants."""
    children, tree, todo = _children_by_parent(), [], [pid]
    while todo:
        current = todo.pop()
        tree.append(current)
        todo.extend(children.get(current, []))
    return tree


def rss_bytes(pids: Iterable[int]) -> int:
    total = 0
    for pid in pids:
        try:
            for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1]) * 1024
                    break
        except OSError:
            pass
    return total


def cpu_seconds(pids: Iterable[int]) -> float:
    """User + system CPU time of the processes (and of their children they already waited for)."""
    ticks = 0
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        ticks += sum(int(v) for v in fields[11:15])  # utime stime cutime cstime
    return ticks / _CLOCK_TICKS


@dataclass
class MemorySampler:
    """Samples the resident memory of each server's process tree in a background thread."""
    servers: list[Server]
    interval: float = 0.5
    peak: dict[str, int] = field(default_factory=dict)
    _stop: threading.Event = field(default_factory=threading.Event)
    _thread: threading.Thread | None = None

    def sample(self) -> dict[str, int]:
        now = {s.name: rss_bytes(process_tree(s.pid)) for s in self.servers if s.process.poll() is None}
        for name, value in now.items():
            self.peak[name] = max(self.peak.get(name, 0), value)
        return now

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            self.sample()

    def __enter__(self) -> MemorySampler:
        self.sample()
        self._thread = threading.Thread(target=self._run, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self._stop.set()
        if self._thread:
            self._thread.join()
        self.sample()


def system_busy_seconds() -> float:
    """CPU time all processes of the machine spent busy since boot (every core), from /proc/stat."""
    fields = Path("/proc/stat").read_text().splitlines()[0].split()[1:]
    user, nice, system, _idle, _iowait, irq, softirq, steal = (int(v) for v in fields[:8])
    return (user + nice + system + irq + softirq + steal) / _CLOCK_TICKS
