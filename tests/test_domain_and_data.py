"""The domain and data are consistent: every response exists in both languages, is used, gets
every value it needs, and states no program fact itself (structural checks: facts come from the
knowledge file through placeholders); `rasa data validate` passes."""
import itertools
import re
import subprocess
from datetime import datetime

import pytest
import yaml
from babel.dates import get_day_names, get_month_names

from actions.domain_responses import sources
from actions.intents import BY_NAME, names
from actions.turn import Turn
from pilot_program.knowledge import knowledge
from pilot_program.locales import MONTREAL
from pilot_program.schema import node_at
from pilot_program.wording import fact_text, not_known
from tests.program_values import ADDRESS_LINES
from tests.servers import BIN, ROOT

DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))
RESPONSES = DOMAIN["responses"]
SOURCES = sources()
PYTHON_SOURCES = [p for package in ("actions", "pilot_program", "rasa_server/channels") for p in (ROOT / package).rglob("*.py")]
RESPONSE_NAME = re.compile(r"\"(utter_[a-z_]+)\"")
PLACEHOLDER = re.compile(r"\{([a-z_]+)\}")


def referenced_in_python() -> set[str]:
    names = set()
    for path in PYTHON_SOURCES:
        names.update(RESPONSE_NAME.findall(path.read_text(encoding="utf-8")))
    return names


def test_every_response_named_in_python_exists():
    # "utter_action" is the key under which Rasa names a bot message's response (channels read it)
    missing = referenced_in_python() - set(RESPONSES) - {"utter_action"}
    assert not missing, missing


def test_there_are_no_forms():
    # answer first: questions are asked by action_answer, one at a time (actions/dispatch.py)
    assert not DOMAIN.get("forms")


def test_every_response_is_used():
    unused = set(RESPONSES) - referenced_in_python()
    assert not unused, unused


def test_no_response_name_is_built_by_string_formatting():
    pattern = re.compile(r"f\"utter_|\"utter_\" *\+|\"utter_%|'utter_\{")
    offenders = [str(p) for p in PYTHON_SOURCES if pattern.search(p.read_text(encoding="utf-8"))]
    assert not offenders, offenders


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_each_response_has_english_and_french_with_the_same_values(name):
    variants = RESPONSES[name]
    english = [v for v in variants if v.get("condition") == [{"type": "slot", "name": "language", "value": "en"}]]
    french = [v for v in variants if not v.get("condition")]
    assert len(english) == 1 and len(french) == 1, name
    assert set(PLACEHOLDER.findall(english[0]["text"])) == set(PLACEHOLDER.findall(french[0]["text"])), name
    if "buttons" in english[0] or "buttons" in french[0]:
        assert [b["payload"] for b in english[0]["buttons"]] == [b["payload"] for b in french[0]["buttons"]]


# What a response may not write itself, whatever it says: values and names come in through placeholders.
# as each language writes them: "janvier", "lundi"; "January", "Monday" (so "may be closed" is no date)
_DATE_WORDS = [str(name) for locale in ("fr_CA", "en_CA")
               for name in [*get_month_names("wide", locale=locale).values(), *get_day_names("wide", locale=locale).values()]]
_VALUES = {
    "a digit (number, amount, date, age, phone)": re.compile(r"\d"),
    "money": re.compile(r"[$€£]|\bdollars?\b", re.I),
    "a link or an address": re.compile(r"https?://|www\.|@|\.(ca|com|org|gouv)\b", re.I),
    "a month or weekday name (a date)": re.compile(r"\b(" + "|".join(map(re.escape, _DATE_WORDS)) + r")\b"),
}
# Words that state a program rule (refunds, indexation, grounds, exceptions, exemptions, deadlines): a sentence
# carrying one says a fact, so it must come from the knowledge file (through a placeholder).
FACT_MARKERS = re.compile(r"\b(refund\w*|rembours\w*|index\w*|grounds?\b|motifs?\b|never|jamais|except\w*|sauf|"
                          r"exempt\w*|non-?refundable|non remboursable\w*|deadlines?|d[ée]lais?)", re.I)
SENTENCE_END = re.compile(r"(?<=[.?!])\s+")


def knowledge_names() -> list[str]:
    """The organisations, sites and systems the knowledge file names, as a response would write them."""
    k = knowledge()
    facts = [k.fact(path, cite=False) for path in ("program.abbreviation", "program.site")]
    names = [str(fact["value"]) for fact in facts] + [str(k.fact("contact_centre.name", cite=False)["short"])]
    names.append(str(node_at(k.raw, "program.portal")["value"]))  # Arrima: named only inside the facts' wording
    ministry = k.fact("program.ministry", cite=False)
    for lang in ("fr", "en"):
        core = re.sub(r"^(the|le|la|l')\s*", "", ministry.text(lang)).split(" (")[0]
        names += [core, *re.findall(r"\(([A-Z]{3,})\)", ministry.text(lang))]
        names += [k.fact("program.name", cite=False).text(lang)]
    names += [source.link_name(lang).split(",")[0] for source in k.sources.values() for lang in ("fr", "en")]
    names += [line for line in k.fact("mailing_address", cite=False)["lines"] if line != "CANADA"]
    return sorted(set(names))


def written_facts(text: str) -> list[str]:
    """What ``text`` (a response without its placeholders) writes that only the knowledge file may."""
    found = [kind for kind, pattern in _VALUES.items() if pattern.search(text)]
    return found + [f"the name {name!r}" for name in knowledge_names() if name.lower() in text.lower()]


def test_the_names_checked_are_read_from_the_knowledge_file():
    names = knowledge_names()
    assert {"Centre de contacts clientèle", "Arrima", "Québec.ca", "MIFI", "LégisQuébec"} <= set(names), names
    street = next(line for line in ADDRESS_LINES if line[0].isdigit())  # the line with the street number
    assert street in names


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_a_response_writes_no_value_or_name_itself(name):
    """Amounts, dates, ages, phones, links and the knowledge file's names come only through placeholders."""
    for lang in ("fr", "en"):
        found = written_facts(PLACEHOLDER.sub(" ", SOURCES[name][lang]))
        assert not found, (name, lang, found)


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_a_response_without_placeholders_is_declared_fact_free(name):
    if not PLACEHOLDER.search(SOURCES[name]["fr"]):
        assert SOURCES[name].get("fact_free"), f"{name} has no placeholder: declare it fact_free or fill its facts in"


@pytest.mark.parametrize("name", sorted(RESPONSES))
def test_every_sentence_that_states_a_rule_gets_it_from_the_knowledge_file(name):
    """A sentence without a placeholder states no program rule; in a fact-free response, no sentence does."""
    for lang in ("fr", "en"):
        text = SOURCES[name][lang]
        sentences = [text] if SOURCES[name].get("fact_free") else SENTENCE_END.split(text)
        stating = [s for s in sentences if (SOURCES[name].get("fact_free") or not PLACEHOLDER.search(s))
                   and FACT_MARKERS.search(PLACEHOLDER.sub(" ", s))]
        assert not stating, (name, lang, stating)


def test_the_checks_catch_the_facts_that_used_to_be_written_in_the_domain():
    """The sentences moved to the knowledge file would each fail one of the checks above."""
    moved = ["They are never refunded, even if the application is refused or rejected.",
             "Les frais sont indexés chaque 1er janvier.",
             "Not showing up for the interview on the date given is a ground for rejection.",
             "sauf si le refus repose sur la condition de connaissance du français oral.",
             "or call the Centre de contacts clientèle:", "see Québec.ca.", "Avant le CSQ, tout se transmet dans Arrima.",
             "A person added who is 18 or over", "Fees are indexed every January 1",
             "Before a refusal or rejection, a letter gives you a deadline to answer."]
    for sentence in moved:
        assert written_facts(sentence) or FACT_MARKERS.search(sentence), sentence


@pytest.mark.parametrize("intent", sorted(names(sourced=True)))
def test_a_program_answer_states_its_facts_through_placeholders(intent):
    """A sourced topic's answer (it ends with its sources) is never made of fact-free responses only."""
    handler = BY_NAME[intent].handler
    assert handler is not None
    for lang in ("fr", "en"):
        turn = Turn(lang=lang, now=datetime(2026, 11, 25, 9, 30, tzinfo=MONTREAL), intent=intent)
        sent = [reply.response for reply in handler(turn)]
        assert any(not SOURCES[name].get("fact_free") for name in sent), (intent, sent)


# Situations that take the handlers down their different branches (CSQ or not, who, which decision, a date...).
_SITUATIONS = [({}, ""), ({"csq_obtained": True, "family_member": "spouse", "caller_location": "outside"}, ""),
               ({"csq_obtained": False, "family_member": "child", "member_age": 20.0}, ""),
               ({"includes_spouse": True, "children_count": 2.0}, ""), ({"children_mentioned": True}, ""),
               ({"decision": "interview"}, ""), ({"decision": "rejected"}, "I didn't answer in time"),
               ({"request_date": "2026-11-10"}, ""), ({}, "I got the request on November 10, 2026")]
_MOMENTS = [datetime(2026, 11, 25, 9, 30), datetime(2026, 11, 25, 12, 0), datetime(2027, 2, 3, 11, 0),
            datetime(2026, 12, 25, 9, 0), datetime(2021, 6, 1, 12, 0)]


@pytest.mark.parametrize("intent", sorted(name for name, intent in BY_NAME.items() if intent.handler))
def test_every_reply_gets_every_value_its_response_needs(intent):
    handler = BY_NAME[intent].handler
    assert handler is not None
    for lang, moment, (slots, text) in itertools.product(("fr", "en"), _MOMENTS, _SITUATIONS):
        turn = Turn(lang=lang, now=moment.replace(tzinfo=MONTREAL), intent=intent, text=text,
                    slots=slots, intent_ranking=(("ask_fees", 0.5), ("ask_contact", 0.3)))
        for reply in handler(turn):
            needed = set(PLACEHOLDER.findall(SOURCES[reply.response][lang]))
            assert needed <= set(reply.values), (intent, lang, slots, reply.response, needed - set(reply.values))


def test_only_established_facts_are_said_and_unknowns_only_as_unknown():
    k = knowledge()
    assert fact_text(k, "fees.non_refundable", "en", "answer").startswith("fees paid are non-refundable")
    with pytest.raises(ValueError):
        fact_text(k, "unknown.processing_times", "en", "not_known")  # unknown: never stated as a fact
    assert not_known(k, "unknown.processing_times", "fr").startswith("Je ne connais pas")
    with pytest.raises(ValueError):
        not_known(k, "fees.non_refundable", "en")  # established: said, with its source


def test_responses_are_the_sources_with_their_language_variants():
    """domain.yml's responses are written from actions/responses/*.yml (`python -m actions.intents`)."""
    assert list(RESPONSES) == list(SOURCES)
    for name, spec in SOURCES.items():
        texts = {("en" if v.get("condition") else "fr"): v["text"] for v in RESPONSES[name]}
        assert texts == {"fr": spec["fr"], "en": spec["en"]}, name
        assert set(spec) <= {"fr", "en", "buttons", "fact_free", "frame", "file"}, name


@pytest.mark.slow  # a trained model or Rasa's own validator: `make test` only
def test_rasa_data_validate_passes_and_only_warns_about_responses_sent_by_actions():
    result = subprocess.run([str(BIN / "rasa"), "data", "validate"], cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    output = result.stdout + result.stderr
    warned = set(re.findall(r"The utterance '(utter_[a-z_]+)' is not used in any story or rule", output))
    assert warned <= referenced_in_python()
    # payload-only intents (the feedback buttons', actions/intents.py) have no training examples
    payload_only = [f"The intent '{name}' is listed in the domain file, but is not found in the NLU training data."
                    for name in names(payload_only=True)]
    other = [line for line in output.splitlines() if "UserWarning" in line and "is not used in any story or rule" not in line
             and not any(warning in line for warning in payload_only)]
    assert not other, other
