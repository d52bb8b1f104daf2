"""A Redis lock store for several Rasa servers whose ticket updates are atomic.

Rasa's RedisLockStore reads a conversation's ticket lock, changes it in Python and writes
it back. Two replicas doing that at the same moment overwrite each other's tickets: both
may then serve the same conversation at once, or a waiter's ticket disappears and it waits
forever. Here every read-change-write runs in a Redis transaction (WATCH/MULTI/EXEC,
retried when another replica changed the lock in between), so tickets are issued and
returned one at a time across all replicas. A lock expires from Redis with its last
ticket, so a replica that dies while holding one leaves nothing behind.

endpoints (deploy/lock_store.yml):
    lock_store:
      type: bot.lock_store.AtomicRedisLockStore
      url: <redis host>
      port: <port>          # and any other RedisLockStore option (db, password, key_prefix…)
"""
from __future__ import annotations

import json
import time
from typing import Any, Callable, Optional, Tuple

from rasa.core.lock import TicketLock
from rasa.core.lock_store import LOCK_LIFETIME, LockError, RedisLockStore
from rasa.utils.endpoints import EndpointConfig

# A change to one lock: the stored lock (or None) -> (the lock to store, or None to
# delete it; a value for the caller).
Change = Callable[[Optional[TicketLock]], Tuple[Optional[TicketLock], Any]]


class AtomicRedisLockStore(RedisLockStore):
    def __init__(self, endpoint_config: Optional[EndpointConfig] = None) -> None:
        config = endpoint_config or EndpointConfig()
        super().__init__(host=config.url or "localhost", **config.kwargs)

    def _change(self, conversation_id: str, change: Change) -> Any:
        key = self.key_prefix + conversation_id

        def attempt(pipe) -> Any:
            raw = pipe.get(key)
            lock, result = change(TicketLock.from_dict(json.loads(raw)) if raw else None)
            pipe.multi()
            if lock is None:
                pipe.delete(key)
            else:
                last_expiry = max((ticket.expires for ticket in lock.tickets), default=0.0)
                pipe.set(key, lock.dumps(), px=max(1, int((last_expiry - time.time()) * 1000)))
            return result

        return self.red.transaction(attempt, key, value_from_callable=True)

    def issue_ticket(self, conversation_id: str, lock_lifetime: float = LOCK_LIFETIME) -> int:
        def issue(lock: Optional[TicketLock]):
            lock = lock or self.create_lock(conversation_id)
            return lock, lock.issue_ticket(lock_lifetime)

        try:
            return self._change(conversation_id, issue)
        except Exception as error:
            raise LockError(f"Error while acquiring lock. Error:\n{error}") from error

    def update_lock(self, conversation_id: str) -> None:
        def drop_expired(lock: Optional[TicketLock]):
            if lock is not None:
                lock.remove_expired_tickets()
            return lock, None

        self._change(conversation_id, drop_expired)

    def finish_serving(self, conversation_id: str, ticket_number: int) -> None:
        self._change(conversation_id, _without(ticket_number, delete_when_empty=False))

    def cleanup(self, conversation_id: str, ticket_number: int) -> None:
        """Return the ticket and delete the lock if nobody else holds one, in one step."""
        self._change(conversation_id, _without(ticket_number, delete_when_empty=True))


def _without(ticket_number: int, delete_when_empty: bool) -> Change:
    def remove(lock: Optional[TicketLock]):
        if lock is None:
            return None, None
        lock.remove_ticket_for(ticket_number)
        return (None if delete_when_empty and not lock.is_someone_waiting() else lock), None

    return remove
