"""A payment question that names the method or the payer is answered yes or no first, from the
knowledge file's lists (the ruler's payment_method id is the item's key), then every method."""

import pytest

from pilot_program.knowledge import knowledge
from tests.actions.conftest import answered, entities_for, responses_sent, sent
from understanding.details import last_value as entity_value

K = knowledge()


def item(path: str, key: str, lang: str) -> str:
    return K.fact(path).item(key)(lang)


def answer(text: str, lang: str):
    return answered(text, "ask_payment", lang)


@pytest.mark.parametrize(("text", "key"), [
    ("can I pay with my Visa?", "credit_card"),
    ("je peux-tu payer par carte de crédit", "credit_card"),
    ("is a personal check ok", "personal_cheque"),
    ("un chèque personnel, c'est correct?", "personal_cheque"),
    ("do you take a postal money order", "money_order"),
    ("une traite bancaire de Desjardins", "bank_draft"),
    ("can I pay cash at the office", "unlisted"),
    ("un virement Interac", "unlisted"),
])
def test_the_method_named_is_the_knowledge_item_s_key(text, key):
    assert entity_value(entities_for(text), "payment_method") == key


@pytest.mark.parametrize(("text", "lang", "key"), [
    ("can I pay by credit card?", "en", "credit_card"),
    ("est-ce que je peux envoyer un mandat-poste", "fr", "money_order"),
])
def test_an_accepted_method_is_a_yes_with_its_conditions(text, lang, key):
    dispatcher = answer(text, lang)
    assert responses_sent(dispatcher)[:2] == ["utter_payment_method_accepted", "utter_payment_methods"]
    assert sent(dispatcher, "utter_payment_method_accepted")["method"] == item("payment.accepted", key, lang)


@pytest.mark.parametrize(("text", "lang"), [("can I pay with a personal cheque", "en"),
                                            ("je peux payer avec mon propre chèque?", "fr")])
def test_a_refused_method_is_a_no(text, lang):
    dispatcher = answer(text, lang)
    assert responses_sent(dispatcher)[0] == "utter_payment_method_refused"
    assert sent(dispatcher, "utter_payment_method_refused")["method"] == item("payment.refused", "personal_cheque", lang)


@pytest.mark.parametrize(("text", "lang"), [("can I pay cash?", "en"), ("je peux-tu payer par virement Interac", "fr")])
def test_a_method_in_neither_list_is_said_to_be_unlisted_not_refused(text, lang):
    dispatcher = answer(text, lang)
    assert responses_sent(dispatcher)[0] == "utter_payment_method_not_listed"
    assert sent(dispatcher, "utter_payment_method_not_listed")["not_listed"] == \
        K.fact("payment.accepted")["not_listed"][lang]


@pytest.mark.parametrize(("text", "lang"), [("can my employer pay the fees for me?", "en"),
                                            ("est-ce que mes parents peuvent payer les frais", "fr")])
def test_someone_else_paying_is_a_yes(text, lang):
    dispatcher = answer(text, lang)
    assert responses_sent(dispatcher)[0] == "utter_payment_by_someone_else"
    assert sent(dispatcher, "utter_payment_by_someone_else")["payer"] == item("fees.rules", "payer", lang)


def test_a_plain_payment_question_is_the_list_alone():
    assert responses_sent(answer("what payment methods do you accept", "en"))[0] == "utter_payment_methods"
