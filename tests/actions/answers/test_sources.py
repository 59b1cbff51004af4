"""The footer of each answer names the sources of the facts it used, each with its own date (that of the page
linked in the answer's language, or "date not shown"), and only those; a `medium` fact names its source in the
answer's sentences too."""
from __future__ import annotations

import itertools
import re

import pytest

from actions.intents import INTENTS, names
from actions.turn import Turn
from pilot_program.knowledge import citing, knowledge
from pilot_program.locales import MONTREAL
from tests.actions.conftest import answered, sent
from tests.actions.scenarios.test_official_page_content import templates
from tests.test_response_facts import _MOMENTS, _SITUATIONS

FOOTER = "utter_source_footer"
LINK = re.compile(r"\[([^\]]+)\]\([^)]+\) \(([^)]*)\)")

OFFICIAL = {"en": ("Québec.ca, official page", "current as of January 1, 2026"),
            "fr": ("Québec.ca, page officielle", "en anglais, à jour au 1er janvier 2026")}
REGULATION = {"en": ("LégisQuébec, the program's regulation", "current as of October 1, 2024"),
              "fr": ("LégisQuébec, règlement du programme", "à jour au 1er novembre 2024")}
ALERT = {"en": ("Envoy Global, 2021 alert", "current as of February 23, 2023"),
         "fr": ("Envoy Global, alerte de 2021", "en anglais, à jour au 23 février 2023")}
PAGE_2022 = {"en": ("Québec.ca, former program page (2022)", "date not shown"),
             "fr": ("Québec.ca, ancienne page du programme (2022)", "en anglais, date non indiquée")}
RELEASE = {"en": ("Government of Québec, 2021 launch release", "in French, current as of April 22, 2021"),
           "fr": ("Gouvernement du Québec, communiqué de lancement de 2021", "à jour au 22 avril 2021")}
HOLIDAY_ACT = {"en": ("LégisQuébec, National Holiday Act", "current as of May 1, 2003"),
               "fr": ("LégisQuébec, Loi sur la fête nationale", "en anglais, à jour au 1er mai 2003")}
LABOUR = {"en": ("AQMAT, statutory holidays under Québec's labour standards", "in French, date not shown"),
          "fr": ("AQMAT, jours fériés selon les normes du travail", "date non indiquée")}
REVIEW_PAGE = {"en": ("Québec.ca, administrative review", "date not shown"),
               "fr": ("Québec.ca, révision administrative", "en anglais, date non indiquée")}
REVIEW_SUMMARY = {"en": ("canadaimmigration101.ca, administrative review summary", "date not shown"),
                  "fr": ("canadaimmigration101.ca, résumé sur la révision administrative", "en anglais, date non indiquée")}
VALUES = {"en": ("LégisQuébec, Québec Immigration Regulation, ss. 24.1-24.2", "current as of April 16, 2024"),
          "fr": ("LégisQuébec, Règlement sur l'immigration au Québec, art. 24.1-24.2", "en anglais, à jour au 16 avril 2024")}

# (message, intent, slots, the sources in order: each language's own)
ANSWERS = [
    ("can I still apply?", "ask_program_status", {}, {"en": [OFFICIAL], "fr": [OFFICIAL, REGULATION]}),
    ("how many a year?", "ask_cap", {}, [REGULATION, ALERT, OFFICIAL]),
    ("when could people apply?", "ask_program_history", {}, [RELEASE, ALERT, PAGE_2022, OFFICIAL]),
    ("open on Christmas?", "ask_hours", {}, [OFFICIAL, LABOUR]),
    ("open on June 24?", "ask_hours", {}, [OFFICIAL, HOLIDAY_ACT]),
    ("open on Good Friday?", "ask_hours", {}, [OFFICIAL, LABOUR]),
    ("open on December 24?", "ask_hours", {}, [OFFICIAL]),
    ("administrative review?", "ask_admin_review", {}, [REVIEW_SUMMARY, REVIEW_PAGE]),
    ("values attestation?", "ask_values_attestation", {}, [OFFICIAL, VALUES]),
    ("I was called for an interview", "ask_decision", {"decision": "interview"}, [OFFICIAL]),
    ("I got a letter of intent to refuse, how long do I have?", "ask_deadline", {}, [OFFICIAL]),
    ("how much to add my wife?", "ask_fees", {"includes_spouse": True}, [OFFICIAL]),
    ("I never applied, can I add my wife?", "add_family_member", {}, [OFFICIAL]),
    ("what were the requirements?", "ask_eligibility", {}, [OFFICIAL, REGULATION, ALERT]),
]


def footer_sources(message: str, intent: str, lang: str, slots: dict) -> list[tuple[str, str]]:
    return LINK.findall(sent(answered(message, intent, lang, slots), FOOTER)["sources"])


@pytest.mark.parametrize("lang", ["en", "fr"])
@pytest.mark.parametrize("message, intent, slots, expected", ANSWERS, ids=[f"{a[1]}:{a[0]}" for a in ANSWERS])
def test_each_answer_cites_the_sources_of_its_facts_with_their_own_dates(lang, message, intent, slots, expected):
    wanted = expected[lang] if isinstance(expected, dict) else expected
    assert footer_sources(message, intent, lang, slots) == [source[lang] for source in wanted]


def test_a_fact_from_the_reference_file_never_cites_the_official_page_in_its_place():
    """The administrative review's facts are the review page's and its summary's, not the program page's."""
    for lang in ("en", "fr"):
        assert OFFICIAL[lang] not in footer_sources("administrative review?", "ask_admin_review", lang, {})


def _rendered_body(turn: Turn) -> tuple[str, list[str]]:
    """The answer's sentences (no footer) and the sources of the medium facts it read."""
    intent = next(i for i in INTENTS if i.name == turn.intent)
    assert intent.handler is not None
    with citing(turn.lang) as cited:
        replies = intent.handler(turn)
    body = "\n".join(templates()[reply.response][turn.lang].format(**reply.values) for reply in replies)
    return body, list(cited.medium)


def test_every_medium_fact_names_its_source_in_the_sentence():
    """Over every program topic, language, moment and situation the response checks use: a medium fact read
    is only said with its source named."""
    checked = 0
    for intent, lang, moment, (slots, text, entities) in itertools.product(
            sorted(names(sourced=True)), ("fr", "en"), _MOMENTS, _SITUATIONS):
        turn = Turn(lang=lang, now=moment.replace(tzinfo=MONTREAL), intent=intent, text=text, slots=slots,
                    entities=entities)
        body, medium = _rendered_body(turn)
        for key in medium:
            checked += 1
            assert knowledge().sources[key].name(lang) in body, (intent, lang, moment, key, body)
    assert checked > 50  # the alert's window, its conditions and figures, the review's days are read
