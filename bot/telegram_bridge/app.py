"""Building and running the bridge: long polling by default, a webhook when
TELEGRAM_WEBHOOK_URL is set."""
from __future__ import annotations

import asyncio
import logging
from contextlib import asynccontextmanager
from typing import AsyncIterator, Optional

from aiohttp import web
from telegram.error import InvalidToken, NetworkError, TelegramError
from telegram.ext import Application, ApplicationBuilder

from .handlers import Bridge
from .health import start_health_server
from .rasa_client import RasaClient
from .settings import Settings
from .webhook import start_webhook_server

logger = logging.getLogger(__name__)
ALLOWED_UPDATES = ["message", "callback_query"]
CONCURRENT_UPDATES = 32  # different chats are served concurrently; one chat in order
MAX_BACKOFF = 60.0
BOOTSTRAP_RETRIES = 5  # deleteWebhook before polling, on network errors


def build_application(settings: Settings) -> Application:
    application = (ApplicationBuilder().token(settings.token)
                   .base_url(settings.api_url).base_file_url(settings.file_url)
                   .concurrent_updates(CONCURRENT_UPDATES)
                   .job_queue(None)
                   .build())
    bridge = Bridge(settings, RasaClient(settings.rasa_url, settings.rasa_timeout))
    bridge.register(application)
    application.bot_data["bridge"] = bridge
    return application


async def initialize(application: Application, attempts: Optional[int] = None) -> None:
    """Initialize (getMe), retrying while Telegram cannot be reached; a rejected token is
    raised at once."""
    delay, attempt = 1.0, 0
    while True:
        attempt += 1
        try:
            await application.initialize()
            return
        except InvalidToken:
            raise
        except NetworkError as error:
            if attempts is not None and attempt >= attempts:
                raise
            logger.warning("Telegram not reachable (%s); retrying in %gs", error, delay)
            await asyncio.sleep(delay)
            delay = min(delay * 2, MAX_BACKOFF)


def _polling_error(error: TelegramError) -> None:
    logger.warning("getting updates failed: %s: %s", type(error).__name__, error)


@asynccontextmanager
async def running(application: Application, settings: Settings, poll_timeout: float = 10,
                  init_attempts: Optional[int] = None) -> AsyncIterator[Application]:
    """The bridge receiving and answering updates until the block ends."""
    await initialize(application, init_attempts)
    server: Optional[web.AppRunner] = None
    try:
        await application.start()
        if settings.webhook_url:
            server = await start_webhook_server(application, settings)
            await application.bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret,
                                              allowed_updates=ALLOWED_UPDATES)
            logger.info("Telegram bridge @%s receiving updates by webhook on %s:%d%s",
                        application.bot.username, settings.webhook_listen, settings.webhook_port,
                        settings.webhook_path)
        else:
            if settings.health_port is not None:
                server = await start_health_server(application, settings)
            await application.updater.start_polling(timeout=poll_timeout, allowed_updates=ALLOWED_UPDATES,
                                                    bootstrap_retries=BOOTSTRAP_RETRIES,
                                                    error_callback=_polling_error)
            logger.info("Telegram bridge @%s polling for updates (health checks on %s:%s)",
                        application.bot.username, settings.health_listen, settings.health_port)
        yield application
    finally:
        if application.updater and application.updater.running:
            await application.updater.stop()
        if server is not None:
            await server.cleanup()
        if application.running:
            await application.stop()
        await application.shutdown()
        await application.bot_data["bridge"].rasa.close()
