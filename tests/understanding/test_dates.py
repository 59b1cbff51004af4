"""Dates written in a message, with the role each plays, and durations that are never dates (Montréal's
day fixed: Monday, December 7, 2026)."""
from datetime import date

import pytest

from understanding.dates import Role, read_dates

MONDAY = date(2026, 12, 7)


def mentions(text, lang="en", today=MONDAY):
    return [(m.past, m.upcoming, m.role) for m in read_dates(text, lang, today).mentions]


@pytest.mark.parametrize("text, lang, past, upcoming", [
    # written out, in words, abbreviated, numeric: one reader for all
    ("I got it on Nov 10", "en", date(2026, 11, 10), date(2027, 11, 10)),
    ("on Nov. 10th", "en", date(2026, 11, 10), date(2027, 11, 10)),
    ("le 10 novembre 2026", "fr", date(2026, 11, 10), date(2026, 11, 10)),
    ("the fifth of November", "en", date(2026, 11, 5), date(2027, 11, 5)),
    ("le cinq novembre", "fr", date(2026, 11, 5), date(2027, 11, 5)),
    ("le premier décembre", "fr", date(2026, 12, 1), date(2027, 12, 1)),
    ("le 1er décembre", "fr", date(2026, 12, 1), date(2027, 12, 1)),
    ("le vingt-quatre juin à 9 h", "fr", date(2026, 6, 24), date(2027, 6, 24)),
    ("le 3 sept", "fr", date(2026, 9, 3), date(2027, 9, 3)),
    ("10/11/2026", "fr", date(2026, 11, 10), date(2026, 11, 10)),
    ("11/10/2026", "en", date(2026, 11, 10), date(2026, 11, 10)),
    ("25/11", "en", date(2026, 11, 25), date(2027, 11, 25)),  # only one reading is a date
    ("2026-11-10", "en", date(2026, 11, 10), date(2026, 11, 10)),
    # relative to today
    ("yesterday", "en", date(2026, 12, 6), date(2026, 12, 6)),
    ("avant-hier", "fr", date(2026, 12, 5), date(2026, 12, 5)),
    ("après-demain", "fr", date(2026, 12, 9), date(2026, 12, 9)),
    ("last Friday", "en", date(2026, 12, 4), date(2026, 12, 4)),
    ("lundi passé", "fr", date(2026, 11, 30), date(2026, 11, 30)),  # said on a Monday: a week ago
    ("vendredi dernier", "fr", date(2026, 12, 4), date(2026, 12, 4)),
    ("next Monday", "en", date(2026, 12, 14), date(2026, 12, 14)),
    ("lundi prochain", "fr", date(2026, 12, 14), date(2026, 12, 14)),
    ("thursday", "en", date(2026, 12, 3), date(2026, 12, 10)),  # the role says which
    ("2 weeks ago", "en", date(2026, 11, 23), date(2026, 11, 23)),
    ("il y a deux semaines", "fr", date(2026, 11, 23), date(2026, 11, 23)),
    ("ça fait 3 jours", "fr", date(2026, 12, 4), date(2026, 12, 4)),
])
def test_one_reader_for_every_written_date(text, lang, past, upcoming):
    found = mentions(text, lang)
    assert [(p, u) for p, u, _ in found] == [(past, upcoming)]


@pytest.mark.parametrize("text, lang, duration", [
    ("what is the 60 day deadline", "en", (60, "day")),
    ("j'ai 60 jours pour envoyer les documents?", "fr", (60, "day")),
    ("is it sixty days or business days", "en", (60, "day")),
    ("mon CSQ a plus de 24 mois", "fr", (24, "month")),
    ("they gave me two weeks", "en", (2, "week")),
])
def test_a_duration_is_never_a_date(text, lang, duration):
    reading = read_dates(text, lang, MONDAY)
    assert reading.mentions == ()
    assert [(d.value, d.unit) for d in reading.durations] == [duration]


@pytest.mark.parametrize("text, lang, roles", [
    ("I got the letter on Nov 10, when is my deadline?", "en", [Role.REQUEST]),
    ("la demande d'attestation des valeurs est arrivée le 5 novembre", "fr", [Role.REQUEST]),
    ("my CSQ was issued on March 3, 2024", "en", [Role.CSQ_ISSUED]),
    ("my CSQ was issued on March 3 2024 and they asked for documents on Nov 10", "en",
     [Role.CSQ_ISSUED, Role.REQUEST]),
    ("are you open on thursday?", "en", [Role.ASKED_DAY]),
    ("c'est ouvert le 24 décembre?", "fr", [Role.ASKED_DAY]),
    ("I was born on March 14, 1985", "en", [Role.BIRTH]),
    ("ma date de naissance c'est le 14 mars 1985", "fr", [Role.BIRTH]),
    ("Nov 10", "en", [Role.UNKNOWN]),
    ("I got the letter on Monday. Are you open tomorrow?", "en", [Role.REQUEST, Role.ASKED_DAY]),
])
def test_each_date_has_the_role_of_its_nearest_cue(text, lang, roles):
    assert [role for _, _, role in mentions(text, lang)] == roles


@pytest.mark.parametrize("text", ["30 février", "le 45 mars", "13/13/2026", "version 3.4", "j'ai 2 enfants", "",
                                  "le 10 ans", "8 h 30"])
def test_what_is_not_a_date(text):
    assert mentions(text, "fr") == []


def test_a_pasted_calendar_gives_the_first_dates_only():
    reading = read_dates("lundi le 3 novembre " * 400, "fr", MONDAY)
    assert len(reading.mentions) == 20  # MAX_MENTIONS: each date's role is looked up near it, a bounded cost
