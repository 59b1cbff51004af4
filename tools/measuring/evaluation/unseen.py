"""The unseen set: messages written the way applicants write, by someone who read only the program's
sources (never the code, the training data or the tests), each with the facts its reply must hold.

`python -m tools.measuring.evaluation.unseen` starts the real servers on loopback (the action server's clock set to
each case's Montréal time), sends every case through the REST channel as a new conversation (its
earlier turns first), and judges the reply of its last message (tools/measuring/evaluation/unseen_matching.py): every
`expect` item found, no `forbid` item, and the reply in the case's language. It prints the pass rate
overall, by language and by kind, and writes every failure with the reply to reports/unseen/.

The set is never trained on: the leak test (tools/measuring/evaluation/leaks.py) covers it. Report its pass rate
before and after a change to understanding; don't tune to its sentences.
"""
from __future__ import annotations

import argparse
import json
import socket
import sys
import tempfile
import time
import urllib.request
import uuid
from collections import Counter, defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tools.measuring.evaluation.unseen_matching import describe, item_found
from tools.measuring.servers import (
    HOST,
    free_port,
    rasa_server,
    rest_headers,
    running,
    start_action_server,
)

ROOT = Path(__file__).resolve().parents[3]
CASES = ROOT / "tests" / "unseen" / "messages.yml"
OUT = ROOT / "reports" / "unseen"


@dataclass(frozen=True)
class Case:
    id: str
    lang: str
    kind: str
    now: str
    message: str
    turns: tuple[str, ...] = ()
    expect: tuple[Mapping[str, Any], ...] = ()
    forbid: tuple[Mapping[str, Any], ...] = ()
    note: str = ""


@dataclass
class Verdict:
    case: Case
    reply: str
    reply_langs: list[str] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    forbidden: list[str] = field(default_factory=list)
    wrong_language: bool = False

    @property
    def passed(self) -> bool:
        return not (self.missing or self.forbidden or self.wrong_language)


def load_cases(path: Path = CASES) -> list[Case]:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    default_now = str(data["now"])
    return [Case(id=str(c["id"]), lang=str(c["lang"]), kind=str(c.get("kind", "plain")),
                 now=str(c.get("now") or default_now), message=str(c["message"]),
                 turns=tuple(str(t) for t in c.get("turns") or ()), expect=tuple(c.get("expect") or ()),
                 forbid=tuple(c.get("forbid") or ()), note=str(c.get("note", "")))
            for c in data["cases"]]


def _post(port: int, sender: str, text: str, lang: str) -> list[dict[str, Any]]:
    body = json.dumps({"sender": sender, "message": text, "metadata": {"language": lang}}).encode()
    request = urllib.request.Request(f"http://{HOST}:{port}/webhooks/rest/webhook", body, rest_headers())
    with urllib.request.urlopen(request, timeout=60) as response:
        return json.loads(response.read())


def reply_text(messages: Sequence[Mapping[str, Any]]) -> str:
    """What the person reads: every message's text and its buttons' titles."""
    parts = []
    for message in messages:
        parts.append(str(message.get("text") or ""))
        parts += [str(b.get("title") or "") for b in message.get("buttons") or []]
    return "\n".join(part for part in parts if part)


def judge(case: Case, messages: Sequence[Mapping[str, Any]]) -> Verdict:
    text = reply_text(messages)
    langs = [str(m.get("lang") or (m.get("custom") or {}).get("lang") or "") for m in messages]
    verdict = Verdict(case, text, langs)
    verdict.missing = [describe(item) for item in case.expect if not item_found(item, text)]
    verdict.forbidden = [describe(item) for item in case.forbid if item_found(item, text)]
    known = [lang for lang in langs if lang]
    verdict.wrong_language = not text or bool(known and Counter(known).most_common(1)[0][0] != case.lang)
    return verdict


def run_case(port: int, case: Case) -> Verdict:
    sender = f"unseen-{uuid.uuid4().hex[:12]}"
    for turn in case.turns:
        _post(port, sender, turn, case.lang)
    return judge(case, _post(port, sender, case.message, case.lang))


def evaluate(cases: Sequence[Case], workdir: Path) -> list[Verdict]:
    """Every case through one Rasa server (in-memory store); its action server started anew, on the same
    port, for each Montréal wall time the cases are set at (stopped before the next one starts)."""
    by_now: dict[str, list[Case]] = defaultdict(list)
    for case in cases:
        by_now[case.now].append(case)
    verdicts: list[Verdict] = []
    actions_port = free_port()
    with rasa_server(workdir, actions_port) as port:
        for clock, group in by_now.items():
            with running(start_action_server(workdir, actions_port, now=clock), "/health", 60):
                verdicts += [run_case(port, case) for case in group]
            _wait_closed(actions_port)
    order = {case.id: index for index, case in enumerate(cases)}
    return sorted(verdicts, key=lambda v: order[v.case.id])


def _wait_closed(port: int, timeout: float = 30) -> None:
    """Until nothing listens on ``port`` (the next clock's server must not find the last one there)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with socket.socket() as sock:
            if sock.connect_ex((HOST, port)) != 0:
                return
        time.sleep(0.2)
    raise TimeoutError(f"port {port} still in use")


def summary(verdicts: Sequence[Verdict]) -> str:
    def rate(items: Sequence[Verdict]) -> str:
        passed = sum(v.passed for v in items)
        return f"{passed}/{len(items)} ({passed / len(items):.0%})" if items else "-"

    lines = [f"unseen set: {rate(verdicts)} passed"]
    for lang in sorted({v.case.lang for v in verdicts}):
        lines.append(f"  {lang}: {rate([v for v in verdicts if v.case.lang == lang])}")
    lines.append("  by kind:")
    for kind in sorted({v.case.kind for v in verdicts}):
        lines.append(f"    {kind:<16} {rate([v for v in verdicts if v.case.kind == kind])}")
    return "\n".join(lines)


def failures_report(verdicts: Sequence[Verdict]) -> str:
    blocks = []
    for v in verdicts:
        if v.passed:
            continue
        why = v.missing and f"missing {v.missing}" or ""
        why += v.forbidden and f" forbidden {v.forbidden}" or ""
        why += " wrong language" if v.wrong_language else ""
        context = "".join(f"  > {t}\n" for t in v.case.turns)
        reply = "\n".join(f"    {line}" for line in v.reply.splitlines())
        blocks.append(f"## {v.case.id} ({v.case.kind}, {v.case.now}): {why.strip()}\n{context}"
                      f"  > {v.case.message}\n{reply}\n")
    return "\n".join(blocks)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cases", type=Path, default=CASES)
    parser.add_argument("--only", help="ids starting with this prefix")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    cases = [c for c in load_cases(args.cases) if not args.only or c.id.startswith(args.only)]
    with tempfile.TemporaryDirectory(prefix="unseen-") as workdir:
        verdicts = evaluate(cases, Path(workdir))
    args.out.mkdir(parents=True, exist_ok=True)
    text = summary(verdicts)
    (args.out / "summary.txt").write_text(text + "\n", encoding="utf-8")
    (args.out / "failures.md").write_text(failures_report(verdicts), encoding="utf-8")
    (args.out / "results.json").write_text(json.dumps(
        {v.case.id: v.passed for v in verdicts}, indent=1), encoding="utf-8")
    print(text)
    print(f"failures with replies: {args.out / 'failures.md'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
