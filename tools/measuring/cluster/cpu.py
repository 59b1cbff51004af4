"""Where the cluster test's CPU goes, per message: each kind of process the test started, and the test itself.

Every process of the topology is a descendant of the test (PostgreSQL through runuser, nginx's
workers, Redis, the Rasa replicas, the action servers); each is sorted by its command line. On a
2-core machine this says why two replicas cannot double one: one replica is bound by its event
loop (one core) while everything else shares the other core; two replicas share both cores with
everything else, so their ceiling is the cores divided by the whole CPU a message costs.
"""
from __future__ import annotations

import os
from collections import defaultdict
from pathlib import Path

from tools.measuring.servers import cpu_seconds, process_tree

KINDS = (("Rasa replicas", "rasa_server.startup"), ("action servers", " run actions"), ("PostgreSQL", "postgres"),
         ("nginx", "nginx"), ("Redis", "redis-server"))
LOAD = "simulated users (the test)"


def _command(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace")
    except OSError:
        return ""


def snapshot() -> dict[str, float]:
    """CPU seconds so far of each kind of process below this one (and of this one, the simulated users)."""
    found: dict[str, float] = defaultdict(float)
    me = os.getpid()
    for pid in process_tree(me)[1:]:
        command = _command(pid)
        kind = next((name for name, marker in KINDS if marker in command), None)
        if kind:
            found[kind] += cpu_seconds([pid])
    found[LOAD] = sum(os.times()[:2])
    return dict(found)


def per_message(before: dict[str, float], after: dict[str, float], messages: int) -> dict[str, float]:
    """Milliseconds of CPU per message of each kind over a phase (a process restarted meanwhile counts from 0)."""
    spent = {kind: max(after.get(kind, 0.0) - before.get(kind, 0.0), 0.0) for kind in after}
    return {kind: round(seconds * 1000 / max(messages, 1), 2) for kind, seconds in spent.items()}
