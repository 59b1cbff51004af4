"""When a CSQ was issued, from loose wording, on chosen dates (Montréal time)."""
from datetime import date, datetime

import pytest

from actions.state import csq_issue_value
from pilot_program.locales import MONTREAL
from tests.program_values import knowledge_with
from understanding.dates import read_dates
from understanding.periods import period_from as period_of


def period_from(text, now, lang="en"):
    return period_of(read_dates(text, lang, now.date()), now.date())

NOV_25_2026 = datetime(2026, 11, 25, 9, 30, tzinfo=MONTREAL)
MAY_10_2026 = datetime(2026, 5, 10, 14, 0, tzinfo=MONTREAL)
JAN_2_2027 = datetime(2027, 1, 2, 11, 0, tzinfo=MONTREAL)
# The periods below are chosen around a 24-month limit for the IRCC letter, whatever the program's file says.
LIMIT_24_MONTHS = knowledge_with("family.ircc_letter", "months", 24)


@pytest.mark.parametrize(
    "text, now, lang, expected",
    [
        ("it was issued three years ago", NOV_25_2026, "en", (date(2023, 5, 25), date(2024, 5, 25))),
        ("reçu il y a 2 ans", NOV_25_2026, "fr", (date(2024, 5, 25), date(2025, 5, 25))),
        ("ça fait trois ans que je l'ai", NOV_25_2026, "fr", (date(2023, 5, 25), date(2024, 5, 25))),
        ("about 18 months ago", NOV_25_2026, "en", (date(2025, 5, 10), date(2025, 6, 9))),
        ("a year ago", NOV_25_2026, "en", (date(2025, 5, 25), date(2026, 5, 25))),
        ("in 2021", NOV_25_2026, "en", (date(2021, 1, 1), date(2021, 12, 31))),
        ("en mars 2023", NOV_25_2026, "fr", (date(2023, 3, 1), date(2023, 3, 31))),
        ("on March 10, 2023", NOV_25_2026, "en", (date(2023, 3, 10), date(2023, 3, 10))),
        # "last spring": the latest spring that is over, so it depends on today
        ("I got it last spring", NOV_25_2026, "en", (date(2026, 3, 20), date(2026, 6, 20))),
        ("last spring", MAY_10_2026, "en", (date(2025, 3, 20), date(2025, 6, 20))),
        ("le printemps passé", NOV_25_2026, "fr", (date(2026, 3, 20), date(2026, 6, 20))),
        ("l'hiver dernier", NOV_25_2026, "fr", (date(2025, 12, 21), date(2026, 3, 19))),
        ("l'été 2024", NOV_25_2026, "fr", (date(2024, 6, 21), date(2024, 9, 22))),
        ("last year", JAN_2_2027, "en", (date(2026, 1, 1), date(2026, 12, 31))),
        ("le mois dernier", JAN_2_2027, "fr", (date(2026, 12, 1), date(2026, 12, 31))),
        ("I have my CSQ", NOV_25_2026, "en", None),
        ("my 2 kids", NOV_25_2026, "en", None),
        ("in 2030", NOV_25_2026, "en", None),
    ],
)
def test_periods(text, now, lang, expected):
    # counts in words ("three years ago") are read as numbers (text2num)
    assert period_from(text, now, lang) == expected


@pytest.mark.parametrize(
    "text, now, expected",
    [
        # every day of the period is past 24 months: the IRCC letter is needed
        ("issued three years ago", NOV_25_2026, "2024-05-25"),
        ("in 2021", NOV_25_2026, "2021-12-31"),
        ("en mars 2023", NOV_25_2026, "2023-03-31"),
        # no day of it is: no letter
        ("last spring", NOV_25_2026, "2026-03-20"),
        ("il y a 18 mois", NOV_25_2026, "2025-05-10"),
        # some days are, some are not: the answer keeps the rule as a condition
        ("il y a 2 ans", NOV_25_2026, "unknown"),
        ("in 2024", NOV_25_2026, "unknown"),
        ("nothing about a date", NOV_25_2026, None),
    ],
)
def test_csq_issue_value_for_the_24_month_rule(text, now, expected):
    assert csq_issue_value(period_from(text, now), now.date(), LIMIT_24_MONTHS) == expected
