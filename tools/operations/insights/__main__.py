"""python -m tools.operations.insights [--endpoints endpoints.yml] [--out reports/insights/]"""
from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from datetime import datetime
from pathlib import Path

from tools.operations.insights.analysis import analyse
from tools.operations.insights.clusters import group
from tools.operations.insights.conversations import MONTREAL, conversations
from tools.operations.insights.report import write
from tools.operations.insights.responses import ResponseIndex
from tools.operations.insights.store import StoreError, load_events

PROJECT_DOMAIN = Path(__file__).resolve().parents[3] / "domain.yml"


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.operations.insights", description=__doc__)
    parser.add_argument("--endpoints", type=Path, default=Path("endpoints.yml"),
                        help="endpoints file naming the tracker store (default: endpoints.yml)")
    parser.add_argument("--out", type=Path, default=Path("reports/insights"),
                        help="folder for index.html, summary.json and review.yml (default: reports/insights/)")
    parser.add_argument("--domain", type=Path, default=PROJECT_DOMAIN,
                        help="the assistant's domain, to name bot messages and see which give the contact centre's "
                             "numbers (default: this project's domain.yml)")
    args = parser.parse_args(argv)
    responses = ResponseIndex.from_domain(args.domain) if args.domain.is_file() else None
    if responses is None:
        print(f"insights: no domain at {args.domain}: bot messages are named only from their metadata", file=sys.stderr)
    try:
        data = analyse(conversations(load_events(args.endpoints, base=Path.cwd()), responses))
    except StoreError as error:
        print(f"insights: {error}", file=sys.stderr)
        return 2
    groups = group(data.unanswered)
    summary = write(args.out, data, groups, datetime.now(MONTREAL))
    print(f"insights: {summary['conversations']} conversations, {summary['user_messages']} user messages, "
          f"{summary['fallbacks']} fallbacks, feedback {summary['feedback']}: {args.out / 'index.html'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
