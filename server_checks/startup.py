"""The Rasa server's start: its process patches, and the checks around Rasa's own agent loading.

``install_patches()`` installs what the Rasa process changes in Rasa and its logging, explicitly and once:
first the import guard that keeps TensorFlow out of the process (server_checks/lazy_tensorflow.py: it must
come before Rasa's core is imported, so this module imports no Rasa code at its top); then no message text
in its logs above DEBUG (privacy/logs.py), action server replies validated with a JSON-schema validator
built once (a speed patch: components/action_result_validation.py), Rasa's own per-message overheads
removed (server_checks/speed.py), button payloads sent as written (server_checks/payloads.py) and replies
written in the language the action sends with them (server_checks/reply_variant.py).
It is called wherever the project starts Rasa or loads its model: the health channel and every
project channel when ``rasa run`` builds them (``make serve``, the Docker image, the tests', the
benchmark's and the cluster's servers), scripts/quiet_rasa.py and ``python -m server_checks.startup``
(Rasa's command line with the patches: how every Rasa server of the project starts, ``python -m
server_checks.startup run ...``, so that the import guard comes first; ``make run``'s ``rasa shell``,
``rasa test``), and evaluation/predict.py (the model loaded in-process).

``install()``: ``rasa run`` registers ``rasa.core.run.load_agent_on_start`` as the server's ``before_server_start``
listener after it has created the input channels; the health channel replaces that function (looked
up by name at that moment) with one that checks before and after loading: the PostgreSQL and Redis
passwords (server_checks/passwords.py), the model and its spaCy pipeline against their SHA-256, the
tracker store. An exception there stops
the server before it listens: Rasa prints it and exits with status 1.
"""
from __future__ import annotations

import logging
import sys
from typing import Any

from server_checks import lazy_tensorflow

logger = logging.getLogger(__name__)
_patched = False


def install_patches() -> None:
    """Idempotent (see the module's docstring)."""
    global _patched
    if _patched:
        return
    lazy_tensorflow.install()  # first: before the imports below reach Rasa's core
    from components import action_result_validation
    from privacy import logs
    from server_checks import payloads, reply_variant, speed

    logs.install()
    action_result_validation.install()
    speed.install()
    payloads.install()
    reply_variant.install()
    _patched = True
    logger.info("Rasa patched: action server replies validated by a validator built once, button payloads "
                "sent as written, replies in the language sent with them, no message text in the logs above DEBUG; "
                "%s", speed.SUMMARY)


def install() -> None:
    import rasa.core.run

    from server_checks import StartupRefused, model_checksum, passwords, tracker_store

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
        logger.info("model loaded; TensorFlow %s", "imported" if lazy_tensorflow.tensorflow_imported()
                    else "not imported (server_checks/lazy_tensorflow.py)")
        return agent

    # a marker on the function object, so the patch is installed once: mypy knows no such attribute
    load_agent_checked.checked_by_server_checks = True  # type: ignore[attr-defined]
    rasa.core.run.load_agent_on_start = load_agent_checked


if __name__ == "__main__":  # `python -m server_checks.startup <rasa arguments>`: Rasa's command line, patched
    from rasa.__main__ import main

    install_patches()
    sys.argv[0] = "rasa"
    sys.exit(main())
