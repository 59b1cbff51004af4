"""The checks around Rasa's own agent loading: a server that cannot answer does not start.

``rasa run`` registers ``rasa.core.run.load_agent_on_start`` as the server's ``before_server_start`` listener
after it has created the input channels; ``install()`` (called by ``rasa_server.startup.install_patches``)
replaces that function (looked up by name at that moment) with one that checks before and after loading: the
PostgreSQL and Redis passwords (rasa_server/checks/passwords.py), the model and its spaCy pipeline against
their SHA-256, the tracker store. An exception there stops the server before it listens: Rasa prints it and
exits with status 1.
"""
from __future__ import annotations

import logging
from typing import Any

from rasa_server.patches import lazy_tensorflow

logger = logging.getLogger(__name__)


def install() -> None:
    import rasa.core.run

    from rasa_server.checks import StartupRefused, model_checksum, passwords, patched, tracker_store

    original = rasa.core.run.load_agent_on_start
    if getattr(original, "checked_by_server_checks", False):
        return

    async def load_agent_checked(model_path: str | None, endpoints: Any, remote_storage: str | None,
                                 app: Any, loop: Any) -> Any:
        if remote_storage or getattr(endpoints, "model", None):
            raise StartupRefused("only a local model archive can be checked; remote models are refused")
        passwords.check(endpoints)
        model_checksum.verify(model_path)
        await tracker_store.check_at_start(endpoints)
        agent = await original(model_path, endpoints, remote_storage, app, loop)
        if not agent.is_ready():
            raise StartupRefused("the model did not load (see the error above); not starting without one")
        tracker_store.fail_loudly(agent.tracker_store)
        logger.info("%s", patched.summary)
        logger.info("model loaded; TensorFlow %s", "imported" if lazy_tensorflow.tensorflow_imported()
                    else "not imported (rasa_server/patches/lazy_tensorflow.py)")
        return agent

    # a marker on the function object, so the patch is installed once: mypy knows no such attribute
    load_agent_checked.checked_by_server_checks = True  # type: ignore[attr-defined]
    rasa.core.run.load_agent_on_start = load_agent_checked
