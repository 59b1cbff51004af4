"""Failures and restarts: never silence, and conversations that survive a restart."""
import pytest

from tests.e2e.conftest import new_sender, post
from tests.program_values import QUEBEC_PHONE, dollars, fee
from tests.servers import action_server, free_port, rasa_server

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow


def text_of(replies):
    return "\n".join(r.get("text") or "" for r in replies)


def test_action_server_down_gives_an_apology_with_the_number(tmp_path):
    dead_port = free_port()  # nothing listens there
    with rasa_server(tmp_path, dead_port) as port:
        replies = post(port, new_sender(), "combien pour ajouter ma femme?", {"language": "fr"})
    text = text_of(replies)
    assert "problème technique" in text and QUEBEC_PHONE in text


def test_conversation_survives_a_restart_of_the_rasa_server(tmp_path):
    sender, db = new_sender(), tmp_path / "trackers.db"
    with action_server(tmp_path) as actions_port:
        with rasa_server(tmp_path, actions_port, tracker_db=db) as port:
            assert "Combien d'enfants" in text_of(post(port, sender, "combien pour ajouter mes enfants", {"language": "fr"}))
            assert dollars(fee(children=2), "fr") in text_of(post(port, sender, "2"))
            assert "I'll continue in English" in text_of(post(port, sender, "english please"))
        with rasa_server(tmp_path, actions_port, tracker_db=db) as port:
            # same sender, new server process: still English, still two children
            reply = text_of(post(port, sender, "how much are the fees for them?"))
    assert f"Total: {dollars(fee(children=2), 'en')}" in reply
