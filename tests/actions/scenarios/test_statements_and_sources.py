"""Every statement right (issue 17), checked on the answers as people read them, in French and English:
the letter of intent's own deadline, due dates counted from the date of the request, the caps, the second
intake, the holidays worded as an inference, the suggestion to call about an interview, whose application the
family steps are for, the yearly adjustment of fees, and the wording list."""
from __future__ import annotations

import pytest

from tests.actions.scenarios.test_official_page_content import answer_text
from tests.program_values import request_due_in


def text_of(message: str, intent: str, lang: str, **slots) -> str:
    return answer_text(message, intent, lang, **slots)[0]


# Wrong 1: a letter announcing a refusal or rejection sets the deadline written in it, never 60 days or a date.
@pytest.mark.parametrize("lang, message, said", [
    ("en", "I got a letter saying my application will be refused, how long do I have to answer?",
     "The deadline to answer a letter saying that your application will be refused is the one given in the letter."),
    ("fr", "J'ai reçu une lettre d'intention de refus, combien de temps ai-je pour répondre?",
     "Le délai pour répondre à une lettre qui annonce que votre demande sera refusée est celui qu'indique la lettre."),
    ("en", "I received an intent to reject letter on November 10, 2026, what is my deadline?",
     "If you do not answer within it, the application is rejected"),
    ("fr", "lettre d'intention de rejet reçue le 10 novembre 2026, c'est quoi mon délai?",
     "Sans réponse dans ce délai, la demande est rejetée"),
])
def test_a_letter_of_intent_has_the_deadline_written_in_it(lang, message, said):
    text, sent = answer_text(message, "ask_deadline", lang)
    assert said in text
    assert "60" not in text and "2027" not in text  # neither the 60 days nor a date computed from the letter's
    assert sent[0] == "utter_deadline_letter"


@pytest.mark.parametrize("lang, letter", [
    ("en", "A letter saying that your application will be refused or rejected is different: the deadline to answer "
           "it is the one given in the letter."),
    ("fr", "Une lettre qui annonce que votre demande sera refusée ou rejetée, c'est autre chose : le délai pour y "
           "répondre est celui qu'indique la lettre."),
])
def test_the_60_days_are_those_of_an_incomplete_application(lang, letter):
    text = text_of("how long do I have to send what they asked?", "ask_deadline", lang)
    assert letter in text
    assert ("If anything is missing (form, document or payment), you will have 60 days" in text if lang == "en"
            else "S'il manque un élément (formulaire, document ou paiement), vous aurez 60 jours" in text)
    assert "what the Ministère asked for" not in text and "ce que le Ministère a demandé" not in text


# Unsupported 1: the due date is counted from the date of the request, said as such, with one reference date.
@pytest.mark.parametrize("lang, counted, rule, ask", [
    ("en", "60 days from the date of the request (November 10, 2026): January 9, 2027",
     "The official page does not say from which day the deadline is counted: what the request itself says is what counts.",
     "Tell me the date of the request and I'll count the 60 days from it."),
    ("fr", "60 jours à partir de la date de la demande (10 novembre 2026) : le 9 janvier 2027",
     "La page officielle ne dit pas à partir de quel jour le délai se compte : c'est ce qu'indique la demande elle-même qui compte.",
     "Donnez-moi la date de la demande et je compterai les 60 jours à partir de cette date."),
])
def test_a_due_date_is_counted_from_the_date_of_the_request(lang, counted, rule, ask):
    text = text_of("", "ask_deadline", lang, request_date="2026-11-10", topic="ask_deadline")  # given just before
    assert counted in text and rule in text
    assert "received" not in text and "reçue" not in text
    assert ask in text_of("deadline for missing documents?", "ask_deadline", lang, request_date="unknown")


@pytest.mark.parametrize("lang, passed", [("en", "60 days from the date of the request"),
                                          ("fr", "60 jours à partir de la date de la demande")])
def test_a_passed_deadline_says_the_same_reference_date(lang, passed):
    text = text_of("", "ask_deadline", lang, request_date=request_due_in(-3).isoformat(),
                   topic="ask_deadline")
    assert passed in text and ("3 days ago" in text or "il y a 3 jours" in text)


# Unsupported 2 and the wording: the regulation's 550 a year, the alert's 600 for 2021, the page's silence.
@pytest.mark.parametrize("lang, regulation, differ, silent", [
    ("en", "The program's regulation (s. 4) caps the number of foreign nationals selected under the program at 550 a year.",
     "for 2021, that figure differs from the regulation's", "The official page does not mention a cap."),
    ("fr", "Le règlement du programme (art. 4) limite le nombre de ressortissants étrangers sélectionnés dans le cadre "
           "du programme à 550 par année.",
     "pour 2021, ce chiffre diffère de celui du règlement", "La page officielle ne mentionne aucun plafond."),
])
def test_the_cap_is_the_regulation_s_and_the_2021_alert_differs(lang, regulation, differ, silent):
    text = text_of("how many people a year?", "ask_cap", lang)
    assert regulation in text and differ in text and silent in text and "600" in text
    assert "The sources differ" not in text and "Les sources ne disent pas la même chose" not in text


# Wrong 4: the second intake, from the 2022 page, its end date contested.
@pytest.mark.parametrize("lang, second", [
    ("en", "According to the program's former page (Québec.ca, 2022), a second application period ran from "
           "November 3, 2021 to October 31, 2022 (that end date is the one this page gives; another source disagrees)."),
    ("fr", "Selon l'ancienne page du programme (Québec.ca, 2022), une deuxième période de dépôt allait du "
           "3 novembre 2021 au 31 octobre 2022 (cette date de fin est celle qu'indique cette page; une autre source la "
           "conteste)."),
])
def test_history_gives_the_second_intake_with_its_source(lang, second):
    text = text_of("when could people apply?", "ask_program_history", lang)
    assert second in text
    assert "I have no confirmed dates for later application periods" not in text


# Unsupported 3: a statutory holiday's closure is an inference, worded as one.
@pytest.mark.parametrize("lang, message, inference", [
    ("en", "open on Christmas?", "I expect the line to be closed that day, but that is my inference"),
    ("fr", "ouvert à Noël?", "je m'attends à ce que la ligne soit fermée ce jour-là, mais c'est une déduction de ma part"),
])
def test_a_holiday_closure_is_worded_as_an_inference(lang, message, inference):
    text = text_of(message, "ask_hours", lang)
    assert inference in text
    assert "normally closed" not in text and "normalement fermée" not in text


@pytest.mark.parametrize("lang, today", [
    ("en", "the line is probably closed today, but that is my inference"),
    ("fr", "la ligne est probablement fermée aujourd'hui, mais c'est une déduction de ma part"),
])
def test_today_a_holiday_is_probably_closed_by_inference(monkeypatch, lang, today):
    monkeypatch.setenv("ASSISTANT_NOW", "2026-12-25T10:00:00-05:00")
    assert today in text_of("open now?", "ask_hours", lang)


# Unsupported 4 and 5: no analogy with other services; Good Friday and Easter Monday "may be closed".
@pytest.mark.parametrize("lang, message", [("en", "open on December 24?"), ("fr", "ouvert le 31 décembre?"),
                                           ("en", "open on Good Friday?"), ("fr", "ouvert le lundi de Pâques?")])
def test_a_day_the_line_may_close_is_not_said_normally_open(lang, message):
    text = text_of(message, "ask_hours", lang)
    assert ("the line may be closed that day" if lang == "en" else "la ligne pourrait être fermée ce jour-là") in text
    for unsupported in ("Normally yes", "normally open", "Normalement oui", "normalement ouverte",
                        "other Québec government services", "d'autres services du gouvernement"):
        assert unsupported not in text


def test_on_december_24_the_line_may_be_closed_today_without_normally_open(monkeypatch):
    monkeypatch.setenv("ASSISTANT_NOW", "2026-12-24T11:00:00-05:00")
    text = text_of("open now?", "ask_hours", "en")
    assert "and the line may be closed today" in text and "If it is open, it closes at 16:00" in text
    assert "normally open" not in text


# Unsupported 7: before the CSQ, the form and documents (not "everything") go in Arrima.
@pytest.mark.parametrize("lang, arrima", [
    ("en", "Before the CSQ, the form and documents are submitted in Arrima instead."),
    ("fr", "Avant le CSQ, le formulaire et les documents se transmettent plutôt dans Arrima."),
])
def test_before_the_csq_the_form_and_documents_go_in_arrima(lang, arrima):
    text = text_of("mailing address?", "ask_mailing_address", lang)
    assert arrima in text and "everything" not in text and "tout se transmet" not in text


# Unsupported 8: calling about the interview is the assistant's suggestion.
@pytest.mark.parametrize("lang, suggestion", [
    ("en", "If you have questions about the interview itself, I suggest calling the Centre de contacts clientèle:"),
    ("fr", "Pour une question sur l'entrevue elle-même, je vous suggère d'appeler le Centre de contacts clientèle :"),
])
def test_calling_about_an_interview_is_a_suggestion(lang, suggestion):
    assert suggestion in text_of("I was called for an interview", "ask_decision", lang, decision="interview")


# Missing 1: whose application the family steps are for, and no application at all.
@pytest.mark.parametrize("lang, change, applies", [
    ("en", "add", "The program ended on January 1, 2026: these steps apply to an application submitted before that "
                  "date, or already selected under the program."),
    ("fr", "remove", "Le programme a pris fin le 1er janvier 2026 : ces démarches s'appliquent à une demande présentée "
                     "avant cette date, ou déjà sélectionnée dans le cadre du programme."),
])
def test_family_steps_say_whose_application_they_are_for(lang, change, applies):
    text = text_of("", f"{change}_family_member", lang, family_member="spouse", csq_obtained=False)
    assert applies in text


@pytest.mark.parametrize("lang, message, reply", [
    ("en", "I never applied, can I add my wife?", "without an application submitted before that date, you can no "
                                                  "longer apply, nor add anyone"),
    ("fr", "je n'ai jamais fait de demande, est-ce que je peux ajouter ma femme?",
     "sans demande présentée avant cette date, on ne peut plus en présenter une, ni y ajouter quelqu'un"),
])
def test_adding_someone_without_an_application_gets_the_no_application_reply(lang, message, reply):
    text, sent = answer_text(message, "add_family_member", lang, family_member="spouse")
    assert reply in text and sent[0] == "utter_no_application_after_closure"
    assert "utter_ask_csq_obtained" not in sent


# Missing 2: fees are adjusted every January 1; in December, the next year's amounts are worth checking.
@pytest.mark.parametrize("lang, adjusted", [("en", "These fees are adjusted every year on January 1."),
                                            ("fr", "Ces frais sont ajustés chaque année, le 1er janvier.")])
def test_the_fee_answer_says_fees_are_adjusted_every_january_1(lang, adjusted):
    assert adjusted in text_of("how much to add my wife?", "ask_fees", lang, includes_spouse=True)


@pytest.mark.parametrize("lang, december", [
    ("en", "These fees are adjusted every year on January 1: if you pay close to that date, check the 2027 amounts"),
    ("fr", "Ces frais sont ajustés chaque année, le 1er janvier : si vous payez près de cette date, vérifiez les "
           "montants de 2027"),
])
def test_in_december_the_fee_answer_points_to_next_year_s_amounts(monkeypatch, lang, december):
    monkeypatch.setenv("ASSISTANT_NOW", "2026-12-10T10:00:00-05:00")
    assert december in text_of("how much to add my wife?", "ask_fees", lang, includes_spouse=True)


# The wording list.
@pytest.mark.parametrize("lang, one, many", [("en", "Review fees to add this person", "Review fees to add these people"),
                                             ("fr", "Frais d'examen pour ajouter cette personne",
                                              "Frais d'examen pour ajouter ces personnes")])
def test_one_person_added_is_singular(lang, one, many):
    assert one in text_of("how much for my wife?", "ask_fees", lang, includes_spouse=True)
    assert many in text_of("my wife and 2 kids?", "ask_fees", lang, includes_spouse=True, children_count=2)


@pytest.mark.parametrize("lang, rules", [
    ("en", "Fees must be paid in full and in Canadian dollars, by you or by a third party."),
    ("fr", "Les frais se paient en totalité et en dollars canadiens; ils peuvent être payés par vous ou par une autre "
           "personne."),
])
def test_how_fees_are_paid(lang, rules):
    assert rules in text_of("how much for my wife?", "ask_fees", lang, includes_spouse=True)
    assert rules in text_of("payment methods?", "ask_payment", lang)


@pytest.mark.parametrize("lang, refund, not_said", [
    ("en", "No, fees paid are non-refundable, even if the application is refused or rejected", "never refunded"),
    ("fr", "Non, les frais payés ne sont remboursés ni si la demande est refusée ou rejetée, ni si vous retirez",
     "jamais remboursés"),
])
def test_fees_are_non_refundable(lang, refund, not_said):
    assert refund in text_of("refund?", "ask_fee_refund", lang)
    assert not_said not in text_of("how much for my wife?", "ask_fees", lang, includes_spouse=True)


@pytest.mark.parametrize("lang, selected", [("en", "Your application is selected if:"),
                                            ("fr", "Votre demande est sélectionnée si :")])
def test_selected_wording(lang, selected):
    assert selected in text_of("selected?", "ask_decision", lang, decision="selected")


def test_french_wording_of_the_other_routes_and_profiles():
    assert "vous pouvez vous tourner vers le Programme de sélection" in text_of("?", "ask_program_status", "fr")
    eligibility = text_of("?", "ask_eligibility", "fr")
    assert "profil Francophone :" in eligibility and "profil Francisation :" in eligibility


@pytest.mark.parametrize("lang, under_18", [("en", "under 18"), ("fr", "moins de 18")])
def test_the_exemptions_for_people_18_or_over_give_no_example_under_18(lang, under_18):
    assert under_18 not in text_of("values attestation?", "ask_values_attestation", lang)


def test_french_notice_for_a_child_who_may_be_an_adult():
    text = text_of("", "add_family_member", "fr", family_member="child", csq_obtained=False)
    assert "Si l'enfant a 18 ans ou plus, cette personne aura 60 jours pour obtenir" in text and ", sauf si elle :" in text


def test_the_consent_declaration_names_the_non_accompanying_parent():
    assert "signed by the non-accompanying parent" in text_of("consent declaration?", "ask_consent_declaration", "en")


@pytest.mark.parametrize("lang, submit", [("en", "Submit the following in Arrima:"),
                                          ("fr", "Transmettez ce qui suit dans Arrima :")])
def test_submit_the_following_in_arrima(lang, submit):
    assert submit in text_of("", "add_family_member", lang, family_member="spouse", csq_obtained=False)


@pytest.mark.parametrize("moment, lang, said", [
    ("2021-06-01T12:00:00-04:00", "en", "Yes: today, June 1, 2021, an application period is open, from April 22, 2021 "
                                        "to October 31, 2021 (according to a 2021 alert"),
    ("2023-05-01T12:00:00-04:00", "fr", "je ne sais pas si des demandes sont reçues aujourd'hui, le 1er mai 2023"),
    ("2021-03-01T12:00:00-05:00", "en", "Not yet: today, March 1, 2021, the program has not started; it opens on "
                                        "April 22, 2021."),
])
def test_replies_before_2026_are_worded_for_their_date(monkeypatch, moment, lang, said):
    monkeypatch.setenv("ASSISTANT_NOW", moment)
    text = text_of("can I apply?", "ask_program_status", lang)
    assert said in text and "on that date" not in text and "à cette date" not in text


@pytest.mark.parametrize("lang, message", [
    ("en", "how many days do I have to send the missing documents before my application is rejected?"),
    ("fr", "combien de jours pour envoyer les documents manquants avant que ma demande soit rejetée?"),
])
def test_a_rejection_named_without_a_letter_gets_the_60_days(lang, message):
    """Only a letter announcing the refusal or rejection has its own deadline: the 60 days stay the answer here."""
    text, sent = answer_text(message, "ask_deadline", lang)
    assert sent[0] == "utter_deadline_rule" and "60" in text


@pytest.mark.parametrize("lang, message", [("en", "I got an intent to refuse, how long do I have?"),
                                           ("fr", "j'ai reçu une intention de rejet, j'ai combien de temps?")])
def test_an_intent_named_without_the_word_letter_is_the_letter_s_deadline(lang, message):
    assert answer_text(message, "ask_deadline", lang)[1][0] == "utter_deadline_letter"
