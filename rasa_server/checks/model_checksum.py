"""The model archive and the spaCy pipeline it loads, against their recorded SHA-256, before the
server loads them.

The archive does not hold the spaCy pipeline: its configuration names a folder (``SpacyNLP``'s
``model: rasa_server/nlu/pipeline/build/pp_pipeline``) that Rasa loads when it loads the model, so whoever could
change that folder changed the model's behaviour without touching the archive. Both are checked:
the archive's SHA-256, and the pipeline folder's (every file's relative path and SHA-256, in order).

The recorded values come from the environment when set (a deployment should set them from a source
the model's folder does not control: its manifest, a secret): ``PP_MODEL_SHA256`` for the archive,
``PP_PIPELINE_SHA256`` for the pipeline folder; else from the file ``<model>.sha256`` that ``make
setup`` writes after training (``python -m rasa_server.checks.model_checksum models/pp.tar.gz``): the
archive's line in ``sha256sum`` format, then one ``<sha256>  spacy:<folder>`` line per pipeline folder.
"""
from __future__ import annotations

import hashlib
import hmac
import logging
import os
import sys
from pathlib import Path

from rasa_server.checks import StartupRefused

logger = logging.getLogger(__name__)
ENV = "PP_MODEL_SHA256"
PIPELINE_ENV = "PP_PIPELINE_SHA256"
PIPELINE_PREFIX = "spacy:"


def sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as stream:
        for block in iter(lambda: stream.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def tree_sha256(folder: Path) -> str:
    """A folder's SHA-256: each file's path (relative, POSIX) and SHA-256, sorted by path."""
    digest = hashlib.sha256()
    for path in sorted(p for p in folder.rglob("*") if p.is_file()):
        digest.update(f"{path.relative_to(folder).as_posix()}\0{sha256_of(path)}\n".encode())
    return digest.hexdigest()


def pipeline_folders(model: Path) -> list[str]:
    """The spaCy pipeline folders the model's configuration names (as written there: relative to the
    folder the server runs in); none for an archive Rasa cannot read (it will not load either)."""
    from rasa.engine.storage.local_model_storage import LocalModelStorage

    try:
        metadata = LocalModelStorage.metadata_from_archive(model)
    except Exception:  # not a Rasa archive: loading it fails on its own, loudly
        return []
    names = {str(node.config["model"]) for node in metadata.predict_schema.nodes.values()
             if node.uses.__name__ == "SpacyNLP" and node.config.get("model")}
    return sorted(name for name in names if Path(name).is_dir())


def sidecar(model: Path) -> Path:
    return model.with_name(model.name + ".sha256")


def record(model: Path) -> Path:
    """Writes ``<model>.sha256`` (used for models the project itself trains)."""
    lines = [f"{sha256_of(model)}  {model.name}"]
    lines += [f"{tree_sha256(Path(folder))}  {PIPELINE_PREFIX}{folder}" for folder in pipeline_folders(model)]
    path = sidecar(model)
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _recorded(model: Path) -> list[list[str]]:
    if not sidecar(model).is_file():
        return []
    return [line.split(maxsplit=1) for line in sidecar(model).read_text(encoding="utf-8").splitlines() if line.split()]


def expected_sha256(model: Path) -> str | None:
    value = os.environ.get(ENV, "").strip()
    if not value:
        value = next((fields[0] for fields in _recorded(model) if not fields[-1].startswith(PIPELINE_PREFIX)), "")
    return value.lower() or None


def expected_pipeline_sha256(model: Path, folder: str) -> str | None:
    value = os.environ.get(PIPELINE_ENV, "").strip()
    if not value:
        value = next((fields[0] for fields in _recorded(model) if fields[-1] == PIPELINE_PREFIX + folder), "")
    return value.lower() or None


def _check(what: str, actual: str, expected: str | None, how: str) -> None:
    if expected is None:
        raise StartupRefused(f"no recorded SHA-256 for {what}: {how} (`make setup` does it after training)")
    if not hmac.compare_digest(actual, expected):
        raise StartupRefused(f"{what} does not match its recorded SHA-256 (expected {expected[:12]}..., "
                             f"found {actual[:12]}...): it was replaced or damaged; not starting")


def verify(model_path: str | None) -> Path:
    """The archive Rasa is about to load (a file, or the newest in a folder), and the spaCy pipelines
    it names; raises StartupRefused."""
    from rasa.exceptions import ModelNotFound
    from rasa.model import get_local_model  # resolves a folder exactly as the server will

    try:
        model = Path(get_local_model(model_path))
    except ModelNotFound as error:
        raise StartupRefused(f"no model to check: {error}") from None
    _check(str(model), sha256_of(model), expected_sha256(model), f"set {ENV} or write {sidecar(model).name}")
    for folder in pipeline_folders(model):
        _check(f"the spaCy pipeline {folder}", tree_sha256(Path(folder)), expected_pipeline_sha256(model, folder),
               f"set {PIPELINE_ENV} or record it in {sidecar(model).name}")
    logger.info("model %s and its spaCy pipeline match their recorded SHA-256", model.name)
    return model


if __name__ == "__main__":  # `python -m rasa_server.checks.model_checksum models/pp.tar.gz`: writes the record
    for argument in sys.argv[1:]:
        print(record(Path(argument)).read_text(encoding="utf-8"), end="")
