"""HTML building blocks: every value is escaped here, counts below 5 are shown as "< 5"."""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from html import escape
from typing import Union

SMALL = 5
Cell = Union[str, int, "Raw"]

STYLE = """
body { font-family: system-ui, sans-serif; color: #1a1a1a; background: #fff; margin: 0 auto; max-width: 70rem;
       padding: 1rem 2rem; line-height: 1.45; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2.5rem; border-bottom: 2px solid #1f4e79; }
table { border-collapse: collapse; margin: 1rem 0; }
caption { text-align: left; font-weight: 600; padding-bottom: .3rem; }
th, td { border: 1px solid #8a8a8a; padding: .25rem .6rem; text-align: left; vertical-align: top; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; } td.n { white-space: nowrap; }
figure { margin: 1rem 0; } figure img { max-width: 100%; height: auto; }
figcaption { font-size: .9rem; color: #404040; }
.note { color: #404040; font-size: .95rem; }
ul.examples { margin: 0; padding-left: 1.1rem; }
p, li { overflow-wrap: anywhere; } td, th { overflow-wrap: break-word; }
.table { max-width: 100%; overflow-x: auto; }
code { font-size: .85em; color: #404040; }
@media (max-width: 40rem) {
  body { padding: .5rem .75rem; } h1 { font-size: 1.3rem; } h2 { font-size: 1.1rem; }
  th, td { padding: .2rem .3rem; font-size: .9rem; }
}
"""


class Raw(str):
    """Markup built here (already escaped), kept as is by `table`."""


def count(n: int) -> str:
    """An aggregate count as the page shows it: exact from 5 on, "< 5" from 1 to 4."""
    return "< 5" if 0 < n < SMALL else str(n)


def percent(part: int, whole: int) -> str:
    """A rate, only over at least 5 messages (a rate over fewer would reveal small counts)."""
    return f"{100 * part / whole:.1f} %" if whole >= SMALL else "—"


def _cell(value: Cell, header: bool = False, numeric: bool = False) -> str:
    tag = "th" if header else "td"
    scope = ' scope="row"' if header else ""
    klass = ' class="n"' if numeric else ""
    body = value if isinstance(value, Raw) else escape(str(value))
    return f"<{tag}{scope}{klass}>{body}</{tag}>"


def table(caption: str, headers: Sequence[str], rows: Iterable[Sequence[Cell]],
          numeric: set[int] | None = None) -> str:
    """A data table: the first cell of each row is its header; `numeric` columns (default: all others) are numbers."""
    numeric = set(range(1, len(headers))) if numeric is None else numeric
    numeric_class = ' class="n"'
    head = "".join(f'<th scope="col"{numeric_class if i in numeric else ""}>{escape(h)}</th>'
                   for i, h in enumerate(headers))
    body = "".join(
        "<tr>" + "".join(_cell(v, header=(i == 0), numeric=(i in numeric)) for i, v in enumerate(row)) + "</tr>"
        for row in rows
    )
    if not body:
        body = f'<tr><td colspan="{len(headers)}">None yet.</td></tr>'
    # a table wider than a phone scrolls inside its own focusable region, never the page
    return (f'<div class="table" role="region" tabindex="0" aria-label="{escape(caption)}">'
            f"<table><caption>{escape(caption)}</caption><thead><tr>{head}</tr></thead><tbody>{body}</tbody></table></div>")


def figure(png: str | None, alt: str, caption: str) -> str:
    if png is None:
        return f'<p class="note">{escape(caption)}: nothing to plot yet.</p>'
    return (f'<figure><img src="data:image/png;base64,{png}" alt="{escape(alt)}">'
            f"<figcaption>{escape(caption)}</figcaption></figure>")


def user_text(text: str, lang: str) -> Raw:
    """A question as the tracker store holds it: escaped, in its language."""
    return Raw(f'<span lang="{escape(lang)}">{escape(text)}</span>')


def code(name: str) -> Raw:
    """A name from the code or the training data (an intent), as code."""
    return Raw(f"<code>{escape(name)}</code>")


def text_list(items: Sequence[tuple[str, str]]) -> Raw:
    return Raw('<ul class="examples">' + "".join(f"<li>{user_text(t, lang)}</li>" for t, lang in items) + "</ul>")


def section(title: str, *parts: str) -> str:
    return f"<section><h2>{escape(title)}</h2>{''.join(parts)}</section>"


def paragraph(text: str) -> str:
    return f'<p class="note">{escape(text)}</p>'


def document(title: str, intro: str, sections: Iterable[str]) -> str:
    return (
        '<!DOCTYPE html>\n<html lang="en"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        "<meta http-equiv=\"Content-Security-Policy\" "
        "content=\"default-src 'none'; img-src data:; style-src 'unsafe-inline'\">"
        f"<title>{escape(title)}</title><style>{STYLE}</style></head>"
        f"<body><header><h1>{escape(title)}</h1>{intro}</header><main>{''.join(sections)}</main></body></html>\n"
    )
