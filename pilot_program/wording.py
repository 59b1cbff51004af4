"""Assembles fact values into the strings responses are filled with (lists, phones, hours).

Like the rules, every function that states a fact takes the ``Knowledge`` it reads."""
from __future__ import annotations

from collections.abc import Iterable
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

import yaml
from babel import Locale
from babel.dates import format_date as babel_date

from pilot_program.knowledge import Knowledge, Lang, Text
from pilot_program.locales import LOCALES
from pilot_program.rules.contact_centre import phones_for, weekly_hours
from pilot_program.rules.fees import FeeQuote
from pilot_program.rules.formatting import bullet_list, format_date, format_money, format_time, format_weekday_date

UI_FILE = Path(__file__).resolve().parent / "ui_text.yml"


@lru_cache(maxsize=1)
def ui() -> dict[str, Any]:
    return yaml.safe_load(UI_FILE.read_text(encoding="utf-8"))


def line(name: str, lang: Lang, **values: Any) -> str:
    return ui()["lines"][name][lang].format(**values)


def days_text(count: int, lang: Lang) -> str:
    """"1 day" / "3 days", "1 jour" / "3 jours", by the language's plural rule (babel)."""
    form = Locale.parse(LOCALES[lang]).plural_form(count)
    return line("days_one" if form == "one" else "days_other", lang, count=count)


RESPONSES = Path(__file__).resolve().parents[1] / "actions" / "responses"


@lru_cache(maxsize=1)
def topic_titles() -> dict[str, dict[str, str]]:
    """Each program topic's button title, FR and EN, from the `topics:` section of actions/responses/<theme>.yml."""
    titles: dict[str, dict[str, str]] = {}
    for path in sorted(RESPONSES.glob("*.yml")):
        titles.update((yaml.safe_load(path.read_text(encoding="utf-8")) or {}).get("topics") or {})
    return titles


def topic_title(intent: str, lang: Lang) -> str | None:
    topic = topic_titles().get(intent)
    return topic[lang] if topic else None


def texts(items: Iterable[Text], lang: Lang) -> str:
    return bullet_list([item(lang) for item in items])


def join_words(words: list[str], lang: Lang) -> str:
    if len(words) <= 1:
        return "".join(words)
    return line("list_join", lang).join(words[:-1]) + line("list_last", lang) + words[-1]


def phones_text(k: Knowledge, lang: Lang, location: str | None = None) -> str:
    return "\n".join(line("phone", lang, label=p.label(lang), number=p.number) for p in phones_for(k, location))


def weekday_name(iso_weekday: int, lang: Lang) -> str:
    monday = date(2024, 1, 1)  # a Monday
    return babel_date(monday + timedelta(days=iso_weekday - 1), format="EEEE", locale=LOCALES[lang])


def hours_text(k: Knowledge, lang: Lang) -> str:
    """Weekdays grouped by identical hours, then the closed days."""
    hours = weekly_hours(k)
    groups: dict[tuple, list[int]] = {}
    for day, span in sorted(hours.items()):
        groups.setdefault((span.opens, span.closes), []).append(day)
    lines = [
        line("hours", lang, days=join_words([weekday_name(d, lang) for d in days], lang),
             opens=format_time(opens, lang), closes=format_time(closes, lang))
        for (opens, closes), days in groups.items()
    ]
    closed = [weekday_name(d, lang) for d in range(1, 8) if d not in hours]
    if closed:
        lines.append(line("closed_days", lang, days=join_words(closed, lang)))
    return "\n".join(lines)


def opening_text(moment, lang: Lang) -> str:
    return line("opening", lang, date=format_weekday_date(moment.date(), lang), time=format_time(moment.time(), lang))


def address_text(k: Knowledge) -> str:
    return "\n".join(k.fact("mailing_address")["lines"])


def fee_lines(quote: FeeQuote, lang: Lang) -> str:
    labels = ui()["fee_members"]
    return "\n".join(
        line("fee", lang, label=labels[fee.member][lang], count=fee.count, unit=format_money(fee.unit, lang),
             subtotal=format_money(fee.subtotal, lang))
        for fee in quote.lines
    )


def payment_rules(k: Knowledge, lang: Lang) -> dict[str, str]:
    """How fees are paid ("in full and in Canadian dollars") and by whom ("by you or by a third party"), said apart."""
    fact = k.fact("fees.rules")
    how = [Text.of(item)(lang) for item in fact["items"] if item.get("key") != "payer"]
    return {"paid_how": line("list_last", lang).join(how), "payer": fact.item("payer")(lang)}


def fee_whom(people: int, lang: Lang) -> str:
    """"this person" / "these people": whom a fee quote is for."""
    return str(ui()["fee_whom"]["one" if people == 1 else "many"][lang])


def end_date(k: Knowledge, lang: Lang) -> str:
    return format_date(date.fromisoformat(k.fact("timeline.end")["value"]), lang)


def replacement(k: Knowledge, lang: Lang) -> str:
    return k.fact("replacement").text(lang)


def program_abbreviation(k: Knowledge) -> str:
    return str(k.fact("program.abbreviation")["value"])


def fact_text(k: Knowledge, path: str, lang: Lang, part: str | None = None) -> str:
    """A sentence of the knowledge file: the fact's own wording, or that of its ``part`` (a mapping
    with ``fr`` and ``en``); for an item list, ``part`` names the item by its key."""
    fact = k.fact(path)
    if not fact.statable:  # low or unknown: never said as fact (medium: only with its source named)
        raise ValueError(f"{path} is not established: say it is not known")
    if part is None:
        return fact.text(lang)
    node = fact.get(part)
    return str(node[lang]) if node is not None else fact.item(part)(lang)


def not_known(k: Knowledge, path: str, lang: Lang, part: str = "not_known") -> str:
    """What the assistant says about a fact no source establishes (never the fact: it has none);
    ``part``: which of its sentences (the fact's wording of what is not known)."""
    fact = k.fact(path)
    if fact.statable:
        raise ValueError(f"{path} is known: state it, with its source")
    return str(fact[part][lang])


def contact_centre(k: Knowledge) -> str:
    """The contact centre's name as it fits in a sentence (the same in both languages)."""
    return str(k.fact("contact_centre.name")["short"])


def site(k: Knowledge) -> str:
    return str(k.fact("program.site")["value"])
