"""Hours for the day and time asked, holidays named in each language, numbers by where one calls
from, and the sources footer: action_answer through the real Rasa SDK, on fixed dates."""
import asyncio

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.action_answer import ActionAnswer
from tests.actions.conftest import make_tracker, responses_sent, sent
from tests.program_values import MONTREAL_PHONE, OUTSIDE_PHONE, QUEBEC_PHONE

FOOTER = "utter_source_footer"
MONDAY_2PM = "2026-11-30T14:00:00-05:00"  # Monday, November 30, 2026


def run(text, intent, lang, **slots):
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswer().run(dispatcher, make_tracker(text, intent, slots={"language": lang, **slots}), {}))
    return dispatcher


@pytest.mark.parametrize(
    "text, lang, response, values",
    [
        ("Open on New Year's Day?", "en", "utter_hours_day_holiday",
         {"holiday": "New Year's Day", "day": "Friday, January 1, 2027", "next_opening": "Monday, January 4, 2027 at 8:00"}),
        ("c'est ouvert au jour de l'An?", "fr", "utter_hours_day_holiday",
         {"holiday": "le jour de l'An", "day": "vendredi 1er janvier 2027"}),
        ("on June 24?", "en", "utter_hours_day_holiday", {"holiday": "the National Holiday (Fête nationale du Québec)"}),
        ("ouvert le 24 juin?", "fr", "utter_hours_day_holiday",
         {"holiday": "la Fête nationale du Québec", "next_opening": "vendredi 25 juin 2027 à 8 h"}),
        ("à l'Action de grâce?", "fr", "utter_hours_day_holiday", {"holiday": "l'Action de grâces"}),
        ("à Noël?", "fr", "utter_hours_day_holiday", {"holiday": "Noël", "next_opening": "lundi 28 décembre 2026 à 8 h"}),
        ("Monday at 7:30?", "en", "utter_hours_at_before", {"opens": "8:00", "at_time": "at 7:30", "closes": "16:00"}),
        ("Wednesday at 9:45?", "en", "utter_hours_at_before",
         {"on_day": "on Wednesday, December 2, 2026", "opens": "10:00", "at_time": "at 9:45"}),
        ("mercredi à 16 h 15?", "fr", "utter_hours_at_open", {"at_time": "à 16 h 15", "closes": "16 h 30"}),
        ("vendredi à 16 h?", "fr", "utter_hours_at_after",
         {"closes": "16 h", "next_opening": "lundi 7 décembre 2026 à 8 h"}),
        ("Sunday?", "en", "utter_hours_day_no_hours",
         {"on_day": "on Sunday, December 6, 2026", "next_opening": "Monday, December 7, 2026 at 8:00"}),
        ("et mercredi?", "fr", "utter_hours_day_open", {"on_day": "le mercredi 2 décembre 2026", "opens": "10 h"}),
        ("demain matin?", "fr", "utter_hours_day_open", {"on_day": "demain (mardi 1er décembre 2026)", "opens": "8 h"}),
        ("ce soir?", "fr", "utter_hours_at_after", {"at_time": "en soirée"}),
    ],
)
def test_hours_for_the_day_asked(monkeypatch, text, lang, response, values):
    monkeypatch.setenv("ASSISTANT_NOW", MONDAY_2PM)
    dispatcher = run(text, "ask_hours", lang)
    message = sent(dispatcher, response)
    for key, value in values.items():
        assert message[key] == value, (key, message[key])
    # a day asked is not answered with today's status
    assert not {"utter_hours_open_now", "utter_hours_closed_now"} & set(responses_sent(dispatcher))


@pytest.mark.parametrize(
    "text, lang, holiday, why",
    [
        ("open on christmas eve?", "en", "Christmas Eve", "no reliable source"),
        ("le 31 décembre?", "fr", "la veille du jour de l'An", "pas de source fiable"),
        ("ouvert le lundi de Pâques?", "fr", "le lundi de Pâques", "au choix de l'employeur"),
        ("Good Friday?", "en", "Good Friday", "at the employer's choice"),
    ],
)
def test_a_day_the_line_may_close_is_never_said_plainly_open(monkeypatch, text, lang, holiday, why):
    monkeypatch.setenv("ASSISTANT_NOW", MONDAY_2PM)
    dispatcher = run(text, "ask_hours", lang)
    maybe = sent(dispatcher, "utter_hours_day_maybe")
    assert maybe["holiday"] == holiday and why in maybe["why"]
    assert not {"utter_hours_day_open", "utter_hours_at_open", "utter_hours_open_now"} & set(responses_sent(dispatcher))


@pytest.mark.parametrize("lang", ["fr", "en"])
def test_on_december_24_at_nine_it_is_normally_open_may_be_closed_not_open_then_unsure(monkeypatch, lang):
    monkeypatch.setenv("ASSISTANT_NOW", "2026-12-24T09:00:00-05:00")
    dispatcher = run("c'est ouvert?" if lang == "fr" else "is it open?", "ask_hours", lang)
    sent_now = responses_sent(dispatcher)
    assert "utter_hours_today_maybe" in sent_now
    assert "utter_hours_open_now" not in sent_now


def test_the_evening_before_a_possible_closure_notes_it(monkeypatch):
    monkeypatch.setenv("ASSISTANT_NOW", "2026-12-23T17:00:00-05:00")
    dispatcher = run("open now?", "ask_hours", "en")
    assert sent(dispatcher, "utter_hours_closed_now")["next_opening"] == "Thursday, December 24, 2026 at 8:00"
    assert sent(dispatcher, "utter_hours_maybe_note")["on_day"] == "tomorrow (Thursday, December 24, 2026)"


@pytest.mark.parametrize("lang, holiday", [("en", "Christmas Day"), ("fr", "Noël")])
def test_today_a_statutory_holiday_is_normally_closed(monkeypatch, lang, holiday):
    monkeypatch.setenv("ASSISTANT_NOW", "2026-12-25T10:00:00-05:00")
    dispatcher = run("open?", "ask_hours", lang)
    assert sent(dispatcher, "utter_hours_holiday")["holiday"] == holiday


def test_hours_asked_with_the_numbers_answer_that_day_too(monkeypatch):
    monkeypatch.setenv("ASSISTANT_NOW", MONDAY_2PM)
    dispatcher = run("what number do I call on Sunday", "ask_contact", "en")
    assert responses_sent(dispatcher)[:2] == ["utter_contact_numbers", "utter_hours_day_no_hours"]


@pytest.mark.parametrize(
    "text, lang, location, number, absent",
    [
        ("I'm calling from France", "en", "outside", OUTSIDE_PHONE, QUEBEC_PHONE),
        ("j'appelle de l'extérieur du Canada", "fr", "outside", OUTSIDE_PHONE, QUEBEC_PHONE),
        ("je suis à Sherbrooke", "fr", "quebec", QUEBEC_PHONE, OUTSIDE_PHONE),
    ],
)
def test_the_number_for_where_one_calls_from(text, lang, location, number, absent):
    dispatcher = run(text, "ask_contact", lang, caller_location=location)
    phones = sent(dispatcher, "utter_contact_numbers")["phones"]
    assert number in phones and absent not in phones


@pytest.mark.parametrize(
    "text, intent, lang, expected",
    [
        # the values attestation's by-regulation exemption (children under 18) is the values regulation's
        ("attestation des valeurs?", "ask_values_attestation", "fr",
         ["[Québec.ca, page officielle](", "[LégisQuébec, Règlement sur l'immigration au Québec, art. 24.1-24.2]("]),
        # a statutory holiday named: the summary of the labour standards that make it one is cited with the page
        ("open on Canada Day?", "ask_hours", "en",
         ["[Québec.ca, official page](", "[AQMAT, statutory holidays under Québec's labour standards]("]),
        # today's status only: the page alone
        ("open now?", "ask_hours", "en", ["Source: [Québec.ca, official page]("]),
        # administrative review: the review page and the summary its number of days comes from, not the program page
        ("révision administrative?", "ask_admin_review", "fr",
         ["[canadaimmigration101.ca, résumé sur la révision administrative](", "[Québec.ca, révision administrative]("]),
    ],
)
def test_the_footer_cites_the_sources_of_the_facts_used(monkeypatch, text, intent, lang, expected):
    monkeypatch.setenv("ASSISTANT_NOW", MONDAY_2PM)
    footer = sent(run(text, intent, lang), FOOTER)["sources"]
    for piece in expected:
        assert piece in footer, footer
    if intent == "ask_admin_review":
        assert "page officielle" not in footer
    if text == "open now?":
        assert "LégisQuébec" not in footer


def test_the_apology_after_a_technical_problem_gives_every_number_in_both_languages():
    from rasa_server.channels.reply_guard import apology_text

    text = apology_text()
    assert "problème technique" in text and "technical problem" in text
    for number in (MONTREAL_PHONE, QUEBEC_PHONE, OUTSIDE_PHONE):
        assert text.count(number) >= 2, number  # once per language
    assert "région de Montréal" in text and "from outside Québec" in text



@pytest.mark.parametrize("lang, link", [
    ("en", "[Québec.ca, administrative review](https://www.quebec.ca/en/immigration/administrative-review-request)"),
    ("fr", "[Québec.ca, révision administrative](https://www.quebec.ca/en/immigration/administrative-review-request) (en anglais)"),
])
def test_a_page_named_in_an_answer_is_a_named_link_too(lang, link):
    assert sent(run("révision?", "ask_admin_review", lang), "utter_admin_review")["review_url"] == link


def after(previous_intent, text, intent, lang, **slots):
    """A message that follows an answer to ``previous_intent`` (which set the slot ``topic``)."""
    tracker = make_tracker(text, intent, slots={"language": lang, "topic": previous_intent, **slots})
    tracker.events[:0] = [
        {"event": "user", "text": "...", "parse_data": {"intent": {"name": previous_intent}}},
        {"event": "action", "name": "action_answer"},
        {"event": "user", "text": text, "parse_data": {"intent": {"name": intent}}},
    ]
    dispatcher = CollectingDispatcher()
    asyncio.run(ActionAnswer().run(dispatcher, tracker, {}))
    return dispatcher


@pytest.mark.parametrize("previous, text, lang", [
    ("ask_contact", "I'm calling from France", "en"),
    ("ask_contact", "j'appelle de l'extérieur du Canada", "fr"),
    ("ask_hours", "je suis en Belgique", "fr"),
])
def test_after_the_numbers_where_one_calls_from_gives_that_number(previous, text, lang):
    dispatcher = after(previous, text, "inform", lang)
    phones = sent(dispatcher, "utter_contact_numbers")["phones"]
    assert OUTSIDE_PHONE in phones and QUEBEC_PHONE not in phones


@pytest.mark.parametrize("text, lang, response, key, value", [
    ("on June 24?", "en", "utter_hours_day_holiday", "holiday", "the National Holiday (Fête nationale du Québec)"),
    ("le 3 décembre?", "fr", "utter_hours_day_open", "on_day", "le jeudi 3 décembre 2026"),
])
def test_after_the_hours_a_date_alone_gives_that_day(monkeypatch, text, lang, response, key, value):
    monkeypatch.setenv("ASSISTANT_NOW", MONDAY_2PM)
    assert sent(after("ask_hours", text, "inform", lang), response)[key] == value


def test_a_date_alone_after_another_topic_is_not_taken_for_hours():
    dispatcher = after("ask_deadline", "on November 10", "inform", "en")
    assert not any(r.startswith("utter_hours") for r in responses_sent(dispatcher))
