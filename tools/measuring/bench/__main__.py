"""`make bench` (`python -m tools.measuring.bench`): speed, memory and cost of our configuration against
Rasa's defaults.

For each configuration, one after the other: fresh action server and Rasa server on loopback, cold
start, warm-up, then closed-loop simulated users at each concurrency level; then docs/benchmarks.md,
its plot, and the raw results with the server logs in reports/bench/<date>/.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import time
import urllib.request
from collections.abc import Sequence
from datetime import datetime
from importlib import metadata
from pathlib import Path
from typing import Any

from rasa_server.checks import model_checksum
from tools.measuring.bench import report, training
from tools.measuring.bench.conversations import conversations
from tools.measuring.bench.load import apology_markers, ask_once, run_level
from tools.measuring.servers import (
    FIXED_NOW,
    ROOT,
    MemorySampler,
    Server,
    cpu_seconds,
    process_tree,
    start_action_server,
    start_rasa_server,
    stop,
    system_busy_seconds,
)

FULL_MESSAGES = "200,600,1500"
QUICK_MESSAGES = "20,60,150"
COLD_START_QUESTION = ("combien pour ajouter ma conjointe et mes deux enfants", "fr")
COLD_START_TIMEOUT = 300.0
CONTENTION_SHARE = 0.10  # other processes using more than this share of the CPU during a measurement


def _flag(name: str) -> bool:
    return os.environ.get(name, "").strip().lower() not in ("", "0", "false", "no")


def parse_args(argv: Sequence[str] | None = None) -> argparse.Namespace:
    env = os.environ.get
    parser = argparse.ArgumentParser(prog="python -m tools.measuring.bench", description=__doc__,
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--quick", action="store_true", default=_flag("BENCH_QUICK"),
                        help=f"smoke run: {QUICK_MESSAGES} messages, trains nothing (BENCH_QUICK=1)")
    parser.add_argument("--levels", default=env("BENCH_LEVELS", "1,10,50"), help="concurrent users (BENCH_LEVELS)")
    parser.add_argument("--messages", default=env("BENCH_MESSAGES"),
                        help=f"messages per level (BENCH_MESSAGES; default {FULL_MESSAGES}, quick {QUICK_MESSAGES})")
    parser.add_argument("--warmup", type=int, default=int(env("BENCH_WARMUP", "0")) or None,
                        help="warm-up messages, not counted (BENCH_WARMUP; default 40, quick 10)")
    parser.add_argument("--model", type=Path, default=Path(env("BENCH_MODEL", str(training.OURS_MODEL))),
                        help="our model (BENCH_MODEL)")
    default_model = env("BENCH_DEFAULT_MODEL")
    parser.add_argument("--default-model", type=Path, default=Path(default_model) if default_model else None,
                        help="the default configuration's model, used as given instead of "
                             "models/default.tar.gz (BENCH_DEFAULT_MODEL)")
    parser.add_argument("--no-default", action="store_true", default=_flag("BENCH_NO_DEFAULT"),
                        help="measure only our configuration (BENCH_NO_DEFAULT=1)")
    parser.add_argument("--retrain", action="store_true", default=_flag("BENCH_RETRAIN"),
                        help="time both trainings again from an empty cache (BENCH_RETRAIN=1)")
    parser.add_argument("--timeout", type=float, default=float(env("BENCH_TIMEOUT", "30")),
                        help="seconds before a message counts as an error (BENCH_TIMEOUT)")
    parser.add_argument("--seed", type=int, default=int(env("BENCH_SEED", "2026")), help="conversations (BENCH_SEED)")
    parser.add_argument("--now", default=env("BENCH_NOW", FIXED_NOW), help="the action server's clock (BENCH_NOW)")
    parser.add_argument("--out", type=Path, default=Path(env("BENCH_OUT", "docs/benchmarks.md")),
                        help="the document to write (BENCH_OUT)")
    parser.add_argument("--from-results", type=Path, metavar="RESULTS_JSON",
                        help="measure nothing: write the document again from a run's results.json")
    args = parser.parse_args(argv)
    args.levels = [int(v) for v in args.levels.split(",") if v.strip()]
    args.messages = [int(v) for v in (args.messages or (QUICK_MESSAGES if args.quick else FULL_MESSAGES)).split(",")]
    if len(args.messages) == 1:
        args.messages *= len(args.levels)
    if len(args.messages) != len(args.levels):
        parser.error(f"{len(args.levels)} levels but {len(args.messages)} message counts")
    args.warmup = args.warmup or (10 if args.quick else 40)
    args.model = (ROOT / args.model).resolve() if not args.model.is_absolute() else args.model
    if args.default_model is not None and not args.default_model.is_absolute():
        args.default_model = (ROOT / args.default_model).resolve()
    if not args.out.is_absolute():
        args.out = ROOT / args.out
    return args


# --- the machine --------------------------------------------------------------------------------

def _read(path: str) -> str:
    try:
        return Path(path).read_text()
    except OSError:
        return ""


def machine() -> dict[str, str]:
    cpu = next((line.split(":", 1)[1].strip() for line in _read("/proc/cpuinfo").splitlines()
                if line.startswith("model name")), platform.processor() or "unknown")
    ram = next((int(line.split()[1]) * 1024 for line in _read("/proc/meminfo").splitlines()
                if line.startswith("MemTotal:")), 0)
    os_name = next((line.split("=", 1)[1].strip('"') for line in _read("/etc/os-release").splitlines()
                    if line.startswith("PRETTY_NAME=")), platform.system())

    def version(package: str) -> str:
        try:
            return metadata.version(package)
        except metadata.PackageNotFoundError:
            return "not installed"

    return {
        "cpu": cpu,
        "cores": f"{len(os.sched_getaffinity(0))} usable ({os.cpu_count()} online)",
        "ram": f"{ram / 2**30:.1f} GiB",
        "os": f"{os_name}, Linux {platform.release()}",
        "python": f"{platform.python_version()} ({sys.executable})",
        "rasa": f"rasa {version('rasa')}, rasa-sdk {version('rasa-sdk')}, tensorflow {version('tensorflow')}, "
                f"spacy {version('spacy')}",
    }


def load_average() -> str:
    return ", ".join(f"{v:.2f}" for v in os.getloadavg())


# --- one configuration --------------------------------------------------------------------------

def cold_start(actions: Server, rasa: Server, name: str, apology: Sequence[str]) -> dict[str, float | None]:
    """From starting both processes to the first real answer; also when each server first answered."""
    started = min(actions.started, rasa.started)
    actions_ready = rasa_ready = None
    attempt = 0
    text, language = COLD_START_QUESTION
    while True:
        elapsed = time.monotonic() - started
        if elapsed > COLD_START_TIMEOUT:
            raise TimeoutError(f"{name}: no answer after {COLD_START_TIMEOUT:.0f} s; see {rasa.log} and {actions.log}")
        for server in (actions, rasa):
            if server.process.poll() is not None:
                raise RuntimeError(f"{name}: the {server.name} server exited:\n{server.log.read_text()[-3000:]}")
        if actions_ready is None:
            try:
                with urllib.request.urlopen(f"{actions.url}/health", timeout=1) as response:
                    if response.status == 200:
                        actions_ready = time.monotonic() - started
            except OSError:
                pass
        attempt += 1
        outcome = ask_once(rasa.url, text, language, f"{name}-cold-{attempt}", apology)
        now = time.monotonic() - started
        if outcome.kind != "exception" and rasa_ready is None:
            rasa_ready = now
        if outcome.ok:
            return {"cold_start_s": round(now, 2), "actions_ready_s": actions_ready and round(actions_ready, 2),
                    "rasa_first_reply_s": rasa_ready and round(rasa_ready, 2), "cold_start_attempts": attempt}
        time.sleep(0.2)


def measure(name: str, label: str, trained: training.Trained, workdir: Path, args: argparse.Namespace,
            apology: Sequence[str]) -> dict[str, Any]:
    folder = workdir / name
    folder.mkdir(parents=True, exist_ok=True)
    print(f"\n== {label}: {trained.model.relative_to(ROOT) if trained.model.is_relative_to(ROOT) else trained.model}",
          flush=True)
    actions = start_action_server(folder, now=args.now)
    if model_checksum.expected_sha256(trained.model) is None:
        # the server refuses a model without a recorded SHA-256; the benchmark's models are its own
        model_checksum.record(trained.model)
    rasa = start_rasa_server(folder, actions.port, trained.model, tracker_db=folder / "trackers.db")
    servers = [rasa, actions]
    result: dict[str, Any] = {"label": label, "model": str(trained.model), "model_bytes": trained.size_bytes,
                              "train_seconds": trained.train_seconds and round(trained.train_seconds, 1),
                              "train_source": trained.train_source, "make_train_seconds": trained.make_train_seconds}
    try:
        with MemorySampler(servers) as memory:
            result.update(cold_start(actions, rasa, name, apology))
            print(f"  cold start {result['cold_start_s']:.1f} s (action server up at {result['actions_ready_s']} s, "
                  f"Rasa first reply at {result['rasa_first_reply_s']} s)", flush=True)
            warm = run_level(rasa.url, conversations(args.warmup, args.seed + 999), 2, f"{name}-warmup", args.timeout,
                             apology)
            result["warmup"] = {"messages": warm.messages, "errors": warm.error_count}
            print(f"  warm-up: {warm.messages} messages, {warm.error_count} errors", flush=True)
            result["rss_idle"] = memory.sample()
            result["levels"] = []
            busy_start, own_start, clock_start = system_busy_seconds(), _own_cpu(servers), time.monotonic()
            for users, count in zip(args.levels, args.messages, strict=True):
                scripts = conversations(count, args.seed + users)
                before = {s.name: cpu_seconds(process_tree(s.pid)) for s in servers}
                level = run_level(rasa.url, scripts, users, f"{name}-{users}u", args.timeout, apology)
                after = {s.name: cpu_seconds(process_tree(s.pid)) for s in servers}
                level.cpu_ms_per_message = {k: round((after[k] - before[k]) * 1000 / max(level.messages, 1), 1)
                                            for k in before}
                summary = level.summary()
                result["levels"].append(summary)
                print(f"  {users:>3} user{'s' if users > 1 else ' '}: "
                      f"{summary['messages']} msgs in {summary['seconds']:.1f} s, "
                      f"p50 {summary['p50_ms']} ms, p95 {summary['p95_ms']} ms, p99 {summary['p99_ms']} ms, "
                      f"{summary['msg_per_s']} msg/s, errors {summary['errors']} {summary['errors_by_kind'] or ''}",
                      flush=True)
            seconds = time.monotonic() - clock_start
            others = system_busy_seconds() - busy_start - (_own_cpu(servers) - own_start)
            result["other_cpu_share"] = round(max(others, 0.0) / (seconds * len(os.sched_getaffinity(0))), 3)
    finally:
        for server in servers:
            stop(server.process)
    result["rss_peak"] = memory.peak
    print(f"  resident memory peak: Rasa {memory.peak.get('rasa', 0) / 1e6:.0f} MB, "
          f"actions {memory.peak.get('actions', 0) / 1e6:.0f} MB; other processes used "
          f"{result['other_cpu_share']:.0%} of the CPU meanwhile", flush=True)
    return result


def _own_cpu(servers: list[Server]) -> float:
    """CPU time of both servers and of this process (the simulated users)."""
    return sum(cpu_seconds(process_tree(s.pid)) for s in servers) + sum(os.times()[:2])


def command_line(args: argparse.Namespace) -> str:
    env = []
    if args.quick:
        env.append("BENCH_QUICK=1")
    if args.default_model is not None:
        env.append(f"BENCH_DEFAULT_MODEL={args.default_model}")
    if args.no_default:
        env.append("BENCH_NO_DEFAULT=1")
    return " ".join(env + ["make bench"])


def main(argv: Sequence[str] | None = None) -> int:
    args = parse_args(argv)
    if args.from_results:
        results = json.loads(args.from_results.read_text())
        document, image = report.write(results, args.out)
        print(f"wrote {document} and {image.name} from {args.from_results}")
        return 0
    stamp = datetime.now().astimezone()
    workdir = ROOT / "reports" / "bench" / stamp.strftime("%Y%m%d-%H%M%S")
    workdir.mkdir(parents=True, exist_ok=True)
    load_before = load_average()
    print(f"make bench: levels {args.levels}, messages {args.messages}, results in {workdir.relative_to(ROOT)}",
          flush=True)

    may_train = not args.quick
    ours = training.ours(args.model, workdir, args.retrain, may_train)
    default = None
    skipped = None
    if args.no_default:
        skipped = "BENCH_NO_DEFAULT is set"
    else:
        default = training.default(args.default_model, workdir, args.retrain, may_train)
        if default is None:
            skipped = ("models/default.tar.gz is missing and a quick run trains nothing "
                       "(run `make bench`, or give a model with BENCH_DEFAULT_MODEL)")

    apology = apology_markers()
    configs: dict[str, Any] = {"ours": measure("ours", "ours", ours, workdir, args, apology)}
    if default is not None:
        configs["default"] = measure("default", "Rasa defaults", default, workdir, args, apology)
        if args.default_model is not None:
            configs["default"]["model_note"] = (f"taken as given from `{args.default_model}` (BENCH_DEFAULT_MODEL), "
                                                "not trained by this run")

    shares = {name: config["other_cpu_share"] for name, config in configs.items()}
    busy = {name: share for name, share in shares.items() if share > CONTENTION_SHARE}
    results = {
        "run": {"date": stamp.strftime("%Y-%m-%d %H:%M %Z"), "command": command_line(args), "quick": args.quick,
                "levels": args.levels, "messages": args.messages, "warmup": args.warmup, "seed": args.seed,
                "timeout": args.timeout, "now": args.now, "workdir": str(workdir.relative_to(ROOT)),
                "other_cpu_share": shares,
                "contention": "; ".join(f"other processes used {share:.0%} of the CPU while {name} was measured"
                                        for name, share in busy.items()) or None},
        "machine": dict(machine(), load=f"{load_before} / {load_average()}"),
        "configs": configs,
        "default_skipped": skipped,
    }
    (workdir / "results.json").write_text(json.dumps(results, indent=2, ensure_ascii=False))
    document, image = report.write(results, args.out)
    print(f"\nwrote {document.relative_to(ROOT) if document.is_relative_to(ROOT) else document} and {image.name}; "
          f"raw results in {(workdir / 'results.json').relative_to(ROOT)}")
    for target, measured, verdict in report.targets(results):
        print(f"  {target}: {measured} -> {verdict.replace('**', '')}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
