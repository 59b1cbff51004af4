"""The locales of the assistant's languages and the time zone that decides what applies: written
once, for the rules, the wording and the action server's parsing."""
from __future__ import annotations

from zoneinfo import ZoneInfo

from pilot_program.knowledge import Lang

LOCALES: dict[Lang, str] = {"fr": "fr_CA", "en": "en_CA"}  # babel's names (dates, money, plurals)
TIME_ZONE = "America/Montreal"
MONTREAL = ZoneInfo(TIME_ZONE)
