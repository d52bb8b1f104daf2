"""Operations on stored conversations that Rasa's own API lacks: delete one sender's
conversation, purge old ones, and read a conversation back as chat history."""
from __future__ import annotations

import time
from typing import Any

from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore, TrackerStore


def unwrap(store: TrackerStore) -> TrackerStore:
    """The concrete store behind Rasa's awaitable/fail-safe wrappers."""
    while hasattr(store, "_tracker_store"):
        store = store._tracker_store
    return store


def delete_conversation(store: TrackerStore, sender_id: str) -> int:
    """Remove every stored event of one sender; returns how many were removed."""
    store = unwrap(store)
    if isinstance(store, SQLTrackerStore):
        with store.session_scope() as session:
            removed = (session.query(store.SQLEvent)
                       .filter(store.SQLEvent.sender_id == sender_id)
                       .delete(synchronize_session=False))
            session.commit()
            return removed
    if isinstance(store, InMemoryTrackerStore):
        return 1 if store.store.pop(sender_id, None) is not None else 0
    raise NotImplementedError(f"deleting from {type(store).__name__} is not supported")


def purge_older_than(store: TrackerStore, days: float, now: float | None = None) -> int:
    """Delete the conversations whose latest event is older than `days`; returns how many."""
    store = unwrap(store)
    if not isinstance(store, SQLTrackerStore):
        raise NotImplementedError(f"purging {type(store).__name__} is not supported")
    from sqlalchemy import func

    cutoff = (now or time.time()) - days * 86400
    event = store.SQLEvent
    with store.session_scope() as session:
        stale = [sender for (sender,) in session.query(event.sender_id)
                 .group_by(event.sender_id).having(func.max(event.timestamp) < cutoff)]
        for start in range(0, len(stale), 500):
            (session.query(event).filter(event.sender_id.in_(stale[start:start + 500]))
             .delete(synchronize_session=False))
        session.commit()
    return len(stale)


def history(events: list[dict[str, Any]], limit: int = 200) -> list[dict[str, Any]]:
    """User and bot messages of the current session (since the last session start or
    restart) in a conversation's events, oldest first, for a chat window."""
    messages = []
    for event in events:
        kind = event.get("event")
        if kind in ("restart", "session_started"):
            messages = []
        elif kind == "user" and event.get("text") and not event["text"].startswith("/"):
            messages.append({"role": "user", "text": event["text"], "timestamp": event.get("timestamp")})
        elif kind == "bot" and (event.get("text") or (event.get("data") or {}).get("buttons")):
            data = event.get("data") or {}
            messages.append({"role": "bot", "text": event.get("text") or "",
                             "buttons": data.get("buttons") or [], "custom": data.get("custom"),
                             "timestamp": event.get("timestamp")})
    return messages[-limit:]
