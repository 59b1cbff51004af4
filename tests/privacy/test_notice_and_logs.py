"""The once-per-conversation notice, the logs without message text, the action server's error body."""
from __future__ import annotations

import asyncio
import logging
import subprocess

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.action_answer import ActionAnswer
from privacy import logs
from tests.actions.conftest import make_tracker, responses_sent
from tests.program_values import MONTREAL_PHONE
from tests.servers import ROOT, server_env

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

NOTICE = "utter_personal_data_not_kept"


@pytest.fixture(autouse=True)
def fixed_now(monkeypatch):
    monkeypatch.setenv("ASSISTANT_NOW", "2026-11-25T09:30:00-05:00")


def _answer(text, notice=None):
    """(the responses sent, the slot events) after action_answer ran on ``text``."""
    tracker = make_tracker(text, "ask_fees", slots={"personal_data_notice": notice, "language": "fr"})
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswer().run(dispatcher, tracker, {}))
    return responses_sent(dispatcher), {e["name"]: e["value"] for e in events}


@pytest.mark.parametrize("text", ["combien pour ma femme? mon UCI est 12-3456-7890",
                                  "how much for my wife, email me at jo@example.org",
                                  "je suis née le 2 mars 1985, combien pour mon mari?"])
def test_a_message_with_an_identifier_gets_the_notice_once(text):
    sent, slots = _answer(text)
    assert NOTICE in sent and slots["personal_data_notice"] == "given"
    sent, slots = _answer(text, notice="given")  # said once per conversation
    assert NOTICE not in sent and "personal_data_notice" not in slots


@pytest.mark.parametrize("text", ["combien pour ma femme?", "demande reçue le 10 novembre 2026",
                                  "les frais de 201 $ pour 2 enfants", f"appeler le {MONTREAL_PHONE}?"])
def test_no_notice_without_an_identifier(text):
    sent, slots = _answer(text)
    assert NOTICE not in sent and "personal_data_notice" not in slots


def test_the_answer_comes_first_then_the_notice_once():
    tracker = make_tracker("how much for my wife? my UCI is 12-3456-7890", "ask_fees",
                           slots={"personal_data_notice": "due", "language": "en", "includes_spouse": True,
                                  "family_member": "spouse", "children_count": 0})
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswer().run(dispatcher, tracker, {}))
    sent = responses_sent(dispatcher)
    assert sent[0] != NOTICE and sent.count(NOTICE) == 1
    # after the answer, before its sources and the closing question
    assert sent[-3:] == [NOTICE, "utter_source_footer", "utter_feedback_question"]
    assert ("personal_data_notice", "given") in [(e["name"], e["value"]) for e in events]
    dispatcher = CollectingDispatcher()
    tracker = make_tracker("and for my son?", "ask_fees", slots={"personal_data_notice": "given", "language": "en"})
    events = asyncio.run(ActionAnswer().run(dispatcher, tracker, {}))
    assert "personal_data_notice" not in [e["name"] for e in events]
    assert NOTICE not in responses_sent(dispatcher)


def test_the_notice_comes_before_the_closing_question():
    tracker = make_tracker("how much to add my kids? my UCI is 12-3456-7890", "ask_fees",
                           slots={"personal_data_notice": "due", "language": "en", "children_mentioned": True})
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswer().run(dispatcher, tracker, {}))
    sent = responses_sent(dispatcher)
    pending = [e["value"] for e in events if e["name"] == "pending_question"]
    assert pending and pending[0], sent  # the fee answer asks how many children
    # after the answer, before the question it asks and the sources
    assert sent[-3:] == [NOTICE, "utter_ask_children_count", "utter_source_footer"]


def test_exception_messages_stay_out_of_the_logs(caplog):
    logs.install()
    logger = logging.getLogger("tests.privacy")
    typed, again = "mon UCI est 12-3456-7890", "I was born on March 2, 1985"  # what a person typed
    with caplog.at_level(logging.INFO):
        try:
            try:
                raise KeyError(typed)
            except KeyError as error:
                raise ValueError(again) from error
        except ValueError:
            logger.exception("the action failed")
    text = caplog.text + "".join(r.exc_text or "" for r in caplog.records)
    assert "the action failed" in text and "ValueError" in text and "KeyError" in text
    assert "12-3456-7890" not in text and "1985" not in text


def test_rasa_structlog_events_lose_their_text_above_debug():
    import structlog

    logs.install()
    event = logs.structlog_processor(None, "warning", {"event": "message.parsing.failed", "user_text": "secret"})
    assert event == {"event": "message.parsing.failed", "user_text": logs.NOT_LOGGED}
    assert logs.structlog_processor(None, "debug", {"user_text": "kept"}) == {"user_text": "kept"}
    assert structlog.get_config()["processors"][0] is logs.structlog_processor


def test_the_structlog_hook_stays_first_when_structlog_is_configured_again():
    """Rasa's main sets structlog's processors after the startup hook on some paths
    (`python -m rasa_server.startup`, tools/scripts/quiet_rasa.py): the hook must survive that."""
    import structlog

    logs.install()
    previous = structlog.get_config()["processors"]
    try:
        structlog.configure(processors=[structlog.processors.add_log_level])
        assert structlog.get_config()["processors"] == [logs.structlog_processor, structlog.processors.add_log_level]
        event = structlog.get_config()["processors"][0](None, "info", {"user_text": "mon UCI est 12-3456-7890"})
        assert event == {"user_text": logs.NOT_LOGGED}
    finally:
        structlog.configure(processors=previous)


def test_the_action_server_error_body_and_log_hold_no_conversation(tmp_path):
    """A real `rasa run actions` with an extra package whose action raises."""
    import json
    import urllib.error
    import urllib.request

    from tests.servers import free_port, wait_for

    package = tmp_path / "boom_actions"
    package.mkdir()
    (package / "__init__.py").write_text(
        "import actions\n"
        "from rasa_sdk import Action\n\n"
        "class Boom(Action):\n"
        "    def name(self):\n        return 'action_boom'\n\n"
        "    async def run(self, dispatcher, tracker, domain):\n"
        "        raise RuntimeError('tracker text: ' + tracker.latest_message['text'])\n")
    port, log = free_port(), tmp_path / "actions.log"
    env = dict(server_env(None), PYTHONPATH=f"{ROOT}:{tmp_path}")
    with log.open("w") as out:
        process = subprocess.Popen([str(ROOT / ".venv" / "bin" / "rasa"), "run", "actions", "--actions", "boom_actions",
                                    "--port", str(port)], cwd=ROOT, env=env, stdout=out, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", 90, process, log)
        secret = "mon UCI est 12-3456-7890 et mon courriel jo@example.org"
        call = {"next_action": "action_boom", "sender_id": "s1", "version": "3.6.2", "domain": {},
                "tracker": {"sender_id": "s1", "slots": {}, "latest_message": {"text": secret}, "events": [
                    {"event": "user", "text": secret}], "active_loop": {}, "latest_action_name": "action_listen"}}
        request = urllib.request.Request(f"http://127.0.0.1:{port}/webhook", json.dumps(call).encode(),
                                         {"Content-Type": "application/json"})
        with pytest.raises(urllib.error.HTTPError) as failure:
            urllib.request.urlopen(request, timeout=30)
        body = failure.value.read().decode()
        assert failure.value.code == 500
        assert json.loads(body) == {"error": "the action failed"}
    finally:
        process.terminate()
        process.wait(timeout=20)
    text = log.read_text()
    assert "RuntimeError" in text  # the failure is logged...
    assert "12-3456-7890" not in text and "jo@example.org" not in text and "courriel" not in text  # ...not the text


def test_identifiers_in_a_log_message_are_redacted_above_debug(caplog):
    logs.install()
    logger = logging.getLogger("tests.privacy.channel")
    with caplog.at_level(logging.DEBUG):
        logger.error("Exception when trying to handle message.%s", "bad UCI 12-3456-7890 from jo@example.org")
        logger.debug("debug keeps %s", "jo@example.org")
    assert "bad UCI [UCI] from [EMAIL]" in caplog.text and "12-3456-7890" not in caplog.records[0].getMessage()
    assert caplog.records[1].getMessage() == "debug keeps jo@example.org"
