"""`make cluster-test`: the production topology on this machine, under load, with failures.

PostgreSQL, Redis and nginx (Debian's packages, started here on loopback from a temporary folder),
2 Rasa replicas and 2 action servers; simulated REST and socket.io users; a replica and an action
server killed with SIGKILL mid-run and restarted; then every conversation checked in PostgreSQL.
Prints the counts, writes reports/cluster/summary.json, exits 1 on any loss.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import shutil
import sys
import tempfile
import time
from collections import Counter
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from tools.measuring.bench.load import apology_markers
from tools.measuring.cluster import cluster as topology
from tools.measuring.cluster.checks import Verdict, verify
from tools.measuring.cluster.run import Plan, run_all
from tools.measuring.servers import FIXED_NOW, LOCAL_SECRETS, ROOT

REPORTS = ROOT / "reports" / "cluster"
LOCK_ERROR = re.compile(r"LockError|Could not acquire lock")
EXCEPTION = re.compile(r"^([A-Za-z_.]*(?:Error|Exception|Timeout)):", re.M)


def parse_args() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.measuring.cluster", description=__doc__.splitlines()[0])
    parser.add_argument("--messages", type=int, default=3000, help="messages in the main phase (default 3000)")
    parser.add_argument("--rest-users", type=int, default=64)
    parser.add_argument("--socket-users", type=int, default=48)
    parser.add_argument("--pairs", type=int, default=20, help="messages pairs sent at once to both replicas")
    parser.add_argument("--baseline-messages", type=int, default=600)
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder (logs, data)")
    return parser.parse_args()


def lock_errors(workdir: Path) -> int:
    return sum(len(LOCK_ERROR.findall(log.read_text(errors="replace"))) for log in workdir.glob("rasa-*.log"))


def error_kinds(workdir: Path) -> dict[str, int]:
    """Exceptions named in the servers' logs (what the apologies were for)."""
    found: Counter = Counter()
    for log in workdir.glob("*.log"):
        found.update(EXCEPTION.findall(log.read_text(errors="replace")))
    return dict(found.most_common(10))


def summary(plan: Plan, verdict: Verdict, locks: int, errors: dict[str, int], load: str,
            seconds: float) -> dict[str, Any]:
    fire = plan.phases[-1]
    attempts = fire.attempts
    alone, steady = plan.phases[0].summary(), plan.phases[1].summary()
    counts = {kind: sum(1 for a in attempts if a.kind == kind) for kind in ("ok", "apology", "empty", "unknown")}
    windows = [(e.killed_at - 1, (e.back_at or e.killed_at) + 15) for e in plan.events]
    apologies_outside = sum(1 for a in attempts if a.kind == "apology"
                            and not any(start <= a.at <= end for start, end in windows))
    lost = sum(phase.lost for phase in plan.phases)
    return {
        "phases": [phase.summary() for phase in plan.phases],
        "throughput_cluster_vs_one": round(steady["msg_per_s"] / alone["msg_per_s"], 2) if alone["msg_per_s"] else None,
        "main_phase": {"users": fire.users, "messages": fire.messages, "conversations": len(fire.logs),
                       "replies_ok": counts["ok"], "apologies": counts["apology"],
                       "apologies_outside_kill_windows": apologies_outside, "empty_replies": counts["empty"],
                       "resends_after_no_answer": counts["unknown"], "messages_lost": lost,
                       "pairs_sent_at_once": plan.pairs,
                       "lost_samples": [f"{log.channel} {log.sender}: {[(a.text[:25], a.kind) for a in log.attempts]}"
                                        for log in fire.logs if log.lost][:10]},
        "by_channel": by_channel(fire, verdict),
        "kills": [event.summary(attempts) for event in plan.events],
        "postgresql": {"conversations_checked": verdict.conversations, "complete_and_in_order": verdict.complete,
                       "events": verdict.events, "problems": dict(verdict.problems), "samples": verdict.samples},
        "lock_errors_in_logs": locks,
        "exceptions_in_logs": errors,
        "load_average_before_after": load,
        "seconds_total": round(seconds, 1),
    }


def by_channel(fire, verdict: Verdict) -> dict[str, dict[str, int]]:
    """Messages, losses and PostgreSQL problems per channel (REST, socket.io) in the main phase."""
    split: dict[str, dict[str, int]] = {}
    for log in fire.logs:
        counts = split.setdefault(log.channel, {"messages": 0, "lost": 0, "postgresql_problems": 0})
        counts["messages"] += log.turns
        counts["lost"] += log.lost
        if log.channel == "socketio":  # how many browsers the kill cut off, and what they sent again
            counts["connections_lost"] = counts.get("connections_lost", 0) + log.drops
            counts["sent_again_after_reconnecting"] = counts.get("sent_again_after_reconnecting", 0) + sum(
                1 for a in log.attempts if a.cut and a.kind == "unknown")
    for channel, count in verdict.by_channel.items():
        split.setdefault(channel, {"messages": 0, "lost": 0, "postgresql_problems": 0})["postgresql_problems"] = count
    return split


def failures(result: dict[str, Any]) -> list[str]:
    main, pg = result["main_phase"], result["postgresql"]
    found = []
    if main["messages_lost"]:
        found.append(f"{main['messages_lost']} messages never answered")
    if main["empty_replies"]:
        found.append(f"{main['empty_replies']} empty replies")
    if main["apologies_outside_kill_windows"]:
        found.append(f"{main['apologies_outside_kill_windows']} apologies outside the kill windows")
    if pg["complete_and_in_order"] != pg["conversations_checked"]:
        found.append(f"{pg['conversations_checked'] - pg['complete_and_in_order']} conversations wrong in PostgreSQL")
    if result["lock_errors_in_logs"] > main["apologies"]:
        found.append("lock errors without an apology sent")
    return found


def print_result(result: dict[str, Any], problems: list[str]) -> None:
    for phase in result["phases"]:
        print(f"{phase['phase']}: {phase['messages']} messages, {phase['users']} users, {phase['msg_per_s']} msg/s, "
              f"p50 {phase['p50_ms']} ms, p95 {phase['p95_ms']} ms, lost {phase['lost']}, {phase['attempts_by_kind']}")
        if phase.get("cpu_ms_per_message"):
            print(f"  CPU ms per message: {phase['cpu_ms_per_message']}")
    print(f"throughput, cluster ÷ one replica: {result['throughput_cluster_vs_one']}")
    print("main phase:", json.dumps(result["main_phase"]))
    print("by channel:", json.dumps(result["by_channel"]))
    for kill in result["kills"]:
        print("kill:", json.dumps(kill))
    print("postgresql:", json.dumps({k: v for k, v in result["postgresql"].items() if k != "samples"}))
    for sample in result["postgresql"]["samples"]:
        print("  ", sample)
    print(f"lock errors in the replicas' logs: {result['lock_errors_in_logs']}; exceptions: "
          f"{result['exceptions_in_logs']}; load average before / after: {result['load_average_before_after']}")
    print("FAILED: " + "; ".join(problems) if problems else "PASSED: no message lost, every conversation complete")


def main() -> int:
    args = parse_args()
    for command in ("redis-server", "nginx"):
        if not shutil.which(command) and not Path(f"/usr/sbin/{command}").exists():
            sys.exit(f"{command} is missing: run `make cluster-test` (it installs Debian's packages)")
    for name, value in LOCAL_SECRETS.items():  # the servers' local secrets, also for the stored keys' hashing
        os.environ.setdefault(name, value)
    workdir = Path(tempfile.mkdtemp(prefix="pp-cluster-"))
    plan = Plan(baseline_messages=args.baseline_messages, messages=args.messages, rest_users=args.rest_users,
                socket_users=args.socket_users, pairs=args.pairs)
    started = time.monotonic()
    load_before = " ".join(Path("/proc/loadavg").read_text().split()[:3])
    result: dict[str, Any] = {}
    try:
        with ExitStack() as stack:
            print(f"starting PostgreSQL, Redis, nginx, 2 action servers and 2 Rasa replicas in {workdir}", flush=True)
            cluster = topology.start(stack, workdir, now=FIXED_NOW)
            print(f"ready after {time.monotonic() - started:.0f} s; simulated users now", flush=True)
            asyncio.run(run_all(cluster, plan, apology_markers()))
            time.sleep(1)
            verdict = verify(cluster.postgres_url, [log for phase in plan.phases for log in phase.logs],
                             apology_markers())
            locks, errors = lock_errors(workdir), error_kinds(workdir)
        load = load_before + " / " + " ".join(Path("/proc/loadavg").read_text().split()[:3])
        result = summary(plan, verdict, locks, errors, load, time.monotonic() - started)
    finally:
        if args.keep or not result or failures(result):
            print(f"logs and data kept in {workdir}")
        else:
            shutil.rmtree(workdir, ignore_errors=True)
    problems = failures(result)
    REPORTS.mkdir(parents=True, exist_ok=True)
    (REPORTS / "summary.json").write_text(json.dumps(dict(result, failures=problems), indent=2))
    print_result(result, problems)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
