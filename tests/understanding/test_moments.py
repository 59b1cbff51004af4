"""The day and time a message asks about, in French and English (Montréal time, fixed dates)."""
from datetime import date, datetime, time

import pytest

from pilot_program.knowledge import knowledge
from pilot_program.locales import MONTREAL
from understanding.dates import read_dates
from understanding.moments import EVENING_TIME
from understanding.moments import asked_moment as moment_of


def asked_moment(text, now, k):
    """The day and time asked about, the message's dates read in French and English."""
    lang = "en" if any(w in text.lower() for w in ("open", "on ", "tomorrow", "tonight", "sunday", "monday", "next",
                                                      "wednesday", "dec", "new year", "good friday", "call", "what"))\
        else "fr"
    return moment_of(text, read_dates(text, lang, now.date()), now.date(), k)

MONDAY = datetime(2026, 11, 30, 14, 0, tzinfo=MONTREAL)  # Monday, November 30, 2026, 14:00
WEDNESDAY = datetime(2026, 12, 2, 9, 0, tzinfo=MONTREAL)


@pytest.mark.parametrize(
    "text, now, day, at",
    [
        # weekdays, with and without "next", plural habits
        ("Sunday?", MONDAY, date(2026, 12, 6), None),
        ("et mercredi?", MONDAY, date(2026, 12, 2), None),
        ("what about wednesdays", MONDAY, date(2026, 12, 2), None),
        ("Monday at 7:30?", MONDAY, date(2026, 11, 30), time(7, 30)),
        ("next Monday", MONDAY, date(2026, 12, 7), None),
        ("lundi prochain", MONDAY, date(2026, 12, 7), None),
        ("lundi prochain", WEDNESDAY, date(2026, 12, 7), None),
        ("mercredi", WEDNESDAY, date(2026, 12, 2), None),
        ("Wednesday at 9:45?", MONDAY, date(2026, 12, 2), time(9, 45)),
        ("le jeudi vers 9 h 45", MONDAY, date(2026, 12, 3), time(9, 45)),
        ("c'est ouvert le week-end?", MONDAY, date(2026, 12, 5), None),
        ("any hours during the weekend", MONDAY, date(2026, 12, 5), None),
        # relative days
        ("demain matin?", MONDAY, date(2026, 12, 1), None),
        ("tomorrow at 2pm", MONDAY, date(2026, 12, 1), time(14, 0)),
        ("après-demain à 8 h", MONDAY, date(2026, 12, 2), time(8, 0)),
        ("ce soir?", MONDAY, date(2026, 11, 30), EVENING_TIME),
        ("can I call tonight", MONDAY, date(2026, 11, 30), EVENING_TIME),
        # dates, the next one when no year is written
        ("on June 24?", MONDAY, date(2027, 6, 24), None),
        ("ouvert le 24 juin?", MONDAY, date(2027, 6, 24), None),
        ("Dec 24th?", MONDAY, date(2026, 12, 24), None),
        ("le 1er décembre à 16 h 15", MONDAY, date(2026, 12, 1), time(16, 15)),
        ("le 31 décembre 2027", MONDAY, date(2027, 12, 31), None),
        ("2027-01-04 at 8", MONDAY, date(2027, 1, 4), time(8, 0)),
        ("30 février", MONDAY, None, None),  # no such day
        # holiday names, both languages, whatever the conversation's language
        ("Open on New Year's Day?", MONDAY, date(2027, 1, 1), None),
        ("à Noël?", MONDAY, date(2026, 12, 25), None),
        ("la veille de Noël?", MONDAY, date(2026, 12, 24), None),
        ("new year's eve", MONDAY, date(2026, 12, 31), None),
        ("la Saint-Jean", MONDAY, date(2027, 6, 24), None),
        ("jour de l'An", MONDAY, date(2027, 1, 1), None),
        ("le lundi de Pâques", MONDAY, date(2027, 3, 29), None),
        ("good friday at 10?", MONDAY, date(2027, 3, 26), time(10, 0)),
        ("open on Thanksgiving", MONDAY, date(2027, 10, 11), None),
        ("à l'Action de grâce", MONDAY, date(2027, 10, 11), None),
        ("fête du Travail", MONDAY, date(2027, 9, 6), None),
        # a time with no day
        ("c'est ouvert à 14 h?", MONDAY, None, time(14, 0)),
        ("open at 3?", MONDAY, None, time(15, 0)),  # a bare 1 to 6 is the afternoon
        ("open until 4:30pm?", MONDAY, None, time(16, 30)),
        ("à midi?", MONDAY, None, time(12, 0)),
        # nothing asked: the status right now answers
        ("is it open now", MONDAY, None, None),
        ("c'est ouvert cet après-midi?", MONDAY, date(2026, 11, 30), None),
        ("I'm calling from France", MONDAY, None, None),
        ("j'ai 2 enfants de 3 ans", MONDAY, None, None),
        ("j'appelle du 514-864-9191", MONDAY, None, None),
        ("ouvert 24 h sur 24?", MONDAY, None, None),
        ("", MONDAY, None, None),
    ],
)
def test_day_and_time_asked(text, now, day, at):
    asked = asked_moment(text, now, knowledge())
    assert (asked.day, asked.at) == (day, at)


def test_a_holiday_named_is_kept_for_the_answer():
    assert asked_moment("open on christmas eve?", MONDAY, knowledge()).closure.key == "christmas_eve"
    assert asked_moment("le 24 décembre?", MONDAY, knowledge()).closure is None  # a date: the rules find the closure


def test_a_day_the_message_does_not_ask_about_is_not_the_day_asked():
    # the request's date is not a day the line is asked about; the day asked is
    assert asked_moment("I got the letter on Monday, are you open tomorrow?", MONDAY, knowledge()).day == \
        date(2026, 12, 1)
    assert asked_moment("j'ai reçu la lettre lundi", MONDAY, knowledge()).day is None
