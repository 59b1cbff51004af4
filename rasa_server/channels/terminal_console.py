"""The conversation in a terminal (`make run`): what is printed, and what a typed line sends.

Replaces the console of Rasa's `rasa shell`, whose selection menu took every typed line for a
choice (Enter picked "Yes") and showed the raw payloads. Here a reply's choices are a short
numbered list under its text, with a hint in the conversation's language; a number or the words
of a choice pick it, and anything else is a new message, sent as typed: a question is never
swallowed by a "Was this helpful?". Links are already plain text ("name (https://...)"): the
terminal's channel writes them so (rasa_server/channels/terminal.py).
"""
from __future__ import annotations

import asyncio
import json
import os
import queue
import re
import sys
import threading
import urllib.error
import urllib.request
from collections.abc import Callable, Sequence
from typing import Any

from pilot_program.text import fold
from pilot_program.wording import ui
from rasa_server.channels.numbered_choices import CHOICE

STOP = "/stop"
INDENT = "   "
Reply = dict[str, Any]


def strings(lang: str) -> dict[str, str]:
    return {name: value[lang] for name, value in ui()["terminal"].items()}


def _words(text: str) -> str:
    return " ".join(re.sub(r"[^\w]+", " ", fold(text)).split())


def chosen(text: str, choices: Sequence[Reply]) -> str:
    """What a typed line sends: the payload of the choice it names by number or by its words, else the line."""
    typed = text.strip()
    number = CHOICE.match(typed)
    if number and 1 <= int(number.group(1)) <= len(choices):
        return str(choices[int(number.group(1)) - 1].get("payload") or typed)
    words = _words(typed)
    for choice in choices:
        if words and words == _words(str(choice.get("title") or "")):
            return str(choice.get("payload") or typed)
    return typed


def choices_line(choices: Sequence[Reply]) -> str:
    """"1. Oui   2. Pas encore"; titles that already are their numbers ("1", "2"...) are shown alone."""
    titles = [str(choice.get("title") or "") for choice in choices]
    if titles == [str(number) for number in range(1, len(titles) + 1)]:
        return "   ".join(titles)
    return "   ".join(f"{number}. {title}" for number, title in enumerate(titles, 1))


def label_of(lang: str) -> str:
    bot = strings(lang)["bot"]
    return f"{bot} : " if lang == "fr" else f"{bot}: "


def reply_lines(replies: Sequence[Reply], lang: str) -> tuple[list[str], list[Reply]]:
    """The printed lines of one reply (its texts, each message's choices under it) and the choices it offers."""
    label = label_of(lang)
    margin = " " * len(label)
    lines: list[str] = []
    offered: list[Reply] = []
    for reply in replies:
        for line in str(reply.get("text") or "").strip("\n").split("\n"):
            lines.append((margin if lines else label) + line)
        buttons = [b for b in reply.get("buttons") or [] if isinstance(b, dict)]
        if buttons:
            offered = buttons  # only the last question's choices can be picked
            lines.append(margin + choices_line(buttons))
    if offered:
        lines.append(margin + strings(lang)["choices_hint"])
    return lines, offered


def reply_language(replies: Sequence[Reply], current: str) -> str:
    """The reply's language: its first message's (the bilingual apology's second part is in the other one)."""
    langs = [r.get("lang") for r in replies if r.get("lang") in ("fr", "en")]
    return str(langs[0]) if langs else current


def _resolve(future: asyncio.Future, value: str | None) -> None:
    if not future.done():
        future.set_result(value)


class LineReader:
    """Reads stdin a line at a time in a daemon thread (it never keeps the process alive), with the
    terminal's own line editing (readline when stdin is a terminal)."""

    def __init__(self, loop: asyncio.AbstractEventLoop) -> None:
        self.loop = loop
        self.requests: queue.Queue[tuple[str, asyncio.Future]] = queue.Queue()
        if sys.stdin.isatty():
            import readline  # noqa: F401 (line editing and history for input())
        threading.Thread(target=self._run, name="terminal-input", daemon=True).start()

    def _run(self) -> None:
        while True:
            prompt, future = self.requests.get()
            try:
                line: str | None = input(prompt)
            except (EOFError, OSError):
                line = None
            self.loop.call_soon_threadsafe(_resolve, future, line)

    async def read(self, prompt: str) -> str | None:
        future = self.loop.create_future()
        self.requests.put((prompt, future))
        return await future


def post(url: str, token: str, sender: str, text: str, lang: str, timeout: float) -> list[Reply]:
    """One message (with the conversation's language as its metadata, like the widget's); the replies."""
    body = json.dumps({"sender": sender, "message": text, "metadata": {"language": lang}}).encode("utf-8")
    request = urllib.request.Request(url, body, {"Content-Type": "application/json",
                                                 "Authorization": f"Bearer {token}"})
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return list(json.loads(response.read()))
    except urllib.error.HTTPError as refused:
        if refused.code != 429:
            raise
        return [{"text": str(json.loads(refused.read()).get("error"))}]  # typing faster than the limit: its notice


async def converse(server_url: str, sender_id: str, send: Callable[[str, str], list[Reply]] | None = None,
                   request_timeout: float | None = None) -> int:
    """The whole conversation: prompt, send, print the reply, until /stop or the end of the input."""
    from rasa_server.channels.reply_guard import apology_text

    url = f"{server_url}/webhooks/terminal/webhook"
    token = os.environ.get("PP_REST_TOKEN", "")
    timeout = float(request_timeout or 60)
    send = send or (lambda text, lang: post(url, token, sender_id, text, lang, timeout))
    reader = LineReader(asyncio.get_running_loop())
    print("\n".join(strings(lang)["ready"] for lang in ("fr", "en")), flush=True)
    lang, count = "fr", 0
    offered: list[Reply] = []
    while True:
        typed = await reader.read(f"{strings(lang)['you']} > ")
        if typed is None or typed.strip() == STOP:
            return count
        if not typed.strip():
            continue
        try:
            replies = await asyncio.get_running_loop().run_in_executor(None, send, chosen(typed, offered), lang)
        except (OSError, urllib.error.URLError, ValueError):  # the server itself is gone: still never silence
            replies = [{"text": apology_text(lang)}]
        lang = reply_language(replies, lang)
        lines, offered = reply_lines(replies, lang)
        print("\n".join(lines), flush=True)
        count += 1


async def record_messages(sender_id: str, server_url: str = "http://127.0.0.1:5005", auth_token: str = "",
                          max_message_limit: int | None = None, use_response_stream: bool = True,
                          request_timeout: int | None = None) -> int:
    """Stands in for `rasa.core.channels.console.record_messages` (same arguments)."""
    return await converse(server_url, sender_id, request_timeout=request_timeout)
