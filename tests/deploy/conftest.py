"""deploy/ rendered offline, shared by the descriptor tests: kustomize's output, docker-compose's."""
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
DEPLOY = ROOT / "deploy"
DOCKERFILES = [DEPLOY / "rasa.Dockerfile", DEPLOY / "actions.Dockerfile"]


def tool(name: str) -> str:
    found = shutil.which(name) or shutil.which(name, path=str(Path(sys.executable).parent))
    if not found:
        pytest.skip(f"{name} is not installed (make test installs it; was its registry unreachable?)")
    return found


def find(objects, kind, name):
    matches = [o for o in objects if o["kind"] == kind and o["metadata"]["name"] == name]
    assert matches, f"no {kind} {name}"
    return matches[0]


@pytest.fixture(scope="package")
def rendered():
    """Every object `kubectl kustomize deploy/k8s` renders."""
    result = subprocess.run([tool("kubectl"), "kustomize", str(DEPLOY / "k8s")], capture_output=True, text=True,
                            timeout=120)
    assert result.returncode == 0, result.stderr
    return [doc for doc in yaml.safe_load_all(result.stdout) if doc]


@pytest.fixture(scope="package")
def compose_services():
    """The services as `docker-compose config` renders them with deploy/env.example."""
    result = subprocess.run([tool("docker-compose"), "-f", str(DEPLOY / "docker-compose.yml"), "--env-file",
                             str(DEPLOY / "env.example"), "config"], capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr
    return yaml.safe_load(result.stdout)["services"]
