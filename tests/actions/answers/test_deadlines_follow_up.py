"""'And if I'm late?' after a computed deadline keeps the request's date: the deadline again, then
what happens after it (knowledge file), instead of asking for the date already given."""
from datetime import datetime

import pytest

from pilot_program.knowledge import knowledge
from pilot_program.locales import MONTREAL
from tests.actions.conftest import answered, responses_sent, sent, stated
from understanding.details import read_details


def answer(text: str, lang: str, request_date: str | None):
    return answered(text, "ask_deadline", lang, {"request_date": request_date, "topic": "ask_deadline"})


@pytest.mark.parametrize(("text", "late"), [
    ("et si je suis en retard?", True),
    ("what if I miss the deadline", True),
    ("and if it arrives too late?", True),
    ("pis si je dépasse la date?", True),
    ("c'est quoi le délai", False),
    ("how long do I have", False),
])
def test_the_lateness_cue(text, late):
    assert read_details(text, ()).late is late


@pytest.mark.parametrize(("text", "lang"), [("et si je suis en retard?", "fr"), ("what if I miss the deadline?", "en")])
def test_before_the_deadline_the_date_is_kept_and_lateness_explained(text, lang):
    # the fixed clock is November 25, 2026: a request of November 3 is due in January
    dispatcher = answer(text, lang, "2026-11-03")
    assert responses_sent(dispatcher)[:2] == ["utter_deadline_upcoming", "utter_deadline_if_late"]
    assert sent(dispatcher, "utter_deadline_if_late")["rejected_after"] == \
        knowledge().fact("completeness")["rejected_after"][lang]


def test_once_passed_the_answer_says_so_without_a_second_warning():
    sent_ = responses_sent(answer("what if I'm late?", "en", "2025-06-01"))
    assert "utter_deadline_passed" in sent_ and "utter_deadline_if_late" not in sent_


def test_without_a_date_the_rule_is_given_and_the_date_asked():
    assert responses_sent(answer("what if I'm late?", "en", None))[0] == "utter_deadline_rule"


@pytest.mark.parametrize(("text", "kept"), [("et si je suis en retard?", True), ("c'est quoi mon délai?", False)])
def test_the_slot_extraction_keeps_the_date_only_for_lateness(text, kept):
    got = stated(text, "ask_deadline", slots={"request_date": "2026-11-03"}, lang="fr",
                 now=datetime(2026, 11, 25, 9, 30, tzinfo=MONTREAL))
    assert ("request_date" not in got) is kept
