"""The running Rasa server installed its patches, the log hook among them, when it started
(rasa_server/startup.py): its log says so, once."""

import pytest

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow


def test_the_server_says_it_installed_its_patches_once(servers, e2e_dir):
    log = (e2e_dir / f"rasa-{servers}.log").read_text()
    assert log.count("Rasa patched: action server replies validated by a validator built once") == 1, log[-3000:]
    assert "no message text in the logs above DEBUG" in log


def test_the_server_runs_without_tensorflow(servers, e2e_dir):
    """Started as every server of the project is (`python -m rasa_server.startup run`, tools/measuring/servers.py):
    the import guard kept TensorFlow out (rasa_server/patches/lazy_tensorflow.py)."""
    log = (e2e_dir / f"rasa-{servers}.log").read_text()
    assert "model loaded; TensorFlow not imported" in log, log[-3000:]
