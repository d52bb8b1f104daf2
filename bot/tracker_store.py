"""The SQL tracker store the assistant uses (endpoints.yml): Rasa's SQLTrackerStore, whose
cost per turn does not grow with the length of the conversation.

Stock Rasa rebuilds the whole conversation session on every message: it loads and replays
every event, featurizes the whole history for the policies and sends all of it to the
actions server with every action call, so a turn gets slower with every turn before it.
This store keeps every event exactly as Rasa writes it (history, export, /delete and purge
see the whole conversation), but Rasa only gets a bounded window of it:

- When the current session has more than `compact_after` events (TRACKER_COMPACT_AFTER,
  default 100) at the end of a turn, a *snapshot* row is written: the conversation's state
  before the last `keep_turns` turns (TRACKER_KEEP_TURNS, default 3) as a few synthetic
  events: every slot (the facts, notes, retries, assessment, requested_slot …), the active
  loop (the interview form) and the user's first description of the situation, which the
  consultation report quotes (actions/report/chat.py).
- `retrieve` (what Rasa handles a message with) returns the snapshot's events followed by
  the stored events from the first of those kept turns on: the same slots, loop and recent
  turns as the whole session, in a tracker of bounded size.

The snapshot is a row of the same `events` table (type `session_snapshot`) that no event
query returns, so deleting or purging a conversation deletes it too. A real session expiry
still starts a new session without the facts (domain.yml: carry_over_slots_to_new_session
is false): a snapshot only applies to the session it was taken in.
"""
from __future__ import annotations

import functools
import json
import logging
import os
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Optional, Text

from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.events import (ActionExecuted, ActionExecutionRejected, ActiveLoop,
                                     ConversationPaused, Event, Restarted, SessionStarted,
                                     SlotSet, UserUttered)
from rasa.shared.core.slots import Slot
from rasa.shared.core.trackers import DialogueStateTracker
from rasa.shared.utils.common import all_subclasses
from sqlalchemy import event as sql_event

from . import action_validation

logger = logging.getLogger(__name__)
# Every Rasa server with our endpoints.yml imports this module before handling a message.
action_validation.install()

SNAPSHOT = "session_snapshot"
DEFAULT_COMPACT_AFTER = 100
DEFAULT_KEEP_TURNS = 3
# User messages the assistant may quote later, kept (the first of each intent) when older
# turns are compacted: the report quotes the first description (actions/report/chat.py).
QUOTED_INTENTS = ("describe_account_sale",)
WINDOW = "_sql_window"  # attribute of the trackers this store returns


@dataclass
class Window:
    """Of a tracker this store handed out: how many of its first events come from a
    snapshot, and how many events (those and stored rows) are saved."""
    synthetic: int
    stored: int


@functools.lru_cache(maxsize=None)
def event_classes() -> dict[str, type]:
    """Event classes by type name, resolved once (Event.resolve_by_type walks every
    subclass for every event, the largest cost of loading a long conversation)."""
    classes: dict[str, type] = {}
    for cls in all_subclasses(Event):
        classes.setdefault(cls.type_name, cls)
    return classes


def deserialise(serialised: Iterable[dict[str, Any]]) -> list[Event]:
    classes = event_classes()
    events = []
    for data in serialised:
        cls = classes.get(data.get("event"))
        event = cls._from_parameters(data) if cls else Event.from_parameters(data)
        if event:
            events.append(event)
    return events


def is_listen(event: Event) -> bool:
    return isinstance(event, ActionExecuted) and event.action_name == ACTION_LISTEN_NAME


def cut_index(events: list[Event], start: int, keep_turns: int) -> Optional[int]:
    """Where to cut `events` (at or after `start`) to keep the last `keep_turns` turns: the
    `action_listen` before the first kept user message. None unless the conversation is
    at rest (the last event is `action_listen`) with enough turns and no new session or
    restart among the kept turns."""
    if not events or not is_listen(events[-1]):
        return None
    turns = [i for i in range(max(start, 0), len(events) - 1)
             if is_listen(events[i]) and isinstance(events[i + 1], UserUttered)]
    if len(turns) <= keep_turns:
        return None
    cut = turns[-keep_turns]
    if any(isinstance(event, (SessionStarted, Restarted)) for event in events[cut:]):
        return None
    return cut


def quoted_messages(events: Iterable[Event]) -> list[UserUttered]:
    """The first typed message of each intent in QUOTED_INTENTS since the last session
    start or restart."""
    first: dict[str, UserUttered] = {}
    for event in events:
        if isinstance(event, (SessionStarted, Restarted)):
            first = {}
        elif (isinstance(event, UserUttered) and event.intent_name in QUOTED_INTENTS
              and event.text and not event.text.startswith("/")):
            first.setdefault(event.intent_name, event)
    return sorted(first.values(), key=lambda event: event.timestamp)


def snapshot_events(events: list[Event], slots: Iterable[Slot]) -> list[Event]:
    """Synthetic events that recreate the state after `events`: a session start, every slot
    that differs from its initial value, the quoted messages, the active loop (with its
    rejection: the next `action_listen` would not reset it) and a pause."""
    state = DialogueStateTracker.from_events("snapshot", events, slots)
    when = events[-1].timestamp
    snapshot: list[Event] = [ActionExecuted(ACTION_SESSION_START_NAME, timestamp=when),
                             SessionStarted(timestamp=when)]
    snapshot += [SlotSet(name, slot.value, timestamp=when)
                 for name, slot in state.slots.items() if slot.value != slot.initial_value]
    quoted = quoted_messages(events)
    if quoted:
        snapshot += [ActionExecuted(ACTION_LISTEN_NAME, timestamp=when), *quoted]
    if state.active_loop_name:
        snapshot.append(ActiveLoop(state.active_loop_name, timestamp=when))
        if state.active_loop.rejected:
            snapshot.append(ActionExecutionRejected(state.active_loop_name, timestamp=when))
    if state.is_paused():
        snapshot.append(ConversationPaused(timestamp=when))
    return snapshot


def setting(value: Any, variable: str, default: int) -> int:
    return int(value if value is not None else os.environ.get(variable) or default)


def sqlite_pragmas(connection: Any, _record: Any) -> None:
    """The SQLite default: write-ahead log, synced at checkpoints. A turn's commit appends to
    the log instead of syncing the database file, and readers (history, purge) don't block
    the writer. A crash of the process loses nothing; a power cut may lose the last turns."""
    cursor = connection.cursor()
    cursor.execute("PRAGMA journal_mode=WAL")
    cursor.execute("PRAGMA synchronous=NORMAL")
    cursor.close()


class CompactingSQLTrackerStore(SQLTrackerStore):
    """SQLTrackerStore (same settings) that hands Rasa a bounded window of the session."""

    def __init__(self, *args: Any, compact_after: Optional[int] = None,
                 keep_turns: Optional[int] = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.engine.dialect.name == "sqlite":
            sql_event.listen(self.engine, "connect", sqlite_pragmas)
        self.compact_after = setting(compact_after, "TRACKER_COMPACT_AFTER", DEFAULT_COMPACT_AFTER)
        self.keep_turns = max(1, setting(keep_turns, "TRACKER_KEEP_TURNS", DEFAULT_KEEP_TURNS))

    def _event_query(self, session: Any, sender_id: Text, fetch_events_from_all_sessions: bool) -> Any:
        query = super()._event_query(session, sender_id, fetch_events_from_all_sessions)
        return query.filter(self.SQLEvent.type_name != SNAPSHOT)

    def _window(self, session: Any, sender_id: Text) -> tuple[list[dict[str, Any]], Any]:
        """The latest snapshot's events and the query of the stored events after it; without
        a snapshot in the current session, none and Rasa's query of the whole session."""
        event = self.SQLEvent
        marker = (session.query(event.type_name, event.data)
                  .filter(event.sender_id == sender_id,
                          event.type_name.in_((SNAPSHOT, SessionStarted.type_name)))
                  .order_by(event.id.desc()).first())
        if marker is None or marker.type_name != SNAPSHOT:
            return [], self._event_query(session, sender_id, False)
        snapshot = json.loads(marker.data)
        return snapshot["events"], (session.query(event)
                                    .filter(event.sender_id == sender_id, event.id >= snapshot["from"],
                                            event.type_name != SNAPSHOT)
                                    .order_by(event.id))

    async def retrieve(self, sender_id: Text) -> Optional[DialogueStateTracker]:
        """The current session: from its latest snapshot if there is one, else all of it."""
        with self.session_scope() as session:
            synthetic, query = self._window(session, sender_id)
            rows = query.with_entities(self.SQLEvent.data).all()
        if not rows or not self.domain:
            return None
        events = deserialise([*synthetic, *(json.loads(row.data) for row in rows)])
        tracker = DialogueStateTracker.from_events(sender_id, events, self.domain.slots)
        setattr(tracker, WINDOW, Window(len(synthetic), len(tracker.events)))
        return tracker

    async def retrieve_full_tracker(self, conversation_id: Text) -> Optional[DialogueStateTracker]:
        """Every stored event of every session (no snapshot), as Rasa's."""
        with self.session_scope() as session:
            rows = self._event_query(session, conversation_id, True).with_entities(self.SQLEvent.data).all()
        if not rows or not self.domain:
            return None
        events = deserialise(json.loads(row.data) for row in rows)
        return DialogueStateTracker.from_events(conversation_id, events, self.domain.slots)

    def _additional_events(self, session: Any, tracker: DialogueStateTracker) -> Iterator[Event]:
        window: Optional[Window] = getattr(tracker, WINDOW, None)
        if window is None:  # a tracker this store didn't hand out: count rows as Rasa does
            return super()._additional_events(session, tracker)
        return iter(list(tracker.events)[window.stored:])

    async def save(self, tracker: DialogueStateTracker) -> None:
        await super().save(tracker)
        window: Optional[Window] = getattr(tracker, WINDOW, None)
        if window is not None:
            window.stored = len(tracker.events)
            self._compact(tracker, window)

    def _compact(self, tracker: DialogueStateTracker, window: Window) -> None:
        """Write a snapshot when the window has grown past `compact_after` events."""
        events = list(tracker.events)
        if len(events) - window.synthetic <= self.compact_after:
            return
        cut = cut_index(events, window.synthetic, self.keep_turns)
        if cut is None:
            return
        snapshot = snapshot_events(events[:cut], self.domain.slots)
        event = self.SQLEvent
        with self.session_scope() as session:
            ids = [row.id for row in self._window(session, tracker.sender_id)[1].with_entities(event.id)]
            if len(ids) != len(events) - window.synthetic:
                logger.warning("not compacting %s: %d stored events, %d expected", tracker.sender_id,
                               len(ids), len(events) - window.synthetic)
                return
            (session.query(event).filter(event.sender_id == tracker.sender_id, event.type_name == SNAPSHOT)
             .delete(synchronize_session=False))
            session.add(event(sender_id=tracker.sender_id, type_name=SNAPSHOT, timestamp=events[cut - 1].timestamp,
                              data=json.dumps({"from": ids[cut - window.synthetic],
                                               "events": [item.as_dict() for item in snapshot]})))
            session.commit()
        logger.debug("conversation compacted: %d events summarised in %d", cut, len(snapshot))
