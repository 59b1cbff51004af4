import pytest

from program.rules.fees import FeeYearStatus, quote_fees
from program.rules.formatting import format_money
from tests.rules.conftest import at


@pytest.mark.parametrize(
    "spouses, children, total",
    [(1, 3, 804), (1, 0, 201), (0, 1, 201), (0, 2, 402), (1, 1, 402), (0, 0, 0), (2, 0, 201)],
)
def test_quote_in_2026(spouses, children, total):
    quote = quote_fees(at(2026, 11, 22), spouses=spouses, children=children)
    assert quote.status is FeeYearStatus.CURRENT
    assert quote.known_year == 2026
    assert quote.total == total
    assert sum(line.subtotal for line in quote.lines) == total


def test_spouse_and_three_children_itemised():
    quote = quote_fees(at(2026, 6, 1), spouses=1, children=3)
    assert [(fee.member, fee.count, fee.unit, fee.subtotal) for fee in quote.lines] == [
        ("spouse", 1, 201, 201),
        ("child", 3, 201, 603),
    ]
    assert format_money(quote.total, "en") == "$804"
    assert format_money(quote.total, "fr") == "804\u00a0$"


def test_after_indexation_the_known_figure_is_marked_stale():
    quote = quote_fees(at(2027, 1, 5), spouses=1, children=0)
    assert quote.status is FeeYearStatus.STALE
    assert not quote.is_current
    assert quote.year_in_force == 2027
    assert quote.known_year == 2026
    assert quote.source.url("en").startswith("https://www.quebec.ca/")


def test_new_year_in_montreal_not_utc():
    from datetime import datetime, timezone

    # 04:00 UTC on Jan 1, 2027 is still Dec 31, 2026 in Montréal: 2026 fees in force.
    assert quote_fees(datetime(2027, 1, 1, 4, 0, tzinfo=timezone.utc), 1).status is FeeYearStatus.CURRENT
    assert quote_fees(datetime(2027, 1, 1, 6, 0, tzinfo=timezone.utc), 1).status is FeeYearStatus.STALE


def test_year_before_any_known_figure_is_unknown():
    quote = quote_fees(at(2025, 6, 1), spouses=1)
    assert quote.status is FeeYearStatus.UNKNOWN
    assert quote.total == 0 and quote.spouse_unit is None


def test_negative_counts_refused():
    with pytest.raises(ValueError):
        quote_fees(at(2026, 6, 1), children=-1)
