"""The targets `make bench` checks (issue 20, on this 2-core machine), each a number with pass or miss.

- CPU per message, both servers (their CPU time over the 1-user level, sent one message after the other,
  divided by its messages) at most 12 ms; p50 at most 15 ms with one user;
- the Rasa server's resident memory after the warm-up at most 700 MB; ready (process start to the first
  real answer) within 10 s;
- at least 5× the messages per second of Rasa's default configuration at 10 users, same data, same
  machine, same run; no error at any level.

Two replicas against one is measured by `make cluster-test` (tools/measuring/cluster/), not here.
"""
from __future__ import annotations

import math
from typing import Any

TARGET_CPU_MS = 12.0
TARGET_P50_MS = 15.0
TARGET_RASA_RSS_MB = 700.0
TARGET_COLD_START_S = 10.0
TARGET_THROUGHPUT_RATIO = 5.0
THROUGHPUT_USERS = 10
MB = 1_000_000

Row = tuple[str, str, str]  # target, measured, verdict


def _level(config: dict[str, Any] | None, users: int) -> dict[str, Any] | None:
    return next((level for level in (config or {}).get("levels", []) if level["users"] == users), None)


def cpu_ms(level: dict[str, Any] | None) -> float | None:
    """Both servers' CPU per message at that level."""
    if not level or not level.get("cpu_ms_per_message"):
        return None
    return sum(level["cpu_ms_per_message"].values())


def at_most(name: str, value: float | None, limit: float, unit: str, digits: int = 0) -> Row:
    if value is None or math.isnan(value):
        return name, "not measured", "—"
    gap = value - limit
    verdict = (f"**pass** ({-gap:,.{digits}f} {unit} under)" if gap <= 0
               else f"**miss** ({gap:,.{digits}f} {unit} over, {gap / limit:+.0%})")
    return name, f"{value:,.{digits}f} {unit}", verdict


def throughput(ours: dict[str, Any] | None, default: dict[str, Any] | None) -> Row:
    name = f"{THROUGHPUT_USERS} users: ≥ {TARGET_THROUGHPUT_RATIO:.0f}× the default configuration's messages per second"
    mine, theirs = _level(ours, THROUGHPUT_USERS), _level(default, THROUGHPUT_USERS)
    if not mine:
        return name, "not measured", "—"
    if not theirs:
        return name, f"{mine['msg_per_s']:.1f} msg/s (default not measured)", "—"
    ratio = mine["msg_per_s"] / theirs["msg_per_s"]
    verdict = (f"**pass** (×{ratio:.2f})" if ratio >= TARGET_THROUGHPUT_RATIO
               else f"**miss** (×{ratio:.2f}, needs {TARGET_THROUGHPUT_RATIO * theirs['msg_per_s']:.1f} msg/s)")
    return name, f"{mine['msg_per_s']:.1f} vs {theirs['msg_per_s']:.1f} msg/s", verdict


def targets(results: dict[str, Any]) -> list[Row]:
    """Every target's row, in the issue's order."""
    ours, default = results["configs"].get("ours"), results["configs"].get("default")
    one = _level(ours, 1)
    rss = ((ours or {}).get("rss_idle") or {}).get("rasa")
    found = [
        at_most(f"CPU per message, Rasa + actions, 1 user ≤ {TARGET_CPU_MS:.0f} ms", cpu_ms(one), TARGET_CPU_MS,
                "ms", 1),
        at_most(f"p50 ≤ {TARGET_P50_MS:.0f} ms with 1 user", one["p50_ms"] if one else None, TARGET_P50_MS, "ms", 1),
        at_most(f"Rasa server resident memory after warm-up ≤ {TARGET_RASA_RSS_MB:.0f} MB",
                rss / MB if rss else None, TARGET_RASA_RSS_MB, "MB", 0),
        at_most(f"Ready (process start → first answer) ≤ {TARGET_COLD_START_S:.0f} s", (ours or {}).get("cold_start_s"),
                TARGET_COLD_START_S, "s", 1),
        throughput(ours, default),
    ]
    levels = (ours or {}).get("levels", [])
    if levels:
        errors, sent = sum(level["errors"] for level in levels), sum(level["messages"] for level in levels)
        found.append((f"No error at any level ({', '.join(str(level['users']) for level in levels)} users)",
                      f"{errors} of {sent}", "**pass**" if errors == 0 else f"**miss** ({errors} errors)"))
    return found
