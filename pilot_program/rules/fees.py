"""Fees to add family members: itemised quotes for the fee year in force."""
from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from enum import Enum

from ..knowledge import Knowledge, Source
from .clock import montreal_today


class FeeYearStatus(str, Enum):
    CURRENT = "current"  # the known figures are those of the year in force
    STALE = "stale"  # indexed since: the known figures are from an earlier year
    UNKNOWN = "unknown"  # no figure known for that year or before it


@dataclass(frozen=True)
class FeeLine:
    member: str  # "spouse" or "child"
    count: int
    unit: int
    subtotal: int


@dataclass(frozen=True)
class FeeQuote:
    year_in_force: int
    status: FeeYearStatus
    known_year: int | None  # the fee year the figures come from
    lines: tuple[FeeLine, ...]
    total: int
    spouse_unit: int | None
    child_unit: int | None
    source: Source

    @property
    def is_current(self) -> bool:
        return self.status is FeeYearStatus.CURRENT


def quote_fees(k: Knowledge, now: datetime, spouses: int = 0, children: int = 0) -> FeeQuote:
    """Itemised fee quote for ``spouses`` (0 or 1) and ``children`` in Montréal's fee year.

    Fees are indexed every January 1: past the last year whose figure is known, the quote is
    marked STALE and carries the known year, so it is never presented as the current fee.
    """
    if spouses < 0 or children < 0:
        raise ValueError("counts cannot be negative")
    spouses = min(spouses, 1)
    year = montreal_today(now).year
    years = {int(entry["year"]): entry for entry in k.facts("fees.add_member_by_year")}
    usable = [y for y in years if y <= year]
    if not usable:
        return FeeQuote(year, FeeYearStatus.UNKNOWN, None, (), 0, None, None, k.official_page())
    known = max(usable)
    entry = years[known]
    spouse_unit, child_unit = int(entry["spouse"]), int(entry["child"])
    lines = tuple(
        FeeLine(member, count, unit, count * unit)
        for member, count, unit in (("spouse", spouses, spouse_unit), ("child", children, child_unit))
        if count
    )
    status = FeeYearStatus.CURRENT if known == year else FeeYearStatus.STALE
    return FeeQuote(
        year_in_force=year,
        status=status,
        known_year=known,
        lines=lines,
        total=sum(line.subtotal for line in lines),
        spouse_unit=spouse_unit,
        child_unit=child_unit,
        source=entry.source,
    )
