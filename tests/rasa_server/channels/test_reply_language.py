"""Every reply the socket.io and REST channels send carries the language the server decided."""
import asyncio

from rasa_server.channels.reply_language import LanguageCollectingOutputChannel, LanguageSocketIOOutput
from rasa_server.channels.socketio import HeldOutputChannel

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


def test_the_widget_gets_the_sources_footer_as_its_sources_alone_with_its_role():
    """The widget says "general information, not legal advice" once, in its header: the footer it gets is
    the sources (named links and dates), marked as such; other channels get the footer as written."""
    sio = FakeSio()
    footer = {"text": "Source : [Québec.ca](https://www.quebec.ca/x) (à jour au 1er janvier 2026). Information "
                      "générale seulement, pas un avis juridique.", "lang": "fr", "utter_action": "utter_source_footer",
              "sources": "Source : [Québec.ca](https://www.quebec.ca/x) (à jour au 1er janvier 2026)"}

    async def turn():
        out = LanguageSocketIOOutput(sio, "bot_uttered")
        await out.send_response("s1", dict(footer))
        await out.send_response("s1", {"text": "Réponse", "lang": "fr", "utter_action": "utter_fee_quote"})

    asyncio.run(turn())
    sent = [data for _, data in sio.emitted]
    assert sent[0] == {"text": footer["sources"], "lang": "fr", "role": "sources"}
    assert sent[1] == {"text": "Réponse", "lang": "fr"}

    rest = LanguageCollectingOutputChannel()
    asyncio.run(rest.send_response("u", dict(footer)))
    assert rest.messages[0]["text"] == footer["text"]


def test_the_apology_comes_in_the_message_s_language_first_each_part_with_its_language():
    from rasa.core.channels.channel import UserMessage

    from rasa_server.channels.reply_guard import guard

    async def silent(_message):
        return None

    for language, first in (("en", "Sorry, a technical problem"), ("fr", "Désolé, un problème technique"),
                            (None, "Désolé, un problème technique")):
        out = LanguageCollectingOutputChannel()
        asyncio.run(guard(silent)(UserMessage("hi", out, "u", metadata={"language": language} if language else None)))
        assert [m.get("lang") for m in out.messages] == (["en", "fr"] if language == "en" else ["fr", "en"])
        assert out.messages[0]["text"].startswith(first)
