"""What the Rasa server checks so that failures are loud and short (SECURITY.md, "Failures").

- ``model_checksum``: the model archive must match its recorded SHA-256, or the server does not start.
- ``tracker_store``: the configured tracker store must answer at start, or the server does not start;
  later failures raise (the channel answers with the apology) instead of Rasa's silent fallback to memory.
- ``action_timeout``: a hung action server costs a user seconds, not Rasa's 300 s default.
- ``readiness``: what ``GET /webhooks/health/ready`` reports.

All of it is installed by the ``health`` input channel (channels/health.py), declared in credentials.yml,
so it runs in the Rasa server (``rasa run``) and nowhere else.
"""
from __future__ import annotations

from rasa.shared.exceptions import RasaException


class StartupRefused(RasaException):
    """Raised while the server starts: Rasa's command line prints it and exits with status 1."""
