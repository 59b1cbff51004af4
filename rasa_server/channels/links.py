"""Links in the assistant's replies, written the way each channel shows them.

Answers name their sources as markdown links (``[Québec.ca, official page](https://...)``): the web
widget renders them (web/src/render.js) and REST integrations get them as sent. Channels that show
plain text (SMS, WhatsApp, Messenger, Telegram without a parse mode, the terminal) get
``label (https://...)``, which phones turn into a tappable link; Slack gets its own ``<url|label>``.
"""
from __future__ import annotations

import re
from collections.abc import Callable

MARKDOWN_LINK = re.compile(r"\[([^\[\]\n]{1,200})\]\((https?://[^\s()<>]{1,2000})\)")

Renderer = Callable[[str], str]


def as_markdown(text: str) -> str:
    return text


def as_plain_text(text: str) -> str:
    return MARKDOWN_LINK.sub(lambda m: f"{m.group(1)} ({m.group(2)})", text)


def as_slack(text: str) -> str:
    return MARKDOWN_LINK.sub(lambda m: f"<{m.group(2)}|{m.group(1)}>", text)


STYLES: dict[str, Renderer] = {"markdown": as_markdown, "plain": as_plain_text, "slack": as_slack}
