"""`rasa` with third-party warnings silenced, for a clean terminal (`make run`).

PYTHONWARNINGS=ignore is not enough: libraries change the warning filters when imported (sanic turns
DeprecationWarning back on, pyparsing its own deprecations), and Rasa, pkg_resources, pyparsing and
SQLAlchemy then print dozens of them before the prompt. Warnings are not shown at all here; logging is
untouched (Rasa's own log level is set by `--quiet`). `make run VERBOSE=1` bypasses this script (it runs
`python -m rasa_server.startup`: the same terminal, every warning shown).

The terminal's channel and console are the project's (installed by rasa_server/startup.py): never silence, links as
plain text ("label (https://...)"), choices as a numbered list that never swallows a typed question.
"""
import os
import sys
import warnings


def _hide(*_args: object, **_kwargs: object) -> None:
    """Replaces `warnings.showwarning`: every filter may say "show", nothing is printed."""


warnings.showwarning = _hide

from rasa.__main__ import main  # noqa: E402 (imported after the warnings are silenced)

if __name__ == "__main__":
    sys.path.insert(0, os.getcwd())  # the project's root (make run starts here), for rasa_server/channels/
    from rasa_server.startup import install_patches

    install_patches()  # the server's patches, the terminal's channel and console among them
    sys.argv[0] = "rasa"
    sys.exit(main())
