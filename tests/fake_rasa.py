"""A scripted stand-in for the assistant's Rasa REST channel (bot/channels.py), for tests:

    POST /webhooks/rest/webhook {"sender","message"} -> script(sender, message)
    POST /webhooks/rest/delete  {"sender"}           -> {"deleted": n}
    GET  /webhooks/rest/history?sender=              -> {"messages": [...]}

`script` returns the bot messages ([{"text", "buttons"}]); by default the message is
echoed. `delay` and `status` simulate a slow or failing server.
"""
from __future__ import annotations

import asyncio
from typing import Callable, Optional

from aiohttp import web


def echo(sender: str, message: str) -> list[dict]:
    return [{"text": f"你说：{message}"}]


class FakeRasa:
    def __init__(self, script: Callable[[str, str], list[dict]] = echo):
        self.script = script
        self.delay = 0.0
        self.status = 200
        self.received: list[tuple[str, str]] = []
        self.conversations: dict[str, list[dict]] = {}
        self.deleted: list[str] = []
        self.reports: dict[str, bytes] = {}  # download token -> PDF bytes
        self._runner: Optional[web.AppRunner] = None
        self.port = 0

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def messages_from(self, sender: str) -> list[str]:
        return [message for who, message in self.received if who == sender]

    async def start(self) -> "FakeRasa":
        app = web.Application()
        app.router.add_post("/webhooks/rest/webhook", self._webhook)
        app.router.add_post("/webhooks/rest/delete", self._delete)
        app.router.add_get("/webhooks/rest/history", self._history)
        app.router.add_get("/webhooks/reports/{token}", self._report)
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

    async def _webhook(self, request: web.Request) -> web.Response:
        body = await request.json()
        sender, message = body["sender"], body["message"]
        self.received.append((sender, message))
        if self.delay:
            await asyncio.sleep(self.delay)
        if self.status != 200:
            return web.json_response({"error": "boom"}, status=self.status)
        replies = self.script(sender, message)
        log = self.conversations.setdefault(sender, [])
        log.append({"role": "user", "text": message})
        log.extend({"role": "bot", **reply} for reply in replies)
        return web.json_response([{"recipient_id": sender, **reply} for reply in replies])

    async def _delete(self, request: web.Request) -> web.Response:
        sender = (await request.json())["sender"]
        self.deleted.append(sender)
        removed = len(self.conversations.pop(sender, []))
        return web.json_response({"deleted": removed})

    async def _history(self, request: web.Request) -> web.Response:
        return web.json_response({"messages": self.conversations.get(request.query["sender"], [])})

    async def _report(self, request: web.Request) -> web.Response:
        pdf = self.reports.get(request.match_info["token"])
        if pdf is None:
            return web.Response(status=404)
        return web.Response(body=pdf, content_type="application/pdf")
