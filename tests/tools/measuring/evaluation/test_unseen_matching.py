"""The unseen set's judge: facts found in a reply however each language writes them, and not found
when the reply lacks them (a judge that always passes would hide every regression)."""
from datetime import date

import pytest

from tools.measuring.evaluation.unseen import Case, judge, load_cases
from tools.measuring.evaluation.unseen_matching import amounts_in, date_found, item_found, phone_found


@pytest.mark.parametrize("text, amounts", [
    ("Total: $1,206.", {1206}),
    ("Total : 1 206 $.", {1206}),
    ("1\u00a0206\u00a0$ et 201,00 $", {1206, 201}),
    ("- Dependent child: 3 × $201 = $603", {201, 603}),
    ("60 days, form A-0524-AF", set()),
])
def test_amounts_are_read_in_both_languages(text, amounts):
    assert amounts_in(text) == amounts


@pytest.mark.parametrize("day, text, found", [
    (date(2027, 1, 9), "that is until January 9, 2027", True),
    (date(2027, 1, 9), "soit jusqu'au 9 janvier 2027", True),
    (date(2026, 12, 1), "le 1er décembre", True),
    (date(2027, 1, 9), "that is until January 19, 2027", False),
    (date(2027, 1, 9), "le 19 janvier", False),
])
def test_dates_are_their_day_and_month_written_out(day, text, found):
    assert date_found(day, text) is found


def test_phones_match_on_digits_and_text_on_folded_words():
    assert phone_found("1 877 864-9191", "toll-free: 1-877-864-9191")
    assert not phone_found("514-864-9191", "toll-free: 1-877-864-9191.")
    assert item_found({"any": ["rejeté", "rejected"]}, "la demande est REJETEE")
    assert not item_found({"any": ["refund"]}, "fees must be paid in full")


def test_a_reply_missing_a_fact_or_holding_a_wrong_one_fails():
    case = Case("en-x", "en", "people", "2026-12-07T10:30", "how much for my son?",
                expect=({"amount": 201},), forbid=({"amount": 402},))
    assert judge(case, [{"text": "Total: $201.", "lang": "en"}]).passed
    assert not judge(case, [{"text": "Total: $402.", "lang": "en"}]).passed
    assert not judge(case, [{"text": "Total : 201 $.", "lang": "fr"}]).passed  # the wrong language
    assert not judge(case, []).passed


def test_the_unseen_set_loads_with_unique_ids_in_both_languages():
    cases = load_cases()
    assert len(cases) >= 150 and len({c.id for c in cases}) == len(cases)
    assert {c.lang for c in cases} == {"en", "fr"}
    assert all(c.expect for c in cases if c.kind != "off_topic")
