"""The model archive must match its recorded SHA-256 before the server loads it."""
import hashlib

import pytest

from server_checks import StartupRefused, model_checksum


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
