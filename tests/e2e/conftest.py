import json
import urllib.request
import uuid

import pytest

from tests.servers import action_server, rasa_server


@pytest.fixture(scope="session")
def servers(tmp_path_factory):
    workdir = tmp_path_factory.mktemp("e2e")
    with action_server(workdir) as actions_port:
        with rasa_server(workdir, actions_port, tracker_db=workdir / "trackers.db") as port:
            yield port


def post(port: int, sender: str, text: str, metadata=None) -> list[dict]:
    body = json.dumps({"sender": sender, "message": text, "metadata": metadata or {}}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/rest/webhook", body,
                                     {"Content-Type": "application/json"})
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def new_sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}"
