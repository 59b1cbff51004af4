"""One fake of the platforms' APIs, the real action server and a real Rasa server with every
messaging channel (pointed at the fake), shared by the channel tests."""
import pytest

from tests.channels.fake_platforms import FakePlatforms
from tests.channels.platform_requests import write_credentials
from tests.servers import action_server, free_port, rasa_server


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
    with action_server(workdir) as actions_port:
        with rasa_server(workdir, actions_port, credentials=credentials, port=port) as rasa_port:
            yield rasa_port
