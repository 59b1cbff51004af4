"""The NLU sends the ruler's normalised values (rasa_server/nlu/ruler_entities.py), which the action server
reads as they are: "deux" is 2, "enfants" a child, the words staying at start/end."""
import pytest
from rasa.nlu.utils.spacy_utils import SpacyModel
from rasa.shared.nlu.constants import ENTITIES, TEXT
from rasa.shared.nlu.training_data.message import Message

from rasa_server.nlu.ruler_entities import RulerEntityExtractor
from tests.nlu_pipeline_fixture import PIPELINE, _nlp


@pytest.mark.parametrize(
    "text, expected",
    [
        ("how much for my wife and our two kids?",
         [("family_member", "spouse", "my wife"), ("number", "2", "two"), ("family_member", "child", "kids")]),
        ("ma conjointe de fait pis nos 3 enfants",
         [("family_member", "de_facto_spouse", "conjointe de fait"), ("number", "3", "3"),
          ("family_member", "child", "enfants")]),
        ("j'appelle de Montreal", [("caller_location", "montreal", "Montreal")]),
        ("je suis à l'étranger", [("caller_location", "outside", "à l'étranger")]),
        ("the IT stream, not AI", [("stream", "it_vfx", "IT"), ("stream", "ai", "AI")]),
        ("des jumeaux", [("number", "2", "jumeaux")]),
    ],
)
def test_entities_carry_the_ruler_ids_and_their_place(text, expected):
    model = SpacyModel(model=_nlp(), model_name=str(PIPELINE))
    message = Message({TEXT: text})
    RulerEntityExtractor(RulerEntityExtractor.get_default_config()).process([message], model)
    entities = message.get(ENTITIES)
    got = [(e["entity"], e["value"], text[e["start"]:e["end"]]) for e in entities]
    assert got == expected
    assert {e["extractor"] for e in entities} == {"RulerEntityExtractor"}
