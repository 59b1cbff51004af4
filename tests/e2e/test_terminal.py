"""`make run` in a pseudo-terminal, as a person has it (tests/e2e/pty_terminal.py): a clean start that says
what it is doing, choices as a short numbered list that a number or the words pick, a typed question never
swallowed by "Was this helpful?", the action server's port honoured, the apology when it is down."""
from __future__ import annotations

import json
import re
import sqlite3

import pytest

from tests.e2e.pty_terminal import Terminal
from tests.program_values import PHONES
from tests.servers import free_port, write_endpoints

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

START = 240  # seconds: the action server, then Rasa loading the model, on 2 shared cores
PAYLOAD = re.compile(r"/(affirm|deny|feedback|inform|ask_)|\{\"")


@pytest.fixture()
def terminal(tmp_path):
    port = free_port()
    term = Terminal(write_endpoints(tmp_path, port, tmp_path / "trackers.db"), port)
    term.expect("The assistant is ready", START)
    term.expect("Vous > ")
    yield term
    term.stop()


def ratings(database) -> list[dict]:
    with sqlite3.connect(database) as db:
        rows = db.execute("SELECT data FROM events WHERE type_name = 'slot'").fetchall()
    return [json.loads(data)["value"] for (data,) in rows if json.loads(data).get("name") == "feedback"
            and json.loads(data).get("value")]


def test_choices_are_numbered_and_a_typed_question_is_never_swallowed(terminal, tmp_path):
    asked = terminal.answer_to("je veux ajouter mon fils")
    assert "Avez-vous déjà reçu votre Certificat de sélection du Québec (CSQ)?" in asked
    # the choices under their question, numbered, in French, without their payloads; the sources of what was
    # said before the question come after it, and the hint ends the turn
    assert re.search(r"\(CSQ\)\?\s*\n\s+1\. Oui   2\. Pas encore\s*\n(?:\s+Source[^\n]*\n)?\s+\(Tapez un numéro", asked), asked
    assert not PAYLOAD.search(asked), asked

    answered = terminal.answer_to("pas encore")  # the words of a choice pick it
    assert "Arrima" in answered and "Cette réponse vous a-t-elle aidé?" in answered, answered
    assert re.search(r"1\. Oui   2\. Non", answered) and not PAYLOAD.search(answered), answered

    # a question typed instead of a choice is a new message, answered; no rating is given for it
    fees = terminal.answer_to("c'est combien pour lui?")
    assert "Enfant à charge" in fees and "Merci de me le dire" not in fees, fees
    assert ratings(tmp_path / "trackers.db") == []

    rated = terminal.answer_to("2")  # a number picks its choice: "Non"
    assert "Désolé que ma réponse ne vous ait pas aidé" in rated, rated
    assert [r["helpful"] for r in ratings(tmp_path / "trackers.db")] == ["no"]

    # in English, the list and its hint are in English
    terminal.answer_to("english please")
    quote = terminal.answer_to("what are your opening hours?")
    assert "Opening hours" in quote and "Was this helpful?" in quote, quote
    assert re.search(r"1\. Yes   2\. No\s*\n\s+\(Type a number", quote) and not PAYLOAD.search(quote), quote
    assert "Thanks for letting me know" in terminal.answer_to("yes")


def test_the_actions_port_is_honoured_and_the_apology_comes_when_the_action_server_is_down(tmp_path):
    # the endpoints file names another port than the one asked for (endpoints.yml names 5055)
    port, elsewhere = free_port(), free_port()
    term = Terminal(write_endpoints(tmp_path, elsewhere, tmp_path / "trackers.db"), port)
    try:
        start = term.expect("Vous > ", START)
        # the start says what is happening, not a guessed duration
        assert f"Starting the action server on 127.0.0.1:{port}" in start and "loading the model" in start, start
        assert not re.search(r"about (a minute|\d+ ?s)", start), start
        assert "Bonjour!" in term.answer_to("bonjour")  # Rasa called the action server on `port`

        term.kill_action_server()
        apology = term.answer_to("combien pour ajouter ma conjointe?", timeout=60)
        assert "un problème technique" in apology and "a technical problem" in apology, apology
        assert all(number in apology for number in PHONES.values()), apology
        assert "tel:" not in apology and "](" not in apology  # plain text: the terminal has no links
        assert "Traceback" not in term.screen
    finally:
        term.stop()


def test_the_start_is_clean_and_verbose_shows_the_full_log(tmp_path):
    port = free_port()
    quiet = Terminal(write_endpoints(tmp_path, port, tmp_path / "quiet.db"), port)
    try:
        start = quiet.expect("Vous > ", START)
        noisy = [line for line in start.splitlines() if "Warning" in line or " INFO " in line]
        assert not noisy, noisy[:10]
    finally:
        quiet.stop()
    port = free_port()
    verbose = Terminal(write_endpoints(tmp_path, port, tmp_path / "verbose.db"), port, verbose=True)
    try:
        assert " DEBUG " in verbose.expect("Vous > ", START)
    finally:
        verbose.stop()
