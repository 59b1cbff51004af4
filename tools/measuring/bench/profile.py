"""Where a message's time goes in both servers: `python -m tools.measuring.bench.profile` (py-spy, a sampling profiler).

Both servers are started under one shell, as `make bench` starts them (SQLite tracker store in a
temporary folder, the action server's clock fixed), warmed up, then sent ``--messages`` messages of the
benchmark's conversations by one user, one after the other, twice: py-spy samples both processes
(``--subprocesses``) while they hold Python's interpreter lock, that is their CPU time in Python and in
the C code it calls, first as collapsed stacks for the table, then as a flame graph (``--svg``, one
picture with one tower per process). Each sample goes to the innermost frame that names a part; the
table shares each process's CPU time per message, read from /proc over the same run, between the parts
as its samples are (a sample is wall time holding the lock: on a busy machine it also counts the waits
for a core, hence the sharing of a measured CPU time rather than counting samples as time).

``--root`` serves another checkout (e.g. an older commit exported with `git archive`, its own model
and spaCy pipeline in place); ``--before`` starts it as the project did before issue 20 (`rasa run`,
and the domain sent with every action call): the "before" of docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import collections
import json
import os
import re
import shlex
import signal
import subprocess
import tempfile
import time
from collections.abc import Sequence
from pathlib import Path

from tools.measuring.bench.conversations import conversations
from tools.measuring.bench.load import apology_markers, run_level
from tools.measuring.servers import (
    BIN,
    FIXED_NOW,
    HOST,
    RASA_RUN,
    ROOT,
    cpu_seconds,
    free_port,
    process_tree,
    rest_credentials,
    server_env,
    wait_for,
    write_endpoints,
)

# (part, pattern on a frame "function (file:line)"); a sample goes to the innermost frame that matches
PARTS: tuple[tuple[str, str], ...] = (
    ("redaction (privacy/)", r"\(privacy/(echoes|events|redaction|detectors|folding)"),
    ("event classes by name (Event.resolve_by_type)", r"resolve_by_type|all_subclasses"),
    ("SQL (SQLAlchemy, sqlite3)", r"\(sqlalchemy/|sqlite3"),
    ("action reply validation (jsonschema)", r"action_result_validation|\(jsonschema/"),
    ("intent classifier", r"linear_intent_classifier|\(sklearn/|\(scipy/"),
    ("spaCy and the entity ruler", r"\(spacy/|\(thinc/|ruler_entities"),
    ("language, input guard", r"rasa_server/nlu/(language|input_guard)|\(lingua/"),
    ("other NLU components", r"\(rasa_server/nlu/|rasa/nlu/"),
    ("tracker read", r"get_or_create_tracker|fetch_tracker_and_update_session|retrieve \(rasa/core/tracker_store"),
    ("tracker write", r"save \(rasa/core/tracker_store|save_tracker|rasa_server/stores/tracker_store"),
    ("policies (rules, memoization)", r"rasa/core/policies/|_predict_next_with_tracker|predict_next_with_tracker"),
    ("graph runner (dask, Rasa's graph)", r"\(dask/|rasa/engine/|rasa_server/patches/speed"),
    ("call to the action server (HTTP client, JSON)", r"rasa/core/actions/action\.py|rasa/utils/endpoints|"
                                                      r"action_timeout|\(aiohttp/"),
    ("events and trackers (Rasa)", r"rasa/shared/core/"),
    ("message handling (Rasa)", r"rasa/core/processor|rasa/core/agent"),
    ("channel (REST, reply guard)", r"\(rasa_server/channels/|rasa/core/channels"),
    ("action: reading the message (understanding/)", r"\(understanding/"),
    ("action: answers and replies (actions/, pilot_program/)", r"\(actions/|\(pilot_program/|\(babel/"),
    ("action: request and reply (rasa_sdk)", r"\(rasa_sdk/"),
    ("HTTP server (Sanic)", r"\(sanic|http1|handle_request|connection_task"),
)
_PATTERNS = [(part, re.compile(pattern)) for part, pattern in PARTS]


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m tools.measuring.bench.profile", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--messages", type=int, default=300, help="messages profiled in each pass (default 300)")
    parser.add_argument("--rate", type=int, default=250, help="samples per second (default 250)")
    parser.add_argument("--root", type=Path, default=ROOT, help="the checkout to serve (default: this one)")
    parser.add_argument("--before", action="store_true",
                        help="start it as before issue 20: `rasa run`, the domain sent with every action call")
    parser.add_argument("--svg", type=Path, help="write the flame graph there (e.g. docs/profile-after.svg)")
    parser.add_argument("--out", type=Path, default=ROOT / "reports" / "profile",
                        help="the raw stacks and the table as JSON (default reports/profile/)")
    return parser.parse_args(argv)


def launch(root: Path, workdir: Path, before: bool) -> tuple[subprocess.Popen, str, str]:
    """Both servers as children of one shell (py-spy follows its subprocesses); their URLs."""
    actions_port, rasa_port = free_port(), free_port()
    endpoints = write_endpoints(workdir, actions_port, workdir / "trackers.db")
    if before:
        endpoints.write_text(endpoints.read_text().replace("  enable_selective_domain: true\n", ""))
    rasa = [str(BIN / "rasa"), "run"] if before else list(RASA_RUN)
    actions = [str(BIN / "rasa"), "run", "actions", "--actions", "actions", "--port", str(actions_port)]
    rasa += ["--model", str(root / "models" / "pp.tar.gz"), "--port", str(rasa_port), "--interface", HOST,
             "--credentials", str(rest_credentials(workdir, root / "credentials.yml")), "--endpoints", str(endpoints)]
    script = f"{shlex.join(actions)} > {workdir}/actions.log 2>&1 & {shlex.join(rasa)} > {workdir}/rasa.log 2>&1 & wait"
    env = dict(server_env(FIXED_NOW), PYTHONPATH=str(root))
    shell = subprocess.Popen(["bash", "-c", script], cwd=root, env=env, start_new_session=True)
    log = workdir / "rasa.log"
    wait_for(f"http://{HOST}:{actions_port}/health", 120, shell, log)
    wait_for(f"http://{HOST}:{rasa_port}/", 300, shell, log)
    return shell, f"http://{HOST}:{rasa_port}", f"http://{HOST}:{actions_port}"


def _cpu_by_server(shell: subprocess.Popen) -> dict[str, float]:
    found: dict[str, float] = collections.defaultdict(float)
    for pid in process_tree(shell.pid)[1:]:
        try:
            command = Path(f"/proc/{pid}/cmdline").read_bytes().replace(b"\0", b" ").decode()
        except OSError:
            continue
        found["action server" if " actions " in command else "Rasa server"] += cpu_seconds([pid])
    return found


def record(shell: subprocess.Popen, url: str, messages: int, rate: int, output: Path, fmt: str,
           seed: int) -> dict[str, float]:
    """One pass under py-spy; returns each server's CPU ms per message over it."""
    spy = subprocess.Popen([str(BIN / "py-spy"), "record", "--pid", str(shell.pid), "--subprocesses", "--gil",
                            "--nonblocking", "--rate", str(rate), "--format", fmt, "--output", str(output)],
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    time.sleep(2)  # py-spy attached to every process
    before = _cpu_by_server(shell)
    level = run_level(url, conversations(messages, seed), 1, f"profile-{seed}", 30.0, apology_markers())
    after = _cpu_by_server(shell)
    spy.send_signal(signal.SIGINT)
    spy.wait(60)
    if level.error_count:
        raise RuntimeError(f"{level.error_count} errors while profiling: {level.error_samples[:3]}")
    return {name: round((after[name] - before.get(name, 0.0)) * 1000 / level.messages, 2) for name in after} | {
        "messages": level.messages, "p50_ms": round(level.percentile(50), 1)}


_PROCESS = re.compile(r"process \d+:")
# a socket write wakes the other server, which may take this one's core at once: a sample there while
# holding the lock is mostly waiting for the CPU back, not work (it is counted apart, not as CPU)
_SEND = re.compile(r"^(send \(send\)|_write \(aiohttp/http_writer\.py)")
SENDING = "(in a socket write: mostly waiting after waking the other server)"


def parts(stacks: Path) -> dict[str, dict[str, float]]:
    """Each part's share of a server's samples (a socket write's samples apart, under SENDING)."""
    found: dict[str, dict[str, float]] = collections.defaultdict(lambda: collections.defaultdict(float))
    for line in stacks.read_text().splitlines():
        stack, _, count = line.rpartition(" ")
        frames = stack.split(";")
        server = "action server" if " actions " in [f for f in frames if _PROCESS.match(f)][-1] else "Rasa server"
        part = SENDING if _SEND.match(frames[-1]) else next(
            (name for frame in reversed(frames) for name, pattern in _PATTERNS if pattern.search(frame)), "other")
        found[server][part] += int(count)
    shares = {}
    for server, counts in found.items():
        working = sum(n for part, n in counts.items() if part != SENDING)
        shares[server] = {part: round(n / working, 4) for part, n in sorted(counts.items(), key=lambda kv: -kv[1])}
    return shares


def table(cpu: dict[str, float], shares: dict[str, dict[str, float]]) -> str:
    """Milliseconds of CPU per message by part: the process's CPU time from /proc, shared out as its samples."""
    lines = ["| server | part | CPU ms per message | share |", "|---|---|---:|---:|"]
    for server in ("Rasa server", "action server"):
        total = cpu.get(server, 0.0)
        for part, share in shares.get(server, {}).items():
            if part != SENDING and share >= 0.005:
                lines.append(f"| {server} | {part} | {share * total:.2f} | {share:.0%} |")
        lines.append(f"| {server} | **all (CPU time from /proc)** | **{total:.2f}** | |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    args.out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="profile-") as tmp:
        shell, url, _ = launch(args.root.resolve(), Path(tmp), args.before)
        try:
            run_level(url, conversations(40, 3025), 1, "profile-warmup", 30.0, apology_markers())
            stacks = args.out / "stacks.txt"
            cpu = record(shell, url, args.messages, args.rate, stacks, "raw", 2027)
            if args.svg:
                record(shell, url, args.messages, args.rate, args.svg.resolve(), "flamegraph", 2028)
        finally:
            os.killpg(shell.pid, signal.SIGTERM)  # the shell's group: the two servers it started
            shell.wait(60)
    found = parts(stacks)
    (args.out / "profile.json").write_text(json.dumps({"cpu_ms_per_message": cpu, "shares": found}, indent=2))
    print(f"{int(cpu['messages'])} messages, one user, p50 {cpu['p50_ms']} ms; CPU ms per message: "
          f"Rasa server {cpu.get('Rasa server', 0):.2f}, action server {cpu.get('action server', 0):.2f}\n")
    print(table(cpu, found))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
