"""The Telegram bridge as its own process (`python -m bot.telegram_bridge`, as `make run`
starts it), against the stand-in Bot API server (tests/fake_telegram.py) and either the
real stack or a Rasa stand-in (tests/fake_rasa.py), stand-ins served from a background
thread: for the tests of health checks, logs and shutdown."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
import sys
import threading
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Coroutine, Iterator, Optional

from tests.fake_rasa import FakeRasa
from tests.fake_telegram import FakeTelegram
from tests.stack import REPO, free_port, wait_for


class Background:
    """An asyncio loop in a thread of its own, running coroutines for a synchronous test."""

    def __init__(self) -> None:
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()

    def run(self, coroutine: Coroutine, timeout: float = 60.0) -> Any:
        return asyncio.run_coroutine_threadsafe(coroutine, self.loop).result(timeout)

    def close(self) -> None:
        """Cancel what is left (as asyncio.run does), then stop the loop."""
        async def cancel_the_rest() -> None:
            tasks = asyncio.all_tasks() - {asyncio.current_task()}
            for task in tasks:
                task.cancel()
            await asyncio.gather(*tasks, return_exceptions=True)

        self.run(cancel_the_rest())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(10)
        self.loop.close()


@dataclass
class BridgeProcess:
    process: subprocess.Popen
    telegram: FakeTelegram
    rasa: Optional[FakeRasa]  # None when talking to the real stack
    background: Background
    health_port: int
    log: Path

    @property
    def health(self) -> str:
        return f"http://127.0.0.1:{self.health_port}/health"

    def say(self, chat_id: int, text: str, timeout: float = 30.0) -> list[dict]:
        """A user writes in a private chat; the bot's new messages once it answered."""
        before = len(self.telegram.sent(chat_id))
        self.background.run(self.telegram.send_text(chat_id, text))
        self.background.run(self.telegram.wait_for(lambda: len(self.telegram.sent(chat_id)) > before, timeout),
                            timeout + 5)
        return self.telegram.sent(chat_id)[before:]


@contextmanager
def bridge_process(log: Path, rasa_url: Optional[str] = None) -> Iterator[BridgeProcess]:
    background = Background()
    telegram = background.run(FakeTelegram().start())
    rasa = None if rasa_url else background.run(FakeRasa().start())
    health_port = free_port()
    env = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    env.update({"TELEGRAM_BOT_TOKEN": telegram.token, "TELEGRAM_API_URL": telegram.base_url,
                "TELEGRAM_API_FILE_URL": telegram.file_url, "TELEGRAM_SENDER_SECRET": "bridge-process-tests",
                "TELEGRAM_HEALTH_PORT": str(health_port), "RASA_URL": rasa_url or rasa.url, "PYTHONPATH": str(REPO)})
    with log.open("ab") as output:
        process = subprocess.Popen([sys.executable, "-m", "bot.telegram_bridge"], cwd=REPO, env=env,
                                   stdout=output, stderr=subprocess.STDOUT, start_new_session=True)
    bridge = BridgeProcess(process, telegram, rasa, background, health_port, log)
    try:
        wait_for(f"{bridge.health}/ready", process, timeout=120)
        yield bridge
    finally:
        if process.poll() is None:
            os.killpg(process.pid, signal.SIGKILL)
            process.wait()
        if rasa:
            background.run(rasa.stop())
        background.run(telegram.stop())
        background.close()
