"""When the action server is down the user still gets an apology and the number, never silence."""
from tests.e2e.conftest import new_sender, post
from tests.servers import free_port, rasa_server


def test_action_server_down_gives_an_apology_with_the_number(tmp_path):
    dead_port = free_port()  # nothing listens there
    with rasa_server(tmp_path, dead_port) as port:
        replies = post(port, new_sender(), "combien pour ajouter ma femme?", {"language": "fr"})
    text = "\n".join(r.get("text") or "" for r in replies)
    assert "problème technique" in text and "1-877-864-9191" in text
