"""python -m bot.telegram_bridge: run the Telegram bridge until SIGINT/SIGTERM."""
from __future__ import annotations

import asyncio
import logging
import signal
import sys

from telegram.error import InvalidToken

from .app import build_application, running
from .settings import Settings, SettingsError

NO_TOKEN = "Telegram bridge not started: TELEGRAM_BOT_TOKEN is not set."


async def serve(settings: Settings) -> None:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    async with running(build_application(settings), settings):
        await stop.wait()


def main() -> int:
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    # httpx logs every request URL at INFO, and Bot API URLs contain the token.
    logging.getLogger("httpx").setLevel(logging.WARNING)
    logging.getLogger("httpcore").setLevel(logging.WARNING)
    try:
        settings = Settings.from_env()
    except SettingsError as error:
        print(f"Telegram bridge not started: {error}", file=sys.stderr)
        return 2
    if settings is None:
        print(NO_TOKEN)
        return 0
    try:
        asyncio.run(serve(settings))
    except InvalidToken:
        print("Telegram bridge stopped: Telegram rejected TELEGRAM_BOT_TOKEN.", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
