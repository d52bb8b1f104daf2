"""A stand-in for Telegram's Bot API server, for tests: aiohttp on 127.0.0.1 (random port).

python-telegram-bot is pointed at it with ApplicationBuilder().base_url(fake.base_url).
It records every HTTP request the library sends (method, decoded parameters, headers),
serves queued updates to getUpdates (long polling), and answers the methods the bridge
uses the way Telegram does, including Telegram's checks on HTML text: unknown or
unbalanced tags, bare '&' or '<', empty text and texts over 4096 characters are refused
with 400 Bad Request.
"""
from __future__ import annotations

import asyncio
import html
import itertools
import json
import re
import time
from dataclasses import dataclass, field
from typing import Any, Callable, Optional

from aiohttp import web

TOKEN = "4242:FAKE-token_for_tests"
BOT_USER = {"id": 4242, "is_bot": True, "first_name": "账号助手", "username": "legal_help_bot",
            "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}
# Parameters Telegram takes as plain strings; the library JSON-encodes all others.
STRING_PARAMS = {"text", "callback_query_id", "url", "secret_token", "action", "parse_mode", "chat_id"}
ALLOWED_TAGS = {"b", "strong", "i", "em", "u", "ins", "s", "strike", "del", "a", "code", "pre",
                "tg-spoiler", "span", "blockquote", "tg-emoji"}
TOKEN_RE = re.compile(r"<(/?)([a-zA-Z-]+)(?:\s[^<>]*)?>|&(lt|gt|amp|quot|#\d+|#x[0-9a-fA-F]+);|[<>&]")
MAX_TEXT = 4096


class BadRequest(Exception):
    pass


def parse_html(text: str) -> str:
    """The text Telegram would show for an HTML-formatted message, or BadRequest."""
    plain, stack, position = [], [], 0
    for match in TOKEN_RE.finditer(text):
        plain.append(text[position:match.start()])
        position = match.end()
        token = match.group()
        if match.group(2):
            tag = match.group(2).lower()
            if tag not in ALLOWED_TAGS:
                raise BadRequest(f"can't parse entities: Unsupported start tag \"{tag}\"")
            if match.group(1):
                if not stack or stack.pop() != tag:
                    raise BadRequest(f"can't parse entities: Unexpected end tag \"{tag}\"")
            else:
                stack.append(tag)
        elif match.group(3):
            plain.append(html.unescape(token))
        else:
            raise BadRequest(f"can't parse entities: Unexpected character '{token}'")
    plain.append(text[position:])
    if stack:
        raise BadRequest(f"can't parse entities: Can't find end tag corresponding to start tag \"{stack[-1]}\"")
    return "".join(plain)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def entities_of(text: str) -> list[dict]:
    """The entities Telegram computes for a user's text: a leading /command and @mentions."""
    entities = []
    command = re.match(r"/[A-Za-z0-9_]+(@[A-Za-z0-9_]+)?", text)
    if command:
        entities.append({"type": "bot_command", "offset": 0, "length": utf16_len(command.group())})
    for mention in re.finditer(r"(?<![A-Za-z0-9_/])@[A-Za-z0-9_]{5,32}", text):
        entities.append({"type": "mention", "offset": utf16_len(text[:mention.start()]),
                         "length": utf16_len(mention.group())})
    return entities


@dataclass
class Call:
    method: str
    params: dict[str, Any]
    headers: dict[str, str] = field(repr=False)


class FakeTelegram:
    def __init__(self, token: str = TOKEN):
        self.token = token
        self.calls: list[Call] = []
        self.documents: list[dict] = []
        self.messages: dict[tuple[int, int], dict] = {}  # (chat id, message id) -> message
        self.webhook: dict[str, Any] = {}
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(1000)
        self._query_ids = itertools.count(1)
        self._changed: Optional[asyncio.Condition] = None
        self._runner: Optional[web.AppRunner] = None
        self.port = 0

    # -- server ---------------------------------------------------------------------------

    async def start(self) -> "FakeTelegram":
        self._changed = asyncio.Condition()
        app = web.Application()
        app.router.add_route("*", "/bot{token}/{method}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]
        return self

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()
            self._runner = None

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    @staticmethod
    async def _params(request: web.Request) -> dict[str, Any]:
        if request.content_type == "application/json":
            return await request.json()
        raw = dict(await request.post()) if request.can_read_body else dict(request.query)
        params = {}
        for key, value in raw.items():
            if key in STRING_PARAMS or not isinstance(value, str):
                params[key] = value
            else:
                try:
                    params[key] = json.loads(value)
                except ValueError:
                    params[key] = value
        return params

    async def _handle(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await self._params(request)
        self.calls.append(Call(method, params, dict(request.headers)))
        if request.match_info["token"] != self.token:
            return web.json_response({"ok": False, "error_code": 401, "description": "Unauthorized"}, status=401)
        handler = getattr(self, f"_api_{method}", None)
        if handler is None:
            return web.json_response({"ok": False, "error_code": 404, "description": "Not Found"}, status=404)
        try:
            result = await handler(params)
        except BadRequest as error:
            return web.json_response({"ok": False, "error_code": 400, "description": f"Bad Request: {error}"},
                                     status=400)
        finally:
            await self._notify()
        return web.json_response({"ok": True, "result": result})

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    # -- Bot API methods ------------------------------------------------------------------

    async def _api_getMe(self, params):
        return BOT_USER

    async def _api_deleteWebhook(self, params):
        self.webhook = {}
        return True

    async def _api_setWebhook(self, params):
        self.webhook = {"url": params["url"], "secret_token": params.get("secret_token"),
                        "allowed_updates": params.get("allowed_updates")}
        return True

    async def _api_getWebhookInfo(self, params):
        return {"url": self.webhook.get("url", ""), "has_custom_certificate": False,
                "pending_update_count": len(self._updates)}

    async def _api_getUpdates(self, params):
        offset = int(params.get("offset") or 0)
        limit = int(params.get("limit") or 100)
        deadline = time.monotonic() + float(params.get("timeout") or 0)
        async with self._changed:
            if offset:
                self._updates = [update for update in self._updates if update["update_id"] >= offset]
            while not self._updates and time.monotonic() < deadline:
                try:
                    await asyncio.wait_for(self._changed.wait(), deadline - time.monotonic())
                except asyncio.TimeoutError:
                    break
            return self._updates[:limit]

    def _checked_text(self, params) -> tuple[str, str]:
        text = params.get("text", "")
        shown = parse_html(text) if params.get("parse_mode") == "HTML" else text
        if not shown.strip():
            raise BadRequest("message text is empty")
        if utf16_len(shown) > MAX_TEXT:
            raise BadRequest("message is too long")
        return text, shown

    async def _api_sendMessage(self, params):
        _, shown = self._checked_text(params)
        chat_id = int(params["chat_id"])
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "from": BOT_USER,
                   "chat": self._chat(chat_id), "text": shown}
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        self.messages[(chat_id, message["message_id"])] = message
        return message

    def _stored(self, params) -> dict:
        key = (int(params["chat_id"]), int(params["message_id"]))
        if key not in self.messages:
            raise BadRequest("message to edit not found")
        return self.messages[key]

    async def _api_editMessageText(self, params):
        message = self._stored(params)
        _, shown = self._checked_text(params)
        message["text"] = shown
        message.pop("reply_markup", None)  # Telegram drops the keyboard unless it is resent
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _api_editMessageReplyMarkup(self, params):
        message = self._stored(params)
        message.pop("reply_markup", None)
        if params.get("reply_markup"):
            message["reply_markup"] = params["reply_markup"]
        return message

    async def _api_sendDocument(self, params):
        document = params.get("document")
        stored = {"chat": {"id": int(params["chat_id"])}, "caption": params.get("caption"),
                  "filename": getattr(document, "filename", None),
                  "content": document.file.read() if hasattr(document, "file") else None}
        self.documents.append(stored)
        return {"message_id": len(self.documents) + 100000, "date": 0, "chat": stored["chat"],
                "document": {"file_id": "f", "file_unique_id": "u", "file_name": stored["filename"]}}

    async def _api_sendChatAction(self, params):
        return True

    async def _api_answerCallbackQuery(self, params):
        return True

    # -- what users do --------------------------------------------------------------------

    @staticmethod
    def _chat(chat_id: int, kind: Optional[str] = None) -> dict:
        kind = kind or ("private" if chat_id > 0 else "supergroup")
        chat = {"id": chat_id, "type": kind}
        if kind == "private":
            chat["first_name"] = "测试用户"
        else:
            chat["title"] = "测试群"
        return chat

    @staticmethod
    def user(user_id: int) -> dict:
        return {"id": user_id, "is_bot": False, "first_name": "用户", "language_code": "zh-hans"}

    async def _push(self, update: dict) -> dict:
        update["update_id"] = next(self._update_ids)
        async with self._changed:
            self._updates.append(update)
            self._changed.notify_all()
        return update

    async def send_text(self, chat_id: int, text: str, *, user_id: Optional[int] = None,
                        chat_type: Optional[str] = None, reply_to: Optional[dict] = None) -> dict:
        """A user sends `text` in a chat (private when chat_id > 0, a supergroup otherwise)."""
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": self._chat(chat_id, chat_type), "from": self.user(user_id or abs(chat_id)),
                   "text": text}
        entities = entities_of(text)
        if entities:
            message["entities"] = entities
        if reply_to is not None:
            message["reply_to_message"] = reply_to
        return await self._push({"message": message})

    async def send_sticker(self, chat_id: int, user_id: Optional[int] = None) -> dict:
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": self._chat(chat_id), "from": self.user(user_id or abs(chat_id)),
                   "sticker": {"file_id": "s1", "file_unique_id": "s1", "type": "regular",
                               "width": 512, "height": 512, "is_animated": False, "is_video": False}}
        return await self._push({"message": message})

    async def tap(self, message: dict, callback_data: str, user_id: Optional[int] = None) -> dict:
        """A user taps an inline-keyboard button of a message the bot sent."""
        chat_id = message["chat"]["id"]
        query = {"id": str(next(self._query_ids)), "from": self.user(user_id or abs(chat_id)),
                 "chat_instance": f"ci{chat_id}", "message": dict(message), "data": callback_data}
        return await self._push({"callback_query": query})

    # -- what tests look at ---------------------------------------------------------------

    def requests(self, method: str, chat_id: Optional[int] = None) -> list[dict]:
        return [call.params for call in self.calls if call.method == method
                and (chat_id is None or int(call.params.get("chat_id", 0)) == chat_id)]

    def sent(self, chat_id: int) -> list[dict]:
        """Messages the bot sent to a chat (as stored, with their current keyboards), in order."""
        return [message for (chat, _), message in sorted(self.messages.items()) if chat == chat_id]

    async def wait_for(self, condition: Callable[[], Any], timeout: float = 10.0) -> Any:
        """Wait until `condition()` is truthy (re-checked after each API request); its value."""
        deadline = time.monotonic() + timeout
        async with self._changed:
            while True:
                value = condition()
                if value:
                    return value
                left = deadline - time.monotonic()
                if left <= 0:
                    raise AssertionError(f"timed out after {timeout}s waiting for {condition}")
                try:
                    await asyncio.wait_for(self._changed.wait(), left)
                except asyncio.TimeoutError:
                    pass

    async def wait_sent(self, chat_id: int, count: int, timeout: float = 10.0) -> list[dict]:
        """Wait until the bot has sent at least `count` messages to the chat; all of them."""
        return await self.wait_for(lambda: len(self.sent(chat_id)) >= count and self.sent(chat_id), timeout)
