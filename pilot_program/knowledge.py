"""Loads a knowledge file, checks it, and gives typed access to its facts.

Rules take the ``Knowledge`` they read as an argument; ``knowledge()`` (the program's own file, loaded
once per process) is for the composition roots only: the turn (actions/turn.py), the session start,
the Rasa server's apology.
"""
from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date
from functools import lru_cache
from pathlib import Path
from typing import Any, Literal

import yaml

from .schema import FACTS, NOT_SHOWN, node_at, validate

Lang = Literal["fr", "en"]
LANGS: tuple[Lang, ...] = ("fr", "en")
KNOWLEDGE_FILE = Path(__file__).resolve().parent / "facts" / "program.yml"

# Confidence levels that may be stated (medium only with its source named).
STATABLE = {"high", "medium"}

class Citations(list):
    """The sources of the facts read while one answer is built (see ``citing``), in order of first use;
    ``medium``: those of the ``medium`` facts among them, which the answer must name in its sentences."""

    def __init__(self, lang: Lang | None = None):
        super().__init__()
        self.lang = lang
        self.medium: list[str] = []


_CITED: ContextVar[Citations | None] = ContextVar("cited_sources", default=None)


@contextmanager
def citing(lang: Lang | None = None) -> Iterator[Citations]:
    """Records the source of every statable fact read inside the block: the answer's footer cites them.
    ``lang``: the answer's language (a fact's French wording may come from another source: ``source_fr``)."""
    cited = Citations(lang)
    token = _CITED.set(cited)
    try:
        yield cited
    finally:
        _CITED.reset(token)


def cite_source(source_key: str, medium: bool = False) -> None:
    cited = _CITED.get()
    if cited is None:
        return
    if source_key not in cited:
        cited.append(source_key)
    if medium and source_key not in cited.medium:
        cited.medium.append(source_key)


def _cite_fact(node: Mapping[str, Any], confidence: str) -> None:
    """A fact's source, or the source of its French wording in a French answer (``source_fr``)."""
    cited = _CITED.get()
    key = node.get("source_fr") if cited is not None and cited.lang == "fr" and node.get("source_fr") else None
    cite_source(str(key or node["source"]), medium=confidence == "medium")


@dataclass(frozen=True)
class Source:
    key: str
    url_en: str
    url_fr: str | None
    name_en: str
    name_fr: str
    as_of: date | None  # None: the page shows no date
    link_en: str = ""
    link_fr: str = ""
    page_language: str = ""  # set when the page exists in one language only, whatever the URL key
    as_of_fr: date | None = None  # the French page's own date, when it is another version (``url_fr``)

    def url(self, lang: Lang) -> str:
        return self.url_fr if lang == "fr" and self.url_fr else self.url_en

    def name(self, lang: Lang) -> str:
        return self.name_fr if lang == "fr" else self.name_en

    def link_name(self, lang: Lang) -> str:
        """A short name for a link ("Québec.ca, official page"); the long name when none is given."""
        return (self.link_fr if lang == "fr" else self.link_en) or self.name(lang)

    def date_in(self, lang: Lang) -> date | None:
        """The date of the page linked in ``lang`` (each language its own version); None: not shown."""
        return self.as_of_fr if lang == "fr" and self.url_fr and self.as_of_fr else self.as_of

    def in_language(self, lang: Lang) -> bool:
        """Whether the linked page is in ``lang`` (otherwise the footer says which language it is in)."""
        if self.page_language:
            return self.page_language == lang
        return lang == "en" or bool(self.url_fr)


@dataclass(frozen=True)
class Text:
    """A piece of wording in both languages."""

    fr: str
    en: str

    def __call__(self, lang: Lang) -> str:
        return self.fr if lang == "fr" else self.en

    @classmethod
    def of(cls, node: Mapping[str, Any]) -> Text:
        return cls(fr=str(node["fr"]), en=str(node["en"]))


@dataclass(frozen=True)
class Fact:
    """One fact of the knowledge data with its provenance."""

    path: str
    data: Mapping[str, Any]
    source: Source
    as_of: date | None  # None: the source shows no date
    confidence: str

    @property
    def statable(self) -> bool:
        return self.confidence in STATABLE

    def __getitem__(self, key: str) -> Any:
        return self.data[key]

    def get(self, key: str, default: Any = None) -> Any:
        return self.data.get(key, default)

    def text(self, lang: Lang) -> str:
        return str(self.data[lang])

    def items(self, lang: Lang) -> list[str]:
        return [str(_cited_item(item)[lang]) for item in self.data["items"]]

    def texts(self, key: str = "items") -> tuple[Text, ...]:
        return tuple(Text.of(_cited_item(item)) for item in self.data[key])

    def as_text(self) -> Text:
        return Text.of(self.data)

    def item(self, key: str) -> Text:
        for item in self.data["items"]:
            if item.get("key") == key:
                return Text.of(_cited_item(item))
        raise KeyError(f"{self.path} has no item {key!r}")


def _cited_item(item: Mapping[str, Any]) -> Mapping[str, Any]:
    """An item can name its own source (on top of its fact's): shown, it is cited too."""
    if "source" in item:
        _cite_fact(item, str(item.get("confidence", "high")))
    return item


def _as_date(value: Any) -> date | None:
    if value == NOT_SHOWN or value is None:
        return None
    return value if isinstance(value, date) else date.fromisoformat(str(value))


class KnowledgeError(ValueError):
    """A knowledge file that cannot be used: the message names the file and each bad path."""


class Knowledge:
    """The knowledge data, indexed by dotted path (``"fees.rules"``). Build it with ``load_knowledge``."""

    def __init__(self, raw: Mapping[str, Any], origin: str = "<memory>"):
        self.raw = raw
        self.origin = origin
        self.sources = {
            key: Source(
                key=key,
                url_en=spec["url_en"],
                url_fr=spec.get("url_fr"),
                name_en=spec["name_en"],
                name_fr=spec.get("name_fr", spec["name_en"]),
                as_of=_as_date(spec["as_of"]),
                link_en=spec.get("link_en", ""),
                link_fr=spec.get("link_fr", ""),
                page_language=spec.get("page_language", ""),
                as_of_fr=_as_date(spec.get("as_of_fr")),
            )
            for key, spec in raw["sources"].items()
        }

    def fact(self, path: str, cite: bool = True) -> Fact:
        """The fact at ``path``; read with ``cite`` (the default), a statable fact's source is cited."""
        found = self._fact(path, self._declared(path))
        if cite and found.statable:
            _cite_fact(found.data, found.confidence)
        return found

    def facts(self, path: str) -> list[Fact]:
        """The facts listed at ``path`` (one per fee year), not cited."""
        return [self._fact(f"{path}.{index}", node) for index, node in enumerate(self._declared(path))]

    def _declared(self, path: str) -> Any:
        if path not in FACTS:
            raise KeyError(f"fact {path!r} is read but not declared in pilot_program/schema.py FACTS")
        try:
            return node_at(self.raw, path)
        except KeyError:
            raise KeyError(f"{self.origin} has no fact {path!r}") from None

    def _fact(self, path: str, node: Mapping[str, Any]) -> Fact:
        return Fact(
            path=path,
            data=node,
            source=self.sources[node["source"]],
            as_of=_as_date(node["as_of"]),
            confidence=str(node["confidence"]),
        )

    def all_facts(self) -> list[Fact]:
        """Every mapping that carries a ``source`` key, anywhere outside ``sources``."""
        found: list[Fact] = []

        def walk(node: Any, path: str) -> None:
            if isinstance(node, Mapping):
                if "source" in node:
                    found.append(self._fact(path, node))
                    return
                for key, value in node.items():
                    walk(value, f"{path}.{key}" if path else str(key))
            elif isinstance(node, list):
                for index, value in enumerate(node):
                    walk(value, f"{path}.{index}")

        for key, value in self.raw.items():
            if key != "sources":
                walk(value, key)
        return found

    def official_page(self) -> Source:
        return self.sources["official_page"]


def load_knowledge(path: Path | str) -> Knowledge:
    """The knowledge file at ``path``, checked (pilot_program/schema.py): KnowledgeError names every problem."""
    try:
        with Path(path).open(encoding="utf-8") as handle:
            raw = yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise KnowledgeError(f"{path}: cannot be read: {error}") from error
    problems = validate(raw)
    if problems:
        raise KnowledgeError(f"{path}: {len(problems)} problem(s):\n  " + "\n  ".join(problems))
    return Knowledge(raw, str(path))


@lru_cache(maxsize=1)
def knowledge() -> Knowledge:
    """The program's knowledge file, loaded once per process: for the composition roots only."""
    return load_knowledge(KNOWLEDGE_FILE)
