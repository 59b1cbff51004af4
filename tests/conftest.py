"""Fixtures shared by several test folders: a real Redis (the lock store, the channels' shared choices,
the cluster test)."""
import shutil

import pytest


@pytest.fixture(scope="session")
def redis_port(tmp_path_factory):
    """A real redis-server on a free loopback port (Debian's package; `make test` installs it)."""
    from tools.measuring.cluster.services import redis_server

    if not shutil.which("redis-server"):
        pytest.fail("redis-server is missing: `make test` installs it (apt-get install -y redis-server)")
    with redis_server(tmp_path_factory.mktemp("redis")) as port:
        yield port
