"""The bridge's health endpoints (aiohttp):

    GET /health         alive: {"status": "ok"} while the process serves
    GET /health/ready   receiving updates (the polling loop or the webhook is running),
                        else 503; whether Rasa answers is reported ("rasa"), not required:
                        without Rasa the bridge still tells users to try again later.

In webhook mode they are served by the webhook server; with long polling by a small
server of their own on TELEGRAM_HEALTH_LISTEN:TELEGRAM_HEALTH_PORT (127.0.0.1:8444).
"""
from __future__ import annotations

from aiohttp import web
from telegram.ext import Application

from .rasa_client import RasaClient
from .settings import Settings

NO_STORE = {"Cache-Control": "no-store"}


def receiving(application: Application, settings: Settings) -> bool:
    if not application.running:
        return False
    return bool(settings.webhook_url) or bool(application.updater and application.updater.running)


def add_health_routes(app: web.Application, application: Application, settings: Settings) -> None:
    async def alive(request: web.Request) -> web.Response:
        return web.json_response({"status": "ok"}, headers=NO_STORE)

    async def ready(request: web.Request) -> web.Response:
        rasa: RasaClient = application.bot_data["bridge"].rasa
        is_ready = receiving(application, settings)
        body = {"status": "ok" if is_ready else "unavailable",
                "mode": "webhook" if settings.webhook_url else "polling",
                "receiving": is_ready, "rasa": await rasa.alive()}
        return web.json_response(body, status=200 if is_ready else 503, headers=NO_STORE)

    app.router.add_get("/health", alive)
    app.router.add_get("/health/ready", ready)


async def start_health_server(application: Application, settings: Settings) -> web.AppRunner:
    app = web.Application()
    add_health_routes(app, application, settings)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, settings.health_listen, settings.health_port).start()
    return runner
