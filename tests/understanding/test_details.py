"""The other details of a message: the CSQ's status, decisions, what it asks beyond its topic."""
import pytest

from tests.nlu_pipeline_fixture import ruler_entities
from understanding.details import read_details


def details(text):
    return read_details(text, tuple(ruler_entities(text)))


@pytest.mark.parametrize("text, obtained", [
    ("I already received my CSQ", True),
    ("j'ai pas encore eu mon CSQ", False),
    ("we're still waiting for the CSQ", False),
    ("mon CSQ a été délivré le 20 août 2025", True),
    ("c'est quoi un CSQ?", None),
    ("my birth certificate is ready", None),
])
def test_the_csq_s_status(text, obtained):
    assert details(text).csq_obtained is obtained


@pytest.mark.parametrize("text, missed", [
    ("I missed my interview, what happens now?", True),
    ("j'ai manqué mon entrevue", True),
    ("I didn't show up to the interview", True),
    # an invitation, with words that merely contain "miss", "rate", "manque"
    ("I got an interview invitation after my submission, what should I demonstrate?", False),
    ("do I need permission to bring documents to the interview?", False),
    ("il manque des documents? j'ai une entrevue la semaine prochaine", False),
    ("what is the rate of success at the interview", False),
])
def test_only_a_clearly_missed_interview_is_missed(text, missed):
    assert details(text).interview_missed is missed


@pytest.mark.parametrize("text, exception", [
    ("my application was refused because of the oral French condition, can I ask for a review?", True),
    ("demande refusée à cause de mon français oral, révision possible?", True),
    # a rejection that mentions a French test (doubts about a certificate) is not the exception
    ("rejected because they doubt my French test certificate is authentic, can I ask for a review?", False),
    ("ma demande est rejetée, ils pensent que mon test de français est faux, révision?", False),
    ("can I get the review in French?", False),
])
def test_the_one_refusal_without_a_review(text, exception):
    assert details(text).refused_over_oral_french is exception


@pytest.mark.parametrize("text, asks", [
    ("can I tell them my girlfriend and I lived together for a year when it's only been 6 months?", True),
    ("est-ce que je peux dire que mon fils a 17 ans même s'il en a 19?", True),
    ("can I fake a lease?", True),
    ("je peux tu mentir sur la date?", True),
    ("can I tell them my address changed?", False),
    ("my son is 19, can he be added even if he studies?", False),
    ("est-ce que je peux dire au centre de contacts que je suis en retard?", False),
])
def test_asking_to_misrepresent(text, asks):
    found = details(text)
    assert (found.misrepresentation or found.claim_against_facts) is asks


@pytest.mark.parametrize("text", [
    "can I write to them even though the deadline passed?",
    "can I tell them I moved, although the file is closed?",
])
def test_a_claim_with_a_contrast_is_only_a_hint(text):
    found = details(text)
    assert found.claim_against_facts and not found.misrepresentation


@pytest.mark.parametrize("text, method, third_party", [
    ("can I pay by credit card?", "credit_card", False),
    ("mon employeur peut-il payer?", None, True),
    ("mes parents peuvent payer les frais?", None, True),
    ("comptant?", "unlisted", False),
])
def test_payment(text, method, third_party):
    found = details(text)
    assert (found.payment_method, found.third_party_payer) == (method, third_party)


@pytest.mark.parametrize("text, start", [("yes", "yes"), ("oui, c'est pour ma fille", "yes"), ("non", "no"),
                                         ("pas encore", "no"), ("ouin", "yes"), ("on n'a pas d'enfants", None)])
def test_a_reply_that_starts_as_yes_or_no(text, start):
    assert details(text).starts_with == start


@pytest.mark.parametrize("text, asks", [
    ("my ex won't sign, can I sign the consent form for her?", True),
    ("je peux-tu signer la déclaration à sa place?", True),
    ("who has to sign the consent form?", False),
    ("je dois signer le formulaire pour ma fille?", False),
])
def test_signing_in_someone_else_s_place_is_misrepresenting(text, asks):
    assert details(text).misrepresentation is asks


@pytest.mark.parametrize("text, outcome", [
    ("I got a letter saying my application will be refused, how long do I have?", "refused"),
    ("j'ai reçu une intention de rejet, j'ai combien de temps?", "rejected"),
    ("how long before my application is rejected?", None),  # the 60 days of an incomplete application
    ("my application was refused", None),
])
def test_a_letter_announcing_a_decision(text, outcome):
    assert details(text).letter_of_intent == outcome


def test_no_application_at_all():
    assert details("I never applied, can I add my wife?").never_applied
    assert not details("I applied in 2022, can I add my wife?").never_applied
