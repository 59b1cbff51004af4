"""action_answer through the real Rasa SDK: responses sent and the values they carry."""
import asyncio
from datetime import timedelta

import pytest
import yaml
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions.action_answer import ActionAnswer
from tests.actions.conftest import make_tracker, responses_sent, sent
from tests.program_values import (
    CHILD_FEE,
    END_DATE,
    FEE_YEAR,
    MISSING_ITEMS_DAYS,
    MONTREAL_PHONE,
    OFFICIAL_PAGE_AS_OF,
    OUTSIDE_PHONE,
    POSTAL_CODE,
    QUEBEC_PHONE,
    REVIEW_DAYS,
    SPOUSE_FEE,
    TODAY,
    dollars,
    english_date,
    fee,
    french_date,
    request_due_in,
)
from tests.servers import ROOT

FOOTER = "utter_source_footer"
FEEDBACK = "utter_feedback_question"
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def run(tracker):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(ActionAnswer().run(dispatcher, tracker, DOMAIN))
    return dispatcher, events


@pytest.mark.parametrize("lang, label", [("en", "- Dependent child: "), ("fr", "- Enfant à charge : ")])
def test_fee_quote_after_the_count_was_asked(lang, label):
    total = dollars(fee(spouse=True, children=3), lang)
    line = f"{label}3 × {dollars(CHILD_FEE, lang)} = {dollars(3 * CHILD_FEE, lang)}"
    tracker = make_tracker("3", "inform", slots={"language": lang, "includes_spouse": True, "children_mentioned": True,
                                                 "children_count": 3, "topic": "ask_fees", "pending_question": "ask_fees:children_count"})
    dispatcher, events = run(tracker)
    assert events == [SlotSet("pending_question", None), SlotSet("topic", "ask_fees"),
                      SlotSet("feedback_pending", "ask_fees"), SlotSet("feedback_asked", ["ask_fees"])]
    quote = sent(dispatcher, "utter_fee_quote")
    assert quote["total"] == total and line in quote["lines"] and quote["fee_year"] == FEE_YEAR
    assert responses_sent(dispatcher) == ["utter_fee_quote", "utter_fee_indexation", "utter_fee_rules", FOOTER, FEEDBACK]


def test_fee_after_indexation_is_presented_as_stale(monkeypatch):
    monkeypatch.setenv("ASSISTANT_NOW", "2027-01-05T11:00:00-05:00")
    tracker = make_tracker("how much for my wife", "ask_fees", slots={"language": "en", "includes_spouse": True})
    dispatcher, _ = run(tracker)
    stale = sent(dispatcher, "utter_fee_quote_stale")
    assert stale["fee_year"] == 2027 and stale["known_year"] == FEE_YEAR and stale["total"] == dollars(SPOUSE_FEE, "en")
    assert "utter_fee_quote" not in responses_sent(dispatcher)


def test_program_closed_answer_in_french_with_the_official_page_named_in_french():
    dispatcher, _ = run(make_tracker("est-ce que je peux encore appliquer", "ask_program_status", slots={"language": "fr"}))
    closed = sent(dispatcher, "utter_program_closed")
    assert closed["end_date"] == french_date(END_DATE)
    assert "PSTQ" in closed["replacement"]
    # The French page's address is in no source: the English page, named in French, said to be in English.
    # The program's French name is the title of the regulation's French version: cited with its own date.
    assert sent(dispatcher, FOOTER)["sources"] == (
        "Sources : [Québec.ca, page officielle](https://www.quebec.ca/en/immigration/permanent/skilled-workers/"
        f"artificial-intelligence/application-selection) (en anglais, à jour au {french_date(OFFICIAL_PAGE_AS_OF)}); "
        "[LégisQuébec, règlement du programme](https://legisquebec.gouv.qc.ca/fr/document/rc/I-0.2.1,%20r.%208%20) "
        "(à jour au 1er novembre 2024)")


def test_hours_on_wednesday_morning_say_closed_until_ten():
    dispatcher, _ = run(make_tracker("is it open now", "ask_hours", slots={"language": "en"}))
    closed = sent(dispatcher, "utter_hours_closed_now")
    assert closed["now_time"] == "9:30"
    assert closed["next_opening"] == "Wednesday, November 25, 2026 at 10:00"
    assert "Wednesday: 10:00 to 16:30" in sent(dispatcher, "utter_hours_weekly")["hours"]


def test_contact_numbers_for_a_caller_outside_quebec():
    dispatcher, _ = run(make_tracker("numéro?", "ask_contact", slots={"language": "fr", "caller_location": "outside"}))
    phones = sent(dispatcher, "utter_contact_numbers")["phones"]
    assert OUTSIDE_PHONE in phones and QUEBEC_PHONE not in phones


@pytest.mark.parametrize(
    "slots, expected",
    [
        ({"family_member": "spouse", "csq_obtained": False, "change_type": "add"},
         ["utter_family_add_arrima", "utter_family_applies_to", "utter_notice_document_formats", "utter_notice_values",
          "utter_notice_completeness", "utter_fee_quote", "utter_fee_indexation", FOOTER, FEEDBACK]),
        ({"family_member": "child", "csq_obtained": True, "csq_issue_date": "2024-01-10", "change_type": "add"},
         ["utter_family_after_csq", "utter_family_applies_to", "utter_notice_document_formats",
          "utter_notice_consent_if_one_parent", "utter_notice_ircc_letter", "utter_notice_values_if_adult",
          "utter_notice_completeness", "utter_fee_quote", "utter_fee_indexation", FOOTER, FEEDBACK]),
        ({"family_member": "spouse", "csq_obtained": False, "change_type": "remove"},
         ["utter_family_remove_arrima", "utter_family_applies_to", "utter_notice_no_refund", FOOTER, FEEDBACK]),
    ],
)
def test_family_change_after_the_csq_question(slots, expected):
    topic = "add_family_member" if slots["change_type"] == "add" else "remove_family_member"
    reply, intent = ("oui", "affirm") if slots["csq_obtained"] else ("non", "deny")  # the answer the slots hold
    tracker = make_tracker(reply, intent, slots={"language": "fr", "topic": topic, "pending_question": f"{topic}:csq_obtained",
                                                 **slots})
    dispatcher, _ = run(tracker)
    assert responses_sent(dispatcher) == expected


def test_after_csq_answer_gives_phone_documents_and_address():
    tracker = make_tracker("I already have my CSQ, how do I add my wife?", "add_family_member",
                           slots={"language": "en", "family_member": "spouse", "csq_obtained": True,
                                  "csq_issue_date": "unknown", "change_type": "add"})
    dispatcher, _ = run(tracker)
    after = sent(dispatcher, "utter_family_after_csq")
    assert QUEBEC_PHONE in after["phones"] and POSTAL_CODE in after["address"]
    assert "original CSQ" in after["documents"] and "IRCC" in after["documents"]
    assert "utter_notice_ircc_letter_if_old" in responses_sent(dispatcher)


# Requests whose deadline (the request's date + the knowledge file's days) is in 15 days, was 25 days ago, is today.
@pytest.mark.parametrize(
    "request_date, response, values",
    [
        (request_due_in(15).isoformat(), "utter_deadline_upcoming",
         {"due_date": english_date(TODAY + timedelta(days=15)), "days_left": 15}),
        (request_due_in(-25).isoformat(), "utter_deadline_passed",
         {"due_date": english_date(TODAY - timedelta(days=25)), "days_late": 25}),
        (request_due_in(0).isoformat(), "utter_deadline_due_today", {"due_date": english_date(TODAY)}),
        ("unknown", "utter_deadline_rule", {"days": MISSING_ITEMS_DAYS}),
    ],
)
def test_deadline_from_a_date_given_earlier(request_date, response, values):
    # the date given in the previous message, after the deadline's first answer
    tracker = make_tracker("how long do I have?", "ask_deadline", slots={"language": "en", "request_date": request_date,
                                                                         "topic": "ask_deadline"})
    dispatcher, _ = run(tracker)
    message = sent(dispatcher, response)
    for key, value in values.items():
        assert message[key] == value


def test_decision_refused_lists_causes_and_next_steps():
    dispatcher, _ = run(make_tracker("j'ai reçu un refus", "ask_decision", slots={"language": "fr", "decision": "refused"}))
    refused = sent(dispatcher, "utter_decision_refused")
    assert "conditions du programme" in refused["causes"] and "révision administrative" in refused["next_steps"]


def test_missed_interview_is_explained_as_a_rejection():
    dispatcher, _ = run(make_tracker("I missed my interview", "ask_decision", slots={"language": "en", "decision": "interview"}))
    assert "did not show up for your interview" in sent(dispatcher, "utter_decision_rejected")["causes"]


def test_admin_review_names_the_source_of_its_number_of_days():
    dispatcher, _ = run(make_tracker("appeal?", "ask_admin_review", slots={"language": "en"}))
    review = sent(dispatcher, "utter_admin_review")
    assert review["deadline_days"] == REVIEW_DAYS and "canadaimmigration101" in review["deadline_source"]


def test_unsure_offers_two_topics_as_buttons_then_the_line():
    tracker = make_tracker("frais ou paiement?", "nlu_fallback", slots={"language": "fr"},
                           ranking=[("nlu_fallback", 1.0), ("ask_fees", 0.4), ("greet", 0.2), ("ask_payment", 0.3)])
    dispatcher, _ = run(tracker)
    suggest = sent(dispatcher, "utter_fallback_suggest")
    assert [b["payload"] for b in suggest["buttons"]] == ["/ask_fees", "/ask_payment"]
    assert suggest["buttons"][0]["title"] == "Frais pour ajouter un membre de la famille"
    assert MONTREAL_PHONE in sent(dispatcher, "utter_fallback_contact")["phones"]


@pytest.mark.parametrize("problem, response", [("too_long", "utter_input_too_long"),
                                               ("unreadable", "utter_input_unreadable"),
                                               ("other_language", "utter_other_language")])
def test_bad_input_gets_a_polite_answer(problem, response):
    tracker = make_tracker("x", "nlu_fallback", entities=[{"entity": "input_problem", "value": problem}])
    dispatcher, _ = run(tracker)
    assert responses_sent(dispatcher) == [response]


def test_a_failing_rule_still_answers_with_the_phone(monkeypatch):
    import actions.dispatch as dispatch

    def broken(turn):
        raise RuntimeError("boom")

    monkeypatch.setitem(dispatch.INTENT_HANDLERS, "ask_cap", broken)
    dispatcher, _ = run(make_tracker("quota?", "ask_cap", slots={"language": "en"}))
    assert responses_sent(dispatcher) == ["utter_technical_problem"]
    assert dispatcher.messages[0]["lang"] == "en"
    # every number, by where one calls from
    assert all(n in dispatcher.messages[0]["phones"] for n in (MONTREAL_PHONE, QUEBEC_PHONE, OUTSIDE_PHONE))


def test_greeting_states_the_end_date_and_no_personal_data():
    dispatcher, _ = run(make_tracker("allo", "greet", slots={"language": "fr"}))
    greet = sent(dispatcher, "utter_greet")
    assert greet["end_date"] == french_date(END_DATE) and greet["program_abbreviation"] == "PP IA/TI-EV"
    assert FOOTER not in responses_sent(dispatcher)


@pytest.mark.parametrize("lang, text, intent", [("en", "how much to add my wife and 2 kids?", "ask_fees"),
                                                ("fr", "combien pour ajouter ma conjointe?", "ask_fees"),
                                                ("fr", "blablabla", "nlu_fallback")])
def test_every_reply_says_the_conversation_language(lang, text, intent):
    """The channels pass `lang` on to the widget, which uses it instead of guessing (rasa_server/channels/reply_language.py)."""
    dispatcher, _ = run(make_tracker(text, intent, slots={"language": lang}, ranking=[(intent, 0.9)]))
    assert dispatcher.messages
    assert [m.get("lang") for m in dispatcher.messages] == [lang] * len(dispatcher.messages)


# The Rasa server sends no domain with the call (enable_selective_domain, issue 20): the action reads
# the responses that ask something from the domain.yml deployed beside it, and answers the same way.
@pytest.mark.parametrize("text, intent", [
    ("how much to add my kids", "ask_fees"), ("combien pour ajouter ma conjointe", "ask_fees"),
    ("what is my deadline", "ask_deadline"), ("when is the line open", "ask_hours"), ("hi", "greet"),
])
def test_without_the_domain_the_answer_is_the_same(text, intent):
    lang = "fr" if "combien" in text else "en"
    answers = []
    for domain in (DOMAIN, {}):
        dispatcher = CollectingDispatcher()
        tracker = make_tracker(text, intent, slots={"language": lang})
        events = asyncio.run(ActionAnswer().run(dispatcher, tracker, domain))
        answers.append((dispatcher.messages, events))
    assert answers[1] == answers[0]


def test_the_responses_that_ask_come_from_the_deployed_domain_when_none_is_sent():
    from actions import feedback

    asking = feedback.question_responses(DOMAIN["responses"])
    assert FEEDBACK in asking and len(asking) > 5
    assert feedback.asking_responses({}) == asking == feedback.asking_responses(DOMAIN)


def test_every_endpoints_file_asks_rasa_not_to_send_the_domain():
    from rasa.core.actions.action import RemoteAction
    from rasa.shared.core.domain import Domain
    from rasa.shared.core.trackers import DialogueStateTracker
    from rasa.utils.endpoints import EndpointConfig

    domain = Domain.load(str(ROOT / "domain.yml"))
    for name in ("endpoints.yml", "endpoints.postgres.yml", "deploy/k8s/endpoints.yml"):
        section = yaml.safe_load((ROOT / name).read_text(encoding="utf-8"))["action_endpoint"]
        endpoint = EndpointConfig.from_dict({**section, "url": "http://127.0.0.1:5055/webhook"})
        call = RemoteAction("action_answer", endpoint)._action_call_format(DialogueStateTracker("s", []), domain)
        assert "domain" not in call, name
        assert "tracker" in call
