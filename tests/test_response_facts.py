"""How a response may be written, by what sends it (the registry, actions/intents.py).

A response sent by a program topic's handler (sourced: its answer ends with its sources) is made of
facts: each of its clauses (cut at . ? ! ; : and line breaks) carries a placeholder, which the handler
fills from the knowledge file, or is one of the few frame clauses the response declares (`frame:` in
actions/responses/*.yml: labels such as "Opening hours:", "Next opening:", an offer such as "Tell me the date
and I'll work out the deadline"). Only such a response may be fact-free with a reason (the question that
changes the answer); `fact_free: true` is for the responses of conversation intents and of the
machinery (greeting, small talk, fallback, feedback). And no response writes a sentence or phrase the
knowledge file words (`heure de Montréal`, `a statutory holiday in Québec`...): it fills it in instead.
"""
from __future__ import annotations

import itertools
import re
from collections.abc import Mapping
from datetime import datetime
from functools import lru_cache
from typing import Any

import pytest

from actions import state
from actions.dispatch import QUESTIONS
from actions.domain_responses import sources
from actions.intents import INTENTS, names
from actions.turn import Turn
from pilot_program.knowledge import knowledge
from pilot_program.locales import MONTREAL
from tests.servers import ROOT

SOURCES = sources()
LANGS = ("fr", "en")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")
CLAUSE_END = re.compile(r"(?<=[.?!;:])\s+|\n")
RESPONSE_NAME = re.compile(r"\"(utter_[a-z_]+)\"")
SOURCED = names(sourced=True)
# Situations and moments that take the handlers down their branches (CSQ or not, who, which decision,
# a date, a day or time asked about, before, during and after the program).
_SITUATIONS: list[tuple[dict[str, Any], str, tuple[dict[str, str], ...]]] = [
    ({}, "", ()), ({"csq_obtained": True, "family_member": "spouse", "caller_location": "outside"}, "", ()),
    ({"csq_obtained": True, "family_member": "child", "member_age": 12.0, "csq_issue_date": "2022-01-01"}, "", ()),
    ({"csq_obtained": False, "family_member": "child", "member_age": 20.0}, "", ()),
    ({"includes_spouse": True, "children_count": 2.0}, "", ()), ({"children_mentioned": True}, "", ()),
    ({"decision": "interview"}, "", ()), ({"decision": "rejected"}, "I didn't answer in time", ()),
    ({}, "", ({"entity": "decision", "value": "refused"}, {"entity": "decision", "value": "rejected"})),
    ({"request_date": "2026-11-10"}, "", ()), ({}, "I got the request on November 10, 2026", ()),
    ({}, "tomorrow at 7am", ()), ({}, "on Christmas", ()), ({}, "on December 24", ()), ({}, "on Saturday", ()),
]
_MOMENTS = [datetime(2026, 11, 25, 9, 30), datetime(2026, 12, 23, 12, 0), datetime(2026, 12, 25, 9, 0),
            datetime(2027, 2, 3, 11, 0), datetime(2027, 2, 3, 18, 0), datetime(2021, 6, 1, 12, 0),
            datetime(2021, 3, 1, 12, 0), datetime(2023, 5, 1, 12, 0)]


@lru_cache(maxsize=1)
def program_responses() -> frozenset[str]:
    """Responses a program topic's handler can send: every response named in a module of answers whose
    handlers all answer program topics, and any other one such a handler sends in the situations above."""
    modules: dict[str, set[str]] = {}
    for intent in INTENTS:
        if intent.handler is not None:
            modules.setdefault(intent.handler.__module__, set()).add(intent.name)
    found = set()
    for module, intents in modules.items():
        if intents <= SOURCED:
            path = ROOT / (module.replace(".", "/") + ".py")
            found.update(RESPONSE_NAME.findall(path.read_text(encoding="utf-8")))
    for intent, lang, moment, (slots, text, entities) in itertools.product(
            [i for i in INTENTS if i.name in SOURCED], LANGS, _MOMENTS, _SITUATIONS):
        assert intent.handler is not None
        turn = Turn(lang=lang, now=moment.replace(tzinfo=MONTREAL), intent=intent.name,
                    text=text, slots={"language": lang, **slots}, entities=entities)
        found.update(reply.response for reply in intent.handler(state.understand(turn)))
    return frozenset(found)




def clauses(text: str) -> list[str]:
    return [clause.strip() for clause in CLAUSE_END.split(text) if clause.strip()]


def knowledge_wording() -> list[str]:
    """Every phrase the knowledge file words (``fr``, ``en`` and their parts), of two words or more."""
    found: list[str] = []

    def walk(node: Any) -> None:
        if isinstance(node, Mapping):
            for key, value in node.items():
                if key in LANGS and isinstance(value, str):
                    found.append(value)
                else:
                    walk(value)
        elif isinstance(node, list):
            for value in node:
                walk(value)

    walk({key: value for key, value in knowledge().raw.items() if key != "sources"})
    return sorted({text.strip().rstrip(".:;") for text in found if len(text.split()) >= 2})


WORDING = knowledge_wording()


def problems(name: str, spec: Mapping[str, Any], program: bool) -> list[str]:
    """What is wrong with a response's source, ``program``: whether a program topic's handler sends it."""
    found = []
    fact_free = spec.get("fact_free")
    if program and fact_free is True:
        found.append("sent by a program answer: fact-free only with a reason (`fact_free: <why>`)")
    if not program and fact_free not in (None, True):
        found.append("`fact_free: <reason>` is for program answers; here `fact_free: true`")
    frame = spec.get("frame") or []
    for lang in LANGS:
        literal = PLACEHOLDER.sub("\0", spec[lang]).lower()
        found += [f"{lang}: writes the knowledge file's wording {text!r}" for text in WORDING if text.lower() in literal]
        declared = {entry[lang] for entry in frame}
        if program and not fact_free:
            found += [f"{lang}: a clause with no placeholder that is not declared frame: {clause!r}"
                      for clause in clauses(spec[lang]) if not PLACEHOLDER.search(clause) and clause not in declared]
        found += [f"{lang}: frame {text!r} is not a clause without placeholder of the text" for text in declared
                  if text not in clauses(spec[lang]) or PLACEHOLDER.search(text)]
    return found


@pytest.mark.parametrize("name", sorted(SOURCES))
def test_a_response_states_facts_only_through_placeholders(name):
    assert not problems(name, SOURCES[name], name in program_responses()), name


def test_program_answers_declare_few_fact_free_responses_and_frames():
    """The declared exceptions stay few: the questions asked for a detail, and short labels."""
    fact_free = sorted(name for name in program_responses() if SOURCES[name].get("fact_free"))
    assert set(QUESTIONS) <= set(fact_free) and len(fact_free) <= len(QUESTIONS) + 1, fact_free
    frames = [entry for name in program_responses() for entry in SOURCES[name].get("frame", [])]
    assert len(frames) <= 45, len(frames)
    assert all(len(entry[lang].split()) <= 25 for entry in frames for lang in LANGS)


def test_the_program_responses_are_found():
    """The classification reads the registry: program answers' responses, and the others'."""
    assert {"utter_hours_day_holiday", "utter_notice_consent", "utter_human_handoff", "utter_cap",
            "utter_ask_csq_obtained", "utter_deadline_future_date"} <= program_responses()
    assert not {"utter_greet", "utter_goodbye", "utter_fallback_suggest", "utter_feedback_question",
                "utter_source_footer", "utter_language_switched"} & program_responses()
    assert {"heure de Montréal", "a statutory holiday in Québec", "Il y a trois décisions possibles"} <= set(WORDING)


# Responses as they were written before their statements moved to the knowledge file.
_OLD = {
    "utter_family_after_csq": (
        "Comme vous avez déjà votre CSQ, vous devez d'abord appeler le {contact_centre} :\n{phones}\n"
        "Ensuite, envoyez par la poste :\n{documents}\nÀ l'adresse suivante :\n{address}",
        "Since you already have your CSQ, you must first call the {contact_centre}:\n{phones}\nThen send by mail:\n"
        "{documents}\nTo this address:\n{address}"),
    "utter_deadline_rule": (
        "Vous avez {days} jours pour envoyer ce que le Ministère a demandé; après ce délai, la demande est rejetée. "
        "Pour être traitée, une demande doit être complète :\n{items}\nDonnez-moi la date de la demande reçue et "
        "je calculerai la date limite exacte.",
        "You have {days} days to send what the Ministère asked for; after that, the application is rejected. To be "
        "processed, an application must be complete:\n{items}\nTell me the date on the request and I'll work out "
        "the exact deadline."),
    "utter_values_attestation": (
        "{request} Vous avez {days} jours pour l'obtenir; sinon, la demande est rejetée. {already_obtained}",
        "{request} You have {days} days to obtain it; otherwise, the application is rejected. {already_obtained}"),
    "utter_program_closed": (
        "Non. Le {program_name} a pris fin le {end_date}; il n'est plus possible d'y présenter une demande.",
        "No. The {program_name} ended on {end_date}; it is no longer possible to apply under it."),
    "utter_no_application_after_closure": (
        "Le programme a pris fin le {end_date} : sans demande présentée avant cette date, on ne peut plus en "
        "présenter une, ni y ajouter quelqu'un.",
        "The program ended on {end_date}: without an application submitted before that date, you can no longer "
        "apply, nor add anyone."),
    "utter_hours_holiday": (
        "Aujourd'hui, c'est {holiday}, jour férié au Québec : la ligne est normalement fermée aujourd'hui "
        "({unlisted}). Prochaine ouverture : {next_opening}.",
        "Today is {holiday}, a statutory holiday in Québec: the line is normally closed today ({unlisted}). "
        "Next opening: {next_opening}."),
    "utter_hours_open_now": (
        "C'est ouvert en ce moment ({now_time}, heure de Montréal), jusqu'à {closes_at} aujourd'hui.",
        "It's open right now ({now_time}, Montréal time), until {closes_at} today."),
    "utter_eligibility": (
        "Le programme a pris fin le {end_date}. Pour information, il comptait deux volets :\n{streams}",
        "The program ended on {end_date}. For reference, it had two streams:\n{streams}"),
    "utter_decisions_overview": (
        "Il y a trois décisions possibles :\n{decisions}\n{letter_first}",
        "There are three possible decisions:\n{decisions}\n{letter_first}"),
    "utter_decisions_compare": (
        "Le refus et le rejet sont deux décisions négatives, pour des raisons différentes. Côte à côte :",
        "Refused and rejected are both negative decisions, for different reasons. Side by side:"),
    "utter_cap": ("Les sources ne disent pas la même chose. Selon {announced_source}, le Québec devait accepter "
                  "{announced} travailleurs.",
                  "The sources differ. According to {announced_source}, Québec was to accept {announced} workers."),
    "utter_notice_ircc_letter": (
        "Votre CSQ a été délivré il y a plus de {months} mois : joignez la lettre d'IRCC décrite ci-dessus.",
        "Your CSQ was issued more than {months} months ago: include the IRCC letter described above."),
}


# (utter_decision_interview's "call the contact centre" left the knowledge file: no source says it, so the
# response says it as the assistant's suggestion.)
_INSIDE_A_CLAUSE = {"utter_hours_holiday", "utter_hours_open_now"}


@pytest.mark.parametrize("name", sorted(_OLD))
def test_the_statements_that_were_written_in_responses_fail_the_check(name):
    """Each old text, with today's declarations of its response, would fail (fact-free declared or not)."""
    fr, en = _OLD[name]
    declared = {key: value for key, value in SOURCES[name].items() if key not in LANGS}
    found = problems(name, {**declared, "fr": fr, "en": en}, program=True)
    # a statement in a clause of its own fails the clause rule by itself, whatever the knowledge file says;
    # one inside a clause with a placeholder ("({now_time}, Montréal time)") fails as the knowledge file's wording
    rule = "wording" if name in _INSIDE_A_CLAUSE else "clause with no placeholder"
    assert any(rule in problem for problem in found), (name, found)
    assert problems(name, {"fact_free": True, "fr": fr, "en": en}, program=True), name
