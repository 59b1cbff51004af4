import shutil

import pytest

from scaling.services import redis_server


@pytest.fixture(scope="session")
def redis_port(tmp_path_factory):
    """A real redis-server on a free loopback port (Debian's package; `make test` installs it)."""
    if not shutil.which("redis-server"):
        pytest.fail("redis-server is missing: `make test` installs it (apt-get install -y redis-server)")
    with redis_server(tmp_path_factory.mktemp("redis")) as port:
        yield port
