"""Dates, times and money written the way each language writes them."""
from __future__ import annotations

from datetime import date, time

from babel.dates import format_date as _babel_date
from babel.numbers import format_currency as _babel_currency

from ..knowledge import Lang
from ..locales import LOCALES as _LOCALES


def format_date(day: date, lang: Lang) -> str:
    """"January 9, 2027" / "9 janvier 2027" ("1er" for the first of a month in French)."""
    text = _babel_date(day, format="long", locale=_LOCALES[lang])
    if lang == "fr" and day.day == 1:
        text = "1er" + text[1:]
    return text


def format_weekday_date(day: date, lang: Lang) -> str:
    """"Monday, January 4, 2027" / "lundi 4 janvier 2027"."""
    weekday = _babel_date(day, format="EEEE", locale=_LOCALES[lang])
    separator = ", " if lang == "en" else " "
    return f"{weekday}{separator}{format_date(day, lang)}"


def format_time(moment: time, lang: Lang) -> str:
    """"4:30 p.m." style is avoided: "16:30" in English, "16 h 30" in French (Québec usage)."""
    if lang == "fr":
        return f"{moment.hour} h" + (f" {moment.minute:02d}" if moment.minute else "")
    return f"{moment.hour}:{moment.minute:02d}"


def format_money(amount: int, lang: Lang) -> str:
    """"$1,234" / "1 234 $" (whole Canadian dollars, no decimals)."""
    pattern = "#,##0\u00a0¤" if lang == "fr" else "¤#,##0"
    return _babel_currency(amount, "CAD", format=pattern, locale=_LOCALES[lang], currency_digits=False)


def bullet_list(items: list[str]) -> str:
    return "\n".join(f"- {item}" for item in items)
