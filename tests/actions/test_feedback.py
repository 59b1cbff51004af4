"""'Was this helpful?' through the real action: when it is asked, what a rating stores and answers."""
import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.action_session import ActionSessionStart
from actions.dispatch import Answer
from actions.feedback import offer, question_responses
from actions.turn import Reply, Turn
from tests.actions.conftest import make_tracker, responses_sent, sent
from tests.actions.test_action_answer import DOMAIN, FEEDBACK, run
from tests.program_values import OUTSIDE_PHONE, QUEBEC_PHONE


def slots_set(events):
    """The feedback slots set (the answer's own topic and question slots are tested elsewhere)."""
    return {e["name"]: e["value"] for e in events if e["event"] == "slot" and e["name"].startswith("feedback")}


def feedback_entities(helpful):
    return [{"entity": "helpful", "value": helpful}]


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_asked_after_a_first_program_answer(lang):
    dispatcher, events = run(make_tracker("heures?", "ask_hours", slots={"language": lang}))
    assert responses_sent(dispatcher)[-2:] == ["utter_source_footer", FEEDBACK]
    assert slots_set(events) == {"feedback_pending": "ask_hours", "feedback_asked": ["ask_hours"]}


@pytest.mark.parametrize("variant, titles", [(0, ["Yes", "No"]), (1, ["Oui", "Non"])])
def test_the_buttons_send_their_own_payload_not_a_yes(variant, titles):
    buttons = DOMAIN["responses"][FEEDBACK][variant]["buttons"]
    assert [b["title"] for b in buttons] == titles
    assert [b["payload"] for b in buttons] == ['/feedback{"helpful": "yes"}', '/feedback{"helpful": "no"}']


def test_asked_once_per_topic_and_the_open_question_closes_on_the_next_answer():
    tracker = make_tracker("et les heures?", "ask_hours",
                           slots={"language": "fr", "feedback_pending": "ask_contact", "feedback_asked": ["ask_contact", "ask_hours"]})
    dispatcher, events = run(tracker)
    assert FEEDBACK not in responses_sent(dispatcher)
    assert slots_set(events) == {"feedback_pending": None}


def test_a_new_topic_gets_its_own_question():
    tracker = make_tracker("what are the fees to pay?", "ask_payment",
                           slots={"language": "en", "feedback_asked": ["ask_hours"]})
    dispatcher, events = run(tracker)
    assert responses_sent(dispatcher)[-1] == FEEDBACK
    assert slots_set(events) == {"feedback_pending": "ask_payment", "feedback_asked": ["ask_hours", "ask_payment"]}


@pytest.mark.parametrize("intent, text", [("greet", "bonjour"), ("thanks", "merci"), ("nlu_fallback", "zorglub?")])
def test_not_asked_after_replies_that_are_not_program_answers(intent, text):
    dispatcher, events = run(make_tracker(text, intent, slots={"language": "fr"}))
    assert FEEDBACK not in responses_sent(dispatcher)
    assert "feedback_asked" not in slots_set(events)


def test_not_asked_when_the_answer_ends_with_its_own_question():
    tracker = make_tracker("combien pour ajouter mes enfants?", "ask_fees", slots={"language": "fr", "children_mentioned": True})
    dispatcher, events = run(tracker)
    assert responses_sent(dispatcher)[-2:] == ["utter_ask_children_count", "utter_source_footer"]
    assert FEEDBACK not in responses_sent(dispatcher) and slots_set(events) == {}


def test_not_asked_in_a_reply_that_already_asks_something():
    turn = Turn(lang="en", now=None, intent="ask_deadline")
    replies = [Reply("utter_deadline_upcoming"), Reply("utter_offer_exact_date")]
    asking = {"utter_offer_exact_date"}
    extra, updates = offer(turn, Answer(replies, "ask_deadline", None), lambda r: r.response in asking)
    assert extra == [] and updates == {"feedback_pending": None}
    with_buttons = [Reply("utter_deadline_upcoming", buttons=({"title": "x", "payload": "/x"},))]
    extra, _ = offer(turn, Answer(with_buttons, "ask_deadline", None), lambda r: bool(r.buttons))
    assert extra == []
    extra, _ = offer(turn, Answer([Reply("utter_deadline_upcoming")], "ask_deadline", None), lambda r: False)
    assert extra == [Reply("utter_feedback_question")]


def test_questions_are_found_in_the_domain():
    asking = question_responses(DOMAIN["responses"])
    assert {"utter_ask_csq_obtained", "utter_ask_children_count", "utter_fallback_suggest", FEEDBACK} <= asking
    assert not {"utter_source_footer", "utter_hours_weekly", "utter_fee_quote", "utter_contact_numbers"} & asking


@pytest.mark.parametrize("lang, intent, helpful, response", [
    ("fr", "affirm", "yes", "utter_feedback_thanks"), ("en", "affirm", "yes", "utter_feedback_thanks"),
    ("fr", "deny", "no", "utter_feedback_sorry"), ("en", "deny", "no", "utter_feedback_sorry"),
])
def test_typed_yes_or_no_rates_the_answer_when_feedback_is_the_only_open_question(lang, intent, helpful, response):
    tracker = make_tracker("oui" if intent == "affirm" else "no", intent,
                           slots={"language": lang, "feedback_pending": "ask_hours", "feedback_asked": ["ask_hours"]})
    dispatcher, events = run(tracker)
    assert responses_sent(dispatcher) == [response]
    assert slots_set(events) == {"feedback": {"helpful": helpful, "intent": "ask_hours", "lang": lang}, "feedback_pending": None}


def test_no_offers_to_rephrase_and_the_contact_centre_numbers():
    tracker = make_tracker("non", "deny", slots={"language": "fr", "feedback_pending": "ask_fees", "caller_location": "outside"})
    dispatcher, _ = run(tracker)
    phones = sent(dispatcher, "utter_feedback_sorry")["phones"]
    assert OUTSIDE_PHONE in phones and QUEBEC_PHONE not in phones


def test_typed_yes_without_an_open_feedback_question_is_an_ordinary_yes():
    dispatcher, events = run(make_tracker("oui", "affirm", slots={"language": "fr", "feedback_asked": ["ask_hours"]}))
    assert responses_sent(dispatcher) == ["utter_anything_else"] and "feedback" not in slots_set(events)


def test_yes_to_the_answers_own_question_answers_it_not_the_feedback():
    tracker = make_tracker("oui", "affirm",
                           slots={"language": "fr", "feedback_pending": "ask_hours", "family_member": "spouse",
                                  "csq_obtained": True, "csq_issue_date": "2024-01-10", "change_type": "add",
                                  "topic": "add_family_member", "pending_question": "add_family_member:csq_obtained"})
    dispatcher, events = run(tracker)
    assert "utter_family_after_csq" in responses_sent(dispatcher) and "feedback" not in slots_set(events)


@pytest.mark.parametrize("slots, rated", [
    ({"feedback_pending": "ask_hours", "feedback_asked": ["ask_fees", "ask_hours"]}, "ask_hours"),
    ({"feedback_asked": ["ask_hours", "ask_fees"]}, "ask_fees"),  # a late click: the last topic asked about
])
def test_a_click_rates_the_open_question_or_else_the_last_topic_asked_about(slots, rated):
    tracker = make_tracker('/feedback{"helpful": "no"}', "feedback", entities=feedback_entities("no"),
                           slots={"language": "en", **slots})
    dispatcher, events = run(tracker)
    assert responses_sent(dispatcher) == ["utter_feedback_sorry"]
    assert slots_set(events)["feedback"] == {"helpful": "no", "intent": rated, "lang": "en"}


@pytest.mark.parametrize("helpful, stored", [
    ("yes", {"helpful": "yes", "intent": None, "lang": "fr"}),
    ("maybe", None),
])
def test_hand_typed_feedback_payloads_are_checked(helpful, stored):
    tracker = make_tracker("/feedback", "feedback", entities=feedback_entities(helpful), slots={"language": "fr"})
    dispatcher, events = run(tracker)
    assert slots_set(events).get("feedback") == stored
    assert responses_sent(dispatcher) == (["utter_feedback_thanks"] if stored else ["utter_anything_else"])


def test_a_new_session_keeps_the_topics_asked_but_not_the_last_rating():
    tracker = make_tracker(slots={"language": "en", "feedback": {"helpful": "yes", "intent": "ask_hours", "lang": "en"},
                                  "feedback_pending": "ask_hours", "feedback_asked": ["ask_hours"]})
    events = asyncio.run(ActionSessionStart().run(CollectingDispatcher(), tracker, {}))
    carried = slots_set(events)
    assert carried["feedback_asked"] == ["ask_hours"] and "feedback" not in carried and "feedback_pending" not in carried
