"""A message cut into clauses, and the questions kept from the classifier's clauses."""
import pytest

from understanding.questions import asks, clause_spans, questions_asked

ANSWERABLE = frozenset({"ask_fees", "ask_mailing_address", "ask_contact", "ask_hours", "ask_fee_refund",
                        "ask_payment", "ask_submitted_file", "add_family_member"})


def clauses(text):
    return [text[start:end] for start, end in clause_spans(text)]


@pytest.mark.parametrize("text, expected", [
    ("what's the fee for my son, and what's the mailing address?",
     ["what's the fee for my son", "and what's the mailing address?"]),
    ("le numéro de téléphone pis vous êtes ouverts jusqu'à quelle heure jeudi?",
     ["le numéro de téléphone", "pis vous êtes ouverts jusqu'à quelle heure jeudi?"]),
    ("Is the fee refundable? Also can my company pay it?", ["Is the fee refundable?", "Also can my company pay it?"]),
    ("FRAIS POUR MON MARI + ON PAYE COMMENT", ["FRAIS POUR MON MARI", "ON PAYE COMMENT"]),
    ("mon dossier est-il encore traité? et ça coûte combien pour ajouter ma fille?",
     ["mon dossier est-il encore traité?", "et ça coûte combien pour ajouter ma fille?"]),
    ("how much to add my wife and my son", ["how much to add my wife and my son"]),
    ("I got the letter on Nov. 10, when is my deadline?", ["I got the letter on Nov. 10", "when is my deadline?"]),
    ("mon CSQ a plus de 2 ans", ["mon CSQ a plus de 2 ans"]),
    ("???", ["???"]),
])
def test_clauses(text, expected):
    assert clauses(text) == expected


@pytest.mark.parametrize("clause, asking", [
    ("what's the fee for my son", True),
    ("ON PAYE COMMENT", True),
    ("le numéro de téléphone", True),
    ("payment?", True),
    ("We applied together, my wife and I.", False),
    ("Now we have a newborn son", False),
    ("I got my CSQ last spring", False),
    ("j'ai reçu la lettre le 3 novembre", False),
    ("dis-moi les heures d'ouverture", True),
])
def test_a_clause_asks_or_tells(clause, asking):
    assert asks(clause) is asking


def spans(text, *parts):
    found = []
    for part, intent, confidence in parts:
        start = text.index(part)
        found.append({"start": start, "end": start + len(part), "intent": intent, "confidence": confidence})
    return found


def test_every_question_in_the_order_asked():
    text = "what's the fee for my son, and what's the mailing address?"
    clauses_ = spans(text, ("what's the fee for my son", "ask_fees", 0.8),
                     ("and what's the mailing address?", "ask_mailing_address", 0.9))
    asked = questions_asked(text, "nlu_fallback", 0.4, clauses_, ANSWERABLE)
    assert [q.intent for q in asked] == ["ask_fees", "ask_mailing_address"]


@pytest.mark.parametrize("parts, whole", [
    # a story before one question: the whole message is the question
    ([("We applied together, my wife and I.", "ask_submitted_file", 0.7), ("how much to add him?", "ask_fees", 0.9)],
     "ask_fees"),
    # a clause the classifier is unsure of is not a question of its own
    ([("is the fee refundable?", "ask_fee_refund", 0.9), ("and the other thing?", "ask_payment", 0.3)], "ask_fee_refund"),
    # the same topic twice is one question
    ([("how much for my wife?", "ask_fees", 0.9), ("and how much for my son?", "ask_fees", 0.9)], "ask_fees"),
    # a clause about no topic we answer
    ([("hello!", "greet", 0.95), ("how much for my wife?", "ask_fees", 0.9)], "ask_fees"),
])
def test_one_question_when_fewer_than_two_clauses_ask_about_a_topic(parts, whole):
    text = " ".join(part for part, _, _ in parts)
    asked = questions_asked(text, whole, 0.8, spans(text, *parts), ANSWERABLE)
    assert [q.intent for q in asked] == [whole]


@pytest.mark.parametrize("clause", ["pis finalement elle vient pas", "and now he's here", "c'est trop tard"])
def test_a_short_clause_that_tells_something_does_not_ask(clause):
    assert not asks(clause)


def test_a_story_the_classifier_cannot_place_is_answered_by_its_one_question():
    text = "Not my wife, she stays home. Just my two boys. What do I pay?"
    clauses_ = spans(text, ("Not my wife, she stays home.", "remove_family_member", 0.45),
                     ("What do I pay?", "ask_fees", 0.8))
    assert [q.intent for q in questions_asked(text, "nlu_fallback", 0.3, clauses_, ANSWERABLE)] == ["ask_fees"]
    # a message the classifier placed keeps its own intent
    assert [q.intent for q in questions_asked(text, "ask_payment", 0.6, clauses_, ANSWERABLE | {"ask_payment"})] \
        == ["ask_payment"]
