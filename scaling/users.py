"""Simulated users for the cluster test: REST and socket.io, French and English, forms included
(scripted conversations from bench/conversations.py).

Each user takes the next conversation and sends its turns one after the other. A message whose
fate is unknown (connection cut, 502 while a replica dies, no reply on a dropped socket) is sent
again, up to three times; every attempt is recorded, so the PostgreSQL check can tell a resend
from a duplicate. Socket.io users bind their own loopback address (127.0.0.x): nginx keeps a
client on one replica by its address, as it would for real browsers.
"""
from __future__ import annotations

import asyncio
import random
import time
from contextlib import suppress
from dataclasses import dataclass, field
from typing import Dict, List, Optional, Sequence

import aiohttp
import socketio

from bench.conversations import Conversation
from bench.load import WEBHOOK, judge
from bench.servers import rest_headers  # the bearer token (PP_REST_TOKEN): one place

ATTEMPTS = 3
REPLY_TIMEOUT = 60.0
QUIET = 1.5  # socket.io: the bot's turn is taken as over when nothing more came for this long
LATE = 8.0  # ... and the conversation when nothing more came for this long after its last turn
THINK = (0.5, 3.0)  # seconds a user reads before the next message (main phase), uniform


@dataclass
class Attempt:
    text: str
    kind: str  # ok | apology | empty | unknown (no answer: sent again)
    replies: int = 0
    latency_ms: float = 0.0
    at: float = 0.0  # time.monotonic() when it ended


@dataclass
class ConversationLog:
    channel: str
    sender: str
    language: str
    attempts: List[Attempt] = field(default_factory=list)
    pair: bool = False  # two messages sent at once to two replicas
    turns: int = 0  # messages sent (a resend is not a new message)
    lost: int = 0  # messages with no answer at all after every attempt

    def sent(self, final: Attempt) -> None:
        self.turns += 1
        self.lost += final.kind == "unknown"


@dataclass
class Progress:
    """Shared by all users: what was sent, and a counter the chaos schedule watches."""
    logs: List[ConversationLog] = field(default_factory=list)
    messages: int = 0
    think: bool = False  # closed loop (capacity) or users who read the replies
    changed: asyncio.Event = field(default_factory=asyncio.Event)

    def answered(self) -> None:
        self.messages += 1
        self.changed.set()


async def post_rest(session: aiohttp.ClientSession, url: str, sender: str, text: str, language: str,
                    apology: Sequence[str]) -> Attempt:
    payload = {"sender": sender, "message": text, "metadata": {"language": language}}
    started = time.perf_counter()
    try:
        async with session.post(url + WEBHOOK, json=payload, headers=rest_headers()) as response:
            status = response.status
            body = await response.json(content_type=None) if status == 200 else await response.text()
    except (asyncio.TimeoutError, aiohttp.ClientError, ValueError):
        return Attempt(text, "unknown", 0, (time.perf_counter() - started) * 1000, time.monotonic())
    outcome = judge(status, body, apology)
    kind = "ok" if outcome.ok else ("apology" if outcome.kind == "apology" else
                                   "empty" if outcome.kind == "empty" else "unknown")
    replies = len(body) if isinstance(body, list) else 0
    return Attempt(text, kind, replies, (time.perf_counter() - started) * 1000, time.monotonic())


async def think(progress: Progress) -> None:
    if progress.think:
        await asyncio.sleep(random.uniform(*THINK))


async def rest_conversation(session: aiohttp.ClientSession, url: str, script: Conversation, sender: str,
                            progress: Progress, apology: Sequence[str]) -> None:
    log = ConversationLog("rest", sender, script.language)
    progress.logs.append(log)
    for text in script.turns:
        await think(progress)
        for _ in range(ATTEMPTS):
            attempt = await post_rest(session, url, sender, text, script.language, apology)
            log.attempts.append(attempt)
            if attempt.kind != "unknown":
                break
            await asyncio.sleep(1)
        log.sent(attempt)
        progress.answered()


class SocketUser:
    """One browser tab: a socket.io connection with a persistent session, like the widget."""

    def __init__(self, url: str, local_ip: str, apology: Sequence[str]) -> None:
        self.url, self.local_ip, self.apology = url, local_ip, apology
        self.inbox: List[str] = []
        self.arrived = asyncio.Event()
        self.in_room = asyncio.Event()  # session confirmed by the replica we are connected to
        self.first_at: Optional[float] = None
        self.session_id = ""
        self.client: Optional[socketio.AsyncClient] = None
        self.http: Optional[aiohttp.ClientSession] = None

    async def open(self) -> socketio.AsyncClient:
        connector = aiohttp.TCPConnector(local_addr=(self.local_ip, 0))
        self.http = aiohttp.ClientSession(connector=connector)
        client = socketio.AsyncClient(reconnection=True, reconnection_delay=0.5, http_session=self.http)

        @client.on("connect")
        async def joined() -> None:  # after a reconnection: back into the session's room, same id
            await client.emit("session_request", {"session_id": self.session_id} if self.session_id else {})

        @client.on("session_confirm")
        async def confirmed(data: object) -> None:  # the server issues the id (signed, with sec-channels)
            given = data.get("session_id") if isinstance(data, dict) else data
            self.session_id = self.session_id or str(given)
            self.in_room.set()

        @client.on("disconnect")
        async def dropped(*_: object) -> None:  # a replica died or restarted: the reply may be lost
            self.in_room.clear()
            self.arrived.set()

        @client.on("bot_uttered")
        async def uttered(data: Dict) -> None:
            self.inbox.append((data or {}).get("text") or "")
            self.first_at = self.first_at or time.perf_counter()
            self.arrived.set()

        # Long-polling only: python-engineio's websocket client needs a newer aiohttp than Rasa pins.
        # It is the harder case for stickiness anyway: every poll is a new request to the same replica.
        self.client = client
        await client.connect(self.url, transports=["polling"], wait_timeout=10)
        return client

    async def close(self) -> None:
        try:
            if self.client is not None:
                await self.client.disconnect()
        finally:
            if self.http is not None:
                await self.http.close()

    async def late_replies(self, last: Attempt) -> None:
        """Bot messages of the last turn that came after the quiet time count for it."""
        before = len(self.inbox)
        self.arrived.clear()
        with suppress(asyncio.TimeoutError):
            while True:
                await asyncio.wait_for(self.arrived.wait(), LATE)
                self.arrived.clear()
        last.replies += len(self.inbox) - before

    async def say(self, text: str, language: str) -> Attempt:
        self.inbox.clear()
        self.arrived.clear()
        self.first_at = None
        started = time.perf_counter()
        try:
            await asyncio.wait_for(self.in_room.wait(), REPLY_TIMEOUT)
            await self.client.emit("user_uttered", {"message": text, "session_id": self.session_id,
                                                    "customData": {"language": language}})
            await asyncio.wait_for(self.arrived.wait(), REPLY_TIMEOUT)
            while self.in_room.is_set():  # more messages may follow the first one
                self.arrived.clear()
                await asyncio.wait_for(self.arrived.wait(), QUIET)
        except asyncio.TimeoutError:
            pass
        except socketio.exceptions.SocketIOError:
            await asyncio.sleep(1)
        ended = time.monotonic()
        if not self.in_room.is_set():  # cut off while answering: whatever came may be partial
            return Attempt(text, "unknown", len(self.inbox), 0.0, ended)
        latency = ((self.first_at or time.perf_counter()) - started) * 1000
        if not self.inbox:
            return Attempt(text, "unknown", 0, latency, ended)
        outcome = judge(200, [{"text": t} for t in self.inbox], self.apology)
        kind = "ok" if outcome.ok else ("apology" if outcome.kind == "apology" else "empty")
        return Attempt(text, kind, len(self.inbox), latency, ended)


async def socket_conversation(url: str, local_ip: str, script: Conversation, progress: Progress,
                              apology: Sequence[str]) -> None:
    log = ConversationLog("socketio", "", script.language)
    progress.logs.append(log)
    user = SocketUser(url, local_ip, apology)
    try:
        await user.open()
        await asyncio.wait_for(user.in_room.wait(), REPLY_TIMEOUT)
        log.sender = user.session_id
        for text in script.turns:
            await think(progress)
            for _ in range(ATTEMPTS):
                attempt = await user.say(text, script.language)
                log.attempts.append(attempt)
                if attempt.kind != "unknown":
                    break
            log.sent(attempt)
            progress.answered()
        await user.late_replies(log.attempts[-1])
    except (socketio.exceptions.SocketIOError, aiohttp.ClientError, asyncio.TimeoutError):
        log.lost += len(script.turns) - log.turns  # never sent: the connection could not be made
        log.turns = len(script.turns)
    finally:
        await user.close()


async def pair_at_once(session: aiohttp.ClientSession, replicas: Sequence[str], front: str, sender: str,
                       texts: Sequence[str], language: str, progress: Progress, apology: Sequence[str]) -> None:
    """A first message through nginx, then two at the same moment, each straight to its own replica."""
    log = ConversationLog("rest", sender, language, pair=True)
    progress.logs.append(log)
    log.attempts.append(await post_rest(session, front, sender, texts[0], language, apology))
    log.attempts.extend(await asyncio.gather(
        *(post_rest(session, url, sender, text, language, apology) for url, text in zip(replicas, texts[1:]))))
    for attempt in log.attempts:
        log.sent(attempt)
        progress.answered()


def percentile(values: List[float], q: float) -> Optional[float]:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]
