"""Which domain response a stored bot message came from, found from its text.

Rasa stores the response name (`utter_action`) and the values it was filled with in the bot event's
metadata, but a redacting tracker store may keep no bot metadata at all: the text is then matched
against the domain's templates (placeholders match anything), the most specific template first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import yaml

PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
PHONE_PLACEHOLDERS = {"phones", "phone"}


@dataclass(frozen=True)
class Template:
    name: str
    pattern: re.Pattern
    literal: int  # characters of fixed text: more is more specific
    gives_numbers: bool


def _template(name: str, text: str) -> Template:
    parts = PLACEHOLDER.split(text)  # literal, name, literal, name, ...
    literals, names = parts[0::2], set(parts[1::2])
    pattern = re.compile("(?:.+?)".join(re.escape(" ".join(p.split())) for p in literals), re.S)
    return Template(name, pattern, sum(len(p.strip()) for p in literals), bool(names & PHONE_PLACEHOLDERS))


class ResponseIndex:
    def __init__(self, responses: dict) -> None:
        found = [_template(name, str(v["text"])) for name, variants in (responses or {}).items()
                 for v in variants or [] if v.get("text")]
        self.templates = sorted((t for t in found if t.literal), key=lambda t: -t.literal)
        self.numbers = {t.name for t in found if t.gives_numbers}

    @classmethod
    def from_domain(cls, path: Path) -> ResponseIndex:
        return cls((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("responses") or {})

    def name(self, text: str) -> str | None:
        flat = " ".join(text.split())
        return next((t.name for t in self.templates if t.pattern.fullmatch(flat)), None)

    def gives_numbers(self, name: str | None) -> bool:
        return name in self.numbers
