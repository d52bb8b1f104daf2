"""python -m bot.telegram_bridge: run the Telegram bridge until SIGINT/SIGTERM."""
from __future__ import annotations

import asyncio
import logging
import signal
import sys

from telegram.error import InvalidToken

from bot import logs

from .app import build_application, running
from .settings import Settings, SettingsError

logger = logging.getLogger("bot.telegram_bridge")
NO_TOKEN = "Telegram bridge not started: TELEGRAM_BOT_TOKEN is not set."


async def serve(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with running(build_application(settings), settings):
        await stop.wait()
        logger.info("stopping: finishing the messages in progress")


def main() -> int:
    # JSON lines (bot/logs.py); bot/logging.yml keeps httpx quiet: it logs every request
    # URL at INFO, and Bot API URLs contain the token.
    logs.configure("telegram_bridge")
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        logger.error("Telegram bridge not started: %s", error)
        return 2
    if settings is None:
        print(NO_TOKEN)
        return 0
    try:
        asyncio.run(serve(settings))
    except InvalidToken:
        logger.error("Telegram bridge stopped: Telegram rejected TELEGRAM_BOT_TOKEN.")
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
