"""The model archive must match its recorded SHA-256 before the server loads it."""
import hashlib
import shutil

import pytest

from rasa_server.checks import StartupRefused, model_checksum


@pytest.fixture
def model(tmp_path, monkeypatch):
    monkeypatch.delenv(model_checksum.ENV, raising=False)
    path = tmp_path / "pp.tar.gz"
    path.write_bytes(b"pretend archive")
    return path


def test_a_model_matching_its_record_passes(model):
    record = model_checksum.record(model)
    assert record.read_text() == f"{hashlib.sha256(b'pretend archive').hexdigest()}  pp.tar.gz\n"
    assert model_checksum.verify(str(model)) == model


def test_a_replaced_model_is_refused(model):
    model_checksum.record(model)
    model.write_bytes(b"someone else's archive")
    with pytest.raises(StartupRefused, match="does not match its recorded SHA-256"):
        model_checksum.verify(str(model))


def test_a_model_without_a_record_is_refused(model):
    with pytest.raises(StartupRefused, match="no recorded SHA-256"):
        model_checksum.verify(str(model))


def test_the_environment_wins_over_the_file_next_to_the_model(model, monkeypatch):
    model_checksum.record(model)
    monkeypatch.setenv(model_checksum.ENV, "0" * 64)  # e.g. from the deployment's manifest
    with pytest.raises(StartupRefused):
        model_checksum.verify(str(model))
    monkeypatch.setenv(model_checksum.ENV, hashlib.sha256(b"pretend archive").hexdigest().upper())
    model_checksum.sidecar(model).unlink()
    assert model_checksum.verify(str(model)) == model


def test_a_folder_checks_the_archive_rasa_would_load(model):
    model_checksum.record(model)
    assert model_checksum.verify(str(model.parent)) == model


@pytest.fixture
def pipeline(model, monkeypatch):
    """A spaCy pipeline folder that the model's configuration names (here by hand: see the next test
    for the real model's configuration)."""
    folder = model.parent / "pp_pipeline"
    (folder / "entity_ruler").mkdir(parents=True)
    (folder / "meta.json").write_text('{"lang": "fr"}')
    (folder / "entity_ruler" / "patterns.jsonl").write_text('{"label": "number", "pattern": "deux", "id": "2"}\n')
    monkeypatch.delenv(model_checksum.PIPELINE_ENV, raising=False)
    monkeypatch.setattr(model_checksum, "pipeline_folders", lambda _model: [str(folder)])
    return folder


def test_the_spacy_pipeline_the_model_loads_is_covered_too(model, pipeline):
    """The archive does not hold the pipeline: a changed pattern would change every answer unseen."""
    assert f"spacy:{pipeline}" in model_checksum.record(model).read_text()
    assert model_checksum.verify(str(model)) == model
    (pipeline / "entity_ruler" / "patterns.jsonl").write_text('{"label": "number", "pattern": "deux", "id": "9"}\n')
    with pytest.raises(StartupRefused, match="spaCy pipeline .* does not match its recorded SHA-256"):
        model_checksum.verify(str(model))


@pytest.mark.parametrize("change", ["added file", "renamed file"])
def test_a_file_added_to_or_renamed_in_the_pipeline_is_refused(model, pipeline, change):
    model_checksum.record(model)
    if change == "added file":
        (pipeline / "entity_ruler" / "extra.jsonl").write_text("{}")
    else:
        (pipeline / "meta.json").rename(pipeline / "meta2.json")
    with pytest.raises(StartupRefused, match="spaCy pipeline"):
        model_checksum.verify(str(model))


def test_a_pipeline_without_a_record_is_refused_and_the_environment_can_give_it(model, pipeline, monkeypatch):
    model.with_name("pp.tar.gz.sha256").write_text(f"{hashlib.sha256(b'pretend archive').hexdigest()}  pp.tar.gz\n")
    with pytest.raises(StartupRefused, match="no recorded SHA-256 for the spaCy pipeline"):
        model_checksum.verify(str(model))
    monkeypatch.setenv(model_checksum.PIPELINE_ENV, model_checksum.tree_sha256(pipeline))
    assert model_checksum.verify(str(model)) == model


@pytest.mark.slow  # a trained model or Rasa's own validator: `make test` only
def test_the_real_model_names_its_pipeline_and_its_record_covers_it(tmp_path, monkeypatch):
    """The trained model (make setup), copied with its pipeline: the check reads the folder from the
    archive's own configuration. Needs the model: not part of `make test-unit`."""
    from tests.servers import MODEL, ROOT

    shutil.copy(MODEL, tmp_path / "pp.tar.gz")
    folder = "rasa_server/nlu/pipeline/build/pp_pipeline"
    shutil.copytree(ROOT / folder, tmp_path / folder)
    monkeypatch.chdir(tmp_path)  # the configuration names the folder relative to where the server runs
    for variable in (model_checksum.ENV, model_checksum.PIPELINE_ENV):
        monkeypatch.delenv(variable, raising=False)
    assert model_checksum.pipeline_folders(tmp_path / "pp.tar.gz") == [folder]
    model_checksum.record(tmp_path / "pp.tar.gz")
    model_checksum.verify(str(tmp_path / "pp.tar.gz"))
    with (tmp_path / folder / "entity_ruler" / "patterns.jsonl").open("a") as patterns:
        patterns.write('{"label": "number", "pattern": [{"LOWER": "deux"}], "id": "9"}\n')
    with pytest.raises(StartupRefused, match="spaCy pipeline"):
        model_checksum.verify(str(tmp_path / "pp.tar.gz"))
