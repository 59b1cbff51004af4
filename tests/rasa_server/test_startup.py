"""The Rasa process's patches (rasa_server/startup.py), the log hook that keeps message text out
of its logs (privacy/logs.py) among them, are installed when Rasa's command line runs through the
project's entry points and when the model is loaded in-process, and the channels refuse to be built
without them: each case runs in a fresh process, which reports before and after whether Rasa was
patched and whether the log hook is in place."""
import subprocess
import sys

import pytest
import yaml

from tests.servers import ROOT, server_env

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

REPORT = """
def patched():
    from rasa.core.actions.action import RemoteAction
    from rasa.core.nlg import interpolator
    from rasa.core.nlg.response import TemplatedNaturalLanguageGenerator

    return (RemoteAction._validate_action_result.__module__ == "rasa_server.patches.action_result_validation"
            and interpolator.interpolate_text.__module__ == "rasa_server.patches.payloads"
            and TemplatedNaturalLanguageGenerator.generate.__module__ == "rasa_server.patches.reply_variant")


def log_hook():
    import logging

    import structlog

    processors = structlog.get_config()["processors"]
    return (getattr(logging.getLogRecordFactory(), "pp_privacy", False)
            and bool(processors) and processors[0].__module__ == "privacy.logs")


print("before", patched(), log_hook())
"""

START_SERVER = REPORT + """
import logging
import sys

import rasa.core.run
from rasa.utils.log_utils import configure_structlog

# what `rasa run` does before it listens: Rasa's main sets up structlog, then the channels from the
# credentials file are built, then their routes
configure_structlog(logging.WARNING)
for channel in rasa.core.run.create_http_input_channels(None, sys.argv[1]):
    channel.blueprint(lambda message: None)
print("after", patched(), log_hook())
"""

COMMAND_LINE = REPORT + """
import runpy
import sys

import rasa.cli.shell


def shell(_args):  # instead of the conversation: what the command runs with
    print("after", patched(), log_hook())


rasa.cli.shell.shell = shell  # looked up when Rasa's main builds its parser
sys.argv = ["rasa", "shell"]
entry = {entry!r}
if entry.endswith(".py"):
    runpy.run_path(entry, run_name="__main__")
else:
    runpy.run_module(entry, run_name="__main__", alter_sys=True)
"""

LOAD_IN_PROCESS = REPORT + """
from rasa.core.agent import Agent

from tools.measuring.evaluation.predict import load_agent

Agent.load = staticmethod(lambda path: None)  # what is loaded does not matter here
load_agent("models/pp.tar.gz")
print("after", patched(), log_hook())
"""

BEFORE_AFTER = [["before", "False", "False"], ["after", "True", "True"]]


def run(code: str, *args: str) -> list[list[str]]:
    """The process's report lines ("before"/"after" and the two answers); Rasa may log around them."""
    result = subprocess.run([sys.executable, "-c", code, *args], cwd=ROOT, env=server_env(None),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return [line.split() for line in result.stdout.splitlines() if line.startswith(("before ", "after "))]


def credentials_with_only(tmp_path, channel: str):
    path = tmp_path / "credentials.yml"
    path.write_text(yaml.safe_dump({channel: None}))
    return path


CHANNELS = ["public", "rasa_server.channels.rest.GuardedRestInput", "rasa_server.channels.health.HealthInput"]


@pytest.mark.parametrize("credentials", CHANNELS)
def test_the_channels_refuse_a_server_that_did_not_start_through_the_hook(tmp_path, credentials):
    """A plain `rasa run`: it stops while building its channels, saying how to start, instead of serving unpatched."""
    path = ROOT / "credentials.yml" if credentials == "public" else credentials_with_only(tmp_path, credentials)
    result = subprocess.run([sys.executable, "-c", START_SERVER, str(path)], cwd=ROOT, env=server_env(None),
                            capture_output=True, text=True, timeout=300)
    assert result.returncode != 0
    assert "python -m rasa_server.startup run" in result.stderr and "StartupRefused" in result.stderr


@pytest.mark.parametrize("credentials", CHANNELS)
def test_the_channels_are_built_once_the_hook_has_run(tmp_path, credentials):
    path = ROOT / "credentials.yml" if credentials == "public" else credentials_with_only(tmp_path, credentials)
    hooked = START_SERVER.replace('print("before", patched(), log_hook())',
                                  'print("before", patched(), log_hook())\n'
                                  'from rasa_server.startup import install_patches\ninstall_patches()')
    assert run(hooked, str(path)) == BEFORE_AFTER


@pytest.mark.parametrize("entry", ["rasa_server.startup", "tools/scripts/quiet_rasa.py"])
def test_rasa_is_patched_when_its_command_line_runs_through_the_project(entry):
    """`make run` (tools/scripts/quiet_rasa.py, or `python -m rasa_server.startup` with VERBOSE=1) and the
    conversation tests' `rasa test`: the patches first, then Rasa's main, which sets up structlog anew."""
    assert run(COMMAND_LINE.format(entry=entry)) == BEFORE_AFTER


def test_rasa_is_patched_when_the_model_is_loaded_in_process():
    assert run(LOAD_IN_PROCESS) == BEFORE_AFTER
