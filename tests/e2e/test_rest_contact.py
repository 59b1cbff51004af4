"""Hours for the day asked and contact follow-ups through the REST channel (real servers on loopback;
the action server's clock: Wednesday, November 25, 2026, 09:30 in Montréal)."""
import pytest

from tests.e2e.conftest import new_sender, post
from tests.program_values import HOURS, OUTSIDE_PHONE, QUEBEC_PHONE, english_time

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

MONDAY_OPENS = english_time(HOURS[1][0])  # when the line opens on Mondays (knowledge file)


def text_of(replies):
    return "\n".join(r.get("text") or "" for r in replies)


@pytest.mark.parametrize(
    "question, lang, present, absent",
    [
        ("is the MIFI line open on New Year's Day?", "en",
         ["Probably not", "New Year's Day", "but that is my inference", f"Monday, January 4, 2027 at {MONDAY_OPENS}",
          "[AQMAT, statutory holidays under Québec's labour standards]("],
         ["right now", "National Holiday Act"]),
        ("c'est ouvert le 24 juin?", "fr", ["la Fête nationale du Québec", "c'est une déduction de ma part",
                                            "[LégisQuébec, Loi sur la fête nationale]("], ["en ce moment"]),
        ("can I call them Monday at 7:30?", "en", [f"only opens at {MONDAY_OPENS}", "at 7:30 it is still closed"], ["right now"]),
        ("la ligne est-elle ouverte le 24 décembre?", "fr",
         ["Peut-être pas", "la veille de Noël", "la ligne pourrait être fermée ce jour-là"],
         ["ouvert en ce moment", "je ne sais pas", "normalement ouverte"]),
    ],
)
def test_hours_for_the_day_asked(servers, question, lang, present, absent):
    reply = text_of(post(servers, new_sender(), question, {"language": lang}))
    for fragment in present:
        assert fragment in reply, reply
    for fragment in absent:
        assert fragment not in reply, reply


def test_after_the_hours_a_day_alone_gives_that_day(servers):
    sender = new_sender()
    assert "Opening hours" in text_of(post(servers, sender, "what days is the MIFI phone line open?", {"language": "en"}))
    reply = text_of(post(servers, sender, "and on Sunday?"))
    assert "closed on Sunday, November 29, 2026" in reply and f"Monday, November 30, 2026 at {MONDAY_OPENS}" in reply


def test_after_the_numbers_where_one_calls_from_gives_that_number(servers):
    sender = new_sender()
    first = text_of(post(servers, sender, "c'est quoi le numéro de téléphone du ministère?", {"language": "fr"}))
    assert QUEBEC_PHONE in first
    reply = text_of(post(servers, sender, "j'appelle de France"))
    assert OUTSIDE_PHONE in reply and QUEBEC_PHONE not in reply
