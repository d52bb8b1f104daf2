"""The REST channel the assistant serves (replaces Rasa's built-in `rest`, same URL):

    POST /webhooks/rest/webhook   {"sender", "message"} -> [bot messages]   (as Rasa's)
    POST /webhooks/rest/delete    {"sender"}            -> {"deleted": n}
    GET  /webhooks/rest/history?sender=…                -> [{"role", "text", …}]

Every message is redacted (ID, mobile and bank card numbers, e-mail addresses) before
Rasa sees, stores or logs it. Oversized and empty messages get a polite answer instead
of reaching the model.
"""
from __future__ import annotations

import inspect
import logging
import os
import re
from typing import Any, Awaitable, Callable, Optional, Text

import aiohttp
from rasa.core.channels.channel import CollectingOutputChannel, UserMessage
from rasa.core.channels.rest import RestInput
from sanic import Blueprint, response
from sanic.request import Request

from . import conversations
from .redact import redact

logger = logging.getLogger(__name__)
MAX_MESSAGE_CHARS = 2000
MAX_SENDER_CHARS = 128
SENDER = re.compile(r"^[A-Za-z0-9_\-:.@]{1,128}$")
TOO_LONG = f"消息太长了（超过{MAX_MESSAGE_CHARS}字），请分几次简要说明，或只说最关键的情况。"
EMPTY = "请输入文字描述您的问题，比如“我想卖3个抖音号，合法吗？”"
ACTIONS_DOWN = ("抱歉，评估服务暂时不可用，请稍后再试。您说过的信息都保存着，"
                "恢复后可以接着聊；着急的话可以说“联系律师”。")
# Control characters other than tab and newline carry no meaning in chat.
CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


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


async def actions_server_up() -> bool:
    """Whether the actions server answers its health check."""
    url = os.environ.get("ACTION_ENDPOINT_URL", "http://localhost:5055/webhook")
    health = url.rsplit("/", 1)[0] + "/health"
    try:
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=2)) as session:
            async with session.get(health) as reply:
                return reply.status == 200
    except (aiohttp.ClientError, OSError, TimeoutError):
        return False


def valid_sender(sender: Any) -> Optional[str]:
    return sender if isinstance(sender, str) and SENDER.match(sender) else None


class RedactingRestInput(RestInput):
    @classmethod
    def name(cls) -> Text:
        return "rest"

    def blueprint(self, on_new_message: Callable[[UserMessage], Awaitable[None]]) -> Blueprint:
        webhook = Blueprint(f"custom_webhook_{type(self).__name__}", inspect.getmodule(self).__name__)

        @webhook.route("/", methods=["GET"])
        async def health(request: Request):
            return response.json({"status": "ok"})

        @webhook.route("/webhook", methods=["POST"])
        async def receive(request: Request):
            body = request.json if isinstance(request.json, dict) else {}
            sender = valid_sender(body.get("sender"))
            if sender is None:
                return response.json({"error": "sender must be 1-128 letters, digits or _-:.@"}, status=400)
            text, reply = clean_message(body.get("message"))
            if reply:
                return response.json([{"recipient_id": sender, "text": reply}])
            collector = CollectingOutputChannel()
            try:
                await on_new_message(UserMessage(text, collector, sender, input_channel=self.name(),
                                                 metadata=self.get_metadata(request)))
            except Exception:
                logger.exception("message handling failed")
                return response.json([{"recipient_id": sender,
                                       "text": "抱歉，助手暂时出了点问题，请稍后再试。您的对话记录还在。"}])
            if not collector.messages and not await actions_server_up():
                return response.json([{"recipient_id": sender, "text": ACTIONS_DOWN}])
            return response.json(collector.messages)

        @webhook.route("/delete", methods=["POST"])
        async def delete(request: Request):
            body = request.json if isinstance(request.json, dict) else {}
            sender = valid_sender(body.get("sender"))
            if sender is None:
                return response.json({"error": "invalid sender"}, status=400)
            removed = conversations.delete_conversation(request.app.ctx.agent.tracker_store, sender)
            logger.info("conversation deleted on request (%d rows)", removed)
            return response.json({"deleted": removed})

        @webhook.route("/history", methods=["GET"])
        async def history(request: Request):
            sender = valid_sender(request.args.get("sender"))
            if sender is None:
                return response.json({"error": "invalid sender"}, status=400)
            store = request.app.ctx.agent.tracker_store
            # Every stored event (bot/tracker_store.py gives Rasa only a window of them).
            tracker = await store.retrieve_full_tracker(sender)
            events = [event.as_dict() for event in tracker.events] if tracker else []
            return response.json({"messages": conversations.history(events)})

        return webhook

