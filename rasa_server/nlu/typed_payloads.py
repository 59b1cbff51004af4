"""Typed intent payloads: a person may type ``/intent{"entity": value}`` and Rasa would take it as
the NLU's verdict. Only the payloads the assistant itself offers are accepted: the buttons of
the domain's responses, the topic buttons the fallback offers (``pilot_program/ui_text.yml``, one per
topic), the web widget's language switch (``switch_language`` with each value of the domain's
``language`` slot) and Rasa's own ``/restart`` command. They are read from those files, so a new button is
allowed by being written, never by a list kept in sync by hand.

Anything else that starts with "/" loses its slashes and is understood as text, like any other
message (InputGuard does it before the pipeline runs, so Rasa's RegexMessageHandler, which runs
after it, never sees it as a command).
"""
from __future__ import annotations

import json
import re
from functools import lru_cache
from pathlib import Path
from typing import Any, Iterator, Optional

import yaml

from pilot_program.wording import topic_titles

ROOT = Path(__file__).resolve().parents[2]
DOMAIN = ROOT / "domain.yml"
COMMANDS = ("restart",)  # Rasa's default intent for "start over" (rasa.shared.core.constants)
_PAYLOAD = re.compile(r"^/(?P<intent>[^{@]+)(?P<entities>\{.*\})?$", re.S)

Canonical = tuple[str, str]


def canonical(text: str) -> Optional[Canonical]:
    """(intent, entities as sorted JSON) for a well-formed payload; None otherwise."""
    match = _PAYLOAD.match(text.strip())
    if not match:
        return None
    entities: Any = {}
    if match.group("entities"):
        try:
            entities = json.loads(match.group("entities"))
        except ValueError:
            return None
    return match.group("intent").strip(), json.dumps(entities, sort_keys=True, ensure_ascii=False)


def _domain_buttons(domain: dict) -> Iterator[str]:
    for variants in (domain.get("responses") or {}).values():
        for variant in variants or []:
            for button in variant.get("buttons") or []:
                if isinstance(button.get("payload"), str):
                    yield button["payload"]


@lru_cache(maxsize=1)
def offered() -> frozenset[Canonical]:
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    topics = topic_titles()
    switches = [f'/switch_language{{"language": "{lang}"}}' for lang in domain["slots"]["language"]["values"]]
    payloads = [*_domain_buttons(domain), *(f"/{name}" for name in topics), *switches,
                *(f"/{name}" for name in COMMANDS)]
    return frozenset(filter(None, map(canonical, payloads)))


def is_offered(text: str) -> bool:
    found = canonical(text)
    return found is not None and found in offered()


def as_text(text: str) -> str:
    """What a message is understood as: itself, or without its leading slashes when it is a
    payload the assistant never offered."""
    stripped = text.lstrip()
    if not stripped.startswith("/") or is_offered(stripped):
        return text
    return stripped.lstrip("/").lstrip() or " "
