"""docs/benchmarks.md and its plot from the benchmark's results (the dict `tools.measuring.bench.__main__` builds).

Everything in the file is regenerated except the tuning log, which is kept between its markers.
"""
from __future__ import annotations

import math
from pathlib import Path
from typing import Any

from tools.measuring.bench.plot import plot
from tools.measuring.bench.targets import MB, TARGET_P50_MS, cpu_ms, targets

TUNING_START = "<!-- tuning-log:start -->"
TUNING_END = "<!-- tuning-log:end -->"
TUNING_PLACEHOLDER = ("_For the lead: what was changed to meet the targets (configuration, pipeline, server settings), "
                      "each change with the numbers before and after._")
__all__ = ["render", "targets", "write"]


# --- formatting ---------------------------------------------------------------------------------

def _num(value: float | None, digits: int = 1) -> str:
    if value is None or (isinstance(value, float) and math.isnan(value)):
        return "n/a"
    return f"{value:,.{digits}f}"


def _ratio(ours: float | None, default: float | None) -> str:
    if ours is None or default is None or default == 0 or any(math.isnan(v) for v in (ours, default)):
        return "n/a"
    return f"×{ours / default:.2f}"


def _mb(value: float | None) -> float | None:
    return None if value is None else value / MB


def _level(config: dict[str, Any] | None, users: int) -> dict[str, Any] | None:
    if not config:
        return None
    return next((level for level in config.get("levels", []) if level["users"] == users), None)


def _get(config: dict[str, Any] | None, *path: str) -> float | None:
    value: Any = config
    for key in path:
        if not isinstance(value, dict) or value.get(key) is None:
            return None
        value = value[key]
    return value


# --- tables -------------------------------------------------------------------------------------

def rows(results: dict[str, Any]) -> list[tuple[str, float | None, float | None, int]]:
    """(label, ours, default, digits) for the comparison table."""
    ours, default = results["configs"].get("ours"), results["configs"].get("default")
    table = [
        ("Cold start: process start → first answer (s)", _get(ours, "cold_start_s"), _get(default, "cold_start_s"), 1),
        ("Training time, full, empty cache (s)", _get(ours, "train_seconds"), _get(default, "train_seconds"), 0),
        ("Training time, last `make setup`, Rasa's cache allowed (s)", _get(ours, "make_train_seconds"), None, 0),
        ("Model size (MB)", _mb(_get(ours, "model_bytes")), _mb(_get(default, "model_bytes")), 1),
        ("Resident memory, Rasa server, peak (MB)", _mb(_get(ours, "rss_peak", "rasa")),
         _mb(_get(default, "rss_peak", "rasa")), 0),
        ("Resident memory, Rasa server, after warm-up (MB)", _mb(_get(ours, "rss_idle", "rasa")),
         _mb(_get(default, "rss_idle", "rasa")), 0),
        ("Resident memory, action server, peak (MB)", _mb(_get(ours, "rss_peak", "actions")),
         _mb(_get(default, "rss_peak", "actions")), 0),
    ]
    for users in results["run"]["levels"]:
        a, b = _level(ours, users), _level(default, users)
        who = "1 user" if users == 1 else f"{users} users"
        for key, label, digits in (("p50_ms", "p50 latency (ms)", 0), ("p95_ms", "p95 latency (ms)", 0),
                                   ("p99_ms", "p99 latency (ms)", 0), ("msg_per_s", "messages per second", 1),
                                   ("errors", "errors", 0), ("messages", "messages sent", 0)):
            table.append((f"{who}: {label}", a.get(key) if a else None, b.get(key) if b else None, digits))
        table.append((f"{who}: CPU per message, Rasa + actions (ms)", cpu_ms(a), cpu_ms(b), 1))
    return table


# --- the document -------------------------------------------------------------------------------

def existing_tuning_log(path: Path) -> str | None:
    if not path.exists():
        return None
    text = path.read_text(encoding="utf-8")
    start, end = text.find(TUNING_START), text.find(TUNING_END)
    if start == -1 or end == -1 or end < start:
        # written by hand, without the markers: keep all of it rather than lose it
        return ("_Kept from the previous docs/benchmarks.md, which had no tuning-log markers:_\n\n" + text.strip()
                if text.strip() else None)
    return text[start + len(TUNING_START):end].strip("\n")


def render(results: dict[str, Any], plot_name: str, tuning_log: str | None) -> str:
    run = results["run"]
    levels = ", ".join(str(u) for u in run["levels"])
    out = _header(results) + _machine(results["machine"]) + _measured(run, levels) + _results(results)
    out += ["## Targets (2 cores, issue 20)", "", "| target | measured | result |", "|---|---|---|"]
    out += [f"| {name} | {measured} | {verdict} |" for name, measured, verdict in targets(results)] + [""]
    out += ["## Latency against concurrency", "", f"![p50, p95 and p99 latency, and messages per second, at "
            f"{levels} concurrent users]({plot_name})", ""]
    out += _errors(results) + _reproduce(run)
    out += ["## Tuning log", "", TUNING_START, tuning_log if tuning_log is not None else TUNING_PLACEHOLDER, TUNING_END,
            ""]
    return "\n".join(out)


def _header(results: dict[str, Any]) -> list[str]:
    run, default = results["run"], results["configs"].get("default")
    out: list[str] = ["# Benchmarks: speed, memory, cost", ""]
    out.append(f"Generated by `{run['command']}` on {run['date']} (code in `tools/measuring/bench/`). "
               "Everything here is rewritten "
               "by the next run except the tuning log at the end.")
    out.append("")
    if run["quick"]:
        out += ["> **Quick smoke run** (`BENCH_QUICK=1`): few messages per level, so the percentiles are rough. "
                "Run `make bench` for the real numbers.", ""]
    if run.get("contention"):
        out += [f"> **Measured under CPU contention**: {run['contention']}. Latency and throughput are pessimistic; "
                "rerun on a quiet machine.", ""]
    if default and default.get("model_note"):
        out += [f"> **Default configuration's model**: {default['model_note']}", ""]
    if not default:
        out += [f"> **Default configuration not measured**: {results.get('default_skipped', 'skipped')}.", ""]
    return out


def _machine(machine: dict[str, Any]) -> list[str]:
    out = ["## Machine", "", "| | |", "|---|---|"]
    for key, label in (("cpu", "CPU"), ("cores", "Cores"), ("ram", "RAM"), ("os", "OS"), ("python", "Python"),
                       ("rasa", "Rasa"), ("load", "Load average (1, 5, 15 min) before / after")):
        out.append(f"| {label} | {machine.get(key, 'n/a')} |")
    out.append("")
    return out


def _measured(run: dict[str, Any], levels: str) -> list[str]:
    out = ["## What was measured", ""]
    counts = ", ".join(f"{m} at {u}" for u, m in zip(run["levels"], run["messages"], strict=True))
    out += [
        f"- Each configuration gets a fresh action server and Rasa server on 127.0.0.1 (socket.io from "
        f"`credentials.yml` plus the authenticated REST channel, rate limits raised, an SQLite tracker store in a "
        f"temporary folder, the action server's clock fixed to "
        f"{run['now']}), one configuration after the other, never both at once.",
        "- **Cold start**: from starting both processes to the first non-empty answer (not the apology) to a real "
        "question on the REST channel.",
        f"- Then a warm-up ({run['warmup']} messages, not counted), then closed-loop simulated users at {levels} "
        f"concurrent users ({counts} messages): scripted conversations of 3 to 6 turns, half French and half "
        "English (metadata `language`), questions from the held-out sets `tests/nlu_holdout/` and the forms "
        "(fees, adding a family member, deadlines) with their follow-up answers; each conversation has its own "
        "sender id and each user sends the next message as soon as the reply arrives. Both configurations get the "
        f"same messages (seed {run['seed']}).",
        f"- **Latency**: one REST call, request to full reply. **Errors**: HTTP error, no reply within "
        f"{run['timeout']:.0f} s, a reply with no text, or the apology for a technical problem (the channel's guard "
        "when the bot sent nothing, or an action that failed).",
        "- **Resident memory**: VmRSS of each server's process tree, sampled every 0.5 s; peak over the whole run "
        "and after the warm-up. 1 MB = 10⁶ bytes. **CPU per message**: CPU time of both servers during a level "
        "divided by its messages (at 1 user the messages are sent one after the other: the cost of one message).",
        "- **Training time**: wall time of a full `rasa train` from an empty cache, for both configurations "
        "(kept in `.stamps/bench-train-*.json` with a fingerprint of the inputs and reused while they do not "
        "change); `make setup`'s own time for ours (`.stamps/train-seconds`) is shown too, but Rasa's cache can "
        "make it much shorter after a small change. **Model size**: the `.tar.gz` file.",
        "- **Ours**: `config.yml` (spaCy pipeline built by the project, input guard, linear intent classifier, "
        "RulePolicy), its Rasa server started through the project's start-up hook (`python -m rasa_server.startup "
        "run`, without TensorFlow). **Rasa defaults**: `tools/measuring/bench/default_config.yml`, "
        "the `config.yml` that `rasa init` "
        "writes (empty pipeline and policies, filled by Rasa from its default configuration: DIET, ResponseSelector, "
        "TEDPolicy, UnexpecTEDIntentPolicy, RulePolicy, MemoizationPolicy), `language: en` as written although the "
        "data is bilingual (no default component depends on it), trained on the same `domain.yml` and `data/`, "
        "served with the same action server and channels.",
        "",
    ]
    return out


def _results(results: dict[str, Any]) -> list[str]:
    ours, default = results["configs"].get("ours"), results["configs"].get("default")
    out = ["## Results", "", "| | ours | Rasa defaults | ours ÷ defaults |", "|---|---:|---:|---:|"]
    for label, a, b, digits in rows(results):
        ratio = "" if label.endswith(("errors", "messages sent")) else _ratio(a, b)
        out.append(f"| {label} | {_num(a, digits)} | {_num(b, digits)} | {ratio} |")
    out.append("")
    notes = [f"Training time, ours: {ours['train_source']}." if ours else None,
             f"Training time, Rasa defaults: {default['train_source']}." if default else None]
    out += [f"- {note}" for note in notes if note]
    out += ["- Ratios below 1 are better for latency, memory, time and size; above 1 for messages per second.", ""]
    return out


def _errors(results: dict[str, Any]) -> list[str]:
    samples = [(name, level["users"], sample) for name, config in results["configs"].items() if config
               for level in config.get("levels", []) for sample in level.get("error_samples", [])[:5]]
    if not samples:
        return []
    out = ["## Errors (first samples)", "", "| configuration | users | kind | message | detail |",
           "|---|---:|---|---|---|"]
    for name, users, (kind, message, detail) in samples:
        out.append(f"| {name} | {users} | {kind} | {_cell(message)} | {_cell(detail)} |")
    return out + [""]


def _cell(value: object) -> str:
    return str(value).replace("|", "\\|").replace("\n", " ")[:120]


def _reproduce(run: dict[str, Any]) -> list[str]:
    return ["## Reproduce", "", "```bash",
            "make bench                      # full run: trains what is missing, then measures both configurations",
            "BENCH_QUICK=1 make bench        # smoke run: a few messages per level, trains nothing",
            "```", "",
            "Options (environment variables, or the flags of `python -m tools.measuring.bench --help`): "
            "`BENCH_LEVELS=1,10,50`, "
            "`BENCH_MESSAGES=200,600,1500`, `BENCH_DEFAULT_MODEL=path.tar.gz` (use that model for the default "
            "configuration instead of training it), `BENCH_NO_DEFAULT=1`, `BENCH_RETRAIN=1` (time both trainings "
            "again from an empty cache), `BENCH_TIMEOUT=30`, `BENCH_OUT=docs/benchmarks.md`. Raw results and server "
            f"logs: `{run['workdir']}`. The CPU should be otherwise idle: other work on the machine shows up directly "
            "in the latencies.", ""]


def write(results: dict[str, Any], path: Path) -> tuple[Path, Path]:
    """Writes the document and its plot (`<name>-latency.png` beside it); returns both paths."""
    path.parent.mkdir(parents=True, exist_ok=True)
    image = path.with_name(f"{path.stem}-latency.png")
    plot(results, image, TARGET_P50_MS)
    tuning_log = existing_tuning_log(path)
    path.write_text(render(results, image.name, tuning_log), encoding="utf-8")
    return path, image
