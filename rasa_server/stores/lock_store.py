"""A Redis lock store that really serialises one conversation across replicas.

Rasa 3.6's ``RedisLockStore`` reads the whole ticket lock, changes it in Python and writes it back:
two replicas issuing tickets at once both get the same number and both proceed (3 messages of 20
lost with ``LockError`` in a trial here). This store keeps the queue semantics of Rasa's
``TicketLock`` (first come, first served, per conversation) but makes every step atomic:

- a ticket is a random token put at the back of the conversation's queue by one Lua script (a
  sorted set ordered by an ``INCR`` counter); waiters renew a short lease on their place;
- the conversation is held with ``SET <mutex> <token> NX PX <lease>``, tried only by the head of
  the queue. Mutual exclusion rests on that command alone: the queue only gives the order;
- while the holder works, a task renews the lease (Lua: only if the mutex still holds its token);
- release is a token-checked Lua script: it deletes the mutex only if it still holds our token.

A replica killed with SIGKILL stops renewing: its mutex and its places in queues expire after
``lease_seconds`` (default 10 s) and the next message goes ahead. A message that waits longer
than the lock lifetime (``TICKET_LOCK_LIFETIME``, Rasa's default 60 s) gets ``LockError``, as
with Rasa's stores (the channels' guard then answers with the apology).

Endpoints: ``lock_store: {type: rasa_server.stores.lock_store.AtomicRedisLockStore, url: host, port: 6379}``, with
Rasa's TLS keys (``use_ssl``, ``ssl_ca_certs``, ``ssl_certfile``, ``ssl_keyfile``) for a Redis that serves
TLS; ``use_ssl`` may come from the environment as a string ("true"/"false").
"""
from __future__ import annotations

import asyncio
import logging
import time
import uuid
from collections import deque
from collections.abc import AsyncGenerator
from contextlib import asynccontextmanager, suppress
from typing import Any

from rasa.core.lock import Ticket, TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

logger = logging.getLogger(__name__)
TLS_FILES = ("ssl_certfile", "ssl_keyfile", "ssl_ca_certs")  # Rasa's names, and redis-py's
LONG_HOLD_SECONDS = 30  # a turn holding its conversation longer is logged with where it is

# KEYS: queue, leases, counter. ARGV: token, lease ms, keys' time to live ms. Returns the ticket number.
ENQUEUE = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
local number = redis.call('INCR', KEYS[3])
redis.call('ZADD', KEYS[1], number, ARGV[1])
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
for i = 1, 3 do redis.call('PEXPIRE', KEYS[i], ARGV[3]) end
return number
"""

# KEYS: queue, leases. ARGV: token, lease ms. Drops waiters whose lease ran out, renews ours.
# Returns 1 if we are first in the queue, 0 if not, -1 if our place was dropped.
AT_HEAD = """
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
for _, gone in ipairs(redis.call('ZRANGEBYSCORE', KEYS[2], '-inf', now)) do
  redis.call('ZREM', KEYS[1], gone)
  redis.call('ZREM', KEYS[2], gone)
end
if not redis.call('ZSCORE', KEYS[1], ARGV[1]) then return -1 end
redis.call('ZADD', KEYS[2], now + tonumber(ARGV[2]), ARGV[1])
if redis.call('ZRANGE', KEYS[1], 0, 0)[1] == ARGV[1] then return 1 end
return 0
"""

# KEYS: mutex, leases. ARGV: token, lease ms. Extends the lease only while the mutex holds our token.
RENEW = """
if redis.call('GET', KEYS[1]) ~= ARGV[1] then return 0 end
local t = redis.call('TIME')
local now = t[1] * 1000 + math.floor(t[2] / 1000)
redis.call('PEXPIRE', KEYS[1], ARGV[2])
redis.call('ZADD', KEYS[2], 'XX', now + tonumber(ARGV[2]), ARGV[1])
return 1
"""

# KEYS: mutex, queue, leases. ARGV: token. Deletes the mutex only if it holds our token; leaves the queue.
RELEASE = """
local released = 0
if redis.call('GET', KEYS[1]) == ARGV[1] then released = redis.call('DEL', KEYS[1]) end
redis.call('ZREM', KEYS[2], ARGV[1])
redis.call('ZREM', KEYS[3], ARGV[1])
return released
"""


def _where(task: asyncio.Task) -> str:
    """Where a task is suspended: its chain of awaited coroutines, outermost first."""
    steps: list[str] = []
    awaited: Any = task.get_coro()
    while awaited is not None and len(steps) < 40:
        frame = getattr(awaited, "cr_frame", None) or getattr(awaited, "ag_frame", None)
        if frame is not None:
            steps.append(f"{frame.f_code.co_filename.rsplit('/', 2)[-1]}:{frame.f_lineno} {frame.f_code.co_name}")
        awaited = getattr(awaited, "cr_await", None) or getattr(awaited, "ag_await", None)
    return " > ".join(steps)


class AtomicRedisLockStore(RedisLockStore):
    """Rasa's lock store interface on Redis, with atomic tickets, ``SET NX PX`` and a checked release."""

    def __init__(self, endpoint_config: EndpointConfig | None = None, host: str = "localhost",
                 port: int = 6379, db: int = 1, password: str | None = None,
                 key_prefix: str | None = None, lease_seconds: float = 10.0,
                 poll_seconds: float = 0.05, **kwargs: Any) -> None:
        settings: dict[str, Any] = dict(host=host, port=port, db=db, password=password, key_prefix=key_prefix,
                                         lease_seconds=lease_seconds, poll_seconds=poll_seconds, **kwargs)
        if endpoint_config is not None:
            settings.update(endpoint_config.kwargs)
            settings["host"] = endpoint_config.url or settings["host"]
        self.lease_ms = int(float(settings.pop("lease_seconds")) * 1000)
        self.poll_seconds = float(settings.pop("poll_seconds"))
        # from the environment (`use_ssl: ${REDIS_USE_SSL}`) these are strings: "false" is no TLS
        settings["use_ssl"] = str(settings.get("use_ssl", False)).strip().lower() in ("true", "1", "yes")
        tls_files = {key: settings.pop(key) for key in TLS_FILES if key in settings}
        tls_files = {key: value for key, value in tls_files.items() if value}
        super().__init__(**settings, **tls_files)
        keys = ("host", "port", "db", "username", "password")
        self._connection: dict[str, Any] = {key: settings.get(key) for key in keys}
        self._connection.update(port=int(self._connection["port"]), db=int(self._connection["db"]),
                                socket_timeout=float(settings.get("socket_timeout", 10)),
                                ssl=settings["use_ssl"], **(tls_files if settings["use_ssl"] else {}))
        self._async: Any = None
        self._async_loop: asyncio.AbstractEventLoop | None = None

    # --- keys: one hash tag per conversation, so the scripts also work on a Redis Cluster -------

    def _keys(self, conversation_id: str) -> dict[str, str]:
        base = f"{self.key_prefix}{{{conversation_id}}}:"
        return {name: base + name for name in ("mutex", "queue", "leases", "counter")}

    def _client(self) -> Any:
        """The asyncio client, made in the running loop (a client is bound to the loop it first ran in)."""
        loop = asyncio.get_running_loop()
        if self._async is None or self._async_loop is not loop:
            import redis.asyncio

            self._async = redis.asyncio.Redis(**self._connection)
            self._async_loop = loop
        return self._async

    async def _run(self, script: str, keys: list, args: list) -> Any:
        return await self._client().eval(script, len(keys), *keys, *args)

    # --- the lock -----------------------------------------------------------------------------

    @asynccontextmanager
    async def lock(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME,
                   wait_time_in_seconds: float = 1) -> AsyncGenerator[TicketLock, None]:
        """Waits for our turn, holds the conversation, releases it; ``LockError`` after ``lock_lifetime``."""
        keys = self._keys(conversation_id)
        token = uuid.uuid4().hex
        deadline = time.monotonic() + lock_lifetime
        try:
            number = await self._enqueue(keys, token, lock_lifetime)
            await self._acquire(conversation_id, keys, token, deadline, lock_lifetime)
        except LockError:
            await self._release(keys, token)
            raise
        except Exception as error:  # Redis unreachable: Rasa's stores say LockError too
            await self._release(keys, token)
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error
        done = asyncio.Event()
        renewing = asyncio.ensure_future(self._keep(keys, token, done, asyncio.current_task()))
        try:
            yield TicketLock(conversation_id, deque([Ticket(number, time.time() + lock_lifetime)]))
        finally:
            # Not cancel() alone: redis-py 4.6's asyncio client can swallow a cancellation that arrives
            # during a command (the command returns normally), and the renewal then went on for ever,
            # holding the conversation (found by the cluster test). The flag stops it in any case.
            done.set()
            renewing.cancel()
            try:
                await asyncio.wait({renewing}, timeout=self.lease_ms / 1000)
            finally:
                await self._release(keys, token)

    async def _enqueue(self, keys: dict[str, str], token: str, lock_lifetime: float) -> int:
        ttl_ms = int(lock_lifetime * 1000) + self.lease_ms
        return int(await self._run(ENQUEUE, [keys["queue"], keys["leases"], keys["counter"]],
                                   [token, self.lease_ms, ttl_ms]))

    async def _acquire(self, conversation_id: str, keys: dict[str, str], token: str, deadline: float,
                       lock_lifetime: float) -> None:
        client = self._client()
        while time.monotonic() < deadline:
            place = int(await self._run(AT_HEAD, [keys["queue"], keys["leases"]], [token, self.lease_ms]))
            if place == -1:  # our lease lapsed (a stalled loop): back in the queue, still serialised
                logger.warning("lock queue place lapsed for a conversation; queueing again")
                await self._enqueue(keys, token, lock_lifetime)
            elif place == 1 and await client.set(keys["mutex"], token, nx=True, px=self.lease_ms):
                return
            await asyncio.sleep(self.poll_seconds)
        await self._explain(keys, token)
        raise LockError(f"Could not acquire lock for conversation_id '{conversation_id}'.")

    async def _explain(self, keys: dict[str, str], token: str) -> None:
        """Logs who held the conversation when a message gave up waiting (tokens shortened)."""
        with suppress(Exception):
            client = self._client()
            holder, ttl = await client.get(keys["mutex"]), await client.pttl(keys["mutex"])
            queue = await client.zrange(keys["queue"], 0, -1, withscores=True)
            leases = dict(await client.zrange(keys["leases"], 0, -1, withscores=True))
            now_ms = time.time() * 1000
            logger.error("lock wait gave up: mutex %s (ttl %s ms); queue %s; ours %s", (holder or b"-")[:6], ttl,
                         [(t[:6], int(n), int(leases[t] - now_ms) if t in leases else None) for t, n in queue],
                         token[:6])

    async def _keep(self, keys: dict[str, str], token: str, done: asyncio.Event,
                    holder: asyncio.Task | None = None) -> None:
        """Renews the lease every third of it until the holder is ``done``."""
        started, warned = time.monotonic(), False
        while not done.is_set():
            await asyncio.sleep(self.lease_ms / 3000)
            if done.is_set():
                return
            if not warned and holder is not None and time.monotonic() - started > LONG_HOLD_SECONDS:
                warned = True  # a turn this long is worth a look: where is it?
                logger.warning("conversation lock held for %s s, its holder at: %s", LONG_HOLD_SECONDS,
                               _where(holder))
            try:
                renewed = await self._run(RENEW, [keys["mutex"], keys["leases"]], [token, self.lease_ms])
            except Exception:  # Redis briefly unreachable: try again at the next tick
                logger.warning("could not renew a conversation lock", exc_info=True)
                continue
            if not renewed and not done.is_set():
                logger.error("lost a conversation lock before the end of its work (lease expired)")
                return

    async def _release(self, keys: dict[str, str], token: str) -> None:
        try:
            await self._run(RELEASE, [keys["mutex"], keys["queue"], keys["leases"]], [token])
        except Exception:  # the mutex and our place expire with their lease anyway
            logger.warning("could not release a conversation lock; it expires with its lease", exc_info=True)

    # --- Rasa's ticket-lock interface, read from the same keys (synchronous) --------------------

    def get_lock(self, conversation_id: str) -> TicketLock | None:
        """The conversation's waiting and holding tickets, as Rasa's ``TicketLock`` (read-only view)."""
        keys = self._keys(conversation_id)
        tickets = self.red.zrange(keys["queue"], 0, -1, withscores=True)
        if not tickets:
            return None
        leases = dict(self.red.zrange(keys["leases"], 0, -1, withscores=True))
        return TicketLock(conversation_id, deque(
            Ticket(int(number), leases.get(token, 0) / 1000) for token, number in tickets))

    def delete_lock(self, conversation_id: str) -> None:
        deleted = self.red.delete(*self._keys(conversation_id).values())
        self._log_deletion(conversation_id, bool(deleted))

    def save_lock(self, lock: TicketLock) -> None:
        raise NotImplementedError("tickets are issued and released atomically by lock(); nothing to save")

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        raise NotImplementedError("use `async with lock_store.lock(conversation_id)`")

