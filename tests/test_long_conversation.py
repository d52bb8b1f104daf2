"""End to end: a conversation of more than 100 turns over the REST channel with the
compacting tracker store (bot/tracker_store.py). What the user said in the first turns is
still known at the end, the assessment and the interview still work, and /history still
shows the whole session (up to its limit of 200 messages)."""
import sqlite3
import uuid

import pytest
import requests

from bot import conversations
from bot.tracker_store import SNAPSHOT
from tests.stack import MODEL, running_stack, text_of
from tests.test_e2e_rest import JIANGYIN_ANSWERS, finish_interview

OPENER = "我有9个微信号想卖给做医美的老板，每个两三千好友，里面有客户病历"
FOLLOW_UPS = ["那30万能要回来吗", "江阴那个案子", "第1038条原文", "民法典第153条说的啥", "你是机器人吗",
              "我该怎么办", "会坐牢吗", "谢谢"]
TURNS = 110


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    # Many messages in a row from one sender: above the REST channel's rate limit.
    with running_stack(tmp_path_factory.mktemp("logs"), {"REST_RATE_LIMIT": "1000"}) as running:
        yield running


def snapshots(stack, sender):
    with sqlite3.connect(stack.env["TRACKER_DB"]) as db:
        return db.execute("SELECT count(*) FROM events WHERE sender_id = ? AND type_name = ?",
                          (sender, SNAPSHOT)).fetchone()[0]


def test_a_long_conversation_keeps_what_was_said_first(stack):
    user = f"long-{uuid.uuid4().hex[:12]}"
    typed = [OPENER]
    stack.say(user, OPENER)
    finish_interview(stack, user, JIANGYIN_ANSWERS)
    facts_early = text_of(stack.say(user, "/show_facts"))
    assessment_early = text_of(stack.say(user, "/confirm_facts"))
    assert "高风险" in assessment_early and "民法典第153条" in assessment_early

    turns = len(stack.tracker(user)["events"])  # (only to see how far the conversation got)
    sent = sum(1 for event in stack.tracker(user)["events"] if event["event"] == "user")
    for number in range(TURNS - sent):
        message = FOLLOW_UPS[number % len(FOLLOW_UPS)]
        typed.append(message)
        assert text_of(stack.say(user, message)), f"no answer to {message!r} at turn {sent + number + 1}"
    assert snapshots(stack, user) >= 1, f"never compacted ({turns} events after the interview)"

    # The facts of the first turns, exactly as they were shown then; the same assessment.
    assert text_of(stack.say(user, "/show_facts")) == facts_early
    assert "9个" in facts_early and "微信" in facts_early
    assert text_of(stack.say(user, "/confirm_facts")) == assessment_early

    # The interview still works: change the price, review, assess again.
    asked = text_of(stack.say(user, '/edit_fact{"fact":"price"}'))
    assert "价" in asked
    review = text_of(stack.say(user, "总价60万"))
    assert "60万" in review and review != facts_early
    assert "高风险" in text_of(stack.say(user, "/confirm_facts"))

    # /history: every message of the session up to its limit (the last 200), reaching far
    # back beyond the few turns Rasa itself still gets.
    shown = requests.get(f"{stack.base}/webhooks/rest/history", params={"sender": user}, timeout=60).json()["messages"]
    assert shown == conversations.history(stack.tracker(user)["events"])
    said = [message["text"] for message in shown if message["role"] == "user"]
    assert len(shown) == 200 and len(said) > 40
    assert said[-3:] == typed[-2:] + ["总价60万"]
