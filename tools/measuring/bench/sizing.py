"""Cost and sizing from what was measured: `python -m tools.measuring.bench.sizing` (the tables of docs/scaling.md).

Reads the last `make bench` (reports/bench/*/results.json: one replica's CPU per message, memory, and
its latency at 1, 10 and 50 closed-loop users) and the last `make cluster-test`
(reports/cluster/summary.json: the average conversation's length, and the CPU PostgreSQL, nginx and
Redis spend per message). Prints, in Markdown:

- per 1,000 conversations: messages, CPU seconds (Rasa + action server, and the stores and proxy),
  the rows and bytes they add to the tracker store;
- replicas for 100, 1,000 and 10,000 concurrent users at a p95 target: a replica's capacity is the
  highest throughput the benchmark measured with p95 within the target, planned at ``--utilisation``
  of it (queues stay short when arrivals bunch up); each concurrent user sends one message every
  ``--interval`` seconds (reading the answer, typing the next question). At least 2 replicas.
"""
from __future__ import annotations

import argparse
import json
import math
import sqlite3
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from tools.measuring.servers import ROOT

BENCH = ROOT / "reports" / "bench"
CLUSTER = ROOT / "reports" / "cluster" / "summary.json"
USERS = (100, 1_000, 10_000)
STORE_KINDS = ("PostgreSQL", "nginx", "Redis")


def last_bench() -> Path:
    runs = sorted(path for path in BENCH.glob("*/results.json") if not json.loads(path.read_text())["run"]["quick"])
    if not runs:
        raise SystemExit("no full `make bench` run in reports/bench/")
    return runs[-1]


def capacity(levels: list[dict[str, Any]], p95_ms: float) -> tuple[float, dict[str, Any]]:
    """The highest measured throughput whose p95 is within the target, and that level."""
    within = [level for level in levels if level["p95_ms"] <= p95_ms and not level["errors"]]
    if not within:
        raise SystemExit(f"no measured level has a p95 within {p95_ms} ms")
    best = max(within, key=lambda level: level["msg_per_s"])
    return best["msg_per_s"], best


def store_bytes_per_message(workdir: Path) -> tuple[float, float] | None:
    """Rows and bytes the benchmark's SQLite store holds per message (ours, all levels)."""
    db = ROOT / workdir / "ours" / "trackers.db"
    if not db.exists():
        return None
    with sqlite3.connect(db) as connection:
        rows, data = connection.execute("select count(*), sum(length(data)) from events").fetchone()
        messages = connection.execute("select count(*) from events where type_name = 'user'").fetchone()[0]
    return rows / messages, db.stat().st_size / messages


def per_thousand(bench: dict[str, Any], cluster: dict[str, Any]) -> list[str]:
    ours = bench["configs"]["ours"]
    one = next(level for level in ours["levels"] if level["users"] == 1)
    fire = cluster["main_phase"]
    length = fire["messages"] / fire["conversations"]
    servers_ms = sum(one["cpu_ms_per_message"].values())
    steady = next(phase for phase in cluster["phases"] if phase["phase"].startswith("cluster steady"))
    stores_ms = sum(steady.get("cpu_ms_per_message", {}).get(kind, 0.0) for kind in STORE_KINDS)
    messages = 1000 * length
    out = ["| per 1,000 conversations | |", "|---|---:|",
           f"| messages (average conversation: {length:.2f} messages, cluster test) | {messages:,.0f} |",
           f"| CPU seconds, Rasa + action server ({servers_ms:.1f} ms a message, `make bench`, 1 user) | "
           f"{messages * servers_ms / 1000:,.1f} |",
           f"| CPU seconds, PostgreSQL + nginx + Redis ({stores_ms:.1f} ms a message, cluster test) | "
           f"{messages * stores_ms / 1000:,.1f} |"]
    stored = store_bytes_per_message(Path(bench["run"]["workdir"]))
    if stored:
        rows, size = stored
        out.append(f"| tracker store: rows, bytes (SQLite file of the benchmark; {rows:.1f} rows a message) | "
                   f"{messages * rows:,.0f} rows, {messages * size / 1e6:,.1f} MB |")
    rasa, actions = (ours["rss_peak"].get(name, 0) / 1e6 for name in ("rasa", "actions"))
    out.append(f"| memory held for them between messages | none: a replica holds no conversation (each message "
               f"reads its tracker and lets it go); a replica is {rasa:,.0f} MB (Rasa) + {actions:,.0f} MB "
               f"(action server) whatever it serves |")
    return out


def replicas(bench: dict[str, Any], p95_ms: float, intervals: Sequence[float], utilisation: float) -> list[str]:
    levels = bench["configs"]["ours"]["levels"]
    rate, level = capacity(levels, p95_ms)
    usable = rate * utilisation
    head = " | ".join(f"one message every {interval:.0f} s" for interval in intervals)
    out = [f"A replica (one Rasa server and its action server) measured {rate:.0f} messages a second at "
           f"{level['users']} concurrent users with p95 {level['p95_ms']:.0f} ms (target {p95_ms:.0f} ms), planned "
           f"at {utilisation:.0%}: {usable:.0f} messages a second.", "",
           f"| concurrent users | {head} |", "|---:|" + "---:|" * len(intervals)]
    for users in USERS:
        cells = []
        for interval in intervals:
            load = users / interval
            cells.append(f"{max(2, math.ceil(load / usable))} ({load:,.0f} msg/s)")
        out.append(f"| {users:,} | " + " | ".join(cells) + " |")
    return out


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.measuring.bench.sizing", description=__doc__.splitlines()[0])
    parser.add_argument("--p95", type=float, default=500.0, help="p95 target in ms (default 500)")
    parser.add_argument("--interval", type=float, nargs="+", default=[30.0, 10.0],
                        help="seconds between two messages of a concurrent user (default 30 and 10)")
    parser.add_argument("--utilisation", type=float, default=0.7, help="share of a replica's capacity planned")
    args = parser.parse_args(argv)
    bench_path = last_bench()
    bench = json.loads(bench_path.read_text())
    if not CLUSTER.exists():
        raise SystemExit("no reports/cluster/summary.json: run `make cluster-test`")
    cluster = json.loads(CLUSTER.read_text())
    print(f"From {bench_path.relative_to(ROOT)} ({bench['run']['date']}) and {CLUSTER.relative_to(ROOT)}.\n")
    print("\n".join(per_thousand(bench, cluster)) + "\n")
    print("\n".join(replicas(bench, args.p95, args.interval, args.utilisation)))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
