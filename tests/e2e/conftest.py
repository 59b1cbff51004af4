import json
import urllib.request
import uuid

import pytest

from tests.servers import rest_headers, served


@pytest.fixture(scope="session")
def e2e_dir(tmp_path_factory):
    return tmp_path_factory.mktemp("e2e")


@pytest.fixture(scope="session")
def servers(e2e_dir):
    """The Rasa server's port; its SQLite tracker store is ``e2e_dir / "trackers.db"``."""
    with served(e2e_dir, tracker_db=e2e_dir / "trackers.db") as servers:
        yield servers.rasa_port


def post(port: int, sender: str, text: str, metadata=None) -> list[dict]:
    body = json.dumps({"sender": sender, "message": text, "metadata": metadata or {}}).encode()
    request = urllib.request.Request(f"http://127.0.0.1:{port}/webhooks/rest/webhook", body, rest_headers())
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def new_sender() -> str:
    return f"e2e-{uuid.uuid4().hex[:10]}"


def text_of(replies: list[dict]) -> str:
    """What the person reads of a reply: every message's text."""
    return "\n".join(r.get("text") or "" for r in replies)
