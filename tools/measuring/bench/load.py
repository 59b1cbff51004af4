"""Closed-loop simulated users on the REST channel (/webhooks/rest/webhook).

Each user takes the next scripted conversation, sends its turns one after the other with a new
sender id (no think time: the next message leaves when the reply arrives), then takes the next
conversation, until none is left. An answer is an error when the HTTP call fails or times out,
when the reply is empty (no message with text), or when it is the channel's apology (the guard
that replaces silence: the bot actually failed).
"""
from __future__ import annotations

import asyncio
import time
from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass, field

import aiohttp
import numpy as np
import yaml

from tools.measuring.bench.conversations import ROOT, Conversation
from tools.measuring.servers import rest_headers

WEBHOOK = "/webhooks/rest/webhook"


def apology_markers() -> tuple[str, ...]:
    """The start of `utter_technical_problem` in each language: sent by the channel's guard when the
    bot sent nothing, and by an action that failed. Either way the bot did not answer."""
    domain = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
    return tuple(v["text"].split("{")[0].strip() for v in domain["responses"]["utter_technical_problem"])


@dataclass
class Outcome:
    ok: bool
    kind: str = "ok"  # ok | http-<status> | timeout | exception | empty | apology
    detail: str = ""


@dataclass
class LevelResult:
    users: int
    messages: int
    conversations: int
    seconds: float
    latencies_ms: list[float] = field(default_factory=list)
    errors: Counter = field(default_factory=Counter)
    error_samples: list[tuple[str, str, str]] = field(default_factory=list)  # kind, message, detail
    cpu_ms_per_message: dict[str, float] = field(default_factory=dict)

    @property
    def error_count(self) -> int:
        return sum(self.errors.values())

    @property
    def throughput(self) -> float:
        return self.messages / self.seconds if self.seconds else 0.0

    def percentile(self, q: float) -> float:
        return float(np.percentile(self.latencies_ms, q)) if self.latencies_ms else float("nan")

    def summary(self) -> dict[str, object]:
        return {"users": self.users, "messages": self.messages, "conversations": self.conversations,
                "seconds": round(self.seconds, 3), "msg_per_s": round(self.throughput, 2),
                "p50_ms": round(self.percentile(50), 1), "p95_ms": round(self.percentile(95), 1),
                "p99_ms": round(self.percentile(99), 1), "max_ms": round(max(self.latencies_ms, default=0), 1),
                "errors": self.error_count, "errors_by_kind": dict(self.errors),
                "error_samples": self.error_samples[:10], "cpu_ms_per_message": self.cpu_ms_per_message}


def judge(status: int, body: object, apology: Sequence[str]) -> Outcome:
    if status != 200:
        return Outcome(False, f"http-{status}", str(body)[:200])
    if not isinstance(body, list):
        return Outcome(False, "empty", f"not a list: {str(body)[:200]}")
    texts = [(m.get("text") or "").strip() for m in body if isinstance(m, dict)]
    if not any(texts):
        return Outcome(False, "empty", str(body)[:200])
    if any(marker in t for marker in apology for t in texts):
        return Outcome(False, "apology", texts[0][:200])
    return Outcome(True)


async def send(session: aiohttp.ClientSession, url: str, sender: str, text: str, language: str,
               apology: Sequence[str]) -> tuple[float, Outcome]:
    payload = {"sender": sender, "message": text, "metadata": {"language": language}}
    started = time.perf_counter()
    try:
        async with session.post(url, json=payload, headers=rest_headers()) as response:
            status = response.status
            body = await response.json(content_type=None) if status == 200 else await response.text()
        outcome = judge(status, body, apology)
    except asyncio.TimeoutError:
        outcome = Outcome(False, "timeout", "")
    except (aiohttp.ClientError, ValueError) as error:
        outcome = Outcome(False, "exception", repr(error)[:200])
    return (time.perf_counter() - started) * 1000, outcome


async def _run(base_url: str, scripts: Sequence[Conversation], users: int, prefix: str, timeout: float,
               apology: Sequence[str]) -> LevelResult:
    queue: asyncio.Queue = asyncio.Queue()
    for number, script in enumerate(scripts):
        queue.put_nowait((number, script))
    result = LevelResult(users, 0, len(scripts), 0.0)
    url = base_url + WEBHOOK

    async def user(session: aiohttp.ClientSession) -> None:
        while True:
            try:
                number, script = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            sender = f"{prefix}-{number}"
            for text in script.turns:
                latency, outcome = await send(session, url, sender, text, script.language, apology)
                result.messages += 1
                result.latencies_ms.append(latency)
                if not outcome.ok:
                    result.errors[outcome.kind] += 1
                    if len(result.error_samples) < 20:
                        result.error_samples.append((outcome.kind, text[:80], outcome.detail))

    # Sanic closes idle keep-alive connections after 5 s: never reuse one idle for longer than that.
    connector = aiohttp.TCPConnector(limit=users + 4, keepalive_timeout=4)
    async with aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=timeout)) as session:
        started = time.perf_counter()
        await asyncio.gather(*(user(session) for _ in range(min(users, len(scripts)))))
        result.seconds = time.perf_counter() - started
    return result


def run_level(base_url: str, scripts: Sequence[Conversation], users: int, prefix: str, timeout: float = 30.0,
              apology: Sequence[str] = ()) -> LevelResult:
    """Runs every script with `users` concurrent users; returns latencies, throughput and errors."""
    return asyncio.run(_run(base_url, scripts, users, prefix, timeout, apology))


async def _first_answer(base_url: str, text: str, language: str, sender: str, apology: Sequence[str]) -> Outcome:
    timeout = aiohttp.ClientTimeout(total=60, connect=1)
    async with aiohttp.ClientSession(timeout=timeout) as session:
        _, outcome = await send(session, base_url + WEBHOOK, sender, text, language, apology)
    return outcome


def ask_once(base_url: str, text: str, language: str, sender: str, apology: Sequence[str] = ()) -> Outcome:
    """One message, for the cold start: connection refused while the server loads is an `exception`."""
    return asyncio.run(_first_answer(base_url, text, language, sender, apology))
