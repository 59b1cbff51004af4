"""Source links written for each channel: markdown for the widget and REST, plain text for SMS,
WhatsApp, Messenger and Telegram, Slack's own syntax; through the channels' real output wrapper."""
import asyncio

import pytest
from rasa.core.channels.channel import CollectingOutputChannel

from rasa_server.channels.base import AddressedOutputChannel, ProtectedChannel
from rasa_server.channels.links import STYLES, as_plain_text, as_slack
from rasa_server.channels.platforms.facebook import GuardedFacebookInput
from rasa_server.channels.platforms.slack import GuardedSlackInput
from rasa_server.channels.platforms.telegram import GuardedTelegramInput
from rasa_server.channels.platforms.twilio import GuardedTwilioInput, GuardedTwilioWhatsAppInput
from rasa_server.channels.rest import GuardedRestInput
from rasa_server.channels.socketio import GuardedSocketIOInput

FOOTER = ("Source: [Québec.ca, official page](https://www.quebec.ca/en/immigration/permanent/pilot) "
          "(current to November 3, 2025); [values regulation](https://www.legisquebec.gouv.qc.ca/en/document/cr/I-0.2.1,%20r.%203).")


def test_plain_text_keeps_the_label_and_the_whole_address():
    assert as_plain_text(FOOTER) == (
        "Source: Québec.ca, official page (https://www.quebec.ca/en/immigration/permanent/pilot) "
        "(current to November 3, 2025); values regulation (https://www.legisquebec.gouv.qc.ca/en/document/cr/I-0.2.1,%20r.%203).")


def test_slack_gets_its_own_link_syntax():
    assert as_slack("[Québec.ca](https://www.quebec.ca/en)") == "<https://www.quebec.ca/en|Québec.ca>"


@pytest.mark.parametrize("text, expected", [
    ("no link here", "no link here"),
    ("[not a link](javascript:alert(1))", "[not a link](javascript:alert(1))"),  # only web addresses
    ("[a](https://x.example) and [b] (https://y.example)", "a (https://x.example) and [b] (https://y.example)"),
])
def test_only_markdown_web_links_change(text, expected):
    assert as_plain_text(text) == expected


@pytest.mark.parametrize("channel, style", [
    (GuardedSocketIOInput, "markdown"), (GuardedRestInput, "markdown"), (GuardedTwilioInput, "plain"),
    (GuardedTwilioWhatsAppInput, "plain"), (GuardedFacebookInput, "plain"), (GuardedTelegramInput, "plain"),
    (GuardedSlackInput, "slack"),
])
def test_each_channel_declares_how_it_shows_links(channel, style):
    assert issubclass(channel, ProtectedChannel) and channel.link_style == style and style in STYLES


def test_the_output_wrapper_renders_every_text_it_sends():
    inner = CollectingOutputChannel()
    out = AddressedOutputChannel(inner, "key", "+15145550000", STYLES["plain"])
    asyncio.run(out.send_response("key", {"text": FOOTER}))
    asyncio.run(out.send_text_message("key", "[x](https://x.example)"))
    texts = [m["text"] for m in inner.messages]
    assert texts == [as_plain_text(FOOTER), "x (https://x.example)"]
    assert {m["recipient_id"] for m in inner.messages} == {"+15145550000"}
