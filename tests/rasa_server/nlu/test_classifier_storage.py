"""The intent classifier is stored without pickle and predicts the same after a save and load."""
import json
from pathlib import Path

import numpy as np
import pytest
from rasa.engine.graph import ExecutionContext
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource

from rasa_server.nlu import classifier_storage
from rasa_server.nlu.linear_intent_classifier import LinearIntentClassifier, build_pipeline
from tests.rasa_server.nlu.test_linear_intent_classifier import EXAMPLES, training_data

CONFIG = {**LinearIntentClassifier.get_default_config(), "calibration_folds": 2}
UNSEEN = ["combien pour ajouter mon conjoint et deux enfants", "is the office open tomorrow morning",
          "allo!", "Délai?", "zzzz qwerty", "", "what's up", "frais d'ouverture du centre"]


@pytest.fixture
def saved(tmp_path):
    storage = LocalModelStorage(tmp_path)
    resource = Resource("classifier")
    context = ExecutionContext(graph_schema=None, model_id="test")
    trained = LinearIntentClassifier.create(CONFIG, storage, resource, context)
    trained.train(training_data())
    with storage.read_from(resource) as directory:
        files = {path.name: path.read_bytes() for path in Path(directory).iterdir()}
    loaded = LinearIntentClassifier.load(CONFIG, storage, resource, context)
    return trained, loaded, files, storage, resource, context


def test_probabilities_are_identical_after_a_save_and_load(saved):
    trained, loaded, *_ = saved
    before = trained._pipeline.predict_proba(UNSEEN)
    after = loaded._pipeline.predict_proba(UNSEEN)
    assert list(loaded._pipeline.classes_) == sorted(EXAMPLES)
    np.testing.assert_array_equal(before, after)


def test_only_plain_arrays_and_json_are_written_and_nothing_unpickles(saved):
    _, _, files, *_ = saved
    assert sorted(files) == sorted([classifier_storage.ARRAYS_FILE, classifier_storage.TEXTS_FILE])
    for content in files.values():
        assert not content.startswith(b"\x80"), "a pickle stream"
    texts = json.loads(files[classifier_storage.TEXTS_FILE])
    assert texts["classes"] == sorted(EXAMPLES)


def test_training_ngrams_dropped_by_min_df_are_not_stored(saved):
    """CVE-2024-5206: scikit-learn 1.1 keeps them in stop_words_; they must not reach the model."""
    trained, _, files, *_ = saved
    chars = trained._pipeline.named_steps["features"].transformer_list[1][1]
    dropped = chars.stop_words_
    assert dropped, "the training data should have rare n-grams for this test to mean something"
    stored = set(json.loads(files[classifier_storage.TEXTS_FILE])["vocabularies"][1])
    assert stored and not dropped & stored
    assert b"stop_words" not in b"".join(files.values())


class Payload:
    def __reduce__(self):
        return (Path("/tmp/pwned-by-model").touch, ())


def test_a_pickled_object_planted_in_the_arrays_is_refused_not_run(saved, tmp_path):
    _, _, _, storage, resource, context = saved
    with storage.read_from(resource) as directory:
        arrays_file = Path(directory) / classifier_storage.ARRAYS_FILE
        with np.load(arrays_file) as stored:
            arrays = {name: stored[name] for name in stored.files}
        arrays["coef"] = np.array([Payload()], dtype=object)
        np.savez(arrays_file, **arrays)  # an object array: numpy writes it as a pickle
        assert b"pwned-by-model" in arrays_file.read_bytes()  # the payload is in the file
    Path("/tmp/pwned-by-model").unlink(missing_ok=True)
    with pytest.raises(classifier_storage.ModelFormatError):
        LinearIntentClassifier.load(CONFIG, storage, resource, context)
    assert not Path("/tmp/pwned-by-model").exists()


@pytest.mark.parametrize("damage", ["truncate_vocabulary", "bad_json", "wrong_format"])
def test_a_damaged_model_fails_to_load_instead_of_predicting_nothing(saved, damage):
    _, _, _, storage, resource, context = saved
    with storage.read_from(resource) as directory:
        texts_file = Path(directory) / classifier_storage.TEXTS_FILE
        texts = json.loads(texts_file.read_text())
        if damage == "truncate_vocabulary":
            texts["vocabularies"][1] = texts["vocabularies"][1][:-3]
        elif damage == "wrong_format":
            texts["format"] = 99
        texts_file.write_text("{not json" if damage == "bad_json" else json.dumps(texts))
    with pytest.raises(classifier_storage.ModelFormatError):
        LinearIntentClassifier.load(CONFIG, storage, resource, context)


def test_load_rebuilds_from_the_configuration_it_was_trained_with(saved):
    _, loaded, *_ = saved
    words, chars = [v for _, v in loaded._pipeline.named_steps["features"].transformer_list]
    reference = build_pipeline(CONFIG).named_steps["features"].transformer_list[1][1]
    assert chars.get_params()["ngram_range"] == reference.get_params()["ngram_range"]
    assert words.vocabulary_ and chars.vocabulary_


@pytest.mark.slow  # a trained model or Rasa's own validator: `make test` only
def test_the_trained_model_archive_holds_no_pickle():
    """Every file of models/pp.tar.gz (built by `make setup`): JSON, YAML, numpy arrays, spaCy's files."""
    import io
    import tarfile

    from tests.servers import MODEL

    with tarfile.open(MODEL) as archive:
        members = [m for m in archive.getmembers() if m.isfile()]
        assert any(m.name.endswith(classifier_storage.ARRAYS_FILE) for m in members)
        for member in members:
            content = archive.extractfile(member).read()
            assert not member.name.endswith((".pkl", ".pickle", ".joblib")), member.name
            assert not content.startswith(b"\x80"), f"{member.name} is a pickle stream"
            if member.name.endswith(".npz"):
                with np.load(io.BytesIO(content), allow_pickle=False) as arrays:
                    assert all(arrays[name].dtype != object for name in arrays.files)
