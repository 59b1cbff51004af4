"""The intent registry (actions/intents.py) and everything that names intents agree: domain.yml,
the dialogue rules, the handlers, the topic titles, the NLU data and docs/intents.md. Adding an
intent anywhere but in the registry, or forgetting one of its parts, fails here."""
import re
import subprocess
from pathlib import Path

import pytest
import yaml

from actions import dispatch, followups, intents
from actions.feedback import FEEDBACK_INTENT
from actions.intents import BY_NAME, INTENTS, names
from pilot_program.wording import topic_titles
from tools.measuring.evaluation.examples import heldout

ROOT = Path(__file__).resolve().parent.parent
DOMAIN = yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))


def load(path: Path) -> dict:
    return yaml.safe_load(path.read_text(encoding="utf-8")) or {}


def rule_intents() -> set[str]:
    """Every intent a rule in data/rules/ starts from (in an `or:` or alone)."""
    found = set()
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        for rule in load(path).get("rules") or []:
            for step in rule.get("steps") or []:
                found.update(s["intent"] for s in [step, *(step.get("or") or [])] if "intent" in s)
    return found


def intents_with_examples(paths) -> set[str]:
    return {item["intent"] for path in paths for item in load(path).get("nlu") or [] if "intent" in item and item.get("examples")}


def test_names_are_unique():
    assert len(BY_NAME) == len(INTENTS)


@pytest.mark.parametrize("path", [intents.DOMAIN, intents.RULES], ids=lambda p: p.name)
def test_generated_files_are_up_to_date(path):
    expected = intents.generated()[path]
    assert path.read_text(encoding="utf-8") == expected, "run `python -m actions.intents`"


def test_domain_declares_the_registered_intents():
    assert set(DOMAIN["intents"]) == names(builtin=False)


def test_every_intent_is_answered_by_action_answer_and_no_other_rule_exists():
    assert rule_intents() == set(BY_NAME)
    for path in (ROOT / "data" / "rules").glob("*.yml"):
        for rule in load(path).get("rules") or []:
            assert [s.get("action") for s in rule["steps"] if "action" in s] == ["action_answer"], rule


def test_every_intent_has_a_handler_except_the_payload_only_ones():
    assert set(dispatch.INTENT_HANDLERS) == names(payload_only=False)
    assert all(callable(handler) for handler in dispatch.INTENT_HANDLERS.values())
    assert FEEDBACK_INTENT in names(payload_only=True)


def test_topics_have_titles_in_both_languages_and_nothing_else_has_one():
    titles = topic_titles()
    assert set(titles) == names(topic=True)
    assert all(set(title) == {"fr", "en"} and all(title.values()) for title in titles.values())


def test_every_intent_but_the_payload_only_ones_has_training_examples():
    assert intents_with_examples((ROOT / "data" / "nlu").glob("*.yml")) == names(payload_only=False, builtin=False)


@pytest.mark.parametrize("lang", ["en", "fr"])
def test_every_trained_intent_has_held_out_examples(lang):
    held_out = {example.intent for example in heldout(lang)}
    assert held_out == names(payload_only=False, builtin=False)


def test_every_intent_is_described_in_the_catalogue():
    """What the user wants, written with the intent's training data (or the registry for a button-only one)."""
    rows = re.findall(r"^\| `([a-z_]+)` \| ([^|]+) \|", intents.catalogue_file(), re.M)
    assert {name for name, wants in rows if wants.strip()} == names(builtin=False)


# What adding a program topic edits by hand (README, "Adding an intent"): its line in the registry, its handler,
# its responses and title (actions/responses/<theme>.yml), its training examples and their description
# (data/nlu/<theme>.yml), its held-out examples (tests/nlu_holdout/<theme>.yml). Every other file that
# names every topic must be written from those.
GENERATED = {"domain.yml", "data/rules/answers.yml", "docs/intents-catalogue.md"}
HAND_EDITED_FOR_A_TOPIC = ("actions/intents.py", "actions/answers/", "actions/responses/", "data/nlu/", "tests/nlu_holdout/")


def test_adding_a_topic_edits_at_most_five_files_by_hand():
    topics = names(topic=True)
    listing_them_all = []
    tracked = subprocess.run(["git", "ls-files"], cwd=ROOT, capture_output=True, text=True, check=True).stdout
    for relative in tracked.split():
        path = ROOT / relative
        if not path.is_file() or relative.startswith("tests/") or path.suffix in (".png", ".svg", ".ico"):
            continue
        text = path.read_text(encoding="utf-8", errors="ignore")
        if all(re.search(rf"\b{topic}\b", text) for topic in topics):
            listing_them_all.append(relative)
    assert set(listing_them_all) <= GENERATED | {"actions/intents.py"}, listing_them_all
    assert len(HAND_EDITED_FOR_A_TOPIC) <= 5


def test_follow_up_details_exist_and_follow_ups_go_to_a_sourced_topic():
    for intent in INTENTS:
        assert intent.follow_up <= set(followups.DETAILS), intent.name
        if intent.follow_up:
            assert intent.sourced, intent.name
        if intent.answered_as:
            assert intent.follow_up and BY_NAME[intent.answered_as].sourced, intent.name


def test_replies_and_payloads_are_not_topics():
    assert not names(topic=True) & (names(reply=True) | names(contentless=True) | names(payload_only=True))
