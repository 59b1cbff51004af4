"""Every reply the socket.io and REST channels send carries the language the server decided."""
import asyncio

from channels.reply_language import LanguageCollectingOutputChannel, LanguageSocketIOOutput
from channels.socketio import HeldOutputChannel

BUTTONS = [{"title": "Yes", "payload": "/affirm"}, {"title": "No", "payload": "/deny"}]


class FakeSio:
    def __init__(self) -> None:
        self.emitted: list[tuple[str, dict]] = []

    async def emit(self, event, data, room=None, **_):
        self.emitted.append((event, data))


def test_socketio_replies_carry_their_language_and_a_reply_without_one_none():
    sio = FakeSio()
    held = HeldOutputChannel(LanguageSocketIOOutput(sio, "bot_uttered"))

    async def turn():
        await held.send_response("s1", {"text": "Was this helpful?", "buttons": BUTTONS, "lang": "en",
                                        "utter_action": "utter_feedback_question"})
        await held.send_response("s1", {"text": "Réponse", "lang": "fr"})
        await held.send_text_message("s1", "Désolé... / Sorry...")  # the bilingual apology
        await held.flush()

    asyncio.run(turn())
    sent = [data for _, data in sio.emitted]
    assert sent[0]["lang"] == "en" and [b["payload"] for b in sent[0]["quick_replies"]] == ["/affirm", "/deny"]
    assert sent[1] == {"text": "Réponse", "lang": "fr"}
    assert sent[2] == {"text": "Désolé... / Sorry..."}


def test_rest_replies_carry_their_language_but_never_an_unknown_one():
    out = LanguageCollectingOutputChannel()

    async def turn():
        await out.send_response("u", {"text": "Combien?", "buttons": BUTTONS, "lang": "fr"})
        await out.send_response("u", {"text": "x", "lang": "<script>"})

    asyncio.run(turn())
    assert out.messages[0]["lang"] == "fr" and out.messages[0]["buttons"] == BUTTONS
    assert out.messages[1] == {"recipient_id": "u", "text": "x"}
