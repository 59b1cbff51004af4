"""Each redactor, FR and EN, with the near-misses that must stay as typed."""
from __future__ import annotations

import pytest

from privacy.redaction import find, kinds, public_numbers, redact
from tests.program_values import ADDRESS_LINES, MONTREAL_PHONE, PHONES, QUEBEC_PHONE, e164

# (message, what must disappear, the kind it is found as)
IDENTIFIERS = [
    # e-mail
    ("mon courriel est jean.tremblay+pp@gmail.com merci", "jean.tremblay+pp@gmail.com", "EMAIL"),
    ("write to J.Doe@Example.CO.UK please", "J.Doe@Example.CO.UK", "EMAIL"),
    ("écrivez à élise.côté@videotron.qc.ca", "élise.côté@videotron.qc.ca", "EMAIL"),
    # phone numbers: NANP in its usual shapes, international
    ("appelez-moi au 514-555-1234 svp", "514-555-1234", "PHONE"),
    ("call me at (438) 555-0199", "(438) 555-0199", "PHONE"),
    ("mon cell 450.555.0142", "450.555.0142", "PHONE"),
    ("my number is +1 613 555 0142", "+1 613 555 0142", "PHONE"),
    ("joignez-moi au 1 418 555 0123", "1 418 555 0123", "PHONE"),
    ("ou au 5145550177", "5145550177", "PHONE"),
    ("en France : +33 1 23 45 67 89", "+33 1 23 45 67 89", "PHONE"),
    ("UK office +44 20 7946 0958", "+44 20 7946 0958", "PHONE"),
    ("au Maroc +212 6 12 34 56 78", "+212 6 12 34 56 78", "PHONE"),
    # UCI / client numbers
    ("mon UCI est 12-3456-7890", "12-3456-7890", "UCI"),
    ("mon numéro de client : 1234-5678", "1234-5678", "UCI"),
    ("client ID 87654321 and nothing else", "87654321", "UCI"),
    ("IUC 1122334455", "1122334455", "UCI"),
    ("it is 11-2233-4455 I think", "11-2233-4455", "UCI"),
    # file and application numbers
    ("numéro de dossier Q-123456", "Q-123456", "FILE_NUMBER"),
    ("dossier no 2025-012345", "2025-012345", "FILE_NUMBER"),
    ("my application number is E001234567", "E001234567", "FILE_NUMBER"),
    ("my file F000123456 is stuck", "F000123456", "FILE_NUMBER"),
    ("référence : 20250412345", "20250412345", "FILE_NUMBER"),
    # passports
    ("passport AB123456", "AB123456", "PASSPORT"),
    ("mon passeport : XK9876543", "XK9876543", "PASSPORT"),
    ("it is gb654321 on page 2", "gb654321", "PASSPORT"),
    # social insurance numbers: Luhn-valid alone, or anything right after the cue
    ("mon NAS : 130 692 544", "130 692 544", "SIN"),
    ("SIN 130-692-544", "130-692-544", "SIN"),
    ("130692544", "130692544", "SIN"),
    ("my social insurance number is 123 456 789", "123 456 789", "SIN"),
    ("numéro d'assurance sociale 046 454 286", "046 454 286", "SIN"),
    # dates of birth after a cue
    ("je suis né le 2 mars 1985", "2 mars 1985", "BIRTH_DATE"),
    ("ma fille est née le 02/03/2015", "02/03/2015", "BIRTH_DATE"),
    ("nee le 1er janvier 1990", "1er janvier 1990", "BIRTH_DATE"),
    ("date de naissance : 1985-03-02", "1985-03-02", "BIRTH_DATE"),
    ("DOB 03/02/1985", "03/02/1985", "BIRTH_DATE"),
    ("born on March 2, 1985", "March 2, 1985", "BIRTH_DATE"),
    ("I was born on the 2nd of March 1985", "2nd of March 1985", "BIRTH_DATE"),
    ("date of birth: 2 March 1985", "2 March 1985", "BIRTH_DATE"),
    ("my son was born in 2012", "2012", "BIRTH_DATE"),
]

# Must stay exactly as typed: amounts, dates of requests, years, durations, ages, postal codes,
# the program's own phone numbers and address (knowledge file).
NEAR_MISSES = [
    "les frais sont de 201 $ par enfant",
    "it costs $201 for a spouse and $603 for three kids",
    "Total : 1 005 $",
    "j'ai reçu une demande de documents le 10 novembre 2026",
    "request received on 2026-11-10, what's my deadline?",
    "I got the letter on Nov 10, 2026",
    "le 25/11/2026 à 14 h 30",
    "mon CSQ a été délivré en mars 2024",
    "CSQ issued March 2024",
    "le programme a pris fin le 1er janvier 2026",
    "entre 2024 et 2026",
    "ma fille de 12 ans et mon fils de 16 ans",
    "depuis 3 ans",
    "I have 2 kids aged 5 and 7",
    *ADDRESS_LINES,
    "285, rue Notre-Dame Ouest, Montréal (Québec) H2Y 1T8",
    f"le {MONTREAL_PHONE} est-il ouvert?",
    f"I called {QUEBEC_PHONE} yesterday",
    "option 3 puis 1",
    "né à Montréal",
    "since 2024",
    "the DOB field is empty",
]


@pytest.mark.parametrize("message, secret, kind", IDENTIFIERS)
def test_identifiers_are_redacted(message, secret, kind):
    redacted = redact(message)
    assert secret not in redacted
    assert f"[{kind}]" in redacted, redacted
    assert kind in kinds(message)


@pytest.mark.parametrize("message", NEAR_MISSES)
def test_near_misses_stay_as_typed(message):
    assert redact(message) == message
    assert find(message) == []


def test_the_text_around_an_identifier_is_kept():
    text = "Bonjour, mon UCI est 12-3456-7890 et je veux ajouter ma femme. Combien?"
    assert redact(text) == "Bonjour, mon UCI est [UCI] et je veux ajouter ma femme. Combien?"


def test_several_identifiers_in_one_message():
    text = "passport AB123456, email a@b.ca, phone 514-555-1234, born on 1990-01-02"
    assert redact(text) == "passport [PASSPORT], email [EMAIL], phone [PHONE], born on [BIRTH_DATE]"


def test_a_nine_digit_number_failing_luhn_is_no_sin_without_its_cue():
    assert "SIN" not in kinds("123 456 789")
    assert "SIN" in kinds("SIN 123 456 789")


def test_the_program_numbers_are_read_from_the_knowledge_file():
    assert {e164(number) for number in PHONES.values()} <= public_numbers()


def test_non_text_is_returned_unchanged():
    assert redact(None) is None
    assert redact("") == ""
    assert find("no digits, no at sign") == []


def _strings(node):
    if isinstance(node, dict):
        for value in node.values():
            yield from _strings(value)
    elif isinstance(node, list):
        for value in node:
            yield from _strings(value)
    elif isinstance(node, str):
        yield node


@pytest.mark.parametrize("path", ["pilot_program/facts/program.yml", "domain.yml", "pilot_program/ui_text.yml"])
def test_the_assistants_own_texts_and_links_are_not_redacted(path):
    """Bot messages are stored through the same redaction: its facts, numbers and links stay."""
    import yaml

    from tests.servers import ROOT

    changed = [text for text in _strings(yaml.safe_load((ROOT / path).read_text(encoding="utf-8")))
               if redact(text) != text]
    assert changed == []


def test_an_identifier_in_a_pasted_link_is_still_found_after_its_cue():
    assert redact("https://example.org/?email=jo@example.org") == "https://example.org/?email=[EMAIL]"


# The assistant's own strings found clean are not scanned again (privacy/events.py, issue 20); one that
# held an identifier is redacted every time and never remembered.
def test_a_bot_reply_is_redacted_the_same_way_and_only_clean_ones_are_remembered():
    from privacy.events import KnownClean, redact_event

    known = KnownClean(limit=2)
    clean = f"Le centre est ouvert de 8 h 30 à 16 h 30 : {QUEBEC_PHONE}."
    echo = "Demande reçue; votre UCI 12-3456-7890 est noté."
    for _ in range(2):
        assert known.stored(clean) == clean
        assert known.stored(echo) == "Demande reçue; votre UCI [UCI] est noté."
    assert clean in known and echo not in known
    for text in ("Bonjour!", "Merci!"):
        known.stored(text)
    assert clean not in known  # the least recently seen is forgotten past the limit
    bot = {"event": "bot", "text": echo, "data": {"buttons": [{"title": echo, "payload": "/affirm"}]}}
    assert redact_event(bot)["text"] == redact_event(dict(bot, event="slot"))["text"] == known.stored(echo)
    assert redact_event(bot)["data"]["buttons"][0]["title"] == known.stored(echo)
