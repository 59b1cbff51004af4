"""A relative an application cannot include ("my mother", "mes parents") gets the list of who can be
added or removed (knowledge file), and no question about the CSQ: no procedure applies to them."""

import pytest

from tests.actions.conftest import answered, entities_for, responses_sent
from understanding.details import last_value as entity_value


def answer(text: str, lang: str, intent: str = "add_family_member", slots: dict | None = None) -> list[str]:
    return responses_sent(answered(text, intent, lang, slots))


@pytest.mark.parametrize(("text", "lang"), [
    ("can I add my mother to my application?", "en"),
    ("je veux ajouter mes parents à ma demande", "fr"),
    ("est-ce que je peux inclure ma belle-mère", "fr"),
])
def test_a_relative_alone_gets_who_can_be_added_and_no_question(text, lang):
    sent = answer(text, lang)
    assert sent[0] == "utter_who_can_be_added" and "utter_ask_csq_obtained" not in sent


def test_with_the_csq_known_no_procedure_is_given_for_a_relative():
    sent = answer("I want to add my father", "en", slots={"csq_obtained": True})
    assert sent[0] == "utter_who_can_be_added" and "utter_family_after_csq" not in sent


def test_a_child_whose_father_stays_behind_is_still_a_child_to_add():
    text = "ma fille de 12 ans, son père ne vient pas, comment l'ajouter"
    assert entity_value(entities_for(text), "family_member") == "child"
    assert "utter_ask_csq_obtained" in answer(text, "fr")
