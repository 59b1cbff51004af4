"""The assistant through its REST channel: real action server and Rasa server on loopback.

The action server's clock is fixed to Wednesday, November 25, 2026, 09:30 in Montréal, so the computed
answers are known in advance; the values are the knowledge file's (tests/program_values.py).
"""
from datetime import date, timedelta

import pytest

from tests.e2e.conftest import new_sender, post
from tests.program_values import (
    ANNOUNCED_CAP,
    CHILD_FEE,
    CLOCK,
    END_DATE,
    FIRST_INTAKE,
    HOURS,
    IRCC_LETTER_MONTHS,
    MISSING_ITEMS_DAYS,
    MONTREAL_PHONE,
    OUTSIDE_PHONE,
    POSTAL_CODE,
    TODAY,
    VALUES_DAYS,
    YEARLY_CAP,
    dollars,
    english_date,
    english_time,
    fee,
    french_date,
    french_time,
)

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

# The line at the servers' clock (Wednesday 09:30), by the knowledge file's Wednesday hours: closed until it
# opens, or open until it closes.
OPENS, CLOSES = HOURS[CLOCK.isoweekday()]
if CLOCK.time() < OPENS:
    LINE_NOW = {"en": ["closed right now", english_time(OPENS)], "fr": ["fermé en ce moment", french_time(OPENS)]}
else:
    LINE_NOW = {"en": ["open right now", english_time(CLOSES)], "fr": ["ouvert en ce moment", french_time(CLOSES)]}
# A request for missing documents received on November 10: its deadline, the knowledge file's days later.
DUE = date(2026, 11, 10) + timedelta(days=MISSING_ITEMS_DAYS)

# (question, fragments every one of which must appear in the reply, language)
ONE_TURN = [
    ("Can I still apply to the AI pilot program?", [f"ended on {english_date(END_DATE)}", "PSTQ"], "en"),
    ("What replaced the tech pilot now that it's over?", ["Skilled Worker Selection Program"], "en"),
    ("I applied in November 2025, what happens to my file now that the program ended?", ["still being reviewed"], "en"),
    ("How much does it cost to add my wife and our 3 kids?",
     [dollars(fee(spouse=True, children=3), "en"), dollars(3 * CHILD_FEE, "en")], "en"),
    ("is the phone line open right now?", LINE_NOW["en"], "en"),
    ("what's the number to call from outside Quebec", [OUTSIDE_PHONE], "en"),
    ("I got a letter asking for missing documents on November 10, 2026. When is my deadline?",
     [f"days from the date of the request (November 10, 2026): {english_date(DUE)}",
      f"{(DUE - TODAY).days} days from today"], "en"),
    ("Are the fees refundable if my application is refused?", ["non-refundable"], "en"),
    ("Can I pay with a personal cheque?", ["Not accepted: personal cheques"], "en"),
    ("can I appeal a refusal?", ["administrative review", "oral French"], "en"),
    ("do I need to hire a lawyer or a consultant?", ["no priority"], "en"),
    ("how many people does the pilot select each year", [str(YEARLY_CAP), str(ANNOUNCED_CAP), "Envoy Global", "regulation", "does not mention a cap"], "en"),
    ("back when the pilot was open, what were the dates to send an application?",
     [" to ".join(map(english_date, FIRST_INTAKE)), "Envoy Global"], "en"),
    ("refused vs rejected, what's the difference exactly?", ["refused if", "rejected if"], "en"),
    ("they invited me to an interview at the ministry, is my application in trouble?", ["part of the review"], "en"),
    ("j'ai eu une lettre d'intention de rejet pis j'ai pas répondu dans les délais, qu'est-ce qui arrive?",
     ["rejetée", "révision administrative"], "fr"),
    ("j'ai été convoquée en entrevue au ministère, est-ce que c'est mauvais signe?", ["fait partie de l'examen"], "fr"),
    ("how long does processing take?", ["don't know"], "en"),
    ("where do I mail the documents", [POSTAL_CODE], "en"),
    ("I missed my interview, what happens now?", ["did not show up for your interview"], "en"),
    ("Est-ce que je peux encore déposer une demande au programme pilote en IA?", [f"a pris fin le {french_date(END_DATE)}"], "fr"),
    ("combien pour ajouter ma conjointe et mes deux enfants",
     [dollars(fee(spouse=True, children=2), "fr"), dollars(2 * CHILD_FEE, "fr")], "fr"),
    ("la ligne est tu ouverte en ce moment?", LINE_NOW["fr"], "fr"),
    ("quel numéro appeler si je suis à Montréal", [MONTREAL_PHONE], "fr"),
    ("j'ai reçu une demande de documents le 10 novembre 2026, c'est quoi ma date limite?", [french_date(DUE)], "fr"),
    ("est-ce que je suis remboursé si je retire mon conjoint de ma demande?", ["ne sont remboursés ni si"], "fr"),
    ("quels modes de paiement sont acceptés?", ["mandat-poste", "chèques personnels"], "fr"),
    ("j'ai reçu une lettre de refus, qu'est-ce que ça veut dire?", ["refusée si"], "fr"),
    ("comment je peux contester la décision du ministère?", ["révision administrative"], "fr"),
    ("c'est quoi l'attestation des valeurs québécoises pis combien de temps j'ai?", [f"{VALUES_DAYS} jours"], "fr"),
    ("le père de ma fille vient pas avec nous, il faut quel papier pour elle?", ["Déclaration de consentement"], "fr"),
    ("pouvez-vous vérifier où en est mon dossier?", ["pas accès aux dossiers"], "fr"),
    ("je veux parler à un agent", [MONTREAL_PHONE, LINE_NOW["fr"][0]], "fr"),
    ("qu'est-ce qui remplace le programme pilote?", ["PSTQ"], "fr"),
    ("est-ce que je suis admissible au volet intelligence artificielle?", [f"a pris fin le {french_date(END_DATE)}"], "fr"),
]


def text_of(replies):
    return "\n".join(r.get("text") or "" for r in replies)


@pytest.mark.parametrize("question, fragments, lang", ONE_TURN, ids=[q[0][:40] for q in ONE_TURN])
def test_one_turn_answers(servers, question, fragments, lang):
    replies = post(servers, new_sender(), question, {"language": lang})
    reply = text_of(replies)
    for fragment in fragments:
        assert fragment in reply, reply
    assert [r.get("lang") for r in replies] == [lang] * len(replies), replies  # each reply says its language
    # the sources of the facts used, each a named link with its date (or "date not shown" when the page shows none)
    footer = ("Source: [", "Sources: [") if lang == "en" else ("Source : [", "Sources : [")
    assert any(start in reply for start in footer), reply
    dated = ("current as of", "date not shown") if lang == "en" else ("à jour au", "date non indiquée")
    assert any(words in reply.rsplit("Source", 1)[1] for words in dated), reply


def test_fee_form_asks_only_the_missing_count_fr(servers):
    sender = new_sender()
    assert "Combien d'enfants" in text_of(post(servers, sender, "combien pour ajouter mes enfants", {"language": "fr"}))
    reply = text_of(post(servers, sender, "trois"))
    assert f"Total : {dollars(fee(children=3), 'fr')}" in reply


def test_family_change_asks_only_the_csq_then_takes_its_age_en(servers):
    sender = new_sender()
    first = post(servers, sender, "how do I add my daughter to my application?", {"language": "en"})
    assert "Have you already received" in text_of(first)
    # the question with its buttons, then the sources of what was said before it (the fee), last
    asking = [r for r in first if r.get("buttons")]
    assert [b["title"] for b in asking[0]["buttons"]] == ["Yes", "Not yet"] and first[-1]["text"].startswith("Source")
    second = text_of(post(servers, sender, "/affirm"))
    assert POSTAL_CODE in second and "original CSQ" in second
    assert f"only required if your CSQ was issued more than {IRCC_LETTER_MONTHS}" in second
    reply = text_of(post(servers, sender, "it was issued back in March 2024"))
    assert f"was issued more than {IRCC_LETTER_MONTHS} months ago" in reply and POSTAL_CODE in reply


def test_interruption_then_back_to_the_question(servers):
    sender = new_sender()
    post(servers, sender, "I want to add my husband to my file", {"language": "en"})
    reply = text_of(post(servers, sender, "wait, what are the phone hours?"))
    assert "Wednesday" in reply and f"{english_time(OPENS)} to {english_time(CLOSES)}" in reply
    assert "Have you already received" in reply
    assert "in Arrima" in text_of(post(servers, sender, "not yet"))


@pytest.mark.parametrize(
    "turns, lang",
    [
        # answer first, then the exact date when the request's date comes
        ([("they want more papers from me, how many days do I get?", [f"{MISSING_ITEMS_DAYS} days", "rejected"]),
          ("the letter came on November 10", [english_date(DUE)])], "en"),
        ([("on me demande des pièces manquantes, j'ai combien de jours?", [f"{MISSING_ITEMS_DAYS} jours", "rejetée"]),
          ("la lettre est datée du 10 novembre", [french_date(DUE)])], "fr"),
        # a fee quote, then a half-sentence that adds people
        ([("how much would it be to bring my wife?", [dollars(fee(spouse=True), "en")]),
          ("and if our two boys come as well?", [f"Total: {dollars(fee(spouse=True, children=2), 'en')}"])], "en"),
        ([("c'est combien pour ajouter mon chum?", [dollars(fee(spouse=True), "fr")]),
          ("pis avec nos deux filles aussi?", [dollars(fee(spouse=True, children=2), "fr")])], "fr"),
        # a procedure, then another member
        ([("I already have my CSQ, how do I add my baby?", [POSTAL_CODE, "only required if your CSQ"]),
          ("what about our son?", [POSTAL_CODE])], "en"),
        ([("je veux ajouter ma conjointe à mon dossier", ["Avez-vous déjà reçu"]),
          ("oui je l'ai", [POSTAL_CODE]),
          ("reçu il y a trois ans", [f"plus de {IRCC_LETTER_MONTHS} mois"])], "fr"),
    ],
)
def test_follow_ups_continue_the_topic(servers, turns, lang):
    sender = new_sender()
    for index, (message, fragments) in enumerate(turns):
        reply = text_of(post(servers, sender, message, {"language": lang} if index == 0 else None))
        for fragment in fragments:
            assert fragment in reply, (message, reply)


@pytest.mark.parametrize("command", ["/restart", "/stop", "/session_start", "/back"])
def test_typed_commands_are_answered(servers, command):
    sender = new_sender()
    post(servers, sender, "hi", {"language": "en"})
    assert text_of(post(servers, sender, command)).strip()


def test_language_follows_the_page_then_the_switch(servers):
    sender = new_sender()
    greeting = post(servers, sender, "allo", {"language": "fr"})
    assert f"a pris fin le {french_date(END_DATE)}" in text_of(greeting) and "numéro de dossier" in text_of(greeting)
    switched = post(servers, sender, "english please")
    assert "I'll continue in English" in text_of(switched)
    answer = post(servers, sender, "ok so can I still apply?")
    assert f"ended on {english_date(END_DATE)}" in text_of(answer)
    # the language the server decided comes with every reply (the widget follows it)
    assert {r.get("lang") for r in greeting} == {"fr"} and {r.get("lang") for r in switched + answer} == {"en"}


@pytest.mark.parametrize(
    "message, fragment",
    [
        ("Hola, quisiera saber cómo agregar a mi esposa a mi solicitud", "English and French only"),
        ("x" * 5000, "too long"),
        ("\x00\x01\x02\x03", "couldn't read"),
    ],
)
def test_bad_input_gets_a_polite_answer(servers, message, fragment):
    reply = text_of(post(servers, new_sender(), message, {"language": "en"}))
    assert fragment in reply


def test_markup_is_never_echoed(servers):
    replies = post(servers, new_sender(), "<img src=x onerror=alert(1)> combien ça coûte?", {"language": "fr"})
    assert replies and all("<img" not in (r.get("text") or "") for r in replies)


def test_stored_conversations_carry_no_sender_id_in_clear(servers, e2e_dir):
    """A phone number as REST sender: the tracker store only ever sees its keyed hash."""
    import re
    import sqlite3

    from tests.servers import stored_key

    phone = "+15145557788"
    assert "Combien d'enfants" in text_of(post(servers, phone, "combien pour ajouter mes enfants", {"language": "fr"}))
    with sqlite3.connect(e2e_dir / "trackers.db") as db:
        senders = {row[0] for row in db.execute("SELECT DISTINCT sender_id FROM events")}
        dump = "\n".join(str(row) for row in db.execute("SELECT * FROM events"))
    assert stored_key("rest", phone) in senders
    # every key is a channel and a keyed hash (other e2e tests talk through socket.io to the same server)
    assert senders and all(re.fullmatch(r"(rest|socketio):[0-9a-f]{64}", s) for s in senders)
    assert "5145557788" not in dump
