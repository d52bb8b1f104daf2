"""bot.lock_store.AtomicRedisLockStore on the profile's Redis: tickets are shared by all
replicas, and under contention from several processes nobody holds a conversation's lock
at the same time as another, no ticket is lost and no lock is left behind."""
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from rasa.utils.endpoints import EndpointConfig

from bot.lock_store import AtomicRedisLockStore

REPO = Path(__file__).resolve().parents[2]
LOCK_DB, COUNTER_DB = 5, 6  # apart from the replicas' locks (LOCK_STORE_DB)


@pytest.fixture
def redis_dbs(profile):
    dbs = profile.redis(LOCK_DB), profile.redis(COUNTER_DB)
    for db in dbs:
        db.flushdb()
    yield dbs
    for db in dbs:
        db.flushdb()


def store(profile) -> AtomicRedisLockStore:
    s = profile.settings
    return AtomicRedisLockStore(EndpointConfig(url=s["LOCK_STORE_HOST"], port=s["LOCK_STORE_PORT"], db=LOCK_DB,
                                               password=s["LOCK_STORE_PASSWORD"]))


def test_two_replicas_share_one_ticket_queue(profile, redis_dbs):
    first, second = store(profile), store(profile)
    tickets = [first.issue_ticket("c"), second.issue_ticket("c"), first.issue_ticket("c")]
    assert tickets == [0, 1, 2]
    assert second.get_lock("c").now_serving == 0
    first.cleanup("c", 0)
    assert second.get_lock("c").now_serving == 1
    second.cleanup("c", 2)
    first.cleanup("c", 1)
    assert first.get_lock("c") is None and redis_dbs[0].dbsize() == 0


def test_a_lock_expires_from_redis_with_its_last_ticket(profile, redis_dbs):
    lock_store = store(profile)
    lock_store.issue_ticket("short", lock_lifetime=2)
    assert 0 < redis_dbs[0].pttl(lock_store.key_prefix + "short") <= 2000
    lock_store.issue_ticket("short", lock_lifetime=30)
    assert 2000 < redis_dbs[0].pttl(lock_store.key_prefix + "short") <= 30000


def test_no_two_processes_hold_a_conversation_at_once(profile, redis_dbs):
    processes, rounds, concurrent = 3, 60, 3
    s = profile.settings
    command = [sys.executable, "-m", "tests.scale.lock_contention", s["LOCK_STORE_HOST"], s["LOCK_STORE_PORT"],
               str(LOCK_DB), str(COUNTER_DB), str(rounds), str(concurrent)]
    env = {**os.environ, "REDIS_PASSWORD": s["LOCK_STORE_PASSWORD"]}
    running = [subprocess.Popen(command, cwd=REPO, env=env, stdout=subprocess.PIPE, text=True)
               for _ in range(processes)]
    try:
        outcomes = [json.loads(process.communicate(timeout=180)[0]) for process in running]
    finally:
        for process in running:
            process.kill()
    assert [process.returncode for process in running] == [0] * processes
    assert sum(o["overlaps"] for o in outcomes) == 0
    assert sum(o["errors"] for o in outcomes) == 0
    assert sum(o["held"] for o in outcomes) == processes * rounds * concurrent
    assert redis_dbs[0].dbsize() == 0  # every lock was deleted by its last holder
