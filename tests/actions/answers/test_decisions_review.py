"""Refused over oral French and asking for a review: "No" first (the review's one exception, from the
knowledge file), then the general rule; any other review question gets the rule alone."""

import pytest

from pilot_program.knowledge import knowledge
from tests.actions.conftest import answered, responses_sent, sent
from tests.nlu_pipeline_fixture import ruler_entities
from understanding.details import read_details


def answer(text: str, lang: str):
    return answered(text, "ask_admin_review", lang)


@pytest.mark.parametrize(("text", "over_french"), [
    ("my application was refused because of my oral french, can I ask for a review?", True),
    ("refusé à cause de mon français oral, est-ce que je peux contester?", True),
    ("my oral French level was too low, can I appeal", True),
    ("can I ask for a review in French?", False),
    ("je peux faire ma demande de révision en français?", False),
    ("how do I request an administrative review", False),
])
def test_the_cue(text, over_french):
    assert read_details(text, tuple(ruler_entities(text))).refused_over_oral_french is over_french


@pytest.mark.parametrize(("text", "lang"), [
    ("refused because of my oral French, can I ask for a review?", "en"),
    ("ma demande a été refusée à cause du français oral, je peux demander une révision?", "fr"),
])
def test_no_comes_first(text, lang):
    dispatcher = answer(text, lang)
    assert responses_sent(dispatcher)[:2] == ["utter_admin_review_not_for_french", "utter_admin_review"]
    expected = knowledge().fact("administrative_review.french_exception")["if_refused_over_french"][lang]
    assert sent(dispatcher, "utter_admin_review_not_for_french")["not_for_french"] == expected


def test_a_review_asked_in_french_is_not_the_exception():
    assert responses_sent(answer("je peux faire ma demande de révision en français?", "fr"))[0] == "utter_admin_review"
