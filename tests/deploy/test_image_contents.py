"""What each image holds is enough to run: the files the Dockerfile copies, laid out as in the image
(WORKDIR /app), and nothing from the repository besides. No Docker engine: the copies are made in a
temporary folder and run with this venv's packages (the images install the same pins)."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"

ACTIONS_RUN = """
import asyncio
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher
from actions.action_answer import ActionAnswer

text = "how much to add my 2 kids? my UCI is 12-3456-7890"
entities = [{"entity": "number", "value": "2", "start": 19, "end": 20},
            {"entity": "family_member", "value": "child", "start": 21, "end": 25}]  # the ruler's ids
assert text[19:20] == "2" and text[21:25] == "kids"
message = {"text": text, "intent": {"name": "ask_fees", "confidence": 0.9}, "entities": entities, "intent_ranking": []}
slots = {"language": "en"}
for action in (ActionAnswer(),):
    tracker = Tracker("t", dict(slots), message, [], False, None, {}, "action_listen")
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker, {}))
    slots.update({e["name"]: e["value"] for e in events if e.get("event") == "slot"})
print(" ".join(m["response"] for m in dispatcher.messages))
"""


def copies(dockerfile: Path) -> list[tuple[list[str], str]]:
    """(sources, destination) of each COPY line, continuation lines joined."""
    text = dockerfile.read_text(encoding="utf-8").replace("\\\n", " ")
    found = []
    for line in text.splitlines():
        words = line.split()
        if words[:1] == ["COPY"] and not any(w.startswith("--from") for w in words):
            found.append((words[1:-1], words[-1]))
    return found


def image_tree(dockerfile: Path, target: Path, skip: tuple[str, ...] = ()) -> Path:
    for sources, destination in copies(dockerfile):
        for source in sources:
            if source.startswith(skip):
                continue
            origin = ROOT / source
            place = target / destination
            if destination.endswith("/") and not origin.is_dir():
                place = place / origin.name
            if origin.is_dir():
                shutil.copytree(origin, place, dirs_exist_ok=True, ignore=shutil.ignore_patterns("__pycache__"))
            else:
                place.parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(origin, place)
    return target


def run_in(tree: Path, code: str) -> subprocess.CompletedProcess:
    env = {"PYTHONPATH": str(tree), "PATH": str(Path(sys.executable).parent), "RASA_TELEMETRY_ENABLED": "false",
           "TF_CPP_MIN_LOG_LEVEL": "3", "HOME": str(tree)}
    return subprocess.run([sys.executable, "-s", "-c", code], cwd=tree, env=env, capture_output=True, text=True,
                          timeout=300)


def test_the_action_image_answers_with_only_what_it_copies(tmp_path):
    tree = image_tree(DEPLOY / "actions.Dockerfile", tmp_path / "app", skip=("deploy/requirements/",))
    result = run_in(tree, ACTIONS_RUN)
    assert result.returncode == 0, result.stderr[-3000:]
    sent = result.stdout.split()
    assert "utter_fee_quote" in sent and "utter_personal_data_not_kept" in sent, sent
    assert "utter_technical_problem" not in sent


def test_the_rasa_image_holds_every_module_its_configuration_names(tmp_path):
    tree = image_tree(DEPLOY / "rasa.Dockerfile", tmp_path / "app", skip=("deploy/requirements/", "models/"))
    credentials = yaml.safe_load((tree / "credentials.yml").read_text(encoding="utf-8"))
    endpoints = yaml.safe_load((tree / "config" / "endpoints.yml").read_text(encoding="utf-8"))
    config = yaml.safe_load((tree / "config.yml").read_text(encoding="utf-8"))
    names = [name for name in credentials if "." in name]
    names += [section["type"] for section in endpoints.values() if isinstance(section, dict) and "." in str(section.get("type"))]
    names += [c["name"] for c in config["pipeline"] + config.get("policies", []) if "." in c["name"]]
    assert names
    modules = sorted({name.rsplit(".", 1)[0] for name in names})
    code = "import importlib\n" + "".join(f"importlib.import_module({m!r})\n" for m in modules)
    result = run_in(tree, code + "print('ok')")
    assert result.returncode == 0 and "ok" in result.stdout, result.stderr[-3000:]
    # the model is checked against its record at start (rasa_server/checks/model_checksum.py)
    assert ["models/pp.tar.gz", "models/pp.tar.gz.sha256"] in [s for s, _ in copies(DEPLOY / "rasa.Dockerfile")]


@pytest.mark.parametrize("dockerfile", ["rasa.Dockerfile", "actions.Dockerfile"])
def test_no_image_holds_the_tests_or_the_measuring_tools(dockerfile):
    """Production images: the assistant and the operators' commands, never the test or measuring harness."""
    sources = [source.rstrip("/") for sources, _ in copies(DEPLOY / dockerfile) for source in sources]
    harness = ("tests", "tools/measuring", "tools/scripts", "tools", "web", "docs", "data")
    assert not [source for source in sources if source in harness or source.startswith(("tests/", "tools/measuring/"))]
