"""Whether this process started through the start-up hook: the channels refuse to be built otherwise.

A plain ``rasa run`` would serve without the project's patches (no message text kept out of the logs, replies
in the wrong language, no start checks): the channels call ``require()`` when Rasa builds them, and the
server stops with this message instead. ``rasa_server.startup.install_patches`` sets ``installed``.
"""
from __future__ import annotations

from rasa_server.checks import StartupRefused

installed = False
summary = ""  # what was installed: logged once the model is loaded, when Rasa's logging is set up


def require(who: str) -> None:
    if not installed:
        raise StartupRefused(f"{who}: start the Rasa server through the project's start-up hook, "
                             "`python -m rasa_server.startup run ...` (rasa_server/startup.py), not `rasa run`")
