"""One "replica" for the lock tests: a process that handles `count` messages of one conversation.

Each message does a read-modify-write on a Redis counter with a pause inside (lost updates if two
holders overlap) and records how many holders are inside at once. Usage:
    python -m tests.tools.measuring.cluster.replica_worker <store class path> <redis port> <conversation> <count>
"""
import asyncio
import sys

import redis
from rasa.shared.utils.common import class_from_module_path


async def main(store_path: str, port: int, conversation: str, count: int) -> None:
    store = class_from_module_path(store_path)(host="127.0.0.1", port=port)
    shared = redis.Redis(host="127.0.0.1", port=port, db=3)
    errors = 0

    async def message() -> None:
        nonlocal errors
        try:
            async with store.lock(conversation, wait_time_in_seconds=0.01):
                inside = shared.incr(f"{conversation}:inside")
                if inside > 1:
                    shared.incr(f"{conversation}:overlaps")
                seen = int(shared.get(f"{conversation}:value") or 0)
                await asyncio.sleep(0.005)
                shared.set(f"{conversation}:value", seen + 1)
                shared.decr(f"{conversation}:inside")
        except Exception:  # LockError: counted by the test as a lost message
            errors += 1

    print("ready", flush=True)
    sys.stdin.readline()  # both replicas start together
    await asyncio.gather(*(message() for _ in range(count)))
    print(f"errors {errors}", flush=True)


if __name__ == "__main__":
    asyncio.run(main(sys.argv[1], int(sys.argv[2]), sys.argv[3], int(sys.argv[4])))
