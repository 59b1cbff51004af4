"""What each message changes in the conversation's slots (actions/state.py), table-driven, with the real
spaCy ruler entities."""
import asyncio
from datetime import datetime

import pytest
from rasa_sdk.events import SlotSet
from rasa_sdk.executor import CollectingDispatcher

from actions import state
from actions.action_answer import ActionAnswer
from actions.turn import Turn
from pilot_program.locales import MONTREAL
from tests.actions.conftest import stated as updates
from tests.program_values import knowledge_with

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=MONTREAL)


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        ("How much to add my wife and our 3 kids?", "ask_fees", {"includes_spouse": True, "children_count": 3, "family_member": "spouse"}),
        ("combien pour mes deux enfants", "ask_fees", {"includes_spouse": False, "children_count": 2, "family_member": "child"}),
        ("cost for my two children and my common-law partner", "ask_fees", {"children_count": 2, "family_member": "de_facto_spouse"}),
        ("how much to add my kids", "ask_fees", {"children_mentioned": True, "children_count": None}),
        ("I want to add my son", "add_family_member", {"children_count": 1, "change_type": "add", "family_member": "child"}),
        ("enlever ma conjointe de mon dossier", "remove_family_member", {"family_member": "spouse", "change_type": "remove"}),
        ("ma fille de 12 ans, son père ne vient pas", "add_family_member", {"member_age": 12, "other_parent_comes": False}),
        ("I already have my CSQ, how do I add my baby?", "add_family_member", {"member_age": 0, "children_count": 1}),
        ("comment ajouter notre bébé né en mars", "add_family_member", {"member_age": 0}),
    ],
)
def test_members_and_counts(text, intent, expected):
    got = updates(text, intent)
    for key, value in expected.items():
        assert got.get(key, "absent") == value, (key, got)


@pytest.mark.parametrize(
    "text, intent, expected",
    [
        # "son" is French for his/her; "petite" is not a child in "une petite question"
        ("ma fille de 12 ans, son père ne vient pas", "add_family_member", {"children_count": 1, "family_member": "child"}),
        ("j'ai une petite question sur les frais pour ajouter ma conjointe", "ask_fees",
         {"includes_spouse": True, "children_mentioned": False, "family_member": "spouse"}),
        ("ma blonde et son fils", "ask_fees", {"includes_spouse": True, "children_mentioned": True, "children_count": 1}),
        # "fils" is one son or several: the determiner decides, and a plural without a count is asked
        ("combien pour ma conjointe de fait et mon fils?", "ask_fees", {"includes_spouse": True, "children_count": 1}),
        ("je veux ajouter notre fils", "add_family_member", {"children_count": 1}),
        ("combien pour mes fils?", "ask_fees", {"children_mentioned": True, "children_count": None}),
        ("mes deux fils", "ask_fees", {"children_count": 2}),
        ("combien pour une fille et un garçon", "ask_fees", {"children_count": 2}),
    ],
)
def test_french_words_that_look_like_members(text, intent, expected):
    got = updates(text, intent, lang="fr")
    for key, value in expected.items():
        assert got.get(key, "absent") == value, (key, got)


@pytest.mark.parametrize(
    "text, intent, requested, expected",
    [
        ("I got the letter on Nov 10, when is my deadline?", "ask_deadline", None, {"request_date": "2026-11-10"}),
        ("on m'a demandé des documents le 10 novembre 2026", "ask_deadline", None, {"request_date": "2026-11-10"}),
        ("yes", "affirm", "csq_obtained", {"csq_obtained": True}),
        ("pas encore", "deny", "csq_obtained", {"csq_obtained": False, "csq_issue_date": None}),
        ("I already received my CSQ, how do I add my husband", "add_family_member", None, {"csq_obtained": True}),
        ("j'ai pas encore eu mon CSQ", "inform", None, {"csq_obtained": False}),
        ("3", "inform", "children_count", {"children_count": 3}),
        ("trois", "inform", "children_count", {"children_count": 3}),
    ],
)
def test_answers_to_the_one_question_asked(text, intent, requested, expected):
    got = updates(text, intent, requested)
    for key, value in expected.items():
        assert got.get(key, "absent") == value, (key, got)


@pytest.mark.parametrize(
    "intent, entities_lang, current, metadata, expected",
    [
        ("switch_language", "english please", "fr", {}, "en"),
        ("switch_language", "en français svp", "en", {}, "fr"),
        ("greet", None, None, {"language": "en"}, "en"),
        ("greet", None, None, {"language": "fr-CA"}, "fr"),
        ("affirm", None, "en", {"language": "fr"}, None),
    ],
)
def test_language(intent, entities_lang, current, metadata, expected):
    text = entities_lang or "ok"
    got = updates(text, intent, slots={"language": current}, metadata=metadata)
    assert got.get("language") == expected


def _language_after(turn):
    return state.understand(turn).slots.get("language")


def test_detected_language_switches_the_conversation():
    turn = Turn(lang="fr", now=NOW, intent="ask_fees", text="how much",
                entities=({"entity": "detected_language", "value": "en"},), slots={"language": "fr"})
    assert _language_after(turn) == "en"


def test_the_action_returns_only_changed_slots():
    from tests.actions.conftest import make_tracker

    tracker = make_tracker("How much to add my wife and our 3 kids?", "ask_fees",
                           slots={"language": "en", "includes_spouse": True, "topic": "ask_fees",
                                  "pending_question": None, "feedback_asked": ["ask_fees"]})
    events = asyncio.run(ActionAnswer().run(CollectingDispatcher(), tracker, {}))
    names = {e["name"]: e["value"] for e in events if e["event"] == "slot"}
    # the dialogue's own slots each time, then only what this message changed
    assert names == {"pending_question": None, "topic": "ask_fees", "children_mentioned": True, "children_count": 3,
                     "family_member": "spouse"}
    assert all(e == SlotSet(e["name"], e["value"]) for e in events)


@pytest.mark.parametrize(
    "role, current, expected",
    [(None, "en", "fr"), ("hint", "en", None), ("hint", None, "fr")],
)
def test_a_short_hint_does_not_switch_an_established_language(role, current, expected):
    entity = {"entity": "detected_language", "value": "fr"}
    if role:
        entity["role"] = role
    turn = Turn(lang=current or "fr", now=NOW, intent="thanks", text="merci", entities=(entity,), slots={"language": current})
    assert (_language_after(turn) if _language_after(turn) != current else None) == expected


@pytest.mark.parametrize(
    "text, intent, requested, expected",
    [
        # found by replaying realistic conversations against the live assistant
        ("comment ajouter mon garçon à ma demande", "add_family_member", None, {"family_member": "child"}),
        ("I need to take my ex-husband off my application", "remove_family_member", None, {"family_member": "spouse"}),
        ("ma fille de 16 ans? mon csq a été délivré le 20 août 2025", "add_family_member", None,
         {"member_age": 16, "csq_obtained": True, "csq_issue_date": "2025-08-20"}),
        ("got a letter yesterday asking for my birth certificate", "ask_deadline", None, {"request_date": "2026-11-21"}),
        ("j'ai eu mon CSQ en mars 2024", "add_family_member", None, {"csq_issue_date": "2024-03-31"}),
        ("i also got a second letter, how long do i have for that one?", "ask_deadline", None, {"request_date": None}),
    ],
)
def test_cases_found_in_live_replay(text, intent, requested, expected):
    got = updates(text, intent, requested, slots={"request_date": "2026-11-12"})
    for key, value in expected.items():
        assert got.get(key, "absent") == value, (key, got)


@pytest.mark.parametrize(
    "text, intent, key",
    [
        ("j'ai 3 ans d'expérience en TI, suis-je admissible?", "ask_eligibility", "member_age"),
        ("is there snow in montreal today", "out_of_scope", "caller_location"),
        ("my birth certificate is ready", "inform", "csq_obtained"),
    ],
)
def test_nothing_is_read_from_unrelated_words(text, intent, key):
    assert key not in updates(text, intent)


@pytest.mark.parametrize(
    "text, lang, slots, expected",
    [
        ("my common-law partner and my son", "en", {},
         {"includes_spouse": True, "family_member": "de_facto_spouse", "children_count": 1}),
        ("how much for three kids", "en", {}, {"children_count": 3, "includes_spouse": False}),
        ("we have twins", "en", {}, {"children_mentioned": True, "children_count": 2}),
        ("pour mes jumeaux", "fr", {}, {"children_mentioned": True, "children_count": 2}),
        ("ma femme et nos trois enfants", "fr", {}, {"includes_spouse": True, "children_count": 3}),
        # not a count: the answer asks how many
        ("a couple of kids", "en", {}, {"children_mentioned": True, "children_count": None}),
        ("quelques enfants", "fr", {}, {"children_mentioned": True, "children_count": None}),
        # "too": added to the people already named
        ("and if the two children come too?", "en", {"includes_spouse": True}, {"includes_spouse": True, "children_count": 2}),
        ("et si mes deux enfants viennent aussi?", "fr", {"includes_spouse": True}, {"includes_spouse": True, "children_count": 2}),
        ("et ma femme aussi?", "fr", {"children_mentioned": True, "children_count": 2},
         {"includes_spouse": True, "children_mentioned": True, "children_count": 2}),
        ("my husband as well", "en", {"children_mentioned": True, "children_count": None},
         {"includes_spouse": True, "children_mentioned": True, "children_count": None}),
        # a new question (not a follow-up) names everyone it is about
        ("how much for my two kids?", "en", {"includes_spouse": True}, {"includes_spouse": False, "children_count": 2}),
    ],
)
def test_people_in_the_sentence(text, lang, slots, expected):
    got = updates(text, "inform", slots=slots, lang=lang)
    for key, value in expected.items():
        assert got.get(key, "absent") == value, (key, got)


@pytest.mark.parametrize(
    "text, topic, expected",
    [
        # after a family answer, a "when" is the CSQ's issue date (and means the CSQ was received)
        ("it was issued in 2021", "add_family_member", {"csq_issue_date": "2021-12-31", "csq_obtained": True}),
        ("reçu il y a 3 ans", "add_family_member", {"csq_issue_date": "2024-05-22", "csq_obtained": True}),
        ("je l'ai eu le printemps passé", "remove_family_member", {"csq_issue_date": "2026-03-20"}),
        # after another topic, it is not
        ("it was issued in 2021", "ask_fees", {"csq_issue_date": "absent"}),
    ],
)
def test_csq_age_after_a_family_answer(text, topic, expected):
    # the periods are chosen around a 24-month limit for the IRCC letter, whatever the program's file says
    got = updates(text, "inform", slots={"topic": topic}, knowledge=knowledge_with("family.ircc_letter", "months", 24))
    for key, value in expected.items():
        assert got.get(key, "absent") == value, (key, got)


@pytest.mark.parametrize(
    "text, lang, slots, expected",
    [
        # a follow-up keeps what it does not replace (the answer says what it kept: test_fee_answers.py)
        ("and for 3 kids?", "en", {"includes_spouse": True, "children_mentioned": True, "children_count": 2},
         {"includes_spouse": True, "children_count": 3}),
        ("what about my two kids?", "en", {"includes_spouse": True}, {"includes_spouse": True, "children_count": 2}),
        ("pis pour ma femme?", "fr", {"children_mentioned": True, "children_count": 2},
         {"includes_spouse": True, "children_mentioned": True, "children_count": 2}),
        # "only", "not", "already in the file" take people out
        ("and only for the 3 kids?", "en", {"includes_spouse": True}, {"includes_spouse": False, "children_count": 3}),
        ("et juste pour mes deux enfants?", "fr", {"includes_spouse": True}, {"includes_spouse": False, "children_count": 2}),
        ("and without my wife?", "en", {"includes_spouse": True, "children_mentioned": True, "children_count": 2},
         {"includes_spouse": False, "children_count": 2}),
        ("et si ma femme est déjà dans le dossier?", "fr", {"includes_spouse": True, "children_mentioned": True,
                                                            "children_count": 1},
         {"includes_spouse": False, "children_count": 1}),
    ],
)
def test_a_follow_up_keeps_what_it_does_not_replace(text, lang, slots, expected):
    got = updates(text, "inform", slots={**slots, "topic": "ask_fees", "language": lang}, lang=lang)
    for key, value in expected.items():
        assert got.get(key, slots.get(key, "absent")) == value, (key, got)


@pytest.mark.parametrize("text, intent, expected", [("/deny", "deny", False), ("/affirm", "affirm", True),
                                                     ("yep got it", "affirm", True), ("nope", "deny", False)])
def test_a_button_or_a_yes_or_no_answers_the_csq_question(text, intent, expected):
    assert updates(text, intent, "csq_obtained").get("csq_obtained") is expected
