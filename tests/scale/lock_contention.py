"""One process contending for a conversation lock, as a Rasa replica does: `rounds` times,
`concurrent` coroutines each take the lock of the same conversation through
bot.lock_store.AtomicRedisLockStore, hold it briefly and give it back. A Redis counter of
holders (in another database) detects two holders at once.

    python -m tests.scale.lock_contention HOST PORT LOCK_DB COUNTER_DB ROUNDS CONCURRENT
(password in REDIS_PASSWORD); prints {"held": n, "overlaps": n, "errors": n} as JSON.
"""
import asyncio
import json
import os
import sys

import redis
from rasa.core.lock_store import LockError
from rasa.utils.endpoints import EndpointConfig

from bot.lock_store import AtomicRedisLockStore

CONVERSATION = "contended"


async def contend(host: str, port: int, lock_db: int, counter_db: int, rounds: int, concurrent: int) -> dict:
    password = os.environ.get("REDIS_PASSWORD") or None
    store = AtomicRedisLockStore(EndpointConfig(url=host, port=port, db=lock_db, password=password))
    counter = redis.Redis(host=host, port=port, db=counter_db, password=password)
    outcome = {"held": 0, "overlaps": 0, "errors": 0}

    async def hold() -> None:
        try:
            async with store.lock(CONVERSATION, wait_time_in_seconds=0.005):
                if counter.incr("holders") != 1:
                    outcome["overlaps"] += 1
                await asyncio.sleep(0.002)
                counter.decr("holders")
                outcome["held"] += 1
        except LockError:
            outcome["errors"] += 1

    for _ in range(rounds):
        await asyncio.gather(*(hold() for _ in range(concurrent)))
    return outcome


if __name__ == "__main__":
    host, port, lock_db, counter_db, rounds, concurrent = sys.argv[1:7]
    print(json.dumps(asyncio.run(contend(host, int(port), int(lock_db), int(counter_db),
                                         int(rounds), int(concurrent)))))
