"""Deleting, purging and reading back stored conversations (SQL tracker store)."""
import asyncio
import os
import subprocess
import sys
import time
from pathlib import Path

from rasa.core.tracker_store import InMemoryTrackerStore, SQLTrackerStore
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Restarted, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from actions.report.store import ReportStore
from bot import conversations

REPO = Path(__file__).resolve().parents[1]
DOMAIN = Domain.load(str(REPO / "domain.yml"))


def save(store, sender, age_days, now):
    stamp = now - age_days * 86400
    tracker = DialogueStateTracker.from_events(sender, [
        ActionExecuted("action_listen", timestamp=stamp),
        UserUttered("我想卖号", {"name": "describe_account_sale"}, timestamp=stamp),
        BotUttered("是哪个平台的账号？", {"buttons": [{"title": "微信", "payload": "/inform"}]}, timestamp=stamp),
    ])
    asyncio.run(store.save(tracker))


def sql_store(tmp_path):
    return SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(tmp_path / "tracker.db"))


def test_delete_removes_only_that_sender(tmp_path):
    store = sql_store(tmp_path)
    now = time.time()
    save(store, "alice", 0, now)
    save(store, "bob", 0, now)
    assert conversations.delete_conversation(store, "alice") > 0
    assert asyncio.run(store.retrieve("alice")) is None
    assert asyncio.run(store.retrieve("bob")) is not None
    assert conversations.delete_conversation(store, "alice") == 0


def test_delete_in_memory_store():
    store = InMemoryTrackerStore(DOMAIN)
    save(store, "carol", 0, time.time())
    assert conversations.delete_conversation(store, "carol") == 1
    assert asyncio.run(store.retrieve("carol")) is None


def test_purge_keeps_recent_conversations(tmp_path):
    store = sql_store(tmp_path)
    now = time.time()
    save(store, "old", 31, now)
    save(store, "recent", 29, now)
    assert conversations.purge_older_than(store, 30, now=now) == 1
    assert asyncio.run(store.retrieve("old")) is None
    assert asyncio.run(store.retrieve("recent")) is not None


def test_retention_command_uses_endpoints(tmp_path):
    db = tmp_path / "tracker.db"
    store = SQLTrackerStore(DOMAIN, dialect="sqlite", db=str(db))
    save(store, "stale", 40, time.time())
    reports = tmp_path / "reports.db"
    current = ReportStore(reports).put(b"%PDF new", "new")[0]
    expired = ReportStore(reports, clock=lambda: time.time() - 7200).put(b"%PDF old", "old")[0]
    env = {**os.environ, "TRACKER_DIALECT": "sqlite", "TRACKER_URL": "", "TRACKER_DB": str(db),
           "TRACKER_USER": "", "TRACKER_PASSWORD": "", "ACTION_ENDPOINT_URL": "http://localhost:1/webhook",
           "REPORTS_DB": str(reports)}
    result = subprocess.run([sys.executable, "-m", "bot.retention", "--days", "30"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "purged 1 conversation" in result.stdout and "purged 1 expired report" in result.stdout
    assert asyncio.run(store.retrieve("stale")) is None
    assert ReportStore(reports).get(expired) is None and ReportStore(reports).get(current) is not None


def test_history_shows_user_and_bot_messages_since_restart():
    events = [
        {"event": "user", "text": "旧消息", "timestamp": 1},
        {"event": "restart", "timestamp": 2},
        {"event": "user", "text": "我想卖号", "timestamp": 3},
        {"event": "user", "text": "/affirm", "timestamp": 4},
        {"event": "bot", "text": "是哪个平台？", "data": {"buttons": [{"title": "微信"}]}, "timestamp": 5},
        {"event": "slot", "name": "platform", "value": "wechat"},
    ]
    messages = conversations.history(events)
    assert [m["role"] for m in messages] == ["user", "bot"]
    assert messages[1]["buttons"] == [{"title": "微信"}]


def test_restarted_event_is_a_rasa_event():
    assert Restarted().as_dict()["event"] == "restart"
