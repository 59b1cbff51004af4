"""Button payloads are sent as written: Rasa's response filler skips them.

Rasa fills ``{placeholders}`` in every string of a response, buttons included, so the JSON of an
intent payload (``/feedback{"helpful": "yes"}``, ``/inform{"number": "2"}``) is taken for a missing
placeholder: each such button logs an ERROR with a traceback (in the terminal after every answer
with buttons) and is then sent unchanged. Payloads carry no placeholders, so they are left alone.
Installed with the server's other patches by ``rasa_server.startup.install_patches``.
"""
from __future__ import annotations

from typing import Any

_installed = False


def install() -> None:
    global _installed
    if _installed:
        return
    from rasa.core.nlg import interpolator

    fill = interpolator.interpolate_text

    def interpolate_text(response: str, values: dict[str, Any]) -> str:
        return response if response.startswith("/") else fill(response, values)

    interpolator.interpolate_text = interpolate_text
    _installed = True
