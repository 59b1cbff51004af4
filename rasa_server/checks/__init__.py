"""What the Rasa server checks so that failures are loud and short (SECURITY.md, "Failures").

- ``model_checksum``: the model archive must match its recorded SHA-256, or the server does not start.
- ``tracker_store``: the configured tracker store must answer at start, or the server does not start;
  later failures raise (the channel answers with the apology) instead of Rasa's silent fallback to memory.
- ``patched``: the channels refuse to be built in a process that did not start through the start-up hook.
- ``readiness``: what ``GET /webhooks/health/ready`` reports.

The start checks run around Rasa's agent loading (rasa_server/patches/checked_loading.py, installed by the
start-up hook, rasa_server/startup.py); readiness is served by the ``health`` channel.
"""
from __future__ import annotations

from rasa.shared.exceptions import RasaException


class StartupRefused(RasaException):
    """Raised while the server starts: Rasa's command line prints it and exits with status 1."""
