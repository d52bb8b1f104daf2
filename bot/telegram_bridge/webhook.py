"""Webhook mode: an aiohttp server that accepts Telegram's update POSTs.

Only requests carrying the configured secret in the X-Telegram-Bot-Api-Secret-Token
header are accepted (403 otherwise), as python-telegram-bot's own webhook server does;
that server needs tornado, which this project does not install. It also serves the
health endpoints (health.py).
"""
from __future__ import annotations

import hmac
import json
import logging

from aiohttp import web
from telegram import Update
from telegram.ext import Application

from .health import add_health_routes
from .settings import Settings

logger = logging.getLogger(__name__)
SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"
MAX_BODY = 1 << 20


def webhook_app(application: Application, settings: Settings) -> web.Application:
    secret = settings.webhook_secret.encode()

    async def receive(request: web.Request) -> web.Response:
        given = request.headers.get(SECRET_HEADER, "").encode()
        if not hmac.compare_digest(given, secret):
            logger.warning("webhook call without the right secret token rejected (from %s)", request.remote)
            return web.Response(status=403, text="forbidden")
        try:
            update = Update.de_json(json.loads(await request.read()), application.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            logger.warning("webhook call with an unreadable update rejected: %s", error)
            return web.Response(status=400, text="bad update")
        await application.update_queue.put(update)
        return web.Response(status=200, text="ok")

    app = web.Application(client_max_size=MAX_BODY)
    app.router.add_post(settings.webhook_path, receive)
    add_health_routes(app, application, settings)
    return app


async def start_webhook_server(application: Application, settings: Settings) -> web.AppRunner:
    runner = web.AppRunner(webhook_app(application, settings), access_log=None)
    await runner.setup()
    await web.TCPSite(runner, settings.webhook_listen, settings.webhook_port).start()
    return runner
