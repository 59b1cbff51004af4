"""The atomic Redis lock store against a real redis-server on loopback.

Two store objects stand for two Rasa replicas sharing one Redis.
"""
import asyncio
import random
import subprocess
import sys
import threading
import time
import uuid

import pytest
from rasa.core.lock_store import LockError, LockStore
from rasa.utils.endpoints import EndpointConfig

from rasa_server.stores.lock_store import AtomicRedisLockStore
from tools.measuring.servers import ROOT

# real servers, a trained model, a browser or a subprocess: `make test` runs it, `make test-unit` does not
pytestmark = pytest.mark.slow


def store(port, **kwargs):
    return AtomicRedisLockStore(host="127.0.0.1", port=port, db=1, **kwargs)


def conversation():
    return f"conv-{uuid.uuid4().hex[:8]}"


def test_loaded_by_module_path_from_endpoints(redis_port):
    config = EndpointConfig(type="rasa_server.stores.lock_store.AtomicRedisLockStore", url="127.0.0.1", port=redis_port,
                            db=2, key_prefix="pp", lease_seconds=4)
    loaded = LockStore.create(config)
    assert isinstance(loaded, AtomicRedisLockStore)
    assert loaded.lease_ms == 4000 and loaded.key_prefix == "pp:lock:"
    assert loaded.red.connection_pool.connection_kwargs["port"] == redis_port


def test_tls_settings_from_the_environment_are_read_as_flags(redis_port, tmp_path):
    """deploy/k8s/endpoints.yml: `use_ssl: ${REDIS_USE_SSL}` arrives as a string; "false" is no TLS
    (bool("false") was True), "true" is TLS with the CA file given, for both of Redis' clients."""
    plain = store(redis_port, use_ssl="false", ssl_ca_certs="")
    assert plain._connection["ssl"] is False and "ssl_ca_certs" not in plain._connection
    assert plain.red.connection_pool.connection_class.__name__ == "Connection"
    ca = tmp_path / "ca.crt"
    tls = store(redis_port, use_ssl="true", ssl_ca_certs=str(ca))
    assert tls._connection["ssl"] is True and tls._connection["ssl_ca_certs"] == str(ca)
    pool = tls.red.connection_pool
    assert pool.connection_class.__name__ == "SSLConnection" and pool.connection_kwargs["ssl_ca_certs"] == str(ca)


def test_two_replica_processes_serialise_one_conversation(redis_port):
    """Two processes, 20 messages each, same conversation, started together. Rasa's own
    RedisLockStore, run the same way (TICKET_LOCK_LIFETIME=3), lost 24 of 40 with 12 overlaps."""
    import redis

    conv = conversation()
    workers = [subprocess.Popen([sys.executable, "-m", "tests.tools.measuring.cluster.replica_worker",
                                 "rasa_server.stores.lock_store.AtomicRedisLockStore", str(redis_port), conv, "20"],
                                cwd=ROOT, stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True) for _ in range(2)]
    try:
        assert [w.stdout.readline().strip() for w in workers] == ["ready", "ready"]
        for worker in workers:
            worker.stdin.write("go\n")
            worker.stdin.flush()
        outputs = [worker.communicate(timeout=120)[0].strip() for worker in workers]
    finally:
        for worker in workers:
            worker.kill()
    shared = redis.Redis(host="127.0.0.1", port=redis_port, db=3)
    assert outputs == ["errors 0", "errors 0"]
    assert int(shared.get(f"{conv}:value")) == 40
    assert shared.get(f"{conv}:overlaps") is None


async def test_two_stores_in_one_process_never_hold_one_conversation_at_once(redis_port):
    """Read-modify-write with a pause inside: without mutual exclusion, updates are lost."""
    replicas, conv = [store(redis_port), store(redis_port)], conversation()
    shared = {"value": 0, "inside": 0, "most_inside": 0}

    async def message(replica):
        async with replica.lock(conv):
            shared["inside"] += 1
            shared["most_inside"] = max(shared["most_inside"], shared["inside"])
            seen = shared["value"]
            await asyncio.sleep(0.01)
            shared["value"] = seen + 1
            shared["inside"] -= 1

    await asyncio.gather(*(message(replicas[i % 2]) for i in range(30)))
    assert shared["value"] == 30
    assert shared["most_inside"] == 1


async def test_messages_are_served_in_arrival_order(redis_port):
    replicas, conv, served = [store(redis_port), store(redis_port)], conversation(), []

    async def message(number):
        async with replicas[number % 2].lock(conv):
            served.append(number)
            await asyncio.sleep(0.02)

    tasks = []
    for number in range(8):
        tasks.append(asyncio.ensure_future(message(number)))
        await asyncio.sleep(0.01)  # each message queued before the next arrives
    await asyncio.gather(*tasks)
    assert served == list(range(8))


async def test_other_conversations_are_not_blocked(redis_port):
    replica = store(redis_port)
    async with replica.lock(conversation()):
        started = time.monotonic()
        async with replica.lock(conversation()):
            pass
    assert time.monotonic() - started < 1


async def test_a_message_that_waits_past_the_lifetime_gets_lock_error_and_leaves_the_queue(redis_port):
    first, second, conv = store(redis_port), store(redis_port), conversation()
    async with first.lock(conv):
        with pytest.raises(LockError):
            async with second.lock(conv, lock_lifetime=0.3):
                pass
        assert len(first.get_lock(conv).tickets) == 1  # only the holder is left
    async with second.lock(conv, lock_lifetime=1):
        pass  # free again once the holder released it
    assert first.get_lock(conv) is None


async def test_the_lease_is_renewed_while_the_holder_works(redis_port):
    holder, other, conv = store(redis_port, lease_seconds=0.3), store(redis_port, lease_seconds=0.3), conversation()
    order = []

    async def long_work():
        async with holder.lock(conv):
            order.append("holder in")
            await asyncio.sleep(1.0)  # three leases long
            order.append("holder out")

    async def next_message():
        await asyncio.sleep(0.1)
        async with other.lock(conv):
            order.append("next in")

    await asyncio.gather(long_work(), next_message())
    assert order == ["holder in", "holder out", "next in"]


async def test_release_checks_the_token(redis_port):
    """A holder whose lease lapsed must not delete the mutex of the one who holds it now."""
    replica, conv = store(redis_port), conversation()
    keys = replica._keys(conv)
    client = replica._client()
    await client.set(keys["mutex"], "someone-else", px=5000)
    await replica._release(keys, "an-old-token")
    assert await client.get(keys["mutex"]) == b"someone-else"
    await replica._release(keys, "someone-else")
    assert await client.get(keys["mutex"]) is None


HOLD_AND_HANG = """
import asyncio, sys
from rasa_server.stores.lock_store import AtomicRedisLockStore
async def main():
    store = AtomicRedisLockStore(host="127.0.0.1", port=int(sys.argv[1]), lease_seconds=1)
    async with store.lock(sys.argv[2]):
        print("held", flush=True)
        await asyncio.sleep(3600)
asyncio.run(main())
"""


async def test_a_replica_killed_while_holding_frees_the_conversation_after_its_lease(redis_port):
    conv = conversation()
    process = subprocess.Popen([sys.executable, "-c", HOLD_AND_HANG, str(redis_port), conv], cwd=ROOT,
                               stdout=subprocess.PIPE, text=True)
    try:
        assert process.stdout.readline().strip() == "held"
        survivor = store(redis_port)
        with pytest.raises(LockError):  # really held by the other process
            async with survivor.lock(conv, lock_lifetime=0.5):
                pass
        process.kill()
        process.wait()
        killed_at = time.monotonic()
        async with survivor.lock(conv, lock_lifetime=10):
            waited = time.monotonic() - killed_at
    finally:
        process.kill()
        process.wait()
    assert waited < 3  # the lease (1 s) plus polling, not Rasa's 60 s lock lifetime


async def test_redis_unreachable_is_a_lock_error(redis_port):
    from tools.measuring.servers import free_port

    with pytest.raises(LockError):
        async with store(free_port(), socket_timeout=1).lock(conversation()):
            pass


async def many_turns(port):
    """30 users on 10 conversations, turns of 0 to 100 ms: the slowest release after a turn ended."""
    replica, rng = store(port, lease_seconds=0.15), random.Random(11)
    conversations = [conversation() for _ in range(10)]
    slowest = 0.0

    async def user(number):
        nonlocal slowest
        for _ in range(40):
            async with replica.lock(conversations[number % 10], lock_lifetime=20):
                await asyncio.sleep(rng.uniform(0, 0.1))  # ends at any point of the renewal period
                ended = time.monotonic()
            slowest = max(slowest, time.monotonic() - ended)

    await asyncio.gather(*(user(n) for n in range(30)))
    return slowest


def test_every_release_is_prompt_when_many_turns_end_during_renewals(redis_port):
    """Turns ending while their lease is being renewed: the renewal stops and the conversation is
    free at once. (redis-py's asyncio client can swallow the renewal task's cancellation; the lock
    was then renewed for ever and every later message of that conversation got LockError.)
    In a thread of its own: a stuck release ignores cancellation, so its loop could not be closed."""
    result = {}
    thread = threading.Thread(target=lambda: result.update(slowest=asyncio.run(many_turns(redis_port))), daemon=True)
    thread.start()
    thread.join(90)
    assert not thread.is_alive(), "users stuck: a conversation was never released"
    assert result["slowest"] < 1.0, f"a turn took {result['slowest']:.1f} s to release its conversation"
