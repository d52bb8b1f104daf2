"""The website widget's channel: serves the embeddable chat widget and a demo page.

    GET /webhooks/webchat/widget.js   the widget (one <script> tag on the firm's site)
    GET /webhooks/webchat/demo        a demo law-firm page that embeds it
    GET /webhooks/webchat/            health check

It handles no messages itself: the widget talks to the REST channel on the same host
(/webhooks/rest/webhook, /delete, /history; bot/channels.py). Register it in
credentials.yml as `bot.webchat_channel.WebChatInput:`.

The widget is filled in at startup with the law names used in citations (from
knowledge/laws.yml, so 民法典第153条 can be expanded to civil_code:153), the retention
period ($RETENTION_DAYS, as `make purge` uses) and the firm's name (firm.yml).
"""
from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Awaitable, Callable, Dict, Optional, Text

import yaml
from rasa.core.channels.channel import InputChannel, UserMessage
from sanic import Blueprint, response
from sanic.request import Request

REPO = Path(__file__).resolve().parents[1]
STATIC = Path(__file__).resolve().parent / "webchat"
CONFIG_SLOT = "/*WEBCHAT_CONFIG*/{}/*WEBCHAT_CONFIG_END*/"
DEFAULT_RETENTION_DAYS = 30

# Browsers may keep the widget five minutes, then revalidate with its ETag; the demo page
# is always revalidated.
WIDGET_CACHE = "public, max-age=300"
DEMO_CACHE = "no-cache"


def law_names(path: Path = REPO / "knowledge" / "laws.yml") -> Dict[str, str]:
    """Short law name as used in citations (民法典) -> law id (civil_code)."""
    with path.open(encoding="utf-8") as handle:
        laws = yaml.safe_load(handle) or []
    return {law["short"]: law["id"] for law in laws if law.get("short") and law.get("id")}


def firm_name() -> str:
    path = Path(os.environ.get("FIRM_CONFIG", REPO / "firm.yml"))
    try:
        with path.open(encoding="utf-8") as handle:
            return str((yaml.safe_load(handle) or {}).get("name") or "律所")
    except OSError:
        return "律所"


def retention_days() -> int:
    try:
        days = float(os.environ.get("RETENTION_DAYS") or DEFAULT_RETENTION_DAYS)
    except ValueError:
        days = DEFAULT_RETENTION_DAYS
    return max(1, round(days))


def widget_source(config: Optional[Dict[str, Any]] = None) -> str:
    """widget.js with the server's configuration filled in."""
    source = (STATIC / "widget.js").read_text(encoding="utf-8")
    if CONFIG_SLOT not in source:
        raise RuntimeError("widget.js lacks its configuration slot")
    config = config if config is not None else {
        "laws": law_names(), "retentionDays": retention_days(), "firm": firm_name()}
    # Inside a JavaScript file, JSON is a valid expression; "</" is escaped anyway.
    literal = json.dumps(config, ensure_ascii=False, sort_keys=True).replace("</", "<\\/")
    return source.replace(CONFIG_SLOT, literal)


class StaticFile:
    """One file kept in memory with its ETag."""

    def __init__(self, body: str, content_type: str, cache: str):
        self.body = body.encode("utf-8")
        self.content_type = content_type
        self.cache = cache
        self.etag = '"' + hashlib.sha256(self.body).hexdigest()[:32] + '"'

    def headers(self) -> Dict[str, str]:
        return {"Cache-Control": self.cache, "ETag": self.etag, "X-Content-Type-Options": "nosniff"}

    def serve(self, request: Request, extra: Optional[Dict[str, str]] = None):
        headers = {**self.headers(), **(extra or {})}
        wanted = request.headers.get("If-None-Match", "")
        if wanted and (wanted.strip() == "*" or self.etag in [tag.strip().removeprefix("W/")
                                                             for tag in wanted.split(",")]):
            return response.empty(status=304, headers=headers)
        if request.method == "HEAD":
            headers["Content-Length"] = str(len(self.body))
            return response.raw(b"", content_type=self.content_type, headers=headers)
        return response.raw(self.body, content_type=self.content_type, headers=headers)


class WebChatInput(InputChannel):
    """Serves the website widget; messages go through the REST channel."""

    @classmethod
    def name(cls) -> Text:
        return "webchat"

    def __init__(self) -> None:
        self.widget = StaticFile(widget_source(), "application/javascript; charset=utf-8", WIDGET_CACHE)
        self.demo = StaticFile((STATIC / "demo.html").read_text(encoding="utf-8"),
                               "text/html; charset=utf-8", DEMO_CACHE)

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[Any]]) -> Blueprint:
        webchat = Blueprint("webchat_static", __name__)

        @webchat.route("/", methods=["GET"])
        async def health(request: Request):
            return response.json({"status": "ok"})

        @webchat.route("/widget.js", methods=["GET", "HEAD"])
        async def widget(request: Request):
            # Loaded by other sites' pages (a classic <script>, no CORS needed): allow it even
            # where the page requires cross-origin resources to opt in.
            return self.widget.serve(request, {"Cross-Origin-Resource-Policy": "cross-origin"})

        @webchat.route("/demo", methods=["GET", "HEAD"])
        async def demo(request: Request):
            return self.demo.serve(request, {"Referrer-Policy": "no-referrer"})

        return webchat
