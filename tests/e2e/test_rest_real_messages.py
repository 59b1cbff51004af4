"""Messages as applicants write them, through the REST channel and the real classifier: every question
in a message answered in one reply with its sources once, people already in the file not charged for."""
import pytest

from tests.e2e.conftest import new_sender, post, text_of
from tests.program_values import HOURS, MONTREAL_PHONE, POSTAL_CODE, dollars, fee, french_time

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

THURSDAY = 4


def footers(reply: str) -> int:
    return sum(reply.count(start) for start in ("Source: [", "Sources: [", "Source : [", "Sources : ["))


@pytest.mark.parametrize("message, lang, fragments", [
    ("what's the fee for my son, and what's the mailing address?", "en",
     [dollars(fee(children=1), "en"), POSTAL_CODE]),
    ("le numéro de téléphone pis vous êtes ouverts jusqu'à quelle heure jeudi?", "fr",
     [MONTREAL_PHONE, french_time(HOURS[THURSDAY][1])]),
    ("FRAIS POUR MON MARI + ON PAYE COMMENT", "fr", [dollars(fee(spouse=True), "fr"), "Modes de paiement acceptés"]),
    ("mon dossier est-il encore traité? et ça coûte combien pour ajouter ma fille?", "fr",
     ["centre de messages Arrima", dollars(fee(children=1), "fr")]),
])
def test_every_question_in_one_reply_with_its_sources_once(servers, message, lang, fragments):
    replies = post(servers, new_sender(), message, {"language": lang})
    reply = text_of(replies)
    for fragment in fragments:
        assert fragment in reply, reply
    assert footers(reply) == 1, reply
    assert [r.get("lang") for r in replies] == [lang] * len(replies)


@pytest.mark.parametrize("message, lang, total, not_total", [
    ("combien pour ajouter seulement ma fille? mon conjoint est déjà sur la demande", "fr",
     fee(children=1), fee(spouse=True, children=1)),
    ("We applied together, my wife and I. Now we have a newborn son, how much to add him?", "en",
     fee(children=1), fee(spouse=True, children=1)),
])
def test_people_already_in_the_file_are_not_charged_for(servers, message, lang, total, not_total):
    reply = text_of(post(servers, new_sender(), message, {"language": lang}))
    total_label = "Total: " if lang == "en" else "Total : "
    assert f"{total_label}{dollars(total, lang)}" in reply and f"{total_label}{dollars(not_total, lang)}" not in reply


def test_a_follow_up_keeps_the_spouse_and_says_so(servers):
    sender = new_sender()
    post(servers, sender, "how much to add my wife and our two kids?", {"language": "en"})
    reply = text_of(post(servers, sender, "and for 3 kids?", {"language": "en"}))
    assert f"Total: {dollars(fee(spouse=True, children=3), 'en')}" in reply and "your spouse" in reply


@pytest.mark.parametrize("message, lang, fragment", [
    ("can I tell them my girlfriend and I lived together for a year when it's only been 6 months?", "en",
     "false or misleading"),
    ("est-ce que je peux dire que mon fils a 17 ans même s'il en a 19?", "fr", "faux ou trompeurs"),
])
def test_misrepresenting_is_never_helped(servers, message, lang, fragment):
    assert fragment in text_of(post(servers, new_sender(), message, {"language": lang}))


def test_a_one_word_english_question_is_answered_in_english(servers):
    replies = post(servers, new_sender(), "payment?", {})
    assert {r.get("lang") for r in replies} == {"en"}, replies
