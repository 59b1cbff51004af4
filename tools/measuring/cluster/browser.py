"""A simulated browser tab for the cluster test: the socket.io protocol of the widget
(web/src/session.js, rasa_server/channels/socketio.py), with socket.io-client's behaviour.

Like the widget it talks over a websocket only, reconnects without end (backoff from 1 to 5 s,
10 s to connect), asks for its session again with its signed session id after every
(re)connection, and sends the message that had no answer yet again once the session is
confirmed: a message caught in flight when its replica dies (the user's message, or the bot's
answer) is resent, so it may be stored once or twice (tools/measuring/cluster/checks.py accepts both). A socket
that stays connected never loses a message (TCP): no answer on a live connection within
REPLY_TIMEOUT is a loss, and so is no answer within ANSWER_DEADLINE across reconnections.

Each browser binds its own loopback address (127.0.x.y): nginx keeps a client on one replica by
its address, as it would for real browsers.
"""
from __future__ import annotations

import asyncio
import time
from collections.abc import Callable, Sequence
from contextlib import suppress
from typing import Any

import aiohttp
import socketio

from tools.measuring.bench.conversations import Conversation
from tools.measuring.bench.load import judge
from tools.measuring.cluster.users import Attempt, ConversationLog, Progress, think

CONNECT_TIMEOUT = 10.0  # the widget's socket.io-client `timeout`
RECONNECT_DELAY, RECONNECT_DELAY_MAX = 1.0, 5.0  # the widget's reconnectionDelay / reconnectionDelayMax
REPLY_TIMEOUT = 90.0  # connected, sent, nothing back: lost
ANSWER_DEADLINE = 240.0  # across reconnections and resends
QUIET = 1.5  # the bot's turn is taken as over when nothing more came for this long
LATE = 8.0  # ... and the conversation when nothing more came for this long after its last turn

if not hasattr(aiohttp, "ClientWSTimeout"):
    # python-engineio's websocket client builds aiohttp 3.10's ClientWSTimeout; Rasa pins aiohttp 3.9,
    # whose ws_connect takes the same close timeout as a number. Only this (load generator) process.
    aiohttp.ClientWSTimeout = lambda ws_close=10.0, ws_receive=None: ws_close


class WidgetClient(socketio.AsyncClient):
    """socket.io-client waits CONNECT_TIMEOUT for the namespace on every (re)connection;
    python-socketio waits 1 s on reconnections, too short for a loaded replica."""

    async def connect(self, *args: Any, wait_timeout: float = CONNECT_TIMEOUT, **kwargs: Any) -> None:
        await super().connect(*args, wait_timeout=wait_timeout, **kwargs)


class Browser:
    """One tab: one session, kept across reconnections."""

    def __init__(self, url: str, local_ip: str, apology: Sequence[str]) -> None:
        self.url, self.local_ip, self.apology = url, local_ip, apology
        self.session_id = ""
        self.ready = asyncio.Event()  # connected and the session confirmed
        self.changed = asyncio.Event()  # a bot message came or the connection dropped
        self.drops = 0  # connections lost
        self.received = 0  # bot messages, the whole conversation
        self.current: Attempt | None = None  # what the bot's messages answer
        self.inbox: list[str] = []
        self.trace: list[str] = []  # what happened, with times (kept in the report when a message is lost)
        self.client: WidgetClient | None = None
        self.http: aiohttp.ClientSession | None = None

    def note(self, what: str) -> None:
        self.trace.append(f"{time.time():.1f} {what}")

    async def open(self) -> None:
        self.http = aiohttp.ClientSession(connector=aiohttp.TCPConnector(local_addr=(self.local_ip, 0)))
        client = WidgetClient(reconnection=True, reconnection_attempts=0, reconnection_delay=RECONNECT_DELAY,
                              reconnection_delay_max=RECONNECT_DELAY_MAX, http_session=self.http)
        self.client = client
        self.register(client)
        self.note(f"connecting from {self.local_ip}")
        await client.connect(self.url, transports=["websocket"], retry=True)
        await self.ready.wait()

    def register(self, client: WidgetClient) -> None:
        @client.on("connect")
        async def connected() -> None:
            self.note("connected")
            await self.request(client)

        @client.on("session_confirm")
        async def confirmed(data: object) -> None:
            given = str(data.get("session_id") if isinstance(data, dict) else data)
            if self.session_id and given != self.session_id:
                self.note("session not resumed: a new id")  # the check then finds the conversation broken
            self.session_id = self.session_id or given
            self.note("session confirmed")
            self.ready.set()

        @client.on("session_rejected")
        async def rejected(data: object) -> None:
            self.note(f"session rejected {data}")
            self.ready.clear()
            await self.request(client)

        @client.on("disconnect")
        async def dropped(*reason: object) -> None:
            self.note(f"disconnected {reason}")
            self.ready.clear()
            self.drops += 1
            self.changed.set()

        @client.on("bot_uttered")
        async def uttered(data: Any) -> None:
            self.received += 1
            text = str(data.get("text") or "") if isinstance(data, dict) else ""
            self.inbox.append(text)
            if self.current is not None:
                self.current.replies += 1
                self.current.apologies += any(marker in text for marker in self.apology)
            self.changed.set()

    async def request(self, client: WidgetClient) -> None:
        with suppress(socketio.exceptions.SocketIOError):
            await client.emit("session_request", {"session_id": self.session_id} if self.session_id else {})

    async def close(self) -> None:
        try:
            if self.client is not None:
                await self.client.disconnect()
        finally:
            if self.http is not None:
                await self.http.close()

    async def until(self, condition: Callable[[], bool], deadline: float) -> bool:
        """Waits until ``condition()`` holds (re-checked whenever something happens) or ``deadline``."""
        while not condition():
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                return False
            self.changed.clear()
            if condition():
                break
            with suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.changed.wait(), remaining)
        return True

    async def say(self, text: str, language: str) -> list[Attempt]:
        """Sends ``text`` until it is answered; every sending is one attempt (the last one decides)."""
        attempts: list[Attempt] = []
        deadline = time.monotonic() + ANSWER_DEADLINE
        while True:
            attempt = Attempt(text, "unknown")
            attempts.append(attempt)
            with suppress(asyncio.TimeoutError):
                await asyncio.wait_for(self.ready.wait(), max(0.0, deadline - time.monotonic()))
            if not self.ready.is_set():
                attempt.at = time.monotonic()
                self.note(f"no session for {text[:20]!r}: lost")
                return attempts
            if await self.send(attempt, language, deadline):
                return attempts

    async def send(self, attempt: Attempt, language: str, deadline: float) -> bool:
        """One sending; False when the connection dropped before any answer (send it again)."""
        drops, started = self.drops, time.perf_counter()
        self.current, self.inbox = attempt, []
        self.note(f"send {attempt.text[:20]!r}")
        assert self.client is not None  # connected before any sending
        try:
            await self.client.emit("user_uttered", {"message": attempt.text, "session_id": self.session_id,
                                                    "customData": {"language": language}})
        except socketio.exceptions.SocketIOError as error:  # dropped just now: wait for the session again
            self.note(f"send failed: {error}")
            attempt.cut, attempt.at = True, time.monotonic()
            return False
        answered = await self.until(lambda: attempt.replies > 0 or self.drops != drops,
                                    min(deadline, time.monotonic() + REPLY_TIMEOUT))
        attempt.at = time.monotonic()
        if not attempt.replies:
            attempt.cut = self.drops != drops
            self.note("connection lost before the answer: send again" if attempt.cut else "no answer: lost")
            return not attempt.cut or time.monotonic() >= deadline
        attempt.latency_ms = (time.perf_counter() - started) * 1000
        while answered:  # more messages may follow the first one
            seen = attempt.replies
            # the condition is awaited within this iteration: `seen` is the value it must see
            answered = await self.until(lambda: attempt.replies != seen or self.drops != drops,  # noqa: B023
                                        time.monotonic() + QUIET) and self.drops == drops
        attempt.cut = self.drops != drops  # answered in part: the widget does not send it again
        outcome = judge(200, [{"text": t} for t in self.inbox], self.apology)
        attempt.kind = "ok" if outcome.ok else ("apology" if outcome.kind == "apology" else "empty")
        attempt.at = time.monotonic()
        return True

    async def late_replies(self) -> None:
        """Bot messages of the last turn that came after the quiet time still count."""
        seen = -1
        while seen != self.received:
            seen = self.received
            await self.until(lambda: self.received != seen, time.monotonic() + LATE)  # noqa: B023 (awaited here)


async def socket_conversation(url: str, local_ip: str, script: Conversation, progress: Progress,
                              apology: Sequence[str]) -> None:
    log = ConversationLog("socketio", "", script.language)
    progress.logs.append(log)
    browser = Browser(url, local_ip, apology)
    log.trace = browser.trace
    try:
        await asyncio.wait_for(browser.open(), ANSWER_DEADLINE)
        log.sender = browser.session_id
        for text in script.turns:
            await think(progress)
            attempts = await browser.say(text, script.language)
            log.attempts.extend(attempts)
            log.sent(attempts[-1])
            progress.answered()
        await browser.late_replies()
    except (socketio.exceptions.SocketIOError, aiohttp.ClientError, asyncio.TimeoutError) as error:
        browser.note(f"gave up: {error!r}")
        log.lost += len(script.turns) - log.turns  # never sent: no session could be had
        log.turns = len(script.turns)
    finally:
        log.drops, log.received = browser.drops, browser.received
        await browser.close()
