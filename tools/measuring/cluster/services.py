"""Redis, PostgreSQL and nginx from Debian's packages, run on loopback from a temporary folder.

Each service gets a free port, its own data directory and log under ``workdir``, and is stopped by
the context manager. Nothing here starts a system service or touches /etc. PostgreSQL refuses to
run as root: when we are root, its data directory belongs to the ``postgres`` user (created by
Debian's package) and its commands run as that user.
"""
from __future__ import annotations

import os
import pwd
import shutil
import socket
import subprocess
import time
from collections.abc import Iterator
from contextlib import contextmanager
from glob import glob
from pathlib import Path

from tools.measuring.servers import HOST, ROOT, free_port, stop


def wait_port(port: int, timeout: float, process: subprocess.Popen | None = None, log: Path | None = None) -> None:
    """Until something accepts TCP connections on ``port``; fails early if ``process`` exits."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process is not None and process.poll() is not None:
            raise RuntimeError(f"exited early:\n{log.read_text()[-2000:] if log else ''}")
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) == 0:
                return
        time.sleep(0.1)
    raise TimeoutError(f"nothing listening on {HOST}:{port} after {timeout}s")


@contextmanager
def redis_server(workdir: Path, port: int | None = None) -> Iterator[int]:
    """A throw-away redis-server: no persistence, loopback only."""
    port = port or free_port()
    data = workdir / f"redis-{port}"
    data.mkdir(parents=True, exist_ok=True)
    log = data / "redis.log"
    command = [shutil.which("redis-server") or "/usr/bin/redis-server", "--port", str(port), "--bind", HOST,
               "--dir", str(data), "--save", "", "--appendonly", "no", "--protected-mode", "yes"]
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_port(port, 20, process, log)
        yield port
    finally:
        stop(process)


def postgres_bin(name: str) -> str:
    """Debian keeps the server's commands in /usr/lib/postgresql/<version>/bin (newest version)."""
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise FileNotFoundError(f"{name}: install Debian's postgresql package")
    return found[-1]


def _as_postgres_user(command: list[str]) -> list[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_server(workdir: Path, port: int | None = None, database: str = "rasa") -> Iterator[str]:
    """A fresh PostgreSQL cluster; yields its URL (user ``rasa``, trust authentication on loopback)."""
    port = port or free_port()
    data, sockets = workdir / f"pg-{port}", workdir / f"pg-{port}-sock"
    for folder in (data, sockets):
        folder.mkdir(parents=True, exist_ok=True)
        if os.geteuid() == 0:
            user = pwd.getpwnam("postgres")
            os.chown(folder, user.pw_uid, user.pw_gid)
    os.chmod(workdir, 0o755)  # the postgres user must reach its folders
    log = workdir / f"pg-{port}.log"
    subprocess.run(_as_postgres_user([postgres_bin("initdb"), "-D", str(data), "-U", "rasa", "--auth=trust",
                                      "-E", "UTF8", "--locale=C.UTF-8"]), check=True, capture_output=True)
    command = _as_postgres_user([postgres_bin("postgres"), "-D", str(data), "-p", str(port), "-h", HOST,
                                 "-k", str(sockets), "-c", "fsync=off", "-c", "max_connections=200"])
    with log.open("w") as out:
        process = subprocess.Popen(command, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_port(port, 30, process, log)
        subprocess.run([postgres_bin("createdb"), "-h", HOST, "-p", str(port), "-U", "rasa", database],
                       check=True, capture_output=True)
        yield f"postgresql://rasa@{HOST}:{port}/{database}"
    finally:
        stop(process)


NGINX_SHARED = ROOT / "deploy" / "nginx"  # the routing rules, shared with deploy/docker-compose.yml
NGINX_CONF = """daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 4096; }}
http {{
  log_format upstream '$msec $remote_addr "$request_method $uri" $status $upstream_addr $upstream_status $request_time';
  access_log off;  # {work}/access.log for the Rasa front (kept with the logs when the test fails)
  client_body_temp_path {work}/body; proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi; uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
  server_tokens off;
  include {shared}/conversation-key.conf;
  # the zones locations.conf uses (deploy/nginx/limits.conf), keyed per request: every simulated user
  # comes from 127.0.0.1, and the replicas' own limits are what this test exercises
  limit_req_zone $request_id zone=pp_socketio:1m rate=1000r/s;
  limit_req_zone $request_id zone=pp_webhooks:1m rate=1000r/s;
  limit_conn_zone $request_id zone=pp_conn:1m;
  upstream rasa_by_conversation {{
    hash $conversation_key consistent;
{rasa}
  }}
  upstream rasa_sticky {{
    hash $remote_addr consistent;
{rasa}
  }}
  upstream action_servers {{
{actions}
  }}
  server {{
    listen {host}:{port};
    access_log {work}/access.log upstream;
    # REST is not public in deploy/nginx (integrations only): the simulated users use it here
    location = /webhooks/rest/webhook {{
      proxy_pass http://rasa_by_conversation;
      proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
      proxy_connect_timeout 3s;
      proxy_read_timeout 120s;
      proxy_next_upstream error timeout http_502 http_503;
      proxy_next_upstream_timeout 10s;
    }}
    include {shared}/locations.conf;
  }}
  server {{
    listen {host}:{actions_port};
    location / {{
      proxy_pass http://action_servers;
      proxy_connect_timeout 3s;
      proxy_read_timeout 60s;
      proxy_next_upstream error timeout http_502 http_503;
    }}
  }}
}}
"""


def _servers(ports: list[int]) -> str:
    return "\n".join(f"    server {HOST}:{p} max_fails=1 fail_timeout=3s;" for p in ports)


@contextmanager
def nginx(workdir: Path, replicas: list[int], actions: list[int]) -> Iterator[tuple[int, int]]:
    """nginx in front of the Rasa replicas and the action servers; yields both of its ports."""
    port, actions_port = free_port(), free_port()
    work = workdir / f"nginx-{port}"
    work.mkdir(parents=True, exist_ok=True)
    conf = work / "nginx.conf"
    conf.write_text(NGINX_CONF.format(work=work, shared=NGINX_SHARED, host=HOST, port=port, actions_port=actions_port,
                                      rasa=_servers(replicas), actions=_servers(actions)))
    log = work / "stdout.log"
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run([binary, "-t", "-c", str(conf), "-p", str(work)], check=True, capture_output=True)
    with log.open("w") as out:
        process = subprocess.Popen([binary, "-c", str(conf), "-p", str(work)], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_port(port, 20, process, log)
        wait_port(actions_port, 20, process, log)
        yield port, actions_port
    finally:
        stop(process)
