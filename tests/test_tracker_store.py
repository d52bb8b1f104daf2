"""The compacting SQL tracker store (bot/tracker_store.py) on simulated conversations: Rasa
gets a bounded window with the same state as the whole session, while history, deletion,
purge and session expiry see every stored event as before."""
import asyncio
import json
import sqlite3
import time

import pytest
from rasa.core.tracker_store import SQLTrackerStore
from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import (ActionExecuted, ActionExecutionRejected, ActiveLoop, BotUttered,
                                     Restarted, SessionStarted, SlotSet, UserUttered, deserialise_events)

from actions.report.chat import DESCRIBE_INTENT, description
from bot import conversations
from bot.tracker_store import (QUOTED_INTENTS, SNAPSHOT, CompactingSQLTrackerStore, cut_index, deserialise,
                               is_listen)
from tests.fixtures import JIANGYIN_SLOTS
from tests.stack import REPO

DESCRIPTION = "我有9个微信号想卖给做医美的老板，每个两三千好友，里面有客户病历"
QUESTIONS = ["那30万能要回来吗", "江阴那个案子", "第1038条原文", "你是机器人吗"]


@pytest.fixture(scope="module")
def domain():
    return Domain.load(str(REPO / "domain.yml"))


@pytest.fixture
def store(domain, tmp_path):
    return CompactingSQLTrackerStore(domain=domain, db=str(tmp_path / "tracker.db"), compact_after=40, keep_turns=3)


def run(coroutine):
    return asyncio.run(coroutine)


def listen():
    return ActionExecuted(ACTION_LISTEN_NAME)


def turn(store, sender, text, intent="ask_article", *events):
    """One turn as Rasa handles it: retrieve, the user's message, actions, save."""
    tracker = run(store.retrieve(sender))
    if tracker is None:
        tracker = run(store.create_tracker(sender, append_action_listen=False))
        for event in (ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted(), listen()):
            tracker.update(event)
    tracker.update(UserUttered(text, {"name": intent, "confidence": 1.0}))
    for event in events or (ActionExecuted("action_show_article"), BotUttered(f"回答：{text}")):
        tracker.update(event)
    tracker.update(listen())
    run(store.save(tracker))
    return tracker


def interview(store, sender):
    """A greeting, the description, then one fact per answer, the interview form active
    throughout."""
    turn(store, sender, "你好", "greet", ActionExecuted("utter_greet"), BotUttered("您好"))
    turn(store, sender, DESCRIPTION, DESCRIBE_INTENT, ActionExecuted("interview_form"), ActiveLoop("interview_form"),
         SlotSet("requested_slot", "role"), BotUttered("您是哪一方？"))
    for fact, value in JIANGYIN_SLOTS.items():
        turn(store, sender, f"/inform{{\"{fact}\":{json.dumps(value)}}}", "inform", ActionExecuted("interview_form"),
             SlotSet(fact, value), SlotSet("requested_slot", fact), BotUttered(f"问：{fact}"))


def long_conversation(store, sender, turns=120):
    interview(store, sender)
    for number in range(turns):
        turn(store, sender, QUESTIONS[number % len(QUESTIONS)])


def full(store, sender):
    return run(store.retrieve_full_tracker(sender))


def stored_rows(store, sender, type_name=None):
    event = store.SQLEvent
    with store.session_scope() as session:
        query = session.query(event).filter(event.sender_id == sender)
        if type_name:
            query = query.filter(event.type_name == type_name)
        return query.count()


def test_window_stays_bounded_and_has_the_whole_sessions_state(store):
    long_conversation(store, "long")
    window, everything = run(store.retrieve("long")), full(store, "long")
    assert stored_rows(store, "long", SNAPSHOT) == 1
    assert len(everything.events) > 500
    assert len(window.events) <= store.compact_after + 40
    assert window.current_slot_values() == everything.current_slot_values()
    assert window.current_slot_values()["pi_count"] == JIANGYIN_SLOTS["pi_count"]
    assert window.active_loop_name == everything.active_loop_name == "interview_form"
    assert window.latest_message.text == everything.latest_message.text == QUESTIONS[-1]
    assert window.applied_events()[-12:] == everything.applied_events()[-12:]


def test_the_last_turns_are_kept_verbatim(store):
    long_conversation(store, "recent", turns=60)
    window = run(store.retrieve("recent"))
    users = [event.text for event in window.events if isinstance(event, UserUttered)]
    assert users[0] == DESCRIPTION and "你好" not in users
    assert users[-store.keep_turns:] == [QUESTIONS[n % 4] for n in range(60 - store.keep_turns, 60)]


def test_the_report_still_finds_the_first_description(store):
    assert DESCRIBE_INTENT in QUOTED_INTENTS
    long_conversation(store, "report")
    window = run(store.retrieve("report"))
    assert description(event.as_dict() for event in window.events) == DESCRIPTION
    assert description(event.as_dict() for event in full(store, "report").events) == DESCRIPTION


def test_history_returns_every_message_and_no_snapshot(store):
    long_conversation(store, "history")
    events = [event.as_dict() for event in full(store, "history").events]
    assert all(event["event"] != SNAPSHOT for event in events)
    texts = [message["text"] for message in conversations.history(events, limit=1000) if message["role"] == "user"]
    assert texts[:2] == ["你好", DESCRIPTION] and len(texts) == 2 + 120  # (answers were button payloads)
    assert stored_rows(store, "history") == len(events) + 1  # and the snapshot row


def test_session_expiry_still_forgets_the_facts(store):
    long_conversation(store, "expired", turns=60)
    assert run(store.retrieve("expired")).get_slot("price") == JIANGYIN_SLOTS["price"]
    tracker = run(store.retrieve("expired"))
    for event in (ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted(), listen()):
        tracker.update(event)
    run(store.save(tracker))
    turn(store, "expired", "你好", "greet")
    fresh = run(store.retrieve("expired"))
    assert fresh.get_slot("price") is None and fresh.active_loop_name is None
    assert [event.text for event in fresh.events if isinstance(event, UserUttered)] == ["你好"]
    shown = conversations.history([event.as_dict() for event in full(store, "expired").events])
    assert [message["text"] for message in shown if message["role"] == "user"] == ["你好"]


def test_compaction_skips_a_window_with_a_restart(store):
    long_conversation(store, "restart", turns=45)
    turn(store, "restart", "重新开始", "restart", ActionExecuted("action_restart"), Restarted())
    turn(store, "restart", "你好", "greet")
    window = run(store.retrieve("restart"))
    assert window.get_slot("price") is None
    assert description(event.as_dict() for event in window.events) is None


def test_delete_and_purge_remove_the_snapshot_too(store):
    long_conversation(store, "gone")
    long_conversation(store, "old")
    assert stored_rows(store, "gone", SNAPSHOT) == stored_rows(store, "old", SNAPSHOT) == 1
    assert conversations.delete_conversation(store, "gone") > 0
    assert stored_rows(store, "gone") == 0 and run(store.retrieve("gone")) is None
    assert conversations.purge_older_than(store, days=1, now=time.time() + 2 * 86400) == 1
    assert stored_rows(store, "old") == 0


def test_a_rejected_form_stays_rejected(store):
    interview(store, "rejected")
    turn(store, "rejected", "不知道怎么说", "inform", ActionExecuted("interview_form"),
         ActionExecutionRejected("interview_form"), ActionExecuted("action_unclear_answer"))
    for number in range(30):
        turn(store, "rejected", QUESTIONS[number % len(QUESTIONS)])
    window, everything = run(store.retrieve("rejected")), full(store, "rejected")
    assert stored_rows(store, "rejected", SNAPSHOT) == 1
    assert sum(isinstance(event, ActionExecutionRejected) for event in window.events) == 1  # the snapshot's
    assert window.active_loop.rejected and everything.active_loop.rejected


def test_stock_rows_are_read_and_a_stock_store_reads_ours(store, domain, tmp_path):
    stock = SQLTrackerStore(domain=domain, db=str(tmp_path / "tracker.db"))
    tracker = run(stock.create_tracker("shared"))
    tracker.update(UserUttered("你好", {"name": "greet"}))
    run(stock.save(tracker))
    assert [event.text for event in run(store.retrieve("shared")).events if isinstance(event, UserUttered)] == ["你好"]
    long_conversation(store, "shared", turns=40)
    assert stored_rows(store, "shared", SNAPSHOT) == 1
    assert run(stock.retrieve("shared")).get_slot("price") == JIANGYIN_SLOTS["price"]


def test_cut_only_at_rest_and_before_whole_turns():
    events = [ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted(), listen()]
    for number in range(5):
        events += [UserUttered(str(number)), ActionExecuted("action_x"), listen()]
    cut = cut_index(events, 0, keep_turns=2)
    assert is_listen(events[cut]) and events[cut + 1].text == "3"
    assert cut_index(events[:-1], 0, keep_turns=2) is None  # mid-turn
    assert cut_index(events, 0, keep_turns=5) is None  # not enough turns
    assert cut_index(events, cut + 1, keep_turns=2) is None  # not enough turns after the start


def test_deserialise_matches_rasa():
    events = [ActionExecuted(ACTION_LISTEN_NAME), UserUttered("你好", {"name": "greet"}), SlotSet("price", 1),
              ActiveLoop("interview_form"), BotUttered("您好", {"buttons": [{"title": "是", "payload": "/affirm"}]})]
    serialised = [event.as_dict() for event in events]
    assert deserialise(serialised) == deserialise_events(serialised) == events


def test_sizes_come_from_the_environment(domain, tmp_path, monkeypatch):
    monkeypatch.setenv("TRACKER_COMPACT_AFTER", "250")
    monkeypatch.setenv("TRACKER_KEEP_TURNS", "5")
    store = CompactingSQLTrackerStore(domain=domain, db=str(tmp_path / "sizes.db"))
    assert (store.compact_after, store.keep_turns) == (250, 5)
    monkeypatch.delenv("TRACKER_COMPACT_AFTER")
    assert CompactingSQLTrackerStore(domain=domain, db=str(tmp_path / "sizes.db")).compact_after == 100


def test_sqlite_writes_ahead_and_another_connection_reads_every_turn(store, tmp_path):
    interview(store, "wal")
    with sqlite3.connect(tmp_path / "tracker.db") as other:   # e.g. `make purge` or /history
        assert other.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        count = other.execute("SELECT COUNT(*) FROM events WHERE sender_id = 'wal' AND type_name != ?", (SNAPSHOT,)).fetchone()[0]
    assert count == len(full(store, "wal").events)
