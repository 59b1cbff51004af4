"""The Rasa process's patches (server_checks/startup.py) are installed when the server starts,
whichever project channels it has, and when the model is loaded in-process: each case runs in a
fresh process, which reports whether Rasa was patched before and after."""
import subprocess
import sys

import pytest
import yaml

from tests.servers import ROOT, server_env

REPORT = """
def patched():
    from rasa.core.actions.action import RemoteAction
    from rasa.core.nlg import interpolator

    return (RemoteAction._validate_action_result.__module__ == "components.action_result_validation"
            and interpolator.interpolate_text.__module__ == "server_checks.payloads")

print("before", patched())
"""

START_SERVER = REPORT + """
import sys
import rasa.core.run

# what `rasa run` does before it listens: the channels from the credentials file, then their routes
for channel in rasa.core.run.create_http_input_channels(None, sys.argv[1]):
    channel.blueprint(lambda message: None)
print("after", patched())
"""

LOAD_IN_PROCESS = REPORT + """
from rasa.core.agent import Agent

from evaluation.predict import load_agent

Agent.load = staticmethod(lambda path: None)  # what is loaded does not matter here
load_agent("models/pp.tar.gz")
print("after", patched())
"""


def run(code: str, *args: str) -> str:
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=server_env(None),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return result.stdout


def credentials_with_only(tmp_path, channel: str):
    path = tmp_path / "credentials.yml"
    path.write_text(yaml.safe_dump({channel: None}))
    return path


@pytest.mark.parametrize("credentials", ["public", "channels.rest.GuardedRestInput", "channels.health.HealthInput"])
def test_rasa_is_patched_when_the_server_builds_its_channels(tmp_path, credentials):
    path = ROOT / "credentials.yml" if credentials == "public" else credentials_with_only(tmp_path, credentials)
    assert run(START_SERVER, str(path)).split() == ["before", "False", "after", "True"]


def test_rasa_is_patched_when_the_model_is_loaded_in_process():
    assert run(LOAD_IN_PROCESS).split() == ["before", "False", "after", "True"]
