"""The word lists of understanding/lexicon.yml, compiled once, and the folding they are matched on."""
from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache
from pathlib import Path
from typing import Any

import yaml

LEXICON_FILE = Path(__file__).resolve().parent / "lexicon.yml"
APOSTROPHES = str.maketrans({"\u2019": "'", "\u2018": "'", "\u02bc": "'", "`": "'"})


def folded(text: str) -> str:
    """Lower case without accents, apostrophes plain, *one character for one*: a position in the
    folded text is the same position in the message (where the NLU's entities are)."""
    out = []
    for char in text.translate(APOSTROPHES):
        bare = "".join(c for c in unicodedata.normalize("NFD", char.lower()) if unicodedata.category(c) != "Mn")
        out.append(bare[:1] or " ")
    return "".join(out)


@lru_cache(maxsize=1)
def _data() -> dict[str, Any]:
    # every word a string: plain YAML would read "yes", "no", "on" as booleans
    return yaml.load(LEXICON_FILE.read_text(encoding="utf-8"), Loader=yaml.BaseLoader)


def phrases(name: str) -> list[str]:
    """The folded phrases of one list ("already_in"), or of a list inside a group ("date_roles.request")."""
    node: Any = _data()
    for part in name.split("."):
        node = node[part]
    return [folded(str(p)).strip() for p in node]


def group(name: str) -> dict[str, list[str]]:
    """A group of lists by key ("date_roles": role -> phrases)."""
    return {key: phrases(f"{name}.{key}") for key in _data()[name]}


def alternation(words: list[str]) -> str:
    """A regular expression matching any of ``words`` as whole words, longest first."""
    ordered = sorted(set(words), key=len, reverse=True)
    return r"(?<!\w)(?:" + "|".join(re.escape(w).replace(r"\ ", r"\s+") for w in ordered) + r")(?!\w)"


@cache
def cue(name: str) -> re.Pattern[str]:
    """The compiled list ``name``, to search folded text with."""
    return re.compile(alternation(phrases(name)))


def says(name: str, text: str) -> bool:
    """Whether the folded ``text`` holds a phrase of the list ``name``."""
    return cue(name).search(text) is not None
