"""The production topology on one machine, on loopback: PostgreSQL, Redis, nginx, N Rasa replicas
and M action servers, each replica started with the same endpoints (PostgreSQL tracker store, the
atomic Redis lock store, the action servers behind nginx).

Used by ``make cluster-test`` (``python -m tools.measuring.cluster``). The replicas and action servers can be
killed with SIGKILL and started again on the same port.
"""
from __future__ import annotations

import os
import signal
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from tools.measuring.cluster.services import nginx, postgres_server, redis_server
from tools.measuring.servers import (
    HOST,
    MODEL,
    RASA_RUN,
    Server,
    _popen,
    free_port,
    rest_credentials,
    server_env,
    start_action_server,
    stop,
    wait_for,
)

ENDPOINTS = """action_endpoint:
  url: http://{host}:{actions_port}/webhook
  enable_selective_domain: true
tracker_store:
{tracker_store}
lock_store:
  type: rasa_server.stores.lock_store.AtomicRedisLockStore
  url: {host}
  port: {redis_port}
  db: 1
  key_prefix: pp
"""

# What the Rasa replicas use as their tracker store: Rasa's SQL store behind the redaction wrapper
# (rasa_server/stores/tracker_store.py), as in endpoints.yml and the deployment.
TRACKER_STORE = """  type: rasa_server.stores.tracker_store.RedactingTrackerStore
  dialect: postgresql
  url: {host}
  port: {port}
  db: {db}
  username: rasa
"""


def tracker_store_yaml(postgres_url: str) -> str:
    rest = postgres_url.split("@", 1)[1]
    host_port, db = rest.split("/", 1)
    host, port = host_port.split(":")
    return TRACKER_STORE.format(host=host, port=port, db=db)


@dataclass
class Cluster:
    """Started services; ``rasa`` and ``actions`` hold the live processes, by port."""
    workdir: Path
    postgres_url: str
    redis_port: int
    front_port: int
    actions_front_port: int
    endpoints: Path
    rasa: dict[int, Server] = field(default_factory=dict)
    actions: dict[int, Server] = field(default_factory=dict)
    now: str | None = None

    @property
    def url(self) -> str:
        return f"http://{HOST}:{self.front_port}"

    def start_rasa(self, port: int) -> Server:
        # one proxy in front (nginx), as in deploy/: the replicas read the address it forwards
        env = dict(server_env(None), SQL_POOL_SIZE="5", SQL_MAX_OVERFLOW="5", SANIC_PROXIES_COUNT="1")
        args = [*RASA_RUN, "--model", str(MODEL), "--port", str(port), "--interface", HOST,
                "--credentials", str(rest_credentials(self.workdir)), "--endpoints", str(self.endpoints)]
        server = _popen("rasa", args, port, self.workdir, env)
        self.rasa[port] = server
        return server

    def start_actions(self, port: int) -> Server:
        server = start_action_server(self.workdir, port=port, now=self.now)
        self.actions[port] = server
        return server

    def wait_rasa(self, port: int, timeout: float = 300) -> None:
        server = self.rasa[port]
        wait_for(f"{server.url}/", timeout, server.process, server.log)

    def wait_actions(self, port: int, timeout: float = 120) -> None:
        server = self.actions[port]
        wait_for(f"{server.url}/health", timeout, server.process, server.log)

    @staticmethod
    def kill(server: Server) -> float:
        """SIGKILL, no goodbye; returns when it happened (time.monotonic())."""
        os.kill(server.pid, signal.SIGKILL)
        server.process.wait(timeout=10)
        return time.monotonic()

    def stop_all(self) -> None:
        for server in list(self.rasa.values()) + list(self.actions.values()):
            if server.process.poll() is None:
                stop(server.process)


def start(stack: ExitStack, workdir: Path, replicas: int = 2, action_servers: int = 2,
          now: str | None = None) -> Cluster:
    """Everything up and ready; ``stack`` stops it all (servers first, then nginx and the stores)."""
    postgres_url = stack.enter_context(postgres_server(workdir))
    redis_port = stack.enter_context(redis_server(workdir))
    rasa_ports = [free_port() for _ in range(replicas)]
    action_ports = [free_port() for _ in range(action_servers)]
    front_port, actions_front = stack.enter_context(nginx(workdir, rasa_ports, action_ports))
    endpoints = workdir / "endpoints.cluster.yml"
    endpoints.write_text(ENDPOINTS.format(host=HOST, actions_port=actions_front, redis_port=redis_port,
                                          tracker_store=tracker_store_yaml(postgres_url)))
    cluster = Cluster(workdir, postgres_url, redis_port, front_port, actions_front, endpoints, now=now)
    stack.callback(cluster.stop_all)
    for port in action_ports:
        cluster.start_actions(port)
    for port in rasa_ports:
        cluster.start_rasa(port)
    for port in action_ports:
        cluster.wait_actions(port)
    for port in rasa_ports:
        cluster.wait_rasa(port)
    return cluster
