"""Twilio SMS and WhatsApp: signed form posts in, Messages API calls out (faked on loopback).
No buttons on these channels: they become numbered options, and the number picks the option."""
import random

import pytest

from tests.program_values import POSTAL_CODE, dollars, fee
from tests.rasa_server.channels.platform_requests import (
    SPOUSE_FEE_EN,
    SPOUSE_FEE_FR,
    TWILIO_SMS_NUMBER,
    TWILIO_WHATSAPP_NUMBER,
    normalise,
    post_twilio,
    twilio_bodies,
    twilio_form,
)

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow


def phone():
    return f"+1514{random.randint(2000000, 9999999)}"


def say(port, platforms, sender, text, channel="twilio", to=TWILIO_SMS_NUMBER):
    """Sends ``text`` from ``sender``; returns what the bot sent back for it (all parts)."""
    before = len(twilio_bodies(platforms, sender))
    status, _ = post_twilio(port, twilio_form(sender, to, text), channel)
    assert status == 204
    calls = twilio_bodies(platforms, sender)[before:]
    assert calls, "no reply sent to Twilio"
    return calls


def text(calls):
    return normalise("\n".join(c.form["Body"] for c in calls))


def test_sms_english_reply_from_our_number(channel_server, platforms):
    sender = phone()
    calls = say(channel_server, platforms, sender, "how much to add my wife?")
    assert SPOUSE_FEE_EN in text(calls) and SPOUSE_FEE_FR not in text(calls)
    assert {c.form["From"] for c in calls} == {TWILIO_SMS_NUMBER}
    assert all(c.headers["Authorization"].startswith("Basic ") for c in calls)
    assert all("/Accounts/ACfake" in c.path for c in calls)


def test_sms_french_reply(channel_server, platforms):
    reply = text(say(channel_server, platforms, phone(), "combien pour ajouter ma conjointe?"))
    assert SPOUSE_FEE_FR in reply and SPOUSE_FEE_EN not in reply


def test_unsigned_or_wrongly_signed_posts_are_refused(channel_server, platforms):
    sender = phone()
    form = twilio_form(sender, TWILIO_SMS_NUMBER, "how much to add my wife?")
    assert post_twilio(channel_server, form, sign=False)[0] == 403
    assert post_twilio(channel_server, form, token="not-the-token")[0] == 403
    assert post_twilio(channel_server, form, "twilio_whatsapp", token="not-the-token")[0] == 403
    assert twilio_bodies(platforms, sender) == []


def test_sms_buttons_become_numbered_options_and_a_number_picks_one(channel_server, platforms):
    sender = phone()
    question = text(say(channel_server, platforms, sender, "how do I add my daughter to my application?"))
    assert "Have you already received" in question
    # the numbered options right after the question, the sources of what was said before it last
    assert "?\n1. Yes\n2. Not yet\nSource" in question
    assert POSTAL_CODE in text(say(channel_server, platforms, sender, "1"))  # "1" = Yes: the procedure after the CSQ


def test_whatsapp_french_numbered_options(channel_server, platforms):
    sender = f"whatsapp:{phone()}"
    to = f"whatsapp:{TWILIO_WHATSAPP_NUMBER}"
    calls = say(channel_server, platforms, sender, "je veux ajouter mon fils à ma demande", "twilio_whatsapp", to)
    assert {c.form["From"] for c in calls} == {to}
    assert "Avez-vous déjà reçu votre Certificat de sélection du Québec (CSQ)?\n1. Oui\n2. Pas encore\nSource" in text(calls)
    reply = text(say(channel_server, platforms, sender, "2", "twilio_whatsapp", to))
    assert "Arrima" in reply


def test_whatsapp_french_fee_question(channel_server, platforms):
    sender = f"whatsapp:{phone()}"
    reply = text(say(channel_server, platforms, sender, "combien pour ajouter ma conjointe?", "twilio_whatsapp",
                     f"whatsapp:{TWILIO_WHATSAPP_NUMBER}"))
    assert SPOUSE_FEE_FR in reply


def test_a_number_without_options_offered_is_ordinary_text(channel_server, platforms):
    sender = phone()
    assert "Combien d'enfants" in text(say(channel_server, platforms, sender, "combien pour ajouter mes enfants"))
    reply = text(say(channel_server, platforms, sender, "3"))
    assert normalise(dollars(fee(children=3), "fr")) in reply


def test_rest_channel_on_the_same_server_is_not_subject_to_twilio_signatures(channel_server):
    from tests.rasa_server.channels.platform_requests import post_rest

    status, replies = post_rest(channel_server, "rest-next-to-twilio", "how much to add my wife?")
    assert status == 200 and SPOUSE_FEE_EN in replies


def test_a_replayed_post_is_only_as_good_as_its_url_and_fields(channel_server, platforms):
    """Twilio defines no timestamp window: a signature binds the URL and every field, so a captured
    post cannot be altered (another sender, another text) nor sent to the other channel."""
    import urllib.parse

    from twilio.request_validator import RequestValidator

    from tests.rasa_server.channels.platform_requests import TWILIO_TOKEN, http

    sender = phone()
    form = twilio_form(sender, TWILIO_SMS_NUMBER, "how much to add my wife?")
    url = f"http://127.0.0.1:{channel_server}/webhooks/twilio/webhook"
    signature = RequestValidator(TWILIO_TOKEN).compute_signature(url, form)
    headers = {"Content-Type": "application/x-www-form-urlencoded", "X-Twilio-Signature": signature}
    altered = dict(form, From=phone())
    assert http(channel_server, "/webhooks/twilio/webhook", urllib.parse.urlencode(altered).encode(), headers)[0] == 403
    assert http(channel_server, "/webhooks/twilio_whatsapp/webhook", urllib.parse.urlencode(form).encode(),
                headers)[0] == 403
    assert twilio_bodies(platforms, sender) == [] and twilio_bodies(platforms, altered["From"]) == []
