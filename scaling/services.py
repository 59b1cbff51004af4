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
from contextlib import contextmanager
from glob import glob
from pathlib import Path
from typing import Iterator, List, Optional

from bench.servers import HOST, free_port


def wait_port(port: int, timeout: float, process: Optional[subprocess.Popen] = None, log: Optional[Path] = None) -> None:
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


def _stop(process: subprocess.Popen) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@contextmanager
def redis_server(workdir: Path, port: Optional[int] = None) -> Iterator[int]:
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
        _stop(process)


def postgres_bin(name: str) -> str:
    """Debian keeps the server's commands in /usr/lib/postgresql/<version>/bin (newest version)."""
    found = sorted(glob(f"/usr/lib/postgresql/*/bin/{name}"), key=lambda p: int(p.split("/")[4]))
    if not found:
        raise FileNotFoundError(f"{name}: install Debian's postgresql package")
    return found[-1]


def _as_postgres_user(command: List[str]) -> List[str]:
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres_server(workdir: Path, port: Optional[int] = None, database: str = "rasa") -> Iterator[str]:
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
        _stop(process)


NGINX_CONF = """daemon off;
worker_processes 1;
pid {work}/nginx.pid;
error_log {work}/error.log warn;
events {{ worker_connections 2048; }}
http {{
  access_log off;
  client_body_temp_path {work}/body; proxy_temp_path {work}/proxy;
  fastcgi_temp_path {work}/fastcgi; uwsgi_temp_path {work}/uwsgi; scgi_temp_path {work}/scgi;
  map $http_upgrade $connection_upgrade {{ default upgrade; '' close; }}
  # REST and messaging webhooks: the conversation's key decides the replica (see docs/scaling.md)
  upstream rasa_by_sender {{
    hash $sender_key consistent;
{servers}
  }}
  # socket.io: polling and websocket requests of one browser must reach the same replica
  upstream rasa_sticky {{
    ip_hash;
{servers}
  }}
  server {{
    listen {host}:{port};
    set $sender_key $http_x_conversation_key;
    if ($sender_key = '') {{ set $sender_key $remote_addr; }}
    location /socket.io/ {{
      proxy_pass http://rasa_sticky;
      proxy_http_version 1.1;
      proxy_set_header Upgrade $http_upgrade;
      proxy_set_header Connection $connection_upgrade;
      proxy_read_timeout 120s;
    }}
    location / {{
      proxy_pass http://rasa_by_sender;
      proxy_http_version 1.1;
      proxy_set_header Connection "";
      proxy_read_timeout 120s;
      proxy_next_upstream error timeout http_502 http_503;
    }}
  }}
}}
"""


def nginx_config(work: Path, port: int, replicas: List[int]) -> str:
    servers = "\n".join(f"    server {HOST}:{p} max_fails=1 fail_timeout=5s;" for p in replicas)
    return NGINX_CONF.format(work=work, host=HOST, port=port, servers=servers)


@contextmanager
def nginx(workdir: Path, replicas: List[int], port: Optional[int] = None) -> Iterator[int]:
    """nginx in front of the Rasa replicas (foreground, own pid and temp folders)."""
    port = port or free_port()
    work = workdir / f"nginx-{port}"
    work.mkdir(parents=True, exist_ok=True)
    conf = work / "nginx.conf"
    conf.write_text(nginx_config(work, port, replicas))
    log = work / "stdout.log"
    binary = shutil.which("nginx") or "/usr/sbin/nginx"
    subprocess.run([binary, "-t", "-c", str(conf), "-p", str(work)], check=True, capture_output=True)
    with log.open("w") as out:
        process = subprocess.Popen([binary, "-c", str(conf), "-p", str(work)], stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_port(port, 20, process, log)
        yield port
    finally:
        _stop(process)
