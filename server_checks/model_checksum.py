"""The model archive's SHA-256 against a recorded value, checked before the server loads it.

The recorded value comes from ``PP_MODEL_SHA256`` when set (a deployment should set it from a
source the model's folder does not control: its manifest, a secret), else from the file
``<model>.sha256`` that ``make setup`` writes after training (``sha256sum`` format).
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
from pathlib import Path

from server_checks import StartupRefused

logger = logging.getLogger(__name__)
ENV = "PP_MODEL_SHA256"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def sidecar(model: Path) -> Path:
    return model.with_name(model.name + ".sha256")


def record(model: Path) -> Path:
    """Writes ``<model>.sha256`` as ``sha256sum`` does (used for models the project itself trains)."""
    path = sidecar(model)
    path.write_text(f"{sha256_of(model)}  {model.name}\n", encoding="utf-8")
    return path


def expected_sha256(model: Path) -> str | None:
    value = os.environ.get(ENV, "").strip()
    if not value and sidecar(model).is_file():
        value = (sidecar(model).read_text(encoding="utf-8").split() or [""])[0]
    return value.lower() or None


def verify(model_path: str | None) -> Path:
    """The archive Rasa is about to load (a file, or the newest in a folder); raises StartupRefused."""
    from rasa.exceptions import ModelNotFound
    from rasa.model import get_local_model  # resolves a folder exactly as the server will

    try:
        model = Path(get_local_model(model_path))
    except ModelNotFound as error:
        raise StartupRefused(f"no model to check: {error}") from None
    expected = expected_sha256(model)
    if expected is None:
        raise StartupRefused(f"no recorded SHA-256 for {model}: set {ENV} or write {sidecar(model).name} "
                             f"(`make setup` does it after training)")
    actual = sha256_of(model)
    if not hmac.compare_digest(actual, expected):
        raise StartupRefused(f"{model} does not match its recorded SHA-256 (expected {expected[:12]}..., "
                             f"found {actual[:12]}...): the model was replaced or damaged; not starting")
    logger.info("model %s matches its recorded SHA-256", model.name)
    return model
