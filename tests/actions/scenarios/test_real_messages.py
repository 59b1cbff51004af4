"""Scenario suite: messages written the way applicants write them (several questions, stories, people
already in the file, dates in words, follow-ups, requests to misrepresent), answered by action_answer
with the real ruler's entities. The clock is Wednesday, November 25, 2026, 9:30 (Montréal). The
classifier's clauses, which the Rasa server sends, are given here as it would (tests/e2e covers the
real classifier)."""
from datetime import date, timedelta

import pytest

from tests.actions.conftest import answered, clauses_of, responses_sent, sent
from tests.program_values import CHILD_FEE, MISSING_ITEMS_DAYS, SPOUSE_FEE, TODAY, VALUES_DAYS, dollars, fee

FOOTER, FEEDBACK = "utter_source_footer", "utter_feedback_question"


def english_date(day: date) -> str:
    return f"{day:%B} {day.day}, {day.year}"


@pytest.mark.parametrize("lang, text, parts, first, second", [
    ("en", "what's the fee for my son, and what's the mailing address?",
     [("what's the fee for my son", "ask_fees"), ("and what's the mailing address?", "ask_mailing_address")],
     "utter_fee_quote", "utter_mailing_address"),
    ("fr", "le numéro de téléphone pis vous êtes ouverts jusqu'à quelle heure jeudi?",
     [("le numéro de téléphone", "ask_contact"), ("pis vous êtes ouverts jusqu'à quelle heure jeudi?", "ask_hours")],
     "utter_contact_numbers", "utter_hours_day_open"),
    ("en", "Is the fee refundable? Also can my company pay it?",
     [("Is the fee refundable?", "ask_fee_refund"), ("Also can my company pay it?", "ask_payment")],
     "utter_fee_refund", "utter_payment_by_someone_else"),
    ("fr", "FRAIS POUR MON MARI + ON PAYE COMMENT",
     [("FRAIS POUR MON MARI", "ask_fees"), ("ON PAYE COMMENT", "ask_payment")], "utter_fee_quote", "utter_payment_methods"),
    ("fr", "mon dossier est-il encore traité? et ça coûte combien pour ajouter ma fille?",
     [("mon dossier est-il encore traité?", "ask_submitted_file"),
      ("et ça coûte combien pour ajouter ma fille?", "ask_fees")], "utter_submitted_file", "utter_fee_quote"),
])
def test_every_question_is_answered_in_order_with_the_sources_once(lang, text, parts, first, second):
    names = responses_sent(answered(text, "nlu_fallback", lang, clauses=clauses_of(text, *parts)))
    assert first in names and second in names and names.index(first) < names.index(second), names
    assert names.count(FOOTER) == 1 and names.count(FEEDBACK) == 1 and names[-2:] == [FOOTER, FEEDBACK]


def test_a_part_that_needs_a_detail_is_asked_last_after_the_other_answers():
    text = "how do I add my son? and where do I mail things?"
    names = responses_sent(answered(text, "add_family_member", "en", clauses=clauses_of(
        text, ("how do I add my son?", "add_family_member"), ("and where do I mail things?", "ask_mailing_address"))))
    assert names[-2:] == ["utter_ask_csq_obtained", FOOTER] and "utter_mailing_address" in names
    assert FEEDBACK not in names  # the reply already asks something


@pytest.mark.parametrize("lang, text, spouse, children", [
    ("fr", "combien pour ajouter seulement ma fille? mon conjoint est déjà sur la demande", False, 1),
    ("en", "We applied together, my wife and I. Now we have a newborn son, how much to add him?", False, 1),
    ("en", "not my wife, she stays home. just my two boys, what do I pay?", False, 2),
    ("fr", "mes enfants, j'en ai quatre, ma femme est déjà dans le dossier. ça coûte combien?", False, 4),
    ("en", "we're expecting twins next month, how much to add both babies?", False, 2),
    ("fr", "Mon chum pis moi on a fait la demande ensemble, combien pour notre fille?", False, 1),
])
def test_the_fee_counts_only_the_people_to_add(lang, text, spouse, children):
    quote = sent(answered(text, "ask_fees", lang), "utter_fee_quote")
    assert quote["total"] == dollars(fee(spouse=spouse, children=children), lang)
    assert (dollars(SPOUSE_FEE, lang) in quote["lines"]) is spouse or SPOUSE_FEE == CHILD_FEE


def test_a_csq_mentioned_in_passing_is_not_asked_about_again():
    text = "Our CSQ was issued in the fall of 2023, before my divorce. How do I add my new wife?"
    names = responses_sent(answered(text, "add_family_member", "en"))
    assert "utter_ask_csq_obtained" not in names and names[0] == "utter_family_after_csq"
    assert "utter_notice_ircc_letter" in names  # issued more than 24 months ago: the IRCC letter


@pytest.mark.parametrize("lang, text, requested", [
    ("en", "the values attestation request came on the fifth of November, when is my last day?", date(2026, 11, 5)),
    ("fr", "j'ai reçu la demande pour l'attestation des valeurs lundi passé, j'ai jusqu'à quand?", date(2026, 11, 23)),
])
def test_the_values_attestation_deadline_is_computed_from_a_date_in_words(lang, text, requested):
    upcoming = sent(answered(text, "ask_values_attestation", lang), "utter_deadline_upcoming")
    due = requested + timedelta(days=VALUES_DAYS)
    assert upcoming["due_date"] == (english_date(due) if lang == "en" else upcoming["due_date"])
    assert upcoming["days_left"] == (due - TODAY).days


@pytest.mark.parametrize("lang, text", [
    ("en", "what happens after the 60 day deadline for documents?"),
    ("fr", "le délai de 60 jours pour les documents, ça commence quand?"),
])
def test_a_duration_is_never_taken_for_a_date(lang, text):
    names = responses_sent(answered(text, "ask_deadline", lang))
    assert names[0] == "utter_deadline_rule"
    assert not {"utter_deadline_upcoming", "utter_deadline_passed", "utter_deadline_due_today"} & set(names)
    assert sent(answered(text, "ask_deadline", lang), "utter_deadline_rule")["days"] == MISSING_ITEMS_DAYS


@pytest.mark.parametrize("lang, text", [("en", "and for 3 kids?"), ("fr", "et pour 3 enfants?")])
def test_a_follow_up_keeps_the_spouse_and_says_so(lang, text):
    slots = {"topic": "ask_fees", "includes_spouse": True, "children_mentioned": True, "children_count": 2,
             "family_member": "spouse"}
    dispatcher = answered(text, "inform", lang, slots)
    assert sent(dispatcher, "utter_fee_quote")["total"] == dollars(fee(spouse=True, children=3), lang)
    assert sent(dispatcher, "utter_fee_kept_people")["kept"] in ("your spouse", "votre conjoint ou conjointe")


# a claim with what contradicts it: misrepresenting when the classifier finds it likely too (as its ranking says)
LIKELY = 0.3


@pytest.mark.parametrize("lang, text, intent, likely", [
    ("en", "can I tell them my girlfriend and I lived together for a year when it's only been 6 months?", "inform",
     LIKELY),
    ("fr", "est-ce que je peux dire que mon fils a 17 ans même s'il en a 19?", "add_family_member", LIKELY),
    ("en", "my ex won't sign, can I sign the consent form for her?", "ask_consent_declaration", 0.0),
])
def test_misrepresenting_is_never_helped(lang, text, intent, likely):
    ranking = [(intent, 0.5), ("ask_misrepresentation", likely)]
    dispatcher = answered(text, intent, lang, ranking=ranking)
    names = responses_sent(dispatcher)
    assert names[0] == "utter_misrepresentation" and "utter_consent_declaration" not in names
    assert ("rejet" if lang == "fr" else "reject") in sent(dispatcher, "utter_misrepresentation")["ground"]


def test_a_claim_the_classifier_finds_unlikely_to_misrepresent_is_answered_as_asked():
    text = "can I write to them even though the deadline passed?"
    names = responses_sent(answered(text, "ask_deadline", "en", ranking=[("ask_deadline", 0.8),
                                                                          ("ask_misrepresentation", 0.02)]))
    assert "utter_misrepresentation" not in names and names[0] == "utter_deadline_rule"


def test_a_clause_taken_alone_for_misrepresenting_is_not_enough():
    text = "They gave me 60 days and it's been 45 days already. How many days do I have left and what if I don't make it?"
    clauses = clauses_of(text, ("How many days do I have left", "ask_deadline"),
                         ("and what if I don't make it?", "ask_misrepresentation"))
    names = responses_sent(answered(text, "ask_deadline", "en", clauses=clauses))
    assert "utter_misrepresentation" not in names and names[0].startswith("utter_deadline")
