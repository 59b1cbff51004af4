"""One fake of the platforms' APIs, the real action server and a real Rasa server with every
messaging channel (pointed at the fake), shared by the channel tests."""
import pytest

from tests.rasa_server.channels.fake_platforms import FakePlatforms
from tests.rasa_server.channels.platform_requests import write_credentials
from tests.servers import free_port, served


@pytest.fixture(autouse=True, scope="session")
def started_through_the_hook():
    """Channels built in the test process, as in a server started by `python -m rasa_server.startup run`: the
    channels refuse to be built otherwise (rasa_server/checks/patched.py)."""
    from rasa_server.startup import install_patches

    install_patches()


@pytest.fixture(scope="session")
def platforms():
    with FakePlatforms() as fake:
        yield fake


@pytest.fixture(scope="session")
def channel_server(tmp_path_factory, platforms):
    """Port of a Rasa server (every channel) whose actions run on the real action server."""
    workdir = tmp_path_factory.mktemp("channels")
    port = free_port()
    credentials = write_credentials(workdir / "credentials.yml", platforms, port)
    with served(workdir, credentials=credentials, port=port) as servers:
        yield servers.rasa_port
