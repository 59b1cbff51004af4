"""`rasa` with third-party warnings silenced, for a clean terminal (`make run`).

PYTHONWARNINGS=ignore is not enough: libraries change the warning filters when imported (sanic turns
DeprecationWarning back on, pyparsing its own deprecations), and Rasa, pkg_resources, pyparsing and
SQLAlchemy then print dozens of them before the prompt. Warnings are not shown at all here; logging is
untouched (Rasa's own log level is set by `--quiet`). `make run VERBOSE=1` bypasses this script (it runs
`python -m server_checks.startup`: Rasa with the same patches, every warning shown).

The terminal also shows the answers' source links as plain text ("label (https://...)", as SMS does)
instead of raw markdown (channels/links.py).
"""
import os
import sys
import warnings


def _hide(*_args: object, **_kwargs: object) -> None:
    """Replaces `warnings.showwarning`: every filter may say "show", nothing is printed."""


def _plain_links_in_the_terminal() -> None:
    sys.path.insert(0, os.getcwd())  # the project's root (make run starts here), for channels/
    from rasa.core.channels import console

    from channels.links import as_plain_text

    original = console._print_bot_output

    def print_bot_output(message: dict, *args: object, **kwargs: object) -> object:
        if isinstance(message.get("text"), str):
            message = {**message, "text": as_plain_text(message["text"])}
        return original(message, *args, **kwargs)

    console._print_bot_output = print_bot_output


warnings.showwarning = _hide

from rasa.__main__ import main  # noqa: E402 (imported after the warnings are silenced)

if __name__ == "__main__":
    _plain_links_in_the_terminal()
    from server_checks.startup import install_patches  # the project's root is on the path now

    install_patches()
    sys.argv[0] = "rasa"
    sys.exit(main())
