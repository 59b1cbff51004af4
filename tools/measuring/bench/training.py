"""Training time and model size of both configurations.

The comparison needs the same kind of training on both sides: a full `rasa train` from an empty
Rasa cache (RASA_CACHE_DIRECTORY in a temporary folder). The benchmark times one for each
configuration and keeps the time in .stamps/bench-train-<name>.json with a fingerprint of the
inputs (file contents, not dates), so a later run reuses it while the inputs are unchanged.

- Ours: models/pp.tar.gz is built by `make setup`, whose model rule also writes its own wall time
  to .stamps/train-seconds. That training uses the project's cache (.rasa/cache), so after a small
  change it can be much shorter than a full one: it is reported beside the full time, not
  compared. The benchmark's timed training of ours goes to a temporary folder; models/pp.tar.gz
  stays as make built it.
- Rasa's defaults (tools/measuring/bench/default_config.yml, the file `rasa init` writes): trained on the same
  domain.yml and data/ into models/default.tar.gz when the model is missing or its inputs changed.

Quick runs train nothing: what is not known is reported as not measured.
"""
from __future__ import annotations

import hashlib
import json
import shutil
import subprocess
import tempfile
import time
from dataclasses import dataclass
from pathlib import Path

from tools.measuring.servers import BIN, ROOT, server_env
from tools.measuring.training_inputs import training_inputs

OURS_CONFIG = ROOT / "config.yml"
DEFAULT_CONFIG = ROOT / "tools" / "measuring" / "bench" / "default_config.yml"
OURS_MODEL = ROOT / "models" / "pp.tar.gz"
DEFAULT_MODEL = ROOT / "models" / "default.tar.gz"
STAMPS = ROOT / ".stamps"
MAKE_STAMP = STAMPS / "train-seconds"  # written by the Makefile's model rule


@dataclass
class Trained:
    model: Path
    train_seconds: float | None  # full training, empty cache
    train_source: str  # where that time comes from
    size_bytes: int
    make_train_seconds: float | None = None  # ours only: the last `make setup` training


def fingerprint(paths: list[Path]) -> str:
    digest = hashlib.sha256()
    for path in paths:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes() if path.exists() else b"<missing>")
    return digest.hexdigest()[:16]


def _stamp(name: str) -> Path:
    return STAMPS / f"bench-train-{name}.json"


def recorded(name: str, inputs: str) -> float | None:
    """The full training time recorded for these inputs, if any."""
    try:
        stamp = json.loads(_stamp(name).read_text())
    except (OSError, ValueError):
        return None
    return float(stamp["seconds"]) if stamp.get("inputs") == inputs else None


def record(name: str, inputs: str, seconds: float) -> None:
    STAMPS.mkdir(parents=True, exist_ok=True)
    _stamp(name).write_text(json.dumps({"seconds": round(seconds, 1), "inputs": inputs}) + "\n")


def make_seconds(model: Path) -> float | None:
    """The Makefile's stamp, if it was written after the model (the rule writes it right after)."""
    if not MAKE_STAMP.exists() or (model.exists() and MAKE_STAMP.stat().st_mtime + 1 < model.stat().st_mtime):
        return None
    try:
        return float(MAKE_STAMP.read_text().split()[0])
    except (ValueError, IndexError):
        return None


def train(config: Path, name: str, out: Path, log: Path, domain: Path = ROOT / "domain.yml",
          data: Path = ROOT / "data") -> float:
    """A full `rasa train` from an empty cache; returns its wall time in seconds. The config is copied
    first: Rasa writes the auto-filled defaults back into a config file whose pipeline or policies are empty."""
    with tempfile.TemporaryDirectory(prefix="bench-train-") as tmp:
        config_copy = Path(tmp) / config.name
        shutil.copy(config, config_copy)
        env = dict(server_env(None), RASA_CACHE_DIRECTORY=str(Path(tmp) / "cache"))
        command = [str(BIN / "rasa"), "train", "--config", str(config_copy), "--domain", str(domain),
                   "--data", str(data), "--fixed-model-name", name, "--out", str(out), "--force"]
        print(f"  training {name} from an empty cache (log: {log})", flush=True)
        started = time.monotonic()
        with log.open("w") as output:
            result = subprocess.run(command, cwd=ROOT, env=env, stdout=output, stderr=subprocess.STDOUT)
        seconds = time.monotonic() - started
    if result.returncode != 0:
        raise RuntimeError(f"training {name} failed ({result.returncode}):\n{log.read_text()[-3000:]}")
    print(f"  trained {name} in {seconds:.0f} s", flush=True)
    return seconds


BENCH_TIMED = "full training from an empty cache, timed by the benchmark"


def ours(model: Path, workdir: Path, retrain: bool, may_train: bool) -> Trained:
    if not model.exists():
        raise FileNotFoundError(f"{model} is missing: run `make setup` (or `make bench`, which runs it)")
    if model != OURS_MODEL:
        return Trained(model, None, f"not measured (model given: {model})", model.stat().st_size)
    inputs = fingerprint(training_inputs(OURS_CONFIG))
    seconds = None if retrain else recorded("ours", inputs)
    if seconds is None and may_train:
        with tempfile.TemporaryDirectory(prefix="bench-ours-") as out:
            seconds = train(OURS_CONFIG, "pp", Path(out), workdir / "train-ours.log")
        record("ours", inputs, seconds)
    source = BENCH_TIMED if seconds is not None else "not measured (quick runs train nothing)"
    return Trained(model, seconds, source, model.stat().st_size, make_seconds(model))


def default(model: Path | None, workdir: Path, retrain: bool, may_train: bool) -> Trained | None:
    """The default configuration's model; None when it is missing or outdated and may not be trained."""
    if model is not None and model != DEFAULT_MODEL:  # given on the command line: used as it is
        if not model.exists():
            raise FileNotFoundError(model)
        return Trained(model, None, f"not measured (model given: {model})", model.stat().st_size)
    model = DEFAULT_MODEL
    inputs = fingerprint(training_inputs(DEFAULT_CONFIG))
    seconds = recorded("default", inputs)
    if retrain or not model.exists() or seconds is None:
        if not may_train:
            if model.exists():  # a quick run measures the model there is, as it is
                return Trained(model, None, "not measured: models/default.tar.gz was trained on other inputs "
                                            "(quick runs train nothing)", model.stat().st_size)
            return None
        seconds = train(DEFAULT_CONFIG, "default", model.parent, workdir / "train-default.log")
        record("default", inputs, seconds)
    return Trained(model, seconds, BENCH_TIMED, model.stat().st_size)
