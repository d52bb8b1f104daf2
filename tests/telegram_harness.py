"""Running the Telegram bridge in tests: against the stand-in Bot API server
(tests/fake_telegram.py) and a Rasa REST server (tests/fake_rasa.py or the real stack)."""
from __future__ import annotations

import asyncio
import time
from contextlib import asynccontextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import AsyncIterator, Callable, Optional

from telegram.ext import Application

from bot.telegram_bridge.app import build_application, running
from bot.telegram_bridge.handlers import Bridge
from bot.telegram_bridge.sender_id import sender_id
from bot.telegram_bridge.settings import Settings
from tests.fake_rasa import FakeRasa, echo
from tests.fake_telegram import FakeTelegram

SENDER_SECRET = "sender-secret-for-tests"
REPO = Path(__file__).resolve().parents[1]
REPO_ENV = {"PYTHONPATH": str(REPO)}


def run(scenario: Callable, timeout: float = 60.0):
    """Run an async test scenario with an overall time limit."""
    return asyncio.run(asyncio.wait_for(scenario(), timeout))


def settings_for(telegram: FakeTelegram, rasa_url: str, **overrides) -> Settings:
    return Settings(token=telegram.token, api_url=telegram.base_url, file_url=telegram.file_url,
                    rasa_url=rasa_url, sender_secret=SENDER_SECRET, **overrides)


@dataclass
class World:
    telegram: FakeTelegram
    rasa: Optional[FakeRasa]
    settings: Settings
    app: Application
    last_message: dict = field(default_factory=dict)  # the user's latest message

    @property
    def bridge(self) -> Bridge:
        return self.app.bot_data["bridge"]

    def sender(self, chat_id: int) -> str:
        return sender_id(self.settings.sender_secret, chat_id)

    async def settled(self, chat_id: int, sent_before: int, timeout: float = 10.0) -> list[dict]:
        """Wait until the bot answered (more than `sent_before` messages in the chat) and
        finished handling the chat; the new messages."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            sent = self.telegram.sent(chat_id)
            if len(sent) > sent_before and not self.bridge.busy(chat_id):
                return sent[sent_before:]
            await asyncio.sleep(0.02)
        alerts = [query.get("text") for query in self.telegram.requests("answerCallbackQuery")]
        raise AssertionError(f"no complete answer in chat {chat_id} within {timeout}s; "
                             f"last sent: {texts_of(self.telegram.sent(chat_id)[-2:])!r}; callback answers: {alerts}")

    async def say(self, chat_id: int, text: str, timeout: float = 10.0, **kwargs) -> list[dict]:
        """A user sends text; the bot's answer (its new messages)."""
        before = len(self.telegram.sent(chat_id))
        self.last_message = (await self.telegram.send_text(chat_id, text, **kwargs))["message"]
        return await self.settled(chat_id, before, timeout)

    async def tap(self, message: dict, callback_data: str, timeout: float = 10.0) -> list[dict]:
        chat_id = message["chat"]["id"]
        before = len(self.telegram.sent(chat_id))
        await self.telegram.tap(message, callback_data)
        return await self.settled(chat_id, before, timeout)


@asynccontextmanager
async def world(script=echo, rasa_url: Optional[str] = None, **overrides) -> AsyncIterator[World]:
    """Fake Telegram, a fake Rasa (unless `rasa_url` is given) and the bridge, polling."""
    telegram = await FakeTelegram().start()
    rasa = None if rasa_url else await FakeRasa(script).start()
    try:
        settings = settings_for(telegram, rasa_url or rasa.url, **overrides)
        app = build_application(settings)
        async with running(app, settings, poll_timeout=2, init_attempts=1):
            yield World(telegram, rasa, settings, app)
    finally:
        if rasa:
            await rasa.stop()
        await telegram.stop()


def texts_of(messages: list[dict]) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def buttons_of(message: dict) -> list[dict]:
    return [button for row in (message.get("reply_markup") or {}).get("inline_keyboard", []) for button in row]
