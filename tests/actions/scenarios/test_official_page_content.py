"""Content checked against the official page (../shared/sources/): each answer rendered in French and
English from the domain's template and the values the action sent."""
import asyncio
from functools import lru_cache
from pathlib import Path

import pytest
import yaml
from rasa_sdk.executor import CollectingDispatcher

from actions.action_answer import ActionAnswer
from tests.actions.conftest import make_tracker, responses_sent
from tests.program_values import request_due_in

DOMAIN = Path(__file__).resolve().parents[3] / "domain.yml"


@lru_cache(maxsize=1)
def templates():
    responses = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))["responses"]
    return {name: {("en" if v.get("condition") else "fr"): v["text"] for v in variants}
            for name, variants in responses.items()}


def answer_text(text, intent, lang, previous_action=None, **slots):
    """Everything the assistant says, as the user reads it."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(text, intent, slots={"language": lang, **slots}, previous_action=previous_action)
    asyncio.run(ActionAnswer().run(dispatcher, tracker, {}))
    assert dispatcher.messages, "no reply"
    parts = []
    for message in dispatcher.messages:
        values = {k: v for k, v in message.items() if k not in ("response", "buttons", "template")}
        parts.append(templates()[message["response"]][lang].format(**values))
    return "\n".join(parts), responses_sent(dispatcher)


def family_change(lang, change, csq, member="spouse"):
    slots = {"family_member": member, "csq_obtained": csq, "csq_issue_date": "2025-06-01" if csq else None}
    return answer_text("", f"{change}_family_member", lang, **slots)[0]


@pytest.mark.parametrize("lang, arrima", [("en", "in your Arrima account"), ("fr", "dans votre compte Arrima")])
def test_removal_after_the_csq_mails_no_arrima_step(lang, arrima):
    assert arrima in family_change(lang, "remove", csq=False)  # before the CSQ it is the first step
    after = family_change(lang, "remove", csq=True)
    assert arrima not in after
    assert ("letter signed by you" if lang == "en" else "lettre signée par vous") in after


@pytest.mark.parametrize("lang, payment, formats", [
    ("en", "the payment of the review fees", "in the formats requested in Part 2 of the application"),
    ("fr", "le paiement des frais d'examen", "dans les formats demandés à la partie 2 du formulaire"),
])
def test_adding_after_the_csq_mails_the_payment_and_documents_in_the_part_2_formats(lang, payment, formats):
    after = family_change(lang, "add", csq=True)
    mailed = after.split("\n", 1)[1]
    assert f"- {payment}" in mailed
    assert formats in after
    assert formats in family_change(lang, "add", csq=False)
    assert formats not in family_change(lang, "remove", csq=False)  # nothing about a person added


@pytest.mark.parametrize("lang, stream", [("en", "of the stream you applied under"),
                                          ("fr", "du volet sous lequel vous présentez votre demande")])
def test_the_form_copy_depends_on_the_stream(lang, stream):
    assert stream in answer_text("deadline for missing documents?", "ask_deadline", lang, request_date="unknown")[0]


@pytest.mark.parametrize("lang, permit, regulation, already", [
    ("en", "have a valid study permit or work permit and have already taken part in the Objectif Intégration session",
     "are exempt by regulation", "You will not receive this request if you and your family have already obtained"),
    ("fr", "a un permis d'études ou un permis de travail valide et a déjà participé à la session Objectif Intégration",
     "en est exemptée par règlement", "Vous ne recevrez pas cette demande si vous et votre famille avez déjà obtenu"),
])
def test_the_values_attestation_gives_both_exemptions_and_no_item_repeats_its_heading(lang, permit, regulation, already):
    text, _ = answer_text("values attestation", "ask_values_attestation", lang)
    assert f"- {permit}" in text and f"- {regulation}" in text and already in text
    assert "(no request is sent)" not in text and "(aucune demande n'est envoyée)" not in text
    # the notice to someone adding a spouse lists the same two exemptions
    assert f"- {permit}" in family_change(lang, "add", csq=False)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_the_arrima_message_centre_is_only_for_the_attestation_request(lang):
    for intent in ("ask_submitted_file", "ask_application_status", "ask_processing_time"):
        text, _ = answer_text("my file?", intent, lang)
        for sentence in text.replace("\n", ". ").split(". "):
            if "Arrima" in sentence and ("message" in sentence):
                assert "attestation" in sentence, sentence


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_no_claim_about_the_federal_step(lang):
    text, _ = answer_text("selected?", "ask_decision", lang, decision="selected")
    assert "federal" not in text and "fédéral" not in text


@pytest.mark.parametrize("lang, page", [("en", "Get represented in your immigration procedures"),
                                        ("fr", "Get represented in your immigration procedures")])
def test_representatives_point_to_the_get_represented_page(lang, page):
    assert page in answer_text("representative?", "ask_representative", lang)[0]


@pytest.mark.parametrize("due_in, lang, expected", [
    (1, "en", "1 day from today."),  # due tomorrow
    (1, "fr", "dans 1 jour."),
    (15, "en", "15 days from today."),
    (-1, "en", "1 day ago."),  # was due yesterday
    (-1, "fr", "il y a 1 jour."),
    (-25, "fr", "il y a 25 jours."),
])
def test_one_day_is_singular(due_in, lang, expected):
    text, _ = answer_text("", "ask_deadline", lang, request_date=request_due_in(due_in).isoformat(), topic="ask_deadline")
    assert expected in text


@pytest.mark.parametrize("intent, expected", [
    ("ask_eligibility", "la voie à envisager"),
    ("ask_eligibility", "profil Francophone"),
    ("ask_replacement", "en déposant une déclaration d'intérêt dans Arrima"),
    ("ask_payment", "Non acceptés : "),
])
def test_french_wording(intent, expected):
    assert expected in answer_text("?", intent, "fr")[0]


def test_not_accepted_in_english():
    assert "Not accepted: " in answer_text("?", "ask_payment", "en")[0]
