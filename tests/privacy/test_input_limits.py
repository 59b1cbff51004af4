"""Typed intent payloads (only those the assistant offers) and counts in a sane range."""
from __future__ import annotations

from datetime import datetime

import pytest
import yaml

from actions.slots import CHILDREN_COUNT_RANGE
from pilot_program.locales import MONTREAL
from pilot_program.wording import topic_titles
from rasa_server.nlu.typed_payloads import DOMAIN, as_text, canonical, is_offered, offered
from tests.actions.conftest import stated

NOW = datetime(2026, 11, 22, 10, 0, tzinfo=MONTREAL)


def _updates(text, intent="inform", requested=None):
    return stated(text, intent, requested, now=NOW)


def test_every_button_of_the_domain_and_every_topic_button_is_offered():
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    buttons = [b["payload"] for variants in domain["responses"].values() for v in variants for b in v.get("buttons", [])]
    topics = topic_titles()
    assert buttons and topics
    for payload in buttons + [f"/{name}" for name in topics]:
        assert is_offered(payload), payload
    switches = {canonical(f'/switch_language{{"language": "{lang}"}}') for lang in domain["slots"]["language"]["values"]}
    expected = {canonical(p) for p in buttons} | {canonical(f"/{n}") for n in topics} | switches | {("restart", "{}")}
    assert offered() == expected


def test_the_widgets_own_payloads_are_offered():
    """web/src/widget.js sends `/switch_language{"language": "${target}"}` from its switch button."""
    import re

    from tests.servers import ROOT

    source = (ROOT / "web" / "src" / "widget.js").read_text(encoding="utf-8")
    templates = re.findall(r"this\.send\(`(/[^`]*)`", source)
    assert templates
    for template in templates:
        for lang in ("fr", "en"):
            assert is_offered(template.replace("${target}", lang)), template


@pytest.mark.parametrize("payload", [
    '/inform{"number": "2"}',
    '/inform{"number":"2"}',  # spacing of the JSON does not matter
    "  /affirm ",
    "/deny",
    "/ask_fees",
    "/restart",  # Rasa's own command: typed, it still starts over
])
def test_offered_payloads_pass_unchanged(payload):
    assert as_text(payload) == payload


@pytest.mark.parametrize("payload, understood_as", [
    ('/ask_fees{"number": "20000000000000000000"}', 'ask_fees{"number": "20000000000000000000"}'),
    ('/inform{"family_member": "child", "number": "9"}', 'inform{"family_member": "child", "number": "9"}'),
    ('/inform{"family_member": "cousin"}', 'inform{"family_member": "cousin"}'),
    ('/inform{"children_count": 1e18}', 'inform{"children_count": 1e18}'),
    ("/affirm@0.01", "affirm@0.01"),
    ('/ask_fees{"number": ', 'ask_fees{"number": '),
    ("/session_start", "session_start"),
    ("/action_restart", "action_restart"),
    ("//etc/passwd", "etc/passwd"),
    ("/", " "),
    ("/ ", " "),
    ("/nlu_fallback", "nlu_fallback"),
])
def test_other_payloads_are_read_as_text(payload, understood_as):
    assert not is_offered(payload)
    assert as_text(payload) == understood_as


@pytest.mark.parametrize("text", ["combien pour mes enfants?", "I have 3 kids", "1/2", "a/b", "50/50"])
def test_ordinary_text_is_untouched(text):
    assert as_text(text) == text


def test_the_count_range_is_the_domains_slot_range():
    domain = yaml.safe_load(DOMAIN.read_text(encoding="utf-8"))
    slot = domain["slots"]["children_count"]
    assert CHILDREN_COUNT_RANGE == (slot["min_value"], slot["max_value"]) == (0, 20)


@pytest.mark.parametrize("text, intent, requested", [
    ("I have 10^18 children, how much?", "ask_fees", None),
    ("how much for 1000000000000000000 children?", "ask_fees", None),
    ("combien pour mes 1e18 enfants", "ask_fees", None),
    ("1000000000000000000", "inform", "children_count"),
    ("21", "inform", "children_count"),
    ("10**18", "inform", "children_count"),
])
def test_an_absurd_count_is_no_count(text, intent, requested):
    assert _updates(text, intent, requested).get("children_count") is None


@pytest.mark.parametrize("text, intent, requested, count", [
    ("20", "inform", "children_count", 20),
    ("0", "inform", "children_count", 0),
    ("my wife and our 3 kids", "ask_fees", None, 3),
    ("mes deux enfants", "ask_fees", None, 2),
])
def test_counts_in_range_are_kept(text, intent, requested, count):
    assert _updates(text, intent, requested).get("children_count") == count
