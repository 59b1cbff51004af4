"""'Was this helpful?' on SMS and WhatsApp: the Yes/No buttons become numbered choices, and the
number sends the rating (not a typed yes: the feedback payload)."""
import pytest

from tests.rasa_server.channels.platform_requests import TWILIO_WHATSAPP_NUMBER
from tests.rasa_server.channels.test_twilio import phone, say, text

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow


def test_sms_feedback_no_by_number_gives_the_contact_centre(channel_server, platforms):
    sender = phone()
    answer = text(say(channel_server, platforms, sender, "what are the opening hours of the contact centre?"))
    assert answer.endswith("Was this helpful?\n1. Yes\n2. No")
    reply = text(say(channel_server, platforms, sender, "2"))
    assert "Sorry this didn't help" in reply and "514" in reply


def test_whatsapp_feedback_yes_by_number_in_french(channel_server, platforms):
    sender, to = f"whatsapp:{phone()}", f"whatsapp:{TWILIO_WHATSAPP_NUMBER}"
    answer = text(say(channel_server, platforms, sender, "est-ce que je peux encore présenter une demande au programme?",
                      "twilio_whatsapp", to))
    assert answer.endswith("Cette réponse vous a-t-elle aidé?\n1. Oui\n2. Non")
    assert "Merci de me le dire" in text(say(channel_server, platforms, sender, "1", "twilio_whatsapp", to))
