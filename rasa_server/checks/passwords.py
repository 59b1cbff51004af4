"""The PostgreSQL and Redis passwords the server is given, checked at start: no placeholder, nothing short.

deploy/env.example writes ``change-me`` for every secret; a deployment that copies it as is would run
with a password anyone can guess. The Rasa server refuses to start (``StartupRefused``) when the
tracker store's URL or password, the lock store's password or ``PP_CHOICES_REDIS_URL`` carries a
password shorter than 16 characters, made of few distinct characters, or that is a placeholder
("change-me", "password", "secret", "postgres"..., with or without digits around it). No password
at all is left to the database's own rules (a local socket, client certificates).
"""
from __future__ import annotations

import os
import re
from typing import Any
from urllib.parse import unquote, urlsplit

from rasa_server.checks import StartupRefused

MIN_LENGTH = 16
MIN_DISTINCT = 8
PLACEHOLDERS = frozenset({"changeme", "changeit", "password", "passwd", "secret", "example", "default", "postgres",
                          "postgresql", "redis", "rasa", "admin", "root", "test", "letmein", "qwerty", "pass"})


def weakness(password: str) -> str | None:
    """Why the password is weak, or None."""
    letters = re.sub(r"[^a-z]", "", password.lower())
    if "changeme" in letters or letters in PLACEHOLDERS:
        return "a placeholder"
    if len(password) < MIN_LENGTH:
        return f"shorter than {MIN_LENGTH} characters"
    if len(set(password)) < MIN_DISTINCT:
        return f"made of fewer than {MIN_DISTINCT} distinct characters"
    return None


def _url_password(url: Any) -> str | None:
    if not isinstance(url, str) or "://" not in url:
        return None
    password = urlsplit(url).password
    return unquote(password) if password else None


def passwords(endpoints: Any) -> dict[str, str]:
    """What to check: where each password comes from, and the password."""
    found: dict[str, str | None] = {}
    tracker = getattr(endpoints, "tracker_store", None)
    if tracker is not None:
        found["the tracker store's URL"] = _url_password(tracker.url)
        found["the tracker store's password"] = tracker.kwargs.get("password")
    lock = getattr(endpoints, "lock_store", None)
    if lock is not None:
        found["the lock store's password"] = lock.kwargs.get("password")
    found["PP_CHOICES_REDIS_URL"] = _url_password(os.environ.get("PP_CHOICES_REDIS_URL"))
    return {where: str(value) for where, value in found.items() if value not in (None, "")}


def check(endpoints: Any) -> None:
    """Raises StartupRefused naming the weak password's place (never the password)."""
    for where, password in passwords(endpoints).items():
        reason = weakness(password)
        if reason:
            raise StartupRefused(f"the password in {where} is {reason}: set a random one of at least {MIN_LENGTH} "
                                 f"characters (`python -c 'import secrets; print(secrets.token_urlsafe(24))'`)")
