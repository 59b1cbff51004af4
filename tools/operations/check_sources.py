"""Do the official page's facts still stand on the page?
``python -m tools.operations.check_sources --page PATH_OR_URL``.

Every fact of a ``quoted`` source (the official page) carries the passage of the page that supports it
(pilot_program/facts/program.yml; pilot_program/schema.py checks it is there). This reads the page as it is now (a saved
text or HTML file, or its address), looks for each passage once spaces, punctuation and case are normalised,
and lists every fact whose passage is no longer there, with what the page says nearby. A fact can instead
name words the page must still not contain (``absent``: what the page does not say) or what its address
contains (``in_address``, checked against the source's address in the knowledge file).

Exit status: 0 when every passage is found, 1 when some are not (each listed), 2 when the page cannot be read.
``make check-sources`` runs it on ../shared/sources/004_012f1d043d76c9be.txt; docs/maintaining-facts.md says
what to do with its answer.
"""
from __future__ import annotations

import argparse
import sys
import unicodedata
import urllib.request
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from difflib import SequenceMatcher
from html.parser import HTMLParser
from pathlib import Path

from pilot_program.knowledge import KNOWLEDGE_FILE, Fact, Knowledge, load_knowledge
from pilot_program.schema import passages

TIMEOUT_SECONDS = 20
CONTEXT_CHARS = 30  # of the page shown on each side of where a missing passage should be
SIMILAR = 0.6  # how alike a stretch of the page must be to a missing passage to be shown as its new wording
MAX_GAP = 400  # characters between a fact's neighbouring passages, shown when a passage between them is gone
# The page's own date ("Last update: January 1, 2026"), compared with the source's `as_of` (a note, not a failure).
DATE_LABEL = "last update"

# HTML elements whose text is not the page's, and those that end a line of it.
_HIDDEN = {"script", "style", "noscript", "template", "svg"}
_BLOCKS = {"p", "div", "li", "ul", "ol", "br", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "td", "th", "section",
           "article", "header", "footer", "nav", "dt", "dd", "table", "main", "aside", "form", "button", "title"}


class _TextOfHtml(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN and self._hidden:
            self._hidden -= 1
        if tag in _BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The text a reader sees (scripts and styles left out), a line per block."""
    parser = _TextOfHtml()
    parser.feed(html)
    parser.close()
    return "".join(parser.parts)


def read_page(location: str) -> str:
    """The page's text, from a file or an http(s) address; HTML is turned into its text. OSError if unreadable."""
    if location.startswith(("http://", "https://")):
        request = urllib.request.Request(location, headers={"User-Agent": "pp-assistant-freshness-check"})
        with urllib.request.urlopen(request, timeout=TIMEOUT_SECONDS) as response:
            raw = response.read().decode(response.headers.get_content_charset() or "utf-8", errors="replace")
    else:
        raw = Path(location).read_text(encoding="utf-8", errors="replace")
    head = raw[:2000].lower()
    return html_to_text(raw) if "<html" in head or "<body" in head or "<!doctype html" in head else raw


@dataclass(frozen=True)
class Normalised:
    """A text in lower case, every run of spaces and punctuation one space; ``origin[i]``: where its i-th
    character comes from in the text, to quote the page as it is written."""

    text: str
    origin: tuple[int, ...]
    source: str

    @classmethod
    def of(cls, source: str) -> Normalised:
        chars: list[str] = []
        origin: list[int] = []
        for index, char in enumerate(unicodedata.normalize("NFC", source)):
            for folded in unicodedata.normalize("NFKC", char).casefold():
                keep = folded if folded.isalnum() else " "
                if keep == " " and (not chars or chars[-1] == " "):
                    continue
                chars.append(keep)
                origin.append(index)
        while chars and chars[-1] == " ":
            chars.pop()
            origin.pop()
        return cls("".join(chars), tuple(origin), unicodedata.normalize("NFC", source))

    def find(self, words: str) -> int:
        """Where ``words`` are, as whole words (-1: not there)."""
        return f" {self.text} ".find(f" {Normalised.of(words).text} ")  # the padding's offsets cancel out

    def quote(self, start: int, end: int) -> str:
        """The source's text from normalised ``start`` to ``end``, widened to whole words, spaces collapsed."""
        start, end = max(0, start - CONTEXT_CHARS), min(len(self.text), end + CONTEXT_CHARS)
        while start > 0 and self.text[start - 1] != " ":
            start -= 1
        while end < len(self.text) and self.text[end] != " ":
            end += 1
        if not self.text:
            return ""
        first, last = self.origin[start], self.origin[max(start, end - 1)]
        text = " ".join(self.source[first:last + 1].split())
        return ("…" if start > 0 else "") + text + ("…" if end < len(self.text) else "")

    def nearby(self, passage: str, between: tuple[int, int] | None = None) -> str:
        """What the page says where ``passage`` would be: the stretch most like it (a figure changed), else
        the text ``between`` the fact's passages found before and after it (a line removed), else ""."""
        wanted = Normalised.of(passage).text
        match = SequenceMatcher(None, self.text, wanted, autojunk=False).find_longest_match(
            0, len(self.text), 0, len(wanted))
        start = max(0, match.a - match.b)
        end = min(len(self.text), start + len(wanted))
        if match.size and SequenceMatcher(None, self.text[start:end], wanted, autojunk=False).ratio() >= SIMILAR:
            return self.quote(start, end)
        if between and 0 <= between[1] - between[0] <= MAX_GAP:
            return self.quote(*between)
        return ""


@dataclass(frozen=True)
class Missing:
    path: str  # the fact's key in the knowledge file
    expected: str  # the passage (or what the page must not say, or its address)
    nearby: str  # what the page says there ("" when nothing looks like it)
    kind: str = "passage"


def quoted_facts(k: Knowledge) -> Iterator[Fact]:
    """The facts whose source is checked against its page (``quoted: true``)."""
    for fact in k.all_facts():
        if (k.raw["sources"].get(fact.source.key) or {}).get("quoted"):
            yield fact


def check(k: Knowledge, page: str) -> list[Missing]:
    """Every fact of a quoted source whose passage the page no longer holds (or that it now contradicts)."""
    text = Normalised.of(page)
    missing: list[Missing] = []
    for fact in quoted_facts(k):
        missing += _missing_passages(fact, text)
        for word in passages(fact.data, "absent"):
            at = text.find(word)
            if at >= 0:
                missing.append(Missing(fact.path, word, text.quote(at, at + len(Normalised.of(word).text)), "absent"))
        url = fact.source.url_en
        missing += [Missing(fact.path, part, url, "in_address") for part in passages(fact.data, "in_address")
                    if part.lower() not in url.lower()]
    return missing


def _missing_passages(fact: Fact, text: Normalised) -> list[Missing]:
    """The fact's passages the page no longer holds, each with what the page says where it was."""
    wanted = passages(fact.data)
    spans = [(at, at + len(Normalised.of(passage).text)) if (at := text.find(passage)) >= 0 else None
             for passage in wanted]
    missing = []
    for index, passage in enumerate(wanted):
        if spans[index] is not None:
            continue
        before = next((span[1] for span in reversed(spans[:index]) if span), None)
        after = next((span[0] for span in spans[index + 1:] if span), None)
        between = (before, after) if before is not None and after is not None else None
        missing.append(Missing(fact.path, passage, text.nearby(passage, between)))
    return missing


def page_date(page: str) -> date | None:
    """The date the page shows after "Last update:", if any."""
    for line in page.splitlines():
        label, _, rest = line.partition(":")
        if label.strip().lower() == DATE_LABEL:
            try:
                return datetime.strptime(" ".join(rest.split()), "%B %d, %Y").date()
            except ValueError:
                return None
    return None


_LABELS = {"passage": "passage", "absent": "must not say", "in_address": "address has"}


def report(missing: Sequence[Missing], checked: int, location: str) -> str:
    if not missing:
        return f"All {checked} facts of the official page are still on it ({location})."
    facts = sorted({item.path for item in missing})
    lines = [f"{len(facts)} of {checked} facts no longer match the page ({location}):", ""]
    for path in facts:
        lines.append(path)
        for item in (m for m in missing if m.path == path):
            lines.append(f"  {_LABELS[item.kind]:<14} \"{item.expected}\"")
            lines.append(f"  {'the page says':<14} " + (f"\"{item.nearby}\"" if item.nearby else "(nothing like it)"))
        lines.append("")
    lines.append("See docs/maintaining-facts.md: update each fact, its passage and its as_of, then run make test.")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m tools.operations.check_sources",
                                     description=__doc__.split("\n\n")[0])
    parser.add_argument("--page", required=True, help="the official page: a saved text or HTML file, or its URL")
    parser.add_argument("--knowledge", default=str(KNOWLEDGE_FILE), help="the knowledge file (default: the program's)")
    args = parser.parse_args(argv)
    k = load_knowledge(args.knowledge)
    try:
        page = read_page(args.page)
    except (OSError, ValueError) as error:
        print(f"Cannot read the page {args.page}: {error}", file=sys.stderr)
        return 2
    missing = check(k, page)
    print(report(missing, sum(1 for _ in quoted_facts(k)), args.page))
    shown, known = page_date(page), k.official_page().as_of
    if shown and shown != known:
        print(f"Note: the page now shows \"Last update\" {shown.isoformat()}; the knowledge file says as_of {known}.")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
