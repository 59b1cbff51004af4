"""The Rasa server without TensorFlow: about 370 MB of memory and 2 s of start-up that no component uses.

No component of ours runs TensorFlow (the pipeline is spaCy, the ruler and a linear classifier; the policies
are rules), but Rasa 3.6 imports it on three roads to serving a model:

1. ``rasa.utils.train_utils`` (imported by ``rasa.nlu.extractors.extractor``, which the policies' featurizers
   import) imports its Keras callbacks at the top. That module is *deferred*: created at import as an empty
   module and executed only when one of its attributes is first read (in training, never in serving).
2. The model's metadata names its training graph, whose ``DefaultV1RecipeValidator`` module imports DIET,
   ResponseSelector and TED. A loaded model's training graph is read on first use (serving never uses it).
3. thinc, spaCy's layer library, imports TensorFlow when installed, for TensorFlow-wrapped layers: it is
   imported with TensorFlow hidden (``sys.modules["tensorflow"] = None``, Python's own way of making an
   import fail). The project's spaCy pipeline has no such layer.

Safe by construction: whatever reads a deferred attribute gets the real module (and TensorFlow) at that
moment, so a component that needs TensorFlow still works, only without the saving. ``install()`` must run
before Rasa's core is imported for (1) and before spaCy for (3): ``python -m rasa_server.startup run``
(how every Rasa server of the project starts) calls it first thing, through ``install_patches()``. Imported
later (``rasa run`` directly), it changes nothing that is already imported. This module imports no Rasa
code at its top. tests/rasa_server/patches/test_lazy_tensorflow.py fails if a Rasa upgrade opens another road.
"""
from __future__ import annotations

import importlib.abc
import importlib.machinery
import logging
import sys
import threading
import types
from collections.abc import Sequence
from typing import Any

logger = logging.getLogger(__name__)

DEFERRED = ("rasa.utils.train_utils",)
_lock = threading.RLock()
_LOADER = "__pp_deferred_loader__"


class DeferredModule(types.ModuleType):
    """A module created but not executed yet: the first attribute read executes it."""

    def __getattr__(self, name: str) -> Any:  # only for attributes the module does not have
        if name == "__path__" and self.__spec__ is not None and self.__spec__.submodule_search_locations is None:
            raise AttributeError(name)  # what a plain module answers; asked by every `from ... import`
        execute(self)
        return getattr(self, name)


def execute(module: types.ModuleType) -> None:
    """Runs a deferred module's code (once, whichever thread asks first)."""
    with _lock:
        if type(module) is not DeferredModule:
            return
        loader = module.__dict__.pop(_LOADER)
        module.__class__ = types.ModuleType  # type: ignore[assignment]
        if module.__spec__ is not None:
            module.__spec__.loader = loader
        module.__loader__ = loader
        logger.info("%s executed on first use", module.__name__)
        loader.exec_module(module)


class _DeferringLoader(importlib.abc.Loader):
    def __init__(self, loader: importlib.abc.Loader) -> None:
        self.loader = loader

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> None:
        return None  # Python's default module, turned into a DeferredModule below

    def exec_module(self, module: types.ModuleType) -> None:
        module.__dict__[_LOADER] = self.loader
        module.__class__ = DeferredModule


class DeferringFinder(importlib.abc.MetaPathFinder):
    """Finds the deferred modules where Python would, and defers their execution."""

    def __init__(self, names: Sequence[str]) -> None:
        self.names = frozenset(names)

    def find_spec(self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
                  ) -> importlib.machinery.ModuleSpec | None:
        if fullname not in self.names:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is not None and spec.loader is not None:
            spec.loader = _DeferringLoader(spec.loader)
        return spec


def _import_thinc_without_tensorflow() -> None:
    if "thinc.compat" in sys.modules or "tensorflow" in sys.modules:
        return
    sys.modules["tensorflow"] = None  # type: ignore[assignment]  # `import tensorflow` raises ImportError
    try:
        import thinc.compat  # noqa: F401
    finally:
        del sys.modules["tensorflow"]


def _read_training_graph_on_first_use() -> None:
    from rasa.engine.graph import GraphSchema
    from rasa.engine.storage.storage import ModelMetadata

    if getattr(ModelMetadata.from_dict, "pp_training_graph_on_demand", False):
        return
    original = ModelMetadata.from_dict.__func__

    class TrainingGraphOnDemand(GraphSchema):
        """A loaded model's training graph, deserialised (its components imported) when first read."""

        def __init__(self, serialized: dict[str, Any]) -> None:  # not GraphSchema's: it would set the nodes
            self._serialized = serialized
            self._nodes: dict[str, Any] | None = None

        @property
        def nodes(self) -> dict[str, Any]:
            if self._nodes is None:
                self._nodes = GraphSchema.from_dict(self._serialized).nodes
            return self._nodes

    def from_dict(cls: type, serialized: dict[str, Any]) -> Any:
        metadata = original(cls, {**serialized, "train_schema": {"nodes": {}}})
        metadata.train_schema = TrainingGraphOnDemand(serialized["train_schema"])
        return metadata

    from_dict.pp_training_graph_on_demand = True  # type: ignore[attr-defined]
    ModelMetadata.from_dict = classmethod(from_dict)


def install() -> None:
    """Idempotent (see the module's docstring)."""
    if not any(isinstance(finder, DeferringFinder) for finder in sys.meta_path):
        sys.meta_path.insert(0, DeferringFinder(DEFERRED))
    _import_thinc_without_tensorflow()
    _read_training_graph_on_first_use()


def tensorflow_imported() -> bool:
    return "tensorflow" in sys.modules
