"""Time helpers: every rule works on the Montréal wall clock."""
from __future__ import annotations

from datetime import date, datetime

from ..locales import MONTREAL

__all__ = ["MONTREAL", "montreal_now", "montreal_today"]


def montreal_now(now: datetime | None = None) -> datetime:
    """``now`` (aware) converted to Montréal time; the real clock when ``now`` is None."""
    if now is None:
        return datetime.now(MONTREAL)
    if now.tzinfo is None:
        raise ValueError("now must be timezone-aware")
    return now.astimezone(MONTREAL)


def montreal_today(now: datetime) -> date:
    return montreal_now(now).date()
