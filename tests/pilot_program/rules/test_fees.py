from datetime import datetime, timezone

import pytest

from pilot_program.rules.fees import FeeYearStatus, quote_fees
from pilot_program.rules.formatting import format_money
from tests.pilot_program.rules.conftest import K, at

# The fixture: 2024 fees spouse 290, child 90; 2026 fees spouse 310, child 95; none known for 2025.


@pytest.mark.parametrize(
    "now, spouses, children, status, known_year, total",
    [
        (at(2026, 11, 22), 1, 3, FeeYearStatus.CURRENT, 2026, 310 + 3 * 95),
        (at(2026, 11, 22), 1, 0, FeeYearStatus.CURRENT, 2026, 310),
        (at(2026, 11, 22), 0, 1, FeeYearStatus.CURRENT, 2026, 95),
        (at(2026, 11, 22), 0, 2, FeeYearStatus.CURRENT, 2026, 190),
        (at(2026, 11, 22), 1, 1, FeeYearStatus.CURRENT, 2026, 405),
        (at(2026, 11, 22), 0, 0, FeeYearStatus.CURRENT, 2026, 0),
        (at(2026, 11, 22), 2, 0, FeeYearStatus.CURRENT, 2026, 310),  # one spouse at most
        (at(2024, 3, 1), 1, 1, FeeYearStatus.CURRENT, 2024, 380),
        (at(2025, 6, 1), 1, 1, FeeYearStatus.STALE, 2024, 380),  # 2025 indexed, its figure unknown
        (at(2027, 1, 5), 1, 0, FeeYearStatus.STALE, 2026, 310),
    ],
)
def test_quote_for_the_fee_year_in_force(now, spouses, children, status, known_year, total):
    quote = quote_fees(K, now, spouses=spouses, children=children)
    assert quote.status is status
    assert quote.is_current is (status is FeeYearStatus.CURRENT)
    assert quote.year_in_force == now.year
    assert quote.known_year == known_year
    assert quote.total == total
    assert sum(line.subtotal for line in quote.lines) == total


def test_spouse_and_three_children_itemised():
    quote = quote_fees(K, at(2026, 6, 1), spouses=1, children=3)
    assert [(fee.member, fee.count, fee.unit, fee.subtotal) for fee in quote.lines] == [
        ("spouse", 1, 310, 310),
        ("child", 3, 95, 285),
    ]
    assert (quote.spouse_unit, quote.child_unit) == (310, 95)
    assert format_money(quote.total, "en") == "$595"
    assert format_money(quote.total, "fr") == "595\u00a0$"
    assert format_money(1234, "fr") == "1\u00a0234\u00a0$" and format_money(1234, "en") == "$1,234"


def test_the_quote_names_the_source_of_its_year():
    assert quote_fees(K, at(2027, 1, 5), 1).source.key == "official_page"
    assert quote_fees(K, at(2025, 1, 5), 1).source.key == "old_page"


def test_new_year_in_montreal_not_utc():
    # 04:00 UTC on Jan 1, 2027 is still Dec 31, 2026 in Montréal: 2026 fees in force.
    assert quote_fees(K, datetime(2027, 1, 1, 4, 0, tzinfo=timezone.utc), 1).status is FeeYearStatus.CURRENT
    assert quote_fees(K, datetime(2027, 1, 1, 6, 0, tzinfo=timezone.utc), 1).status is FeeYearStatus.STALE


def test_year_before_any_known_figure_is_unknown():
    quote = quote_fees(K, at(2023, 6, 1), spouses=1)
    assert quote.status is FeeYearStatus.UNKNOWN
    assert quote.total == 0 and quote.lines == () and quote.spouse_unit is None and quote.known_year is None
    assert quote.source.key == "official_page"


def test_negative_counts_refused():
    with pytest.raises(ValueError):
        quote_fees(K, at(2026, 6, 1), children=-1)
