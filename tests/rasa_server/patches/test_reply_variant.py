"""A reply is written in the language the action sends with it, though Rasa renders it before it applies
the action's slots (rasa_server/patches/reply_variant.py). Fails if a Rasa upgrade changes how it picks a variant."""
import asyncio

from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator
from rasa.shared.core.domain import Domain
from rasa.shared.core.trackers import DialogueStateTracker

from rasa_server.patches import reply_variant

DOMAIN = Domain.from_yaml("""
version: "3.1"
slots:
  language:
    type: categorical
    values: [fr, en]
    mappings: [{type: custom}]
responses:
  utter_hello:
    - condition: [{type: slot, name: language, value: en}]
      text: "Hello {name}"
    - text: "Bonjour {name}"
""")


def generate(lang=None):
    tracker = DialogueStateTracker.from_events("someone", [], slots=DOMAIN.slots)
    tracker.update_with_events([], DOMAIN)
    nlg = TemplatedNaturalLanguageGenerator(DOMAIN.responses)
    kwargs = {"name": "Ana", **({"lang": lang} if lang else {})}
    return asyncio.run(nlg.generate("utter_hello", tracker, "rest", **kwargs))["text"]


def test_the_language_sent_with_a_reply_chooses_its_variant():
    reply_variant.install()
    assert generate("en") == "Hello Ana"  # the slot still says French (None): the reply's own language wins
    assert generate("fr") == "Bonjour Ana"
    assert generate() == "Bonjour Ana"  # no language sent: the slot's (here the default variant)
