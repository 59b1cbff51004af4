"""Secrets, conversation keys, signed session ids and rate limits for every channel (no Sanic here).

* Conversation keys: ``<channel>:<HMAC-SHA256(PP_SENDER_KEY, "<channel>:<id>")>``. Ids from two
  channels never collide, and an id that is personal data (a phone number, a Telegram chat id) is
  never what the tracker store, the lock store or the action server see.
* socket.io session ids: ``<random>.<issued>.<HMAC-SHA256(PP_SESSION_SECRET, random.issued)>``,
  issued by the server; unsigned, forged or expired ids are refused, and an id that ended its
  conversation ("New conversation") is dead.
* Rate limits: token buckets kept in memory (per process), oldest keys forgotten first.
"""
from __future__ import annotations

import base64
import hashlib
import hmac
import os
import secrets
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass

SENDER_KEY = "PP_SENDER_KEY"
SESSION_SECRET = "PP_SESSION_SECRET"
REST_TOKEN = "PP_REST_TOKEN"
ALLOWED_ORIGINS = "PP_ALLOWED_ORIGINS"
MIN_SECRET_LENGTH = 16


class MissingSecret(RuntimeError):
    """A secret or setting the channels need is missing or unsafe: the server refuses to start."""


def secret(name: str) -> bytes:
    value = os.environ.get(name, "")
    if len(value) < MIN_SECRET_LENGTH:
        raise MissingSecret(f"set {name} to a random value of at least {MIN_SECRET_LENGTH} characters "
                            f"(for example `python -c 'import secrets; print(secrets.token_hex(32))'`); "
                            f"see docs/channels.md")
    return value.encode("utf-8")


def _mac(key: bytes, text: str) -> str:
    return hmac.new(key, text.encode("utf-8"), hashlib.sha256).hexdigest()


def conversation_key(channel: str, sender_id: object) -> str:
    """The tracker's sender id for ``sender_id`` on ``channel`` (namespaced, keyed hash)."""
    return f"{channel}:{_mac(secret(SENDER_KEY), f'{channel}:{sender_id}')}"


def tokens_equal(expected: str | None, given: str | None) -> bool:
    """Constant-time comparison; an unset expected value matches nothing."""
    if not expected or given is None:
        return False
    return hmac.compare_digest(expected.encode("utf-8"), given.encode("utf-8"))


def allowed_origins(value: str | None = None) -> list[str]:
    """``PP_ALLOWED_ORIGINS`` (comma-separated ``scheme://host[:port]``), without trailing slashes.
    A wildcard would let every web site drive its visitors' browsers against the server: refused."""
    raw = os.environ.get(ALLOWED_ORIGINS, "") if value is None else value
    origins = [origin.strip().rstrip("/") for origin in raw.split(",") if origin.strip()]
    if any("*" in origin for origin in origins):
        raise MissingSecret(f"{ALLOWED_ORIGINS} may not contain '*' (every web site): list the pages' origins, "
                            f"such as https://www.quebec.ca; see docs/channels.md")
    return origins


# -- socket.io session ids ------------------------------------------------------------------------

@dataclass(frozen=True)
class SessionIds:
    """Issues and checks signed session ids; ``max_age`` in seconds (expired ids are refused)."""

    key: bytes
    max_age: float = 30 * 24 * 3600
    clock: Callable[[], float] = time.time

    def _signature(self, body: str) -> str:
        digest = hmac.new(self.key, f"session:{body}".encode(), hashlib.sha256).digest()
        return base64.urlsafe_b64encode(digest).decode("ascii").rstrip("=")

    def issue(self) -> str:
        body = f"{secrets.token_hex(16)}.{int(self.clock())}"
        return f"{body}.{self._signature(body)}"

    def check(self, session_id: object) -> str | None:
        """The id if it is ours, well-formed, correctly signed and not expired; else None."""
        if not isinstance(session_id, str) or len(session_id) > 200 or session_id.count(".") != 2:
            return None
        token, issued, signature = session_id.split(".")
        if not issued.isdigit() or not hmac.compare_digest(self._signature(f"{token}.{issued}"), signature):
            return None
        age = self.clock() - int(issued)
        return session_id if -300 <= age <= self.max_age else None


class EndedSessions:
    """Session ids ended by "New conversation": each may delete its conversation once, and is then
    dead (no resuming it, no talking under it). Kept in memory until the id would have expired
    anyway, at most ``max_ids`` of them (the oldest forgotten first); per process."""

    def __init__(self, max_age: float, max_ids: int = 100_000, clock: Callable[[], float] = time.time) -> None:
        self.max_age, self.max_ids, self.clock = max_age, max_ids, clock
        self._ended: OrderedDict[str, float] = OrderedDict()

    def end(self, session_id: str) -> bool:
        """True the first time ``session_id`` is ended, False for a replay."""
        now = self.clock()
        while self._ended and next(iter(self._ended.values())) < now:
            self._ended.popitem(last=False)
        if session_id in self._ended:
            return False
        self._ended[session_id] = now + self.max_age
        while len(self._ended) > self.max_ids:
            self._ended.popitem(last=False)
        return True

    def __contains__(self, session_id: object) -> bool:
        return isinstance(session_id, str) and self._ended.get(session_id, -1.0) >= self.clock()


# -- rate limits ----------------------------------------------------------------------------------

def parse_rate(value: str | None, default: tuple[int, float]) -> tuple[int, float]:
    """``"30/60"`` → (30 requests, per 60 s); ``"0"`` or ``"off"`` → no limit (0, 0)."""
    if value is None or not value.strip():
        return default
    if value.strip().lower() in ("0", "off"):
        return 0, 0.0
    count, _, seconds = value.partition("/")
    return int(count), float(seconds or 60)


class RateLimiter:
    """Token bucket per key: ``count`` requests per ``seconds``, refilled continuously.

    In memory, per process: with several replicas each has its own budget. At most ``max_keys``
    keys are remembered (least recently seen forgotten first), so memory stays bounded.
    """

    def __init__(self, count: int, seconds: float, max_keys: int = 100_000,
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.count, self.seconds, self.max_keys, self.clock = count, seconds, max_keys, clock
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    @classmethod
    def from_env(cls, name: str, default: tuple[int, float]) -> RateLimiter:
        return cls(*parse_rate(os.environ.get(name), default))

    @property
    def enabled(self) -> bool:
        return self.count > 0 and self.seconds > 0

    def allow(self, key: str) -> bool:
        if not self.enabled:
            return True
        now = self.clock()
        tokens, last = self._buckets.pop(key, (float(self.count), now))
        tokens = min(float(self.count), tokens + (now - last) * self.count / self.seconds)
        allowed = tokens >= 1
        self._buckets[key] = (tokens - 1 if allowed else tokens, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return allowed

    def __len__(self) -> int:
        return len(self._buckets)
