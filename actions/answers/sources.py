"""The footer of a program answer: a named link to the source of each fact the answer used, with its date."""
from __future__ import annotations

from collections.abc import Iterable

from actions.turn import Reply, Turn
from pilot_program.knowledge import Lang, Source
from pilot_program.rules.formatting import format_date
from pilot_program.wording import line


def source_link(source: Source, lang: Lang, say_language: bool = False) -> str:
    """A named link in Markdown ("[Québec.ca, official page](https://...)"): the widget shows the name;
    ``say_language``: "(en anglais)" after it when the page is in the other language."""
    link = line("link", lang, title=source.link_name(lang), url=source.url(lang))
    return link + (line("page_in_other_language", lang) if say_language and not source.in_language(lang) else "")


def _dated(source: Source, lang: Lang) -> str:
    """The link with the date of the page linked in ``lang``, or "date not shown"."""
    dated = source.date_in(lang)
    other_language = "" if source.in_language(lang) else line("other_language", lang)
    if dated is None:
        return line("source_undated", lang, link=source_link(source, lang), other_language=other_language)
    return line("source", lang, link=source_link(source, lang), as_of=format_date(dated, lang),
                other_language=other_language)


def source_footer(turn: Turn, cited: Iterable[str]) -> Reply:
    """``cited``: source keys in order of first use (``knowledge.citing``). A program answer that read
    no fact (its wording restates the page) cites the official page."""
    lang = turn.lang
    sources = [turn.knowledge.sources[key] for key in cited] or [turn.knowledge.official_page()]
    links = [_dated(source, lang) for source in sources]
    listed = line("sources_join", lang).join(links)
    sentence = line("sources_one" if len(links) == 1 else "sources_many", lang, sources=listed)
    return Reply("utter_source_footer", {"sources": sentence})
