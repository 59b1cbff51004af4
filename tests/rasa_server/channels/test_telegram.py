"""Telegram: update JSON in, sendMessage out (Bot API faked on loopback; setWebhook at start-up with
a secret token, which every update must carry in X-Telegram-Bot-Api-Secret-Token). Telegram defines
no replay window (an update has no signature or timestamp to check): the secret token is the check."""
import json

import pytest

from tests.rasa_server.channels.platform_requests import (
    SPOUSE_FEE_EN,
    SPOUSE_FEE_FR,
    TELEGRAM_SECRET,
    TELEGRAM_WEBHOOK_URL,
    http,
    next_id,
    normalise,
    post_telegram,
    telegram_button_update,
    telegram_sent,
    telegram_update,
)

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow


def texts(calls):
    return normalise("\n".join(c.data.get("text", "") for c in calls))


def test_webhook_set_at_start_up(channel_server, platforms):
    calls = platforms.matching(lambda c: c.path.endswith("/setWebhook"))
    assert calls and calls[0].data.get("url") == TELEGRAM_WEBHOOK_URL
    assert calls[0].data.get("secret_token") == TELEGRAM_SECRET


def test_updates_without_the_secret_token_are_refused(channel_server, platforms):
    chat = next_id()
    for secret in (None, "", "not-the-secret-token-0000", TELEGRAM_SECRET[:-1], TELEGRAM_SECRET + "x"):
        assert post_telegram(channel_server, telegram_update(chat, "how much to add my wife?"), secret)[0] == 403
    # the unauthenticated route of Rasa's channel that set the webhook is gone
    assert http(channel_server, "/webhooks/telegram/set_webhook", method="GET")[0] in (404, 405)
    assert http(channel_server, "/webhooks/telegram/set_webhook", b"{}")[0] in (404, 405)
    assert telegram_sent(platforms, chat) == []


def test_french_question_gets_a_french_reply(channel_server, platforms):
    chat = next_id()
    status, _ = post_telegram(channel_server, telegram_update(chat, "combien pour ajouter ma conjointe?"))
    assert status == 200
    reply = texts(platforms.wait_for(lambda c: c.path.endswith("/sendMessage") and c.data.get("chat_id") == str(chat)))
    assert SPOUSE_FEE_FR in reply and SPOUSE_FEE_EN not in reply
    assert not platforms.matching(lambda c: c.path.endswith("/getMe"))  # no Bot API call per update


def test_english_question_gets_an_english_reply(channel_server, platforms):
    chat = next_id()
    post_telegram(channel_server, telegram_update(chat, "how much to add my wife?"))
    reply = texts(platforms.wait_for(lambda c: c.path.endswith("/sendMessage") and c.data.get("chat_id") == str(chat)))
    assert SPOUSE_FEE_EN in reply and SPOUSE_FEE_FR not in reply


def test_buttons_are_an_inline_keyboard_and_a_tap_sends_the_payload(channel_server, platforms):
    chat = next_id()
    post_telegram(channel_server, telegram_update(chat, "je veux ajouter mon fils à ma demande"))
    sent = telegram_sent(platforms, chat)
    question = [c for c in sent if "reply_markup" in c.data][-1]
    keyboard = json.loads(question.data["reply_markup"])["inline_keyboard"]
    assert [(b["text"], b["callback_data"]) for b in keyboard[0]] == [("Oui", "/affirm"), ("Pas encore", "/deny")]
    post_telegram(channel_server, telegram_button_update(chat, "/deny"))
    assert "Arrima" in texts(telegram_sent(platforms, chat, after=len(sent)))
