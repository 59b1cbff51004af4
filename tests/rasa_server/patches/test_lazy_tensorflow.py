"""The Rasa server runs without TensorFlow (rasa_server/patches/lazy_tensorflow.py): about 370 MB and 2 s of start-up.

Each case runs in a fresh process, as the server does: the project's entry point first, then Rasa's core,
the model, a parsed message and a predicted action. If a Rasa upgrade opens another road to TensorFlow,
the first test fails and names the module that imported it."""
import subprocess
import sys

import pytest

from tests.servers import MODEL, ROOT, server_env

WHO_IMPORTS_TENSORFLOW = """
import importlib.abc
import sys
import traceback


class Watch(importlib.abc.MetaPathFinder):
    def find_spec(self, name, path=None, target=None):
        if name == "tensorflow" and not getattr(self, "seen", False):
            self.seen = True
            where = [f"{frame.filename}:{frame.lineno}" for frame in traceback.extract_stack()
                     if "importlib" not in frame.filename][-6:]
            print("tensorflow imported from", " < ".join(reversed(where)))
        return None


sys.meta_path.insert(0, Watch())
"""

SERVE_ONE_MESSAGE = WHO_IMPORTS_TENSORFLOW + """
import asyncio

from rasa_server.startup import install_patches

install_patches()  # what `python -m rasa_server.startup run` does first

import rasa.core.run  # noqa: E402  (what `rasa run` imports next)
from rasa.core.agent import load_agent  # noqa: E402
from rasa.core.channels.channel import UserMessage  # noqa: E402


async def main():
    agent = await load_agent(model_path=MODEL_PATH)
    parsed = await agent.parse_message("combien pour ajouter ma conjointe et mes deux enfants?")
    tracker = await agent.log_message(UserMessage("combien pour ajouter ma conjointe et mes deux enfants?", sender_id="s"))
    scores = agent.processor.predict_next_with_tracker(tracker)["scores"]
    print("intent", parsed["intent"]["name"], "action", max(scores, key=lambda s: s["score"])["action"])


asyncio.run(main())
print("tensorflow in the process:", "tensorflow" in sys.modules)
"""

DEFERRED_STILL_WORKS = """
import sys

from rasa_server.patches import lazy_tensorflow

lazy_tensorflow.install()
import rasa.utils.train_utils as train_utils  # noqa: E402

print("deferred:", type(train_utils).__name__, "tensorflow" in sys.modules)
config = train_utils.update_similarity_type({"similarity_type": "auto", "loss_type": "cross_entropy"})
print("used:", config["similarity_type"], type(train_utils).__name__, "tensorflow" in sys.modules)
"""

TRAINING_GRAPH = """
import json
import tarfile

from rasa_server.patches import lazy_tensorflow

lazy_tensorflow.install()
from rasa.engine.graph import GraphSchema  # noqa: E402
from rasa.engine.storage.storage import ModelMetadata  # noqa: E402

with tarfile.open(MODEL_PATH) as archive:
    serialized = json.load(archive.extractfile("metadata.json"))
metadata = ModelMetadata.from_dict(json.loads(json.dumps(serialized)))
import sys  # noqa: E402
print("before use:", "rasa.graph_components.validators.default_recipe_validator" in sys.modules)
full = GraphSchema.from_dict(serialized["train_schema"])
print("same:", metadata.train_schema.as_dict() == full.as_dict(), sorted(metadata.train_schema.nodes) == sorted(full.nodes))
"""


def run(code: str) -> list[str]:
    code = code.replace("MODEL_PATH", repr(str(MODEL)))
    result = subprocess.run([sys.executable, "-c", code], cwd=ROOT, env=server_env(None), capture_output=True,
                            text=True, timeout=300)
    assert result.returncode == 0, result.stderr[-3000:]
    return [line for line in result.stdout.splitlines() if line.startswith(("intent", "tensorflow", "deferred",
                                                                              "used", "before", "same"))]


@pytest.mark.slow  # the trained model
def test_serving_a_message_through_the_project_s_entry_point_never_imports_tensorflow():
    lines = run(SERVE_ONE_MESSAGE)
    assert lines[-1] == "tensorflow in the process: False", lines  # the line before says who imported it
    assert lines[0].startswith("intent ask_fees action action_"), lines  # parsed, and the policies predicted


def test_a_deferred_module_still_works_when_something_reads_it():
    """Safe by construction: a component that needs TensorFlow gets it, only without the saving."""
    assert run(DEFERRED_STILL_WORKS) == ["deferred: DeferredModule False", "used: inner module True"]


@pytest.mark.slow  # the trained model
def test_the_training_graph_of_a_loaded_model_is_read_on_first_use_and_is_the_same():
    assert run(TRAINING_GRAPH) == ["before use: False", "same: True True"]
