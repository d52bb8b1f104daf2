"""action_report in a conversation (rasa_sdk trackers, no Rasa server): the PDF comes from
the assessment slot, is stored behind a link, and the reply carries the link as text and
as a custom payload; stale or missing assessments and failures are answered honestly."""
import asyncio
import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import rasa_answers
from actions.kb import query
from actions.report import chat
from actions.report.store import ReportStore
from tests.fixtures import JIANGYIN_SLOTS as SLOTS

REPO = Path(__file__).resolve().parents[1]
DOMAIN = yaml.safe_load((REPO / "domain.yml").read_text(encoding="utf-8"))
DESCRIPTION = "我有9个微信号想卖给做医美的老板，每个两三千好友，里面有客户病历，我电话13912345678"


@pytest.fixture(autouse=True)
def environment(kb_url, tmp_path, monkeypatch):
    monkeypatch.setenv("LEGAL_DB_URL", kb_url)
    monkeypatch.setenv("REPORTS_DB", str(tmp_path / "reports.db"))
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://lawbot.example.com/")
    monkeypatch.setenv("REPORT_TTL_MINUTES", "30")
    query.reload()
    yield
    query.reload()


def user_event(text, intent):
    return {"event": "user", "text": text, "parse_data": {"intent": {"name": intent, "confidence": 0.9}}}


def tracker(slots, assessment, events=()):
    values = {name: None for name in DOMAIN["slots"]}
    values.update(slots)
    values["assessment"] = assessment
    values["fact_notes"] = ["好友/客户人数按9个号×每个约2,500人估算"]
    return Tracker(sender_id="test", slots=values,
                   latest_message={"intent": {"name": "request_report", "confidence": 0.99}, "entities": [],
                                   "text": "生成报告"},
                   events=list(events), paused=False, followup_action=None, active_loop={},
                   latest_action_name="action_listen")


def assessed(slots):
    """The assessment slot as Rasa stores it (through JSON)."""
    return json.loads(json.dumps(rasa_answers.run_assessment(slots)))


def run(tracker_):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(rasa_answers.ActionReport().run(dispatcher, tracker_, DOMAIN))
    return dispatcher.messages, events


def test_report_link_in_text_and_custom_payload():
    events = [user_event("你好", "greet"), user_event(DESCRIPTION, "describe_account_sale")]
    messages, events = run(tracker(SLOTS, assessed(SLOTS), events))
    assert events == []
    assert len(messages) == 1
    message = messages[0]
    custom = message["custom"]
    assert set(custom) == {"report_url", "report_id", "pages", "expires_at"}
    url = custom["report_url"]
    assert re.fullmatch(r"https://lawbot\.example\.com/webhooks/reports/[A-Za-z0-9_-]{43}", url)
    assert url in message["text"] and custom["report_id"] in message["text"]
    assert "30分钟" in message["text"]
    assert 1 <= custom["pages"] <= 3 and custom["expires_at"].endswith("+08:00")
    stored = ReportStore().get(url.rsplit("/", 1)[1])
    assert stored is not None and stored.pdf.startswith(b"%PDF") and stored.report_id == custom["report_id"]


@pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing")
def test_the_pdf_is_the_assessment_the_chat_showed(tmp_path):
    assessment = assessed(SLOTS)
    messages, _ = run(tracker(SLOTS, assessment, [user_event(DESCRIPTION, "describe_account_sale")]))
    token = messages[0]["custom"]["report_url"].rsplit("/", 1)[1]
    path = tmp_path / "report.pdf"
    path.write_bytes(ReportStore().get(token).pdf)
    text = re.sub(r"\s+", "", subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"],
                                               capture_output=True, check=True).stdout.decode())
    assert re.sub(r"\s+", "", assessment["headline"]) in text
    assert "我有9个微信号想卖给做医美的老板" in text  # the user's own description…
    assert "13912345678" not in text and "[手机号已隐藏]" in text  # …masked again
    assert "好友/客户人数按9个号×每个约2,500人估算" in text
    assert "示例律师事务所" in text  # firm.yml


def test_without_an_assessment_it_asks_for_the_situation_first():
    messages, _ = run(tracker({}, None))
    assert [m["text"] for m in messages] == [chat.NO_ASSESSMENT]
    assert "custom" not in messages[0] or not messages[0]["custom"]


def test_after_the_interview_without_an_assessment_it_offers_the_assessment():
    messages, _ = run(tracker(SLOTS, None))
    assert [m["text"] for m in messages] == [chat.READY_TO_ASSESS]
    assert [b["payload"] for b in messages[0]["buttons"]] == ["/confirm_facts"]
    unfinished = {**SLOTS, "consent": None}
    assert [m["text"] for m in run(tracker(unfinished, None))[0]] == [chat.NO_ASSESSMENT]


def test_facts_edited_after_the_assessment_need_a_new_assessment_first():
    assessment = assessed(SLOTS)
    edited = {**SLOTS, "consent": True, "deidentified": True}
    messages, _ = run(tracker(edited, assessment))
    assert messages[0]["text"] == chat.STALE
    assert messages[0]["buttons"] == chat.STALE_BUTTONS
    assert not ReportStore().path.exists()  # nothing generated


def test_a_failure_is_said_plainly(monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("reportlab exploded")
    monkeypatch.setattr(chat, "generate", broken)
    messages, _ = run(tracker(SLOTS, assessed(SLOTS)))
    assert [m["text"] for m in messages] == [chat.FAILED]


def test_description_is_the_first_account_sale_message_of_the_current_conversation():
    events = [user_event("旧对话：卖QQ号", "describe_account_sale"), {"event": "restart"},
              user_event("/describe_account_sale", "describe_account_sale"),
              user_event("我想卖抖音号", "describe_account_sale"), user_event("还有两个", "describe_account_sale")]
    assert chat.description(events) == "我想卖抖音号"
    assert chat.description([user_event("你好", "greet")]) is None


def test_stale_check_ignores_json_round_trips_but_not_changed_facts():
    assessment = assessed(SLOTS)
    assert not chat.is_stale(assessment, SLOTS)
    assert chat.is_stale(assessment, {**SLOTS, "account_count": 1})
    assert chat.is_stale(assessment, {**SLOTS, "account_count": "lots"})  # invalid facts
