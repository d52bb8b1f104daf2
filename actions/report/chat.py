"""The report in the conversation (used by action_report in actions/rasa_answers.py):
which assessment and facts go in, generating and storing the PDF, and the reply."""
from __future__ import annotations

import json
from dataclasses import dataclass
from datetime import datetime
from typing import Any, Iterable, Mapping, Optional

from .. import interview
from ..risk import assess, validate_facts
from . import CHINA_TIME, generate
from .store import ReportStore, report_url

# The parts of an assessment that depend on the facts alone (cases depend on the database).
FACT_DEPENDENT = ("overall", "dimensions", "changes", "advice", "assumptions")
DESCRIBE_INTENT = "describe_account_sale"
NO_ASSESSMENT = "还没有评估结果。先说说您的情况，评估完我再为您生成报告。"
READY_TO_ASSESS = "信息已经齐了，还没评估。先看评估结果，之后可以为您生成报告。"
STALE = "评估之后您修改过信息。报告要和评估结果一致，请先确认信息、重新评估，再生成报告。"
STALE_BUTTONS = [{"title": "确认并重新评估", "payload": "/confirm_facts"}]
READY_BUTTONS = [{"title": "✅ 开始评估", "payload": "/confirm_facts"}]
FAILED = "抱歉，报告暂时没能生成。评估结果还在，您可以稍后再试，或者说“联系律师”。"


@dataclass(frozen=True)
class Delivered:
    url: str
    report_id: str
    pages: int
    expires: float


def is_stale(assessment: Mapping[str, Any], slots: Mapping[str, Any]) -> bool:
    """True when the facts now recorded would not give the assessment the chat showed
    (a fact was edited after the assessment)."""
    try:
        fresh = assess(validate_facts(interview.facts_from_slots(slots)))
    except Exception:
        return True
    fresh = json.loads(json.dumps({key: fresh.get(key) for key in FACT_DEPENDENT}))
    return fresh != {key: assessment.get(key) for key in FACT_DEPENDENT}


def description(events: Iterable[Mapping[str, Any]]) -> Optional[str]:
    """The user's first description of the situation in the current conversation."""
    found = None
    for event in events or ():
        kind = event.get("event")
        if kind in ("restart", "session_started"):
            found = None
        elif kind == "user" and found is None:
            text = event.get("text") or ""
            intent = ((event.get("parse_data") or {}).get("intent") or {}).get("name")
            if intent == DESCRIBE_INTENT and text and not text.startswith("/"):
                found = text
    return found


def deliver(assessment: Mapping[str, Any], slots: Mapping[str, Any], firm: Mapping[str, Any], *,
            notes: Optional[Iterable[Any]] = None, events: Iterable[Mapping[str, Any]] = (),
            store: Optional[ReportStore] = None, now: Optional[datetime] = None) -> Delivered:
    """Generate the PDF from the assessment and store it behind a new token."""
    generated = generate(assessment, slots, firm, notes=notes, description=description(events), now=now)
    token, expires = (store or ReportStore()).put(generated.pdf, generated.report.report_id)
    return Delivered(report_url(token), generated.report.report_id, generated.pages, expires)


def _duration(seconds: float) -> str:
    minutes = max(1, round(seconds / 60))
    return f"{minutes // 60}小时" if minutes % 60 == 0 else f"{minutes}分钟"


def reply(delivered: Delivered, now: float) -> dict:
    """utter_message arguments: a short text with the link, and the link as a custom payload
    (report_url, report_id, pages, expires_at) for channels that send the file itself."""
    valid = _duration(delivered.expires - now)
    text = (f"您的咨询报告已生成（PDF，{delivered.pages}页，编号 {delivered.report_id}）：\n{delivered.url}\n"
            f"链接{valid}内有效，凭链接即可下载，请勿转发给他人。报告中的身份证号、手机号等已隐去，"
            "可以保存或直接发给律师。")
    expires_at = datetime.fromtimestamp(delivered.expires, CHINA_TIME).isoformat(timespec="seconds")
    return {"text": text, "json_message": {"report_url": delivered.url, "report_id": delivered.report_id,
                                           "pages": delivered.pages, "expires_at": expires_at}}
