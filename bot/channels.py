"""The REST channel the assistant serves (replaces Rasa's built-in `rest`, same URL):

    POST /webhooks/rest/webhook   {"sender", "message"} -> [bot messages]   (as Rasa's)
    POST /webhooks/rest/delete    {"sender"}            -> {"deleted": n}
    GET  /webhooks/rest/history?sender=…                -> [{"role", "text", …}]

Every message is redacted (ID, mobile and bank card numbers, e-mail addresses) before
Rasa sees, stores or logs it. Bad input is answered cheaply, before the model, and never
with a server error: malformed JSON and invalid sender ids get HTTP 400 {"error": code, "message": 中文说明};
empty, oversized (over 2000 characters) and control-character-only messages get a polite
reply (200). Of the messages left for the model, more than REST_RATE_LIMIT (default 60)
per REST_RATE_WINDOW seconds (60) from one sender get 429 with Retry-After.
While the actions server is down, messages are not processed (the conversation stays as
it was) and the user is told so.
"""
from __future__ import annotations

import inspect
import json
import logging
import math
import os
import re
import time
import uuid
from typing import Any, Awaitable, Callable, Optional, Text

from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from rasa.core.lock_store import LockError
from rasa.shared.core.domain import Domain
from sanic import Blueprint, response
from sanic.exceptions import InvalidUsage
from sanic.request import Request

from actions.services import firm

from . import conversations, error_pages, logs
from .health import actions_server_up
from .redact import redact
from .telegram_bridge.rate_limit import RateLimiter, Verdict

logger = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 2000
SENDER = re.compile(r"^[A-Za-z0-9_\-:.@]{1,128}$")
TOO_LONG = f"消息太长了（超过{MAX_MESSAGE_CHARS}字），请分几次简要说明，或只说最关键的情况。"
EMPTY = "请输入文字描述您的问题，比如“我想卖3个抖音号，合法吗？”"
FAILED = "抱歉，助手暂时出了点问题，请稍后再试。您的对话记录还在。"
BAD_REQUEST = "请求格式不正确：请用 JSON 发送 {\"sender\": 会话编号, \"message\": 消息文字}。"
BAD_SENDER = "会话编号无效：sender 应为1到128个英文字母、数字或 _-:.@ 字符。"
RATE_LIMITED = "您的消息发得有点快，请稍等片刻再发，谢谢理解。"
BUSY = "这段对话正在处理中，请稍后再删除。"
# Control characters other than tab and newline carry no meaning in chat; lone UTF-16
# surrogates (possible in JSON's \u escapes) could not even be stored.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\ud800-\udfff]")
REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,64}$")
PAYLOAD = re.compile(r"^/(?P<intent>\w+)(?P<entities>\{.*\})?$", re.DOTALL)


def clean_message(text: Any) -> tuple[Optional[str], Optional[str]]:
    """(text fit for Rasa, or None) and (a direct reply instead, or None)."""
    if not isinstance(text, str):
        return None, EMPTY
    text = CONTROL.sub("", text).strip()
    if not text:
        return None, EMPTY
    if len(text) > MAX_MESSAGE_CHARS:
        return None, TOO_LONG
    return redact(text), None


def payload_or_text(text: str, domain: Domain) -> str:
    """A message starting with "/" is a button's payload (/intent or /intent{"entity": …});
    one that isn't a valid payload of this domain is taken as plain text (Rasa would
    otherwise log it whole, with a warning, and drop what it can't parse)."""
    if not text.startswith("/"):
        return text
    match = PAYLOAD.match(text)
    if match and match["intent"] in domain.intents and known_entities(match["entities"], domain):
        return text
    return text.lstrip("/").strip()


def known_entities(source: Optional[str], domain: Domain) -> bool:
    """Whether `source` is a JSON object of this domain's entities with plain values."""
    if source is None:
        return True
    try:
        entities = json.loads(source, parse_constant=not_a_number)
    except (ValueError, RecursionError):
        return False
    return isinstance(entities, dict) and set(entities) <= set(domain.entities) and \
        all(isinstance(value, (str, int)) or isinstance(value, float) and math.isfinite(value)
            for value in entities.values())


def not_a_number(constant: str):
    raise ValueError(f"{constant} is not a value")


def actions_down_text() -> str:
    """What the user is told while the actions server is down (the lawyer can't be reached
    through the assistant then, so the firm's number is given)."""
    details = firm()
    return (f"抱歉，评估服务暂时不可用，刚才这条消息还没有处理。您之前说过的信息都保存着，"
            f"请稍后再发一次；着急的话可以直接联系{details.get('short_name') or details.get('name')}："
            f"{details.get('phone')}。")


def valid_sender(sender: Any) -> Optional[str]:
    return sender if isinstance(sender, str) and SENDER.match(sender) else None


def json_object(request: Request) -> Optional[dict]:
    """The request's JSON object, or None when the body is not one."""
    try:
        body = request.json
    except InvalidUsage:  # malformed JSON, invalid UTF-8
        return None
    return body if isinstance(body, dict) else None


def query_sender(request: Request) -> Optional[str]:
    try:
        return valid_sender(request.args.get("sender"))
    except UnicodeDecodeError:  # raw non-UTF-8 bytes in the query string
        return None


def request_id(request: Request) -> str:
    given = request.headers.get("X-Request-ID", "")
    return given if REQUEST_ID.match(given) else uuid.uuid4().hex[:16]


def error(status: int, code: str, message: str, headers: Optional[dict] = None) -> response.HTTPResponse:
    return response.json({"error": code, "message": message}, status=status, headers=headers)


def reply(sender: str, text: str) -> response.HTTPResponse:
    return response.json([{"recipient_id": sender, "text": text}])


def rate_limiter() -> RateLimiter:
    return RateLimiter(int(os.environ.get("REST_RATE_LIMIT") or 60),
                       float(os.environ.get("REST_RATE_WINDOW") or 60))


class RedactingRestInput(RestInput):
    def __init__(self) -> None:
        self.limiter = rate_limiter()

    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", inspect.getmodule(self).__name__)
        error_pages.register(webhook)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request):
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            body = json_object(request)
            if body is None:
                return error(400, "bad_request", BAD_REQUEST)
            sender = valid_sender(body.get("sender"))
            if sender is None:
                return error(400, "bad_sender", BAD_SENDER)
            with logs.context(sender, request_id(request)):
                text, direct = clean_message(body.get("message"))
                if text:
                    text = payload_or_text(text, request.app.ctx.agent.domain)
                if not text:
                    return reply(sender, direct or EMPTY)
                if self.limiter.check(sender) is not Verdict.ALLOW:
                    logger.info("message refused: rate limit")
                    return error(429, "rate_limited", RATE_LIMITED,
                                 {"Retry-After": str(round(self.limiter.window))})
                if not await actions_server_up():
                    logger.warning("actions server unreachable: message not processed")
                    return reply(sender, actions_down_text())
                collector = CollectingOutputChannel()
                started = time.monotonic()
                try:
                    await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                     metadata=self.get_metadata(request)))
                except Exception:
                    logger.exception("message handling failed")
                    return reply(sender, FAILED)
                if not collector.messages and not await actions_server_up():
                    logger.warning("actions server went down while the message was handled")
                    return reply(sender, actions_down_text())
                logger.info("message answered: %d bot messages in %.0f ms", len(collector.messages),
                            (time.monotonic() - started) * 1000)
                return response.json(collector.messages)

        @webhook.route("/delete", methods=["POST"])
        async def delete(request: Request):
            sender = valid_sender((json_object(request) or {}).get("sender"))
            if sender is None:
                return error(400, "bad_sender", BAD_SENDER)
            agent = request.app.ctx.agent
            with logs.context(sender, request_id(request)):
                try:
                    # Not while a message of this conversation is being handled.
                    async with agent.lock_store.lock(sender):
                        removed = conversations.delete_conversation(agent.tracker_store, sender)
                except LockError:
                    return error(409, "busy", BUSY)
                logger.info("conversation deleted on request (%d rows)", removed)
            return response.json({"deleted": removed})

        @webhook.route("/history", methods=["GET"])
        async def history(request: Request):
            sender = query_sender(request)
            if sender is None:
                return error(400, "bad_sender", BAD_SENDER)
            store = request.app.ctx.agent.tracker_store
            # Every stored event (bot/tracker_store.py gives Rasa only a window of them).
            tracker = await store.retrieve_full_tracker(sender)
            events = [event.as_dict() for event in tracker.events] if tracker else []
            return response.json({"messages": conversations.history(events)})

        return webhook
