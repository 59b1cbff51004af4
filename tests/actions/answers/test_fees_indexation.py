"""Asked whether the fees rise, the fee answer starts with the yearly indexation (knowledge file)."""

import pytest

from pilot_program.knowledge import knowledge
from tests.actions.conftest import answered, responses_sent, sent
from understanding.details import read_details


def indexation(lang: str) -> str:
    return knowledge().fact("fees.rules")["indexation"][lang]


def answer(text: str, lang: str, slots: dict | None = None):
    return answered(text, "ask_fees", lang, slots)


@pytest.mark.parametrize(("text", "rises"), [
    ("do the review fees go up every year?", True),
    ("will it cost more if I wait until next year to add my son", True),
    ("are they adjusted for inflation", True),
    ("les frais vont-ils augmenter l'an prochain?", True),
    ("y a-t-il une hausse des tarifs chaque année", True),
    ("c'est tu indexé", True),
    ("how much to add my wife", False),
    ("combien ça coûte pour mes deux enfants", False),
    ("what is the fee for a child", False),
])
def test_the_cue_is_read_in_either_language(text, rises):
    assert read_details(text, ()).fees_rise is rises


@pytest.mark.parametrize(("text", "lang"), [
    ("do the fees go up every year", "en"),
    ("est-ce que les frais augmentent chaque année", "fr"),
])
def test_the_rates_come_after_the_indexation(text, lang):
    dispatcher = answer(text, lang)
    assert responses_sent(dispatcher)[:2] == ["utter_fee_indexation", "utter_fee_rates"]
    assert sent(dispatcher, "utter_fee_indexation")["indexation"] == indexation(lang)


def test_a_quote_for_the_people_named_follows_it_too():
    dispatcher = answer("will adding my wife cost more next year?", "en", {"includes_spouse": True})
    assert responses_sent(dispatcher)[:3] == ["utter_fee_indexation", "utter_fee_quote", "utter_fee_rules"]


def test_a_plain_fee_question_gets_the_indexation_line_once_after_the_amounts():
    sent_ = responses_sent(answer("how much to add my wife", "en", {"includes_spouse": True}))
    assert sent_[:2] == ["utter_fee_quote", "utter_fee_indexation"] and sent_.count("utter_fee_indexation") == 1


def test_after_an_indexation_the_stale_quote_says_it_once(monkeypatch):
    monkeypatch.setenv("ASSISTANT_NOW", "2027-01-05T11:00:00-05:00")
    sent_ = responses_sent(answer("did the fees go up this year? it's for my wife", "en", {"includes_spouse": True}))
    assert "utter_fee_indexation" not in sent_ and "utter_fee_quote_stale" in sent_
