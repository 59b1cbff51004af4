"""The Rasa server's start: the one hook that installs every patch to Rasa (rasa_server/patches/).

``install_patches()`` installs what the Rasa process changes in Rasa and its logging, explicitly and once:
first the import guard that keeps TensorFlow out of the process (rasa_server/patches/lazy_tensorflow.py: it must
come before Rasa's core is imported, so this module imports no Rasa code at its top); then no message text
in its logs above DEBUG (privacy/logs.py), action server replies validated with a JSON-schema validator
built once (a speed patch: rasa_server/patches/action_result_validation.py), Rasa's own per-message overheads
removed (rasa_server/patches/speed.py), button payloads sent as written (rasa_server/patches/payloads.py) and replies
written in the language the action sends with them (rasa_server/patches/reply_variant.py), `rasa shell` with the
project's terminal channel and console.
It is called wherever the project starts Rasa or loads its model: ``python -m rasa_server.startup`` (Rasa's
command line with the patches: how every Rasa server of the project starts, ``python -m rasa_server.startup
run ...``, so that the import guard comes first: ``make serve``, the Docker image, the tests', the benchmark's
and the cluster's servers), tools/scripts/quiet_rasa.py (``make run``'s ``rasa shell``) and
tools/measuring/evaluation/predict.py (the model loaded in-process). The channels refuse to be built in a
process that did not call it (rasa_server/checks/patched.py): a plain ``rasa run`` stops with that message.

The checks around Rasa's agent loading are one of those patches (rasa_server/patches/checked_loading.py).
"""
from __future__ import annotations

import sys

from rasa_server.patches import lazy_tensorflow


def install_patches() -> None:
    """Idempotent (see the module's docstring)."""
    lazy_tensorflow.install()  # first, and idempotent: before the imports below reach Rasa's core
    from rasa_server.checks import patched

    if patched.installed:
        return
    from privacy import logs
    from rasa_server.patches import (
        action_result_validation,
        action_timeout,
        checked_loading,
        payloads,
        reply_variant,
        speed,
    )

    logs.install()
    action_result_validation.install()
    action_timeout.install()
    speed.install()
    payloads.install()
    reply_variant.install()
    checked_loading.install()
    _use_the_project_terminal()
    patched.summary = ("Rasa patched: action server replies validated by a validator built once, button payloads "
                       "sent as written, replies in the language sent with them, no message text in the logs above "
                       f"DEBUG, action calls with a timeout, the start checks; {speed.SUMMARY}")
    patched.installed = True


def _use_the_project_terminal() -> None:
    """`rasa shell` (`make run`) with the project's terminal channel and console in place of Rasa's
    (rasa_server/channels/terminal.py, terminal_console.py); ``rasa run`` never builds ``cmdline``."""
    from rasa.core import channels
    from rasa.core.channels import console

    from rasa_server.channels import terminal_console
    from rasa_server.channels.terminal import TerminalInput

    channels.BUILTIN_CHANNELS["cmdline"] = TerminalInput
    console.record_messages = terminal_console.record_messages  # same arguments as Rasa's


if __name__ == "__main__":  # `python -m rasa_server.startup <rasa arguments>`: Rasa's command line, patched
    from rasa.__main__ import main

    install_patches()
    sys.argv[0] = "rasa"
    sys.exit(main())
