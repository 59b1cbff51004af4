"""Held-out NLU examples (never trained on) and the model's accuracy on them."""
from __future__ import annotations

import asyncio
import re
from dataclasses import dataclass
from pathlib import Path

import yaml

HOLDOUT = Path(__file__).resolve().parent.parent / "nlu_holdout"
_EXAMPLE = re.compile(r"^\s*-\s(.*)$")


def holdout_examples(lang: str) -> list[tuple[str, str]]:
    data = yaml.safe_load((HOLDOUT / f"{lang}.yml").read_text(encoding="utf-8"))
    pairs = []
    for block in data["nlu"]:
        for line in block["examples"].splitlines():
            match = _EXAMPLE.match(line)
            if match:
                pairs.append((match.group(1).strip(), block["intent"]))
    return pairs


@dataclass(frozen=True)
class Result:
    lang: str
    accuracy: float
    total: int
    errors: list[tuple[str, str, str]]  # text, expected, predicted


def evaluate(agent, lang: str) -> Result:
    examples = holdout_examples(lang)

    async def run() -> list[str]:
        return [((await agent.parse_message(text)).get("intent") or {}).get("name") for text, _ in examples]

    predicted = asyncio.run(run())
    errors = [(text, want, got) for (text, want), got in zip(examples, predicted) if want != got]
    return Result(lang, 1 - len(errors) / len(examples), len(examples), errors)
