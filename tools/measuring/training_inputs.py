"""The files a trained model depends on: one list for make (retraining), the benchmark (its training
fingerprints) and the evaluation (is the model older than its inputs?).

`python tools/measuring/training_inputs.py` prints them relative to the project, for the Makefile; standard
library only, since make reads it before the venv exists.
"""
from __future__ import annotations

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
CONFIG = ROOT / "config.yml"
PIPELINE_META = ROOT / "rasa_server" / "nlu" / "pipeline" / "build" / "pp_pipeline" / "meta.json"


def data_inputs() -> list[Path]:
    """The domain and the training data, whatever the configuration."""
    return [ROOT / "domain.yml", *sorted((ROOT / "data").rglob("*.yml"))]


def training_inputs(config: Path = CONFIG) -> list[Path]:
    """``config``, the data, and for the project's own configuration its custom components and the spaCy
    pipeline that `make` builds."""
    found = [config, *data_inputs()]
    if config.resolve() == CONFIG:
        components = ROOT / "rasa_server" / "nlu"
        # the components fold text with the shared package's function (pilot_program/text.py)
        shared = [ROOT / "pilot_program" / "text.py"]
        found += sorted(components.glob("*.py")) + sorted(components.glob("*.yml")) + shared + [PIPELINE_META]
    return found


if __name__ == "__main__":
    sys.stdout.write(" ".join(str(path.relative_to(ROOT)) for path in training_inputs()) + "\n")
