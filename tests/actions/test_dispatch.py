"""The dialogue: answer first, one question at most, follow-ups continue the previous topic,
decisions, the program's history, and typed commands. Through the real action (Rasa SDK)."""
import asyncio
from datetime import date, timedelta

import pytest
from rasa_sdk.events import Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.action_answer import ActionAnswer
from actions.action_session import ActionBack, ActionRestart, ActionSessionStart
from actions.followups import DETAILS, FOLLOW_UP_TOPICS, follow_up_topic
from actions.intents import questions
from actions.turn import Turn
from tests.actions.conftest import make_tracker, responses_sent, sent
from tests.program_values import (
    ANNOUNCED_CAP,
    CAP_FIRST_YEAR,
    FIRST_INTAKE,
    MISSING_ITEMS_DAYS,
    TODAY,
    YEARLY_CAP,
    dollars,
    english_date,
    fee,
    french_date,
)

FOOTER = "utter_source_footer"
QUESTIONS = set(questions())


def run(tracker, action=ActionAnswer):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action().run(dispatcher, tracker, {}))
    return dispatcher, events


def test_every_registered_detail_exists():
    assert all(details <= set(DETAILS) for details in FOLLOW_UP_TOPICS.values())


@pytest.mark.parametrize("lang, text", [
    ("en", "How long do I have to send the documents they asked for?"),
    ("fr", "j'ai combien de temps pour envoyer les papiers qu'ils m'ont demandés?"),
    ("en", "What if I send them late?"),
])
def test_deadline_is_answered_first_without_asking_the_date(lang, text):
    dispatcher, events = run(make_tracker(text, "ask_deadline", slots={"language": lang}))
    rule = sent(dispatcher, "utter_deadline_rule")
    assert rule["days"] == MISSING_ITEMS_DAYS
    assert not QUESTIONS & set(responses_sent(dispatcher))
    assert SlotSet("pending_question", None) in events and SlotSet("topic", "ask_deadline") in events


def test_a_date_after_the_deadline_rule_gives_the_exact_date():
    tracker = make_tracker("I got it on November 10", "inform", slots={"language": "en", "topic": "ask_deadline"})
    dispatcher, _ = run(tracker)
    due = date(TODAY.year, 11, 10) + timedelta(days=MISSING_ITEMS_DAYS)
    assert sent(dispatcher, "utter_deadline_upcoming")["due_date"] == english_date(due)


@pytest.mark.parametrize("lang, text, slots", [
    ("en", "I already have my CSQ, how do I add my baby?", {"family_member": "child", "csq_obtained": True}),
    ("fr", "j'ai déjà mon CSQ, comment ajouter mon bébé?", {"family_member": "child", "csq_obtained": True}),
])
def test_after_csq_procedure_now_with_the_ircc_letter_as_a_condition(lang, text, slots):
    dispatcher, events = run(make_tracker(text, "add_family_member", slots={"language": lang, "change_type": "add", **slots}))
    sent_names = responses_sent(dispatcher)
    assert sent_names[0] == "utter_family_after_csq"
    assert "utter_notice_ircc_letter_if_old" in sent_names
    assert not QUESTIONS & set(sent_names)


def test_a_known_csq_age_replaces_the_condition():
    slots = {"language": "en", "change_type": "add", "family_member": "child", "csq_obtained": True,
             "csq_issue_date": "2021-12-31", "topic": "add_family_member"}
    sent_names = responses_sent(run(make_tracker("issued in 2021", "inform", slots=slots))[0])
    assert "utter_notice_ircc_letter" in sent_names and "utter_notice_ircc_letter_if_old" not in sent_names


def test_unknown_csq_asks_one_question_with_buttons_after_saying_who_can_be_added():
    dispatcher, events = run(make_tracker("I want to add someone to my file", "add_family_member",
                                          slots={"language": "en", "change_type": "add"}))
    names = responses_sent(dispatcher)
    # the question after what can be said now, the sources last (never before a question)
    assert names == ["utter_family_applies_to", "utter_who_can_be_added", "utter_ask_csq_obtained", FOOTER]
    assert sum(name in QUESTIONS for name in names) == 1
    assert SlotSet("pending_question", "add_family_member:csq_obtained") in events


def test_the_answer_to_the_question_goes_back_to_its_topic():
    slots = {"language": "fr", "change_type": "add", "family_member": "spouse", "csq_obtained": False,
             "topic": "add_family_member", "pending_question": "add_family_member:csq_obtained"}
    dispatcher, events = run(make_tracker("pas encore", "deny", slots=slots))
    assert responses_sent(dispatcher)[0] == "utter_family_add_arrima"
    assert SlotSet("pending_question", None) in events


def test_a_question_in_the_middle_is_answered_then_ours_is_asked_again():
    slots = {"language": "en", "topic": "add_family_member", "pending_question": "add_family_member:csq_obtained"}
    dispatcher, events = run(make_tracker("wait, what are the phone hours?", "ask_hours", slots=slots))
    names = responses_sent(dispatcher)
    assert names[-2:] == ["utter_ask_csq_obtained", FOOTER] and "utter_hours_weekly" in names
    assert SlotSet("pending_question", "add_family_member:csq_obtained") in events


def test_uncounted_children_get_the_rates_then_one_question():
    slots = {"language": "en", "children_mentioned": True, "children_count": None}
    dispatcher, events = run(make_tracker("how much for a couple of kids", "ask_fees", slots=slots))
    assert responses_sent(dispatcher) == ["utter_fee_rates", "utter_fee_indexation", "utter_ask_children_count", FOOTER]
    assert sent(dispatcher, "utter_ask_children_count")["response"]
    assert SlotSet("pending_question", "ask_fees:children_count") in events


@pytest.mark.parametrize("lang, text, intent, slots, total", [
    # "and if the two children come too?" after a quote for a spouse: spouse + 2 children
    ("en", "and if the two children come too?", "inform", {"includes_spouse": True, "children_count": 2, "children_mentioned": True},
     dollars(fee(spouse=True, children=2), "en")),
    ("fr", "et pour mes deux enfants?", "inform", {"includes_spouse": False, "children_count": 2, "children_mentioned": True},
     dollars(fee(children=2), "fr")),
    # low confidence on another intent: still the fee topic
    ("en", "what about my husband?", "ask_capabilities", {"includes_spouse": True, "children_mentioned": False},
     dollars(fee(spouse=True), "en")),
])
def test_fee_follow_ups(lang, text, intent, slots, total):
    tracker = make_tracker(text, intent, slots={"language": lang, "topic": "ask_fees", **slots},
                           ranking=[(intent, 0.45)])
    dispatcher, events = run(tracker)
    assert sent(dispatcher, "utter_fee_quote")["total"] == total
    assert SlotSet("topic", "ask_fees") in events


def test_a_member_after_a_procedure_gives_the_procedure_for_that_member():
    slots = {"language": "en", "topic": "add_family_member", "change_type": "add", "csq_obtained": False,
             "family_member": "spouse", "includes_spouse": True}
    names = responses_sent(run(make_tracker("what about my husband?", "inform", slots=slots))[0])
    assert names[0] == "utter_family_add_arrima" and "utter_notice_values" in names


def test_a_new_topic_is_not_taken_for_a_follow_up():
    turn = Turn(lang="en", now=None, intent="add_family_member", text="how do I add my husband to the file?",
                entities=({"entity": "family_member", "value": "spouse", "start": 14, "end": 21},),
                intent_ranking=(("add_family_member", 0.97),), slots={"topic": "ask_fees"})
    assert follow_up_topic(turn, "ask_fees") is None


def test_refused_and_rejected_side_by_side():
    text = "what's the difference between refused and rejected?"
    names = responses_sent(run(make_tracker(text, "ask_decision", slots={"language": "en", "decision": "rejected"}))[0])
    assert names[:3] == ["utter_decisions_compare", "utter_decision_refused", "utter_decision_rejected"]


@pytest.mark.parametrize("lang, text", [("en", "I've been called for an interview"), ("fr", "j'ai été convoqué à une entrevue")])
def test_an_interview_is_part_of_the_review(lang, text):
    names = responses_sent(run(make_tracker(text, "ask_decision", slots={"language": lang, "decision": "interview"}))[0])
    assert names[0] == "utter_decision_interview" and "utter_decision_rejected" not in names


def test_no_answer_in_time_after_a_letter_gives_the_whole_sequence():
    text = "j'ai reçu une intention de refus et je n'ai pas répondu à temps"
    names = responses_sent(run(make_tracker(text, "ask_decision", slots={"language": "fr", "decision": "refused"}))[0])
    assert names[:3] == ["utter_decision_refused", "utter_decision_no_answer_in_time", "utter_admin_review"]


@pytest.mark.parametrize("lang, window", [("en", tuple(map(english_date, FIRST_INTAKE))),
                                          ("fr", tuple(map(french_date, FIRST_INTAKE)))])
def test_history_gives_the_2021_window_named_as_the_alert(lang, window):
    history = sent(run(make_tracker("When could people apply?", "ask_program_history", slots={"language": lang}))[0],
                   "utter_program_history")
    assert (history["intake_start"], history["intake_end"]) == window
    assert "Envoy Global" in history["window_source"]
    assert ("job offer" if lang == "en" else "offre d'emploi") in history["conditions"]


def test_caps_as_each_source_says_them():
    cap = sent(run(make_tracker("how many are selected per year", "ask_cap", slots={"language": "en"}))[0], "utter_cap")
    assert (cap["announced"], cap["yearly"], cap["first_year"]) == (ANNOUNCED_CAP, YEARLY_CAP, CAP_FIRST_YEAR)
    assert "Envoy Global" in cap["announced_source"]


@pytest.mark.parametrize("text", ["/stop", "/session_start_now", "/help me"])
def test_typed_commands_get_a_reply(text):
    dispatcher, _ = run(make_tracker(text, "nlu_fallback", slots={"language": "en"}))
    assert responses_sent(dispatcher) == ["utter_command_unknown"]


def test_restart_is_answered_and_keeps_the_language():
    dispatcher, events = run(make_tracker("/restart", "restart", slots={"language": "en"}), ActionRestart)
    assert responses_sent(dispatcher) == ["utter_new_conversation"]
    assert events == [Restarted(), SlotSet("language", "en")]


def test_typed_session_start_is_answered_but_the_automatic_one_is_silent():
    typed, _ = run(make_tracker("/session_start", "session_start", slots={"language": "fr"}), ActionSessionStart)
    automatic, _ = run(make_tracker("", None, slots={"language": "fr"}), ActionSessionStart)
    assert responses_sent(typed) == ["utter_new_conversation"] and responses_sent(automatic) == []


def test_back_is_answered():
    assert responses_sent(run(make_tracker("/back", "back"), ActionBack)[0]) == ["utter_command_unknown"]


def test_eligibility_adds_the_2021_alert_conditions_with_the_alert_named():
    dispatcher, _ = run(make_tracker("what were the requirements?", "ask_eligibility", slots={"language": "fr"}))
    conditions = sent(dispatcher, "utter_alert_conditions")
    assert "Envoy Global" in conditions["source"] and "formation en français" in conditions["conditions"]


def test_what_is_known_comes_first_then_the_question_then_the_sources():
    # the fee does not depend on the CSQ: said before asking about it, the sources after the question
    dispatcher, _ = run(make_tracker("how do I add my daughter?", "add_family_member",
                                     slots={"language": "en", "change_type": "add", "family_member": "child"}))
    assert responses_sent(dispatcher) == ["utter_family_applies_to", "utter_fee_quote", "utter_fee_indexation",
                                          "utter_ask_csq_obtained", FOOTER]


def test_a_footer_never_stands_alone(monkeypatch):
    monkeypatch.setenv("ASSISTANT_NOW", "2025-06-02T10:00:00-04:00")  # while the program ran: nothing said before
    dispatcher, _ = run(make_tracker("how do I take my daughter off my file?", "remove_family_member",
                                     slots={"language": "en", "change_type": "remove", "family_member": "child"}))
    assert responses_sent(dispatcher) == ["utter_ask_csq_obtained"]


@pytest.mark.parametrize("ranking, slots, first", [
    # details first, then the question: the topic behind the details answers
    ([("inform", 0.58), ("add_family_member", 0.41)], {"csq_obtained": True, "family_member": "child",
                                                       "children_mentioned": True, "children_count": 2},
     "utter_family_after_csq"),
    # unsure between details and a topic: the topic
    ([("nlu_fallback", 0.4), ("add_family_member", 0.5), ("inform", 0.49)], {"csq_obtained": True, "family_member": "child",
     "children_mentioned": True, "children_count": 2}, "utter_family_after_csq"),
    # details only, nothing likely behind them: the fallback's suggestions
    ([("inform", 0.9), ("add_family_member", 0.05)], {}, "utter_fallback_suggest"),
    # unsure between two topics: both offered
    ([("nlu_fallback", 0.4), ("ask_fees", 0.45), ("add_family_member", 0.4), ("inform", 0.1)], {}, "utter_fallback_suggest"),
])
def test_details_with_a_question_behind_them(ranking, slots, first):
    tracker = make_tracker("j'ai reçu mon CSQ le printemps passé, comment ajouter mes jumeaux?", ranking[0][0],
                           slots={"language": "fr", **slots}, ranking=ranking)
    assert responses_sent(run(tracker)[0])[0] == first


def test_details_answer_the_open_question_before_any_topic_behind_them():
    tracker = make_tracker("3", "inform", ranking=[("inform", 0.6), ("ask_deadline", 0.3)],
                           slots={"language": "en", "children_mentioned": True, "children_count": 3,
                                  "topic": "ask_fees", "pending_question": "ask_fees:children_count"})
    assert "utter_fee_quote" in responses_sent(run(tracker)[0])
