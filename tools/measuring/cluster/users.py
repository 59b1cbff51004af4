"""Simulated users for the cluster test: REST here, socket.io in tools/measuring/cluster/browser.py; French and
English, forms included (scripted conversations from tools/measuring/bench/conversations.py).

Each user takes the next conversation and sends its turns one after the other. A REST message
whose fate is unknown (connection cut, 502 while a replica dies) is sent again, up to three
times; every attempt is recorded, so the PostgreSQL check can tell a resend from a duplicate.
"""
from __future__ import annotations

import asyncio
import random
import time
from collections.abc import Sequence
from dataclasses import dataclass, field

import aiohttp

from tools.measuring.bench.conversations import Conversation
from tools.measuring.bench.load import WEBHOOK, judge
from tools.measuring.servers import rest_headers  # the bearer token (PP_REST_TOKEN): one place

ATTEMPTS = 3
THINK = (0.5, 3.0)  # seconds a user reads before the next message (main phase), uniform


@dataclass
class Attempt:
    text: str
    kind: str  # ok | apology | empty | unknown (no answer: sent again)
    replies: int = 0  # socket.io: bot messages that came until the next sending (late ones included)
    latency_ms: float = 0.0
    at: float = 0.0  # time.monotonic() when it ended
    cut: bool = False  # socket.io: the connection dropped while this message waited for (the rest of) its answer
    apologies: int = 0  # socket.io: of the replies, the apology's parts (the guard's apology is not stored)


@dataclass
class ConversationLog:
    channel: str
    sender: str
    language: str
    attempts: list[Attempt] = field(default_factory=list)
    pair: bool = False  # two messages sent at once to two replicas
    turns: int = 0  # messages sent (a resend is not a new message)
    lost: int = 0  # messages with no answer at all after every attempt
    drops: int = 0  # socket.io: connections lost during the conversation (a replica died, ...)
    received: int = 0  # socket.io: bot messages received in the whole conversation
    trace: list[str] = field(default_factory=list)  # socket.io: what the browser saw, with times

    def sent(self, final: Attempt) -> None:
        self.turns += 1
        self.lost += final.kind == "unknown"


@dataclass
class Progress:
    """Shared by all users: what was sent, and a counter the chaos schedule watches."""
    logs: list[ConversationLog] = field(default_factory=list)
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


async def pair_at_once(session: aiohttp.ClientSession, replicas: Sequence[str], front: str, sender: str,
                       texts: Sequence[str], language: str, progress: Progress, apology: Sequence[str]) -> None:
    """A first message through nginx, then two at the same moment, each straight to its own replica."""
    log = ConversationLog("rest", sender, language, pair=True)
    progress.logs.append(log)
    log.attempts.append(await post_rest(session, front, sender, texts[0], language, apology))
    log.attempts.extend(await asyncio.gather(
        *(post_rest(session, url, sender, text, language, apology)
          for url, text in zip(replicas, texts[1:], strict=False))))
    for attempt in log.attempts:
        log.sent(attempt)
        progress.answered()


def percentile(values: list[float], q: float) -> float | None:
    if not values:
        return None
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q / 100 * (len(ordered) - 1))))]
