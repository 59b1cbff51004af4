"""A date written in a message is read once per message and day, though several actions ask."""
from datetime import date, datetime

import dateparser.search
import pytest

from actions import parsing
from program.locales import MONTREAL


@pytest.fixture
def dateparser_calls(monkeypatch):
    calls = []
    real = dateparser.search.search_dates

    def counting(*args, **kwargs):
        calls.append(args[0])
        return real(*args, **kwargs)

    monkeypatch.setattr(dateparser.search, "search_dates", counting)
    parsing._date_on_day.cache_clear()
    yield calls
    parsing._date_on_day.cache_clear()


def test_the_slot_extraction_and_the_answer_share_one_reading(dateparser_calls):
    text = "I got the letter on November 10, 2026"
    extraction = datetime(2026, 11, 25, 9, 30, 0, 120_000, tzinfo=MONTREAL)
    answer = datetime(2026, 11, 25, 9, 30, 1, 450_000, tzinfo=MONTREAL)  # the next action, a second later
    assert parsing.date_from(text, extraction, "en") == parsing.date_from(text, answer, "en") == date(2026, 11, 10)
    assert len(dateparser_calls) == 1


@pytest.mark.parametrize(
    ("text", "lang", "moment", "expected"),
    [
        ("hier", "fr", datetime(2026, 11, 25, 0, 5, tzinfo=MONTREAL), date(2026, 11, 24)),
        ("yesterday", "en", datetime(2026, 11, 25, 23, 55, tzinfo=MONTREAL), date(2026, 11, 24)),
        ("le 10 novembre", "fr", datetime(2026, 11, 9, 8, 0, tzinfo=MONTREAL), date(2025, 11, 10)),
        ("on Nov 10", "en", datetime(2026, 11, 10, 23, 0, tzinfo=MONTREAL), date(2026, 11, 10)),
    ],
)
def test_relative_dates_follow_montreal_s_day_whatever_the_hour(text, lang, moment, expected, dateparser_calls):
    assert parsing.date_from(text, moment, lang) == expected


def test_a_new_day_reads_again(dateparser_calls):
    parsing.date_from("yesterday", datetime(2026, 11, 25, 10, 0, tzinfo=MONTREAL), "en")
    assert parsing.date_from("yesterday", datetime(2026, 11, 26, 10, 0, tzinfo=MONTREAL), "en") == date(2026, 11, 25)
    assert len(dateparser_calls) == 2
