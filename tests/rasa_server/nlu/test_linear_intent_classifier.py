"""The intent classifier component on its own: trains, persists, loads and predicts like Rasa's."""
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import INTENT, INTENT_RANKING_KEY, TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from pilot_program.text import fold
from rasa_server.nlu.linear_intent_classifier import LinearIntentClassifier

EXAMPLES = {
    "ask_fees": ["combien ça coûte pour ajouter ma femme", "how much to add my wife", "frais pour un enfant",
                 "what is the fee per child", "c'est combien pour mon mari", "cost to add my husband"],
    "ask_hours": ["à quelle heure ouvre le centre", "when is the line open", "heures d'ouverture",
                  "are you open on saturday", "le centre est ouvert quand", "opening hours please"],
    "greet": ["bonjour", "hello", "salut", "hi there", "allo", "good morning"],
}


def training_data() -> TrainingData:
    return TrainingData([Message(data={TEXT: text, INTENT: intent}) for intent, texts in EXAMPLES.items()
                         for text in texts])


@pytest.fixture
def trained(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("linear_intent_classifier")
    context = ExecutionContext(graph_schema=None, model_id="test")
    classifier = LinearIntentClassifier.create({"calibration_folds": 2}, storage, resource, context)
    classifier.train(training_data())
    return LinearIntentClassifier.load({"calibration_folds": 2}, storage, resource, context)


def parse(classifier, text):
    message = Message(data={TEXT: text})
    classifier.process([message])
    return message


def test_folds_case_and_accents():
    assert fold("Délai À Québec") == "delai a quebec"


@pytest.mark.parametrize("text, intent", [
    ("Combien ca coute pour ajouter ma conjointe?", "ask_fees"),
    ("what's the fee to add my husband", "ask_fees"),
    ("Le centre ouvre a quelle heure?", "ask_hours"),
    ("Salut!", "greet"),
])
def test_a_loaded_model_predicts_the_intent_with_a_ranking(trained, text, intent):
    message = parse(trained, text)
    ranking = message.get(INTENT_RANKING_KEY)
    assert message.get(INTENT)["name"] == intent
    assert [r["name"] for r in ranking][0] == intent
    assert sorted({r["name"] for r in ranking}) == sorted(EXAMPLES)
    confidences = [r["confidence"] for r in ranking]
    assert confidences == sorted(confidences, reverse=True) and abs(sum(confidences) - 1) < 1e-6


def test_blank_text_gets_no_intent_so_the_fallback_classifier_can_take_it(trained):
    message = parse(trained, "   ")
    assert message.get(INTENT) == {"name": None, "confidence": 0.0}
    assert message.get(INTENT_RANKING_KEY) == []


def test_an_untrained_resource_loads_and_predicts_nothing(tmp_path):
    storage = LocalModelStorage(tmp_path)
    context = ExecutionContext(graph_schema=None, model_id="test")
    classifier = LinearIntentClassifier.load({}, storage, Resource("never_trained"), context)
    assert parse(classifier, "bonjour").get(INTENT) == {"name": None, "confidence": 0.0}


def test_each_clause_of_a_message_is_classified_with_its_place_not_its_text(trained):
    text = "Combien ca coute pour ajouter ma conjointe? Le centre ouvre a quelle heure?"
    clauses = parse(trained, text).get("clauses")
    assert [(text[c["start"]:c["end"]], c["intent"]) for c in clauses] == [
        ("Combien ca coute pour ajouter ma conjointe?", "ask_fees"), ("Le centre ouvre a quelle heure?", "ask_hours")]
    assert all(0 < c["confidence"] <= 1 and set(c) == {"start", "end", "intent", "confidence"} for c in clauses)
    assert parse(trained, "Salut!").get("clauses") == []  # one clause: the message itself


# rasa_server/nlu/fast_proba.py: scikit-learn's probabilities without its per-call overheads, bit for bit.
def test_the_loaded_classifier_predicts_without_scikit_learn_s_overheads_and_the_same_numbers(trained):
    import numpy as np

    from rasa_server.nlu.fast_proba import FastProba

    assert isinstance(trained._fast, FastProba)
    texts = [text for texts in EXAMPLES.values() for text in texts] + ["", "zzz", "Combien? Quand? Où?"]
    assert np.array_equal(trained._fast.predict_proba(texts), trained._pipeline.predict_proba(texts))


@pytest.mark.slow  # the trained model
def test_the_project_s_model_gives_the_same_probabilities_on_every_held_out_question(tmp_path):
    import numpy as np

    from tests.servers import MODEL
    from tools.measuring.bench.conversations import holdout_questions

    (tmp_path / "storage").mkdir()
    storage, metadata = LocalModelStorage.from_model_archive(tmp_path / "storage", MODEL)
    node = next(node for node in metadata.predict_schema.nodes.values() if node.uses is LinearIntentClassifier)
    component = LinearIntentClassifier.load(node.config, storage, node.resource, ExecutionContext(None, "test"))
    texts = [*holdout_questions("fr"), *holdout_questions("en")]
    assert len(texts) > 500 and component._fast is not None
    assert np.array_equal(component._fast.predict_proba(texts), component._pipeline.predict_proba(texts))
    for text in texts[:50]:  # one at a time, as messages come
        assert np.array_equal(component._fast.predict_proba([text]), component._pipeline.predict_proba([text]))


def test_a_pipeline_of_another_shape_keeps_scikit_learn_s_own_path():
    from sklearn.feature_extraction.text import TfidfVectorizer
    from sklearn.linear_model import LogisticRegression
    from sklearn.pipeline import Pipeline

    from rasa_server.nlu.fast_proba import FastProba

    other = Pipeline([("features", TfidfVectorizer()), ("classifier", LogisticRegression())])
    assert FastProba.from_pipeline(other) is None
