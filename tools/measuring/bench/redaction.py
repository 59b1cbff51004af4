"""`python -m tools.measuring.bench.redaction`: how long redaction takes on inputs built to be slow, at the sizes
that count.

For each input of tools/measuring/adversarial.py, the best of three runs of:

* what the tracker store does with one message as large as a request may be (PP_MAX_REQUEST_BYTES,
  64 KB): ``redact_turn`` on the user event, which reads at most MAX_CHARS characters (and a few more);
* ``redaction.find`` on the whole request-sized text, as if a caller skipped that bound.

Prints a table and the worst case of each; ``--json PATH`` also writes them (docs/privacy.md quotes them).
"""
from __future__ import annotations

import argparse
import json
import time
from collections.abc import Callable, Sequence
from functools import partial
from pathlib import Path

from privacy.echoes import redact_turn
from privacy.redaction import find
from rasa_server.channels.base import DEFAULT_MAX_REQUEST_BYTES
from tools.measuring.adversarial import ADVERSARIAL


def best_of(runs: int, work: Callable[[], object]) -> float:
    times = []
    for _ in range(runs):
        started = time.perf_counter()
        work()
        times.append(time.perf_counter() - started)
    return min(times)


def measure(size: int = DEFAULT_MAX_REQUEST_BYTES, runs: int = 3) -> dict[str, dict[str, float]]:
    results = {}
    for name, build in ADVERSARIAL.items():
        text = build(size)
        event = {"event": "user", "text": text, "parse_data": {"text": text[:2000]}}
        results[name] = {"stored_message_s": best_of(runs, partial(redact_turn, [event])),
                         "whole_request_s": best_of(runs, partial(find, text))}
    return results


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.measuring.bench.redaction",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--size", type=int, default=DEFAULT_MAX_REQUEST_BYTES, help="characters per input")
    parser.add_argument("--json", type=Path, help="also write the results here")
    args = parser.parse_args(argv)
    results = measure(args.size)
    print(f"{'input':45} {'stored message':>15} {'whole request':>15}   ({args.size} characters each)")
    for name, times in results.items():
        print(f"{name:45} {times['stored_message_s'] * 1000:12.1f} ms {times['whole_request_s'] * 1000:12.1f} ms")
    for column in ("stored_message_s", "whole_request_s"):
        name = max(results, key=lambda key: results[key][column])
        print(f"worst {column}: {results[name][column] * 1000:.1f} ms ({name})")
    if args.json:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps({"size": args.size, "results": results}, indent=1) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
