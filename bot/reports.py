"""Serving consultation reports (PDF) to their owners by link:

    GET /webhooks/reports/<token>   the PDF (application/pdf, download)
    GET /webhooks/reports           health check

The token is the only key: 32 random bytes (URL-safe), stored hashed, valid for
REPORT_TTL_MINUTES (default 60). Unknown, expired or malformed tokens get the same 404;
the token never touches the file system (the store is SQLite, actions/report/store.py).
Register in credentials.yml as `bot.reports.ReportsInput:`.

The link is made by the `action_report` action (actions/rasa_answers.py) as
$PUBLIC_BASE_URL/webhooks/reports/<token> (actions.report.store.report_url).
"""
from __future__ import annotations

import re
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

from actions.report.store import ReportStore, StoredReport, report_url  # noqa: F401 (re-exported)

SAFE_ID = re.compile(r"[^A-Za-z0-9_-]")
HEADERS = {
    "Cache-Control": "no-store, private",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "X-Robots-Tag": "noindex, nofollow",
}
NOT_FOUND = "报告不存在或链接已过期，请在对话中重新生成报告。"


def filename(report: StoredReport) -> str:
    return f"report-{SAFE_ID.sub('', report.report_id)[:40] or 'consultation'}.pdf"


class ReportsInput(InputChannel):
    """Serves stored reports; it handles no messages."""

    @classmethod
    def name(cls) -> Text:
        return "reports"

    def __init__(self, store: Optional[ReportStore] = None) -> None:
        self.store = store or ReportStore()

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        reports = Blueprint("reports_download", __name__)

        @reports.route("/", methods=["GET"])
        async def health(request: Request):
            return response.json({"status": "ok"})

        @reports.route("/<token>", methods=["GET", "HEAD"])
        async def download(request: Request, token: str):
            report = self.store.get(token)
            if report is None:
                return response.text(NOT_FOUND, status=404, headers=HEADERS)
            headers = {**HEADERS, "Content-Disposition": f'attachment; filename="{filename(report)}"'}
            if request.method == "HEAD":
                headers["Content-Length"] = str(len(report.pdf))
                return response.raw(b"", content_type="application/pdf", headers=headers)
            return response.raw(report.pdf, content_type="application/pdf", headers=headers)

        return reports
