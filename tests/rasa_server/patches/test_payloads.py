"""Button payloads are not taken for placeholders (no ERROR per button), texts still are filled."""
import logging

from rasa.core.nlg.interpolator import interpolate
from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

from rasa_server.patches import payloads


def test_payload_json_is_sent_as_written_without_an_error_and_texts_are_still_filled(capfd, caplog):
    payloads.install()
    response = {"text": "Total: {total}", "buttons": [{"title": "Yes", "payload": '/feedback{"helpful": "yes"}'}]}
    with caplog.at_level(logging.DEBUG):
        filled = interpolate(dict(response), {"total": "$201"})
    assert filled["text"] == "Total: $201"
    assert filled["buttons"][0]["payload"] == '/feedback{"helpful": "yes"}'
    # Rasa's structlog writes the error to the terminal, not through logging records
    out, err = capfd.readouterr()
    assert "interpolator.interpolate.text" not in out + err + caplog.text


def test_through_rasas_response_filler():
    payloads.install()
    nlg = TemplatedNaturalLanguageGenerator({})
    filled = nlg._fill_response({"text": "{n} children", "buttons": [{"title": "2", "payload": '/inform{"number": "2"}'}]},
                                {"language": "en"}, n="2")
    assert filled["text"] == "2 children" and filled["buttons"][0]["payload"] == '/inform{"number": "2"}'
