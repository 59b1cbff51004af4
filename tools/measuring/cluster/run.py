"""The phases of the cluster test: one replica alone, the cluster steady, then the cluster under
load with a replica and an action server killed (SIGKILL) and restarted, and pairs of messages of
one conversation sent at once to both replicas."""
from __future__ import annotations

import asyncio
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

import aiohttp

from tools.measuring.bench.conversations import Conversation, conversations
from tools.measuring.cluster import cpu
from tools.measuring.cluster.browser import socket_conversation
from tools.measuring.cluster.cluster import Cluster
from tools.measuring.cluster.users import (
    Attempt,
    ConversationLog,
    Progress,
    pair_at_once,
    percentile,
    rest_conversation,
)

PAIRS = [("fr", ("bonjour", "combien pour ajouter ma femme", "c'est ouvert en ce moment?")),
         ("en", ("hello", "how much to add my husband", "what are the phone numbers?"))]


@dataclass
class Phase:
    name: str
    users: int
    logs: list[ConversationLog]
    seconds: float
    # by kind of process (tools/measuring/cluster/cpu.py)
    cpu_ms_per_message: dict[str, float] = field(default_factory=dict)

    @property
    def attempts(self) -> list[Attempt]:
        return [a for log in self.logs for a in log.attempts]

    @property
    def messages(self) -> int:
        return sum(log.turns for log in self.logs)

    @property
    def lost(self) -> int:
        return sum(log.lost for log in self.logs)

    @property
    def resends(self) -> int:
        return sum(1 for a in self.attempts if a.kind == "unknown")

    def summary(self) -> dict[str, Any]:
        latencies = [a.latency_ms for a in self.attempts if a.kind == "ok"]
        kinds: dict[str, int] = {}
        for attempt in self.attempts:
            kinds[attempt.kind] = kinds.get(attempt.kind, 0) + 1
        return {"phase": self.name, "users": self.users, "conversations": len(self.logs),
                "messages": self.messages, "lost": self.lost, "resends": self.resends,
                "seconds": round(self.seconds, 1),
                "msg_per_s": round(self.messages / self.seconds, 1) if self.seconds else 0.0,
                "p50_ms": round(percentile(latencies, 50) or 0), "p95_ms": round(percentile(latencies, 95) or 0),
                "attempts_by_kind": kinds, "cpu_ms_per_message": self.cpu_ms_per_message}


@dataclass
class Event:
    what: str
    killed_at: float
    back_at: float | None = None  # the restarted process answered its health check

    def summary(self, attempts: Sequence[Attempt]) -> dict[str, Any]:
        failed = [a.at for a in attempts if a.kind != "ok" and a.at >= self.killed_at - 1
                  and (self.back_at is None or a.at <= self.back_at + 15)]
        return {"what": self.what, "restart_to_ready_s": round((self.back_at or self.killed_at) - self.killed_at, 1),
                "failed_attempts_around": len(failed),
                "disruption_s": round(max(0.0, max(failed) - self.killed_at), 1) if failed else 0.0}


def _session(users: int) -> aiohttp.ClientSession:
    connector = aiohttp.TCPConnector(limit=users + 10, keepalive_timeout=4)
    return aiohttp.ClientSession(connector=connector, timeout=aiohttp.ClientTimeout(total=120))


async def run_users(url: str, scripts: Sequence[Conversation], rest_users: int, socket_users: int, prefix: str,
                    progress: Progress, apology: Sequence[str]) -> None:
    queue: asyncio.Queue = asyncio.Queue()
    for number, script in enumerate(scripts):
        queue.put_nowait((number, script))

    async def rest_user(session: aiohttp.ClientSession) -> None:
        while not queue.empty():
            number, script = queue.get_nowait()
            await rest_conversation(session, url, script, f"{prefix}-rest-{number}", progress, apology)

    async def socket_user(index: int) -> None:
        local_ip = f"127.0.{1 + index // 200}.{10 + index % 200}"
        while not queue.empty():
            number, script = queue.get_nowait()
            await socket_conversation(url, local_ip, script, progress, apology)

    async with _session(rest_users) as session:
        await asyncio.gather(*(rest_user(session) for _ in range(rest_users)),
                             *(socket_user(i) for i in range(socket_users)))


async def phase(name: str, url: str, messages: int, seed: int, rest_users: int, socket_users: int,
                apology: Sequence[str]) -> Phase:
    progress = Progress()
    started, before = time.monotonic(), cpu.snapshot()
    await run_users(url, conversations(messages, seed), rest_users, socket_users, name, progress, apology)
    done = Phase(name, rest_users + socket_users, progress.logs, time.monotonic() - started)
    done.cpu_ms_per_message = cpu.per_message(before, cpu.snapshot(), done.messages)
    return done


async def _kill_and_restart(cluster: Cluster, kind: str, port: int) -> Event:
    server = (cluster.rasa if kind == "rasa" else cluster.actions)[port]
    event = Event(f"{kind} server on port {port}: SIGKILL, then started again", cluster.kill(server))
    print(f"{time.time():.1f} killed {kind} {port}", flush=True)
    server.log.rename(server.log.with_suffix(".killed.log"))  # the restart writes a new log
    if kind == "rasa":
        cluster.start_rasa(port)
        await asyncio.to_thread(cluster.wait_rasa, port)
    else:
        cluster.start_actions(port)
        await asyncio.to_thread(cluster.wait_actions, port)
    event.back_at = time.monotonic()
    print(f"{time.time():.1f} back {kind} {port}", flush=True)
    return event


async def chaos(cluster: Cluster, progress: Progress, total: int, events: list[Event],
                pairs_done: asyncio.Event) -> None:
    """At a quarter of the messages, kill the second replica; at 55 %, the first action server.
    Not before the pairs are done: they go straight to each replica, without nginx."""
    await pairs_done.wait()
    schedule = [(0.25, "rasa", sorted(cluster.rasa)[1]), (0.55, "actions", sorted(cluster.actions)[0])]
    for share, kind, port in schedule:
        while progress.messages < share * total:
            progress.changed.clear()
            await progress.changed.wait()
        events.append(await _kill_and_restart(cluster, kind, port))


async def under_fire(cluster: Cluster, messages: int, seed: int, rest_users: int, socket_users: int, pairs: int,
                     apology: Sequence[str], events: list[Event]) -> Phase:
    progress = Progress(think=True)
    scripts = conversations(messages, seed)
    total = sum(len(s.turns) for s in scripts) + 3 * pairs
    replicas = [cluster.rasa[port].url for port in sorted(cluster.rasa)]

    pairs_done = asyncio.Event()

    async def pair_traffic() -> None:
        async with _session(4) as session:
            for number in range(pairs):
                language, texts = PAIRS[number % 2]
                await pair_at_once(session, replicas, cluster.url, f"pair-{seed}-{number}", texts, language,
                                   progress, apology)
        pairs_done.set()

    started = time.monotonic()
    await asyncio.gather(run_users(cluster.url, scripts, rest_users, socket_users, "fire", progress, apology),
                         pair_traffic(), chaos(cluster, progress, total, events, pairs_done))
    return Phase("cluster, a replica and an action server killed", rest_users + socket_users + 1, progress.logs,
                 time.monotonic() - started)


@dataclass
class Plan:
    baseline_messages: int = 600
    messages: int = 3000
    rest_users: int = 64
    socket_users: int = 48
    pairs: int = 20
    seed: int = 2026
    phases: list[Phase] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)


async def run_all(cluster: Cluster, plan: Plan, apology: Sequence[str]) -> None:
    one = cluster.rasa[sorted(cluster.rasa)[0]].url
    await phase("warm-up", cluster.url, 40, plan.seed + 9, 4, 2, apology)
    plan.phases.append(await phase("one replica alone (REST, 48 users)", one, plan.baseline_messages,
                                   plan.seed + 1, 48, 0, apology))
    print(plan.phases[-1].summary(), flush=True)
    plan.phases.append(await phase("cluster steady (REST, 48 users)", cluster.url, plan.baseline_messages,
                                   plan.seed + 2, 48, 0, apology))
    print(plan.phases[-1].summary(), flush=True)
    plan.phases.append(await under_fire(cluster, plan.messages, plan.seed, plan.rest_users, plan.socket_users,
                                        plan.pairs, apology, plan.events))
