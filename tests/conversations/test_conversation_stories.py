"""Runs the conversation tests (tests/conversations/*.yml) end to end: the model reads each user
message (--e2e: intents are checked, not taken from the story) and predicts each action; any
wrong intent or action fails (--fail-on-prediction-errors)."""
import subprocess
from pathlib import Path

import yaml

from tests.servers import BIN, MODEL, ROOT, action_server, write_endpoints

STORIES = Path(__file__).resolve().parent


def count_stories() -> int:
    return sum(len(yaml.safe_load(p.read_text()).get("stories", [])) for p in STORIES.glob("*.yml"))


def test_conversation_stories(tmp_path):
    assert count_stories() >= 40
    with action_server(tmp_path) as port:
        endpoints = write_endpoints(tmp_path, port, None)
        result = subprocess.run(
            # Rasa's command line with the server's patches (server_checks/startup.py), as the server has them
            [str(BIN / "python"), "-m", "server_checks.startup", "test", "core", "--model", str(MODEL), "--stories", str(STORIES),
             "--endpoints", str(endpoints), "--e2e", "--fail-on-prediction-errors", "--out", str(tmp_path / "results"),
             "--no-plot"],
            cwd=ROOT, capture_output=True, text=True, timeout=900)
    failed = (tmp_path / "results" / "failed_test_stories.yml")
    details = failed.read_text() if failed.exists() else ""
    assert result.returncode == 0, f"{result.stdout[-4000:]}\n{result.stderr[-4000:]}\n{details[-6000:]}"
