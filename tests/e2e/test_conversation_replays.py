"""The conversations of tests/conversations/ (realistic FR and EN stories, each user message labelled with
its intent), replayed through the REST channel and the real servers: every message gets a reply, and a
message about a program topic gets an answer, not the "I'm not sure I understood" fallback nor the apology.

These replace `rasa test core --e2e` on the same stories, which could only check the intents: every
action there was action_answer, whatever the answer said."""
from pathlib import Path

import pytest
import yaml

from actions.domain_responses import sources
from actions.intents import names
from tests.e2e.conftest import new_sender, post, text_of

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

STORIES = Path(__file__).resolve().parents[1] / "conversations"
TOPICS = names(sourced=True)
NOT_UNDERSTOOD = [sources()["utter_fallback_suggest"][lang] for lang in ("fr", "en")]
APOLOGY = [sources()["utter_technical_problem"][lang].split("{")[0].strip() for lang in ("fr", "en")]


def stories() -> list[tuple[str, list[tuple[str, str]]]]:
    found = []
    for path in sorted(STORIES.glob("*.yml")):
        for story in yaml.safe_load(path.read_text(encoding="utf-8"))["stories"]:
            turns = [(step["user"].strip(), step.get("intent", "")) for step in story["steps"] if "user" in step]
            found.append((f"{path.stem}: {story['story']}", turns))
    return found


def test_there_are_conversations_in_both_languages():
    assert len(stories()) >= 40
    assert {path.stem for path in STORIES.glob("*.yml")} >= {"happy_paths_en", "happy_paths_fr"}


@pytest.mark.parametrize("name, turns", stories(), ids=[name for name, _ in stories()])
def test_every_message_of_the_conversation_is_answered(servers, name, turns):
    sender = new_sender()
    for text, intent in turns:
        reply = text_of(post(servers, sender, text))
        assert reply.strip(), (name, text)
        assert not any(apology and apology in reply for apology in APOLOGY), (name, text, reply)
        if intent in TOPICS:
            assert not any(fallback in reply for fallback in NOT_UNDERSTOOD), (name, text, reply)
