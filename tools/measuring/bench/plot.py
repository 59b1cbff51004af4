"""The latency and throughput plot beside docs/benchmarks.md."""
from __future__ import annotations

from pathlib import Path
from typing import Any


def plot(results: dict[str, Any], path: Path, target_p50_ms: float) -> None:
    """p50/p95/p99 latency and messages per second against concurrent users, with the latency target."""
    import matplotlib
    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    figure, (latency, rate) = plt.subplots(1, 2, figsize=(11, 4.2))
    styles = {"p50_ms": "-", "p95_ms": "--", "p99_ms": ":"}
    colours = {"ours": "tab:blue", "default": "tab:orange"}
    for name, config in results["configs"].items():
        if not config or not config.get("levels"):
            continue
        levels = sorted(config["levels"], key=lambda level: level["users"])
        users = [level["users"] for level in levels]
        for key, style in styles.items():
            latency.plot(users, [level[key] for level in levels], style, marker="o", color=colours.get(name),
                         label=f"{config['label']} {key[:3]}")
        rate.plot(users, [level["msg_per_s"] for level in levels], "-", marker="o", color=colours.get(name),
                  label=config["label"])
    for axis in (latency, rate):
        axis.set_xscale("log")
        axis.set_xticks(results["run"]["levels"])
        axis.set_xticklabels([str(u) for u in results["run"]["levels"]])
        axis.set_xlabel("concurrent users")
        axis.grid(True, which="both", alpha=0.3)
    latency.set_yscale("log")
    latency.set_ylabel("latency per message (ms, log scale)")
    latency.set_title("Latency against concurrency")
    latency.axhline(target_p50_ms, color="grey", linewidth=0.8, label=f"target p50, 1 user ({target_p50_ms:.0f} ms)")
    rate.set_ylabel("messages per second")
    rate.set_title("Throughput against concurrency")
    rate.set_ylim(bottom=0)
    latency.legend(fontsize=7, loc="upper left")
    rate.legend(fontsize=8, loc="best")
    figure.suptitle(f"make bench, {results['run']['date']}" + (" (quick smoke run)" if results["run"]["quick"] else ""),
                    fontsize=9)
    figure.tight_layout()
    figure.savefig(path, dpi=110)
    plt.close(figure)
