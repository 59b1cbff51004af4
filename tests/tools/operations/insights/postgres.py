"""A throw-away PostgreSQL server on loopback for the report's PostgreSQL test (Debian's binaries)."""
from __future__ import annotations

import glob
import os
import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from tests.servers import free_port


def binaries() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    return Path(found[-1]).parent if found else None


def _as_owner(command: list[str]) -> list[str]:
    """initdb and postgres refuse to run as root: run them as the postgres user then."""
    return ["runuser", "-u", "postgres", "--", *command] if os.geteuid() == 0 else command


@contextmanager
def postgres(user: str = "rasa") -> Iterator[int]:
    """Starts PostgreSQL (trust authentication, loopback only) with a `rasa` database; yields its port.

    Its folder is made directly under the temporary directory: the postgres user must be able to reach it."""
    bin_dir = binaries()
    assert bin_dir is not None
    workdir = Path(tempfile.mkdtemp(prefix="pp-insights-pg-"))
    if os.geteuid() == 0:
        shutil.chown(workdir, "postgres")
    data, port = workdir / "data", free_port()
    subprocess.run(_as_owner([str(bin_dir / "initdb"), "-D", str(data), "-A", "trust", "-U", user]),
                   check=True, capture_output=True, timeout=120)
    options = f"-p {port} -k {workdir} -c listen_addresses=127.0.0.1"
    subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-o", options, "-l", str(workdir / "log"), "-w", "start"]),
                   check=True, capture_output=True, timeout=120)
    try:
        subprocess.run(["psql", "-h", "127.0.0.1", "-p", str(port), "-U", user, "-d", "postgres", "-c", "CREATE DATABASE rasa"],
                       check=True, capture_output=True, timeout=60)
        yield port
    finally:
        subprocess.run(_as_owner([str(bin_dir / "pg_ctl"), "-D", str(data), "-m", "fast", "stop"]), capture_output=True, timeout=120)
        shutil.rmtree(workdir, ignore_errors=True)
