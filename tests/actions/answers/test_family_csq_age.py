"""A first family question that gives the CSQ's age ("my CSQ is 3 years old") is answered with it:
the CSQ was received, and whether it is more than 24 months old is read, not asked."""
from datetime import date, datetime

import pytest

from pilot_program.locales import MONTREAL
from tests.actions.conftest import stated
from tests.program_values import knowledge_with
from understanding.dates import read_dates
from understanding.periods import period_from as period_of

DEC_1_2026 = datetime(2026, 12, 1, 10, 0, tzinfo=MONTREAL)
# The issue dates below are read against a 24-month limit for the IRCC letter, whatever the program's file says.
LIMIT_24_MONTHS = knowledge_with("family.ircc_letter", "months", 24)


def first_question(text, intent="add_family_member", lang="en"):
    return stated(text, intent, lang=lang, now=DEC_1_2026, knowledge=LIMIT_24_MONTHS)


def period_from(text, now, lang):
    return period_of(read_dates(text, lang, now.date()), now.date())


@pytest.mark.parametrize(("text", "lang", "first", "last"), [
    ("my CSQ is more than 24 months old", "en", None, date(2024, 11, 30)),
    ("mon CSQ a plus de 2 ans", "fr", None, date(2024, 11, 30)),
    ("my CSQ is less than a year old", "en", date(2025, 12, 2), date(2026, 12, 1)),
    ("mon CSQ a presque 2 ans", "fr", date(2024, 12, 2), date(2025, 6, 1)),
    ("my CSQ is 3 years old", "en", date(2023, 6, 1), date(2024, 6, 1)),
    ("mon certificat de sélection a 18 mois", "fr", date(2025, 5, 17), date(2025, 6, 16)),
])
def test_the_csq_s_age_is_a_period_of_issue_dates(text, lang, first, last):
    period = period_from(text, DEC_1_2026, lang)
    assert period is not None and period[1] == last
    assert first is None or period[0] == first


@pytest.mark.parametrize("text", [
    "j'ai mon CSQ et ma fille a 19 ans",
    "I have my CSQ and my son is 4 years old",
    "my daughter is 19 years old",
])
def test_someone_else_s_age_is_not_the_csq_s(text):
    assert period_from(text, DEC_1_2026, "en") is None


@pytest.mark.parametrize(("text", "lang", "issued"), [
    ("qu'est-ce qui arrive si mon CSQ a plus de 2 ans et que je veux ajouter mon mari", "fr", "2024-11-30"),
    ("my CSQ is 3 years old, I want to add my wife", "en", "2024-06-01"),
    ("mon CSQ a été émis il y a 10 mois, je veux ajouter ma fille", "fr", "2026-01-17"),
])
def test_a_first_family_question_fills_the_csq_from_its_age(text, lang, issued):
    got = first_question(text, lang=lang)
    assert got.get("csq_obtained") is True and got.get("csq_issue_date") == issued, got


def test_a_child_s_birth_year_in_a_first_question_is_not_the_csq_s_date():
    got = first_question("I want to add my son, he was born in 2021")
    assert "csq_issue_date" not in got and "csq_obtained" not in got, got


@pytest.mark.parametrize(("text", "intent", "lang", "expected"), [
    ("on n'a pas d'enfants", "deny", "fr", "absent"),  # about the family, not the CSQ question
    ("we don't have kids", "deny", "en", "absent"),
    ("non pas encore, c'est pour ma fille", "deny", "fr", False),
    ("no, it's for my son", "deny", "en", False),
    ("oui, pour mon fils", "affirm", "fr", True),
    ("yes I got it before Christmas", "affirm", "en", True),
    ("non", "deny", "fr", False),
    ("pas encore", "deny", "fr", False),
])
def test_a_yes_or_no_to_the_csq_question(text, intent, lang, expected):
    got = stated(text, intent, "csq_obtained", slots={"topic": "remove_family_member"}, lang=lang, now=DEC_1_2026)
    assert got.get("csq_obtained", "absent") == expected
