"""One log format for every process of the assistant: JSON lines on stderr.

    {"ts": "2024-05-01T08:00:00.123Z", "level": "INFO", "logger": "bot.channels",
     "process": "rasa", "pid": 4242, "message": "…", "sender": "u-3f2a…", "request": "9c1e…"}

`sender` and `request` appear when the line is written while handling a message
(`context()`); `sender` is always a pseudonym (`pseudonym()`), never the sender id itself,
which a REST client may have made from an e-mail address. Exceptions go into `exc` (one
line, like everything else). Nothing here ever logs message text: the loggers must not
either.

Configuration: bot/logging.yml (dictConfig; levels per logger), applied by `configure()`:
the Telegram bridge calls it, the Rasa and actions servers get it from `bot/launch.py`.
`process` is the name given to `configure()` (else $LOG_PROCESS, else the program's name).
"""
from __future__ import annotations

import functools
import hashlib
import hmac
import json
import logging
import logging.config
import os
import re
import secrets
import sys
import time
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Optional

import yaml

CONFIG = Path(__file__).resolve().parent / "logging.yml"
KEY_FILE = Path(__file__).resolve().parents[1] / "var" / "log_pseudonym.key"
SENDER: ContextVar[Optional[str]] = ContextVar("log_sender", default=None)
REQUEST: ContextVar[Optional[str]] = ContextVar("log_request", default=None)
PSEUDONYM_PREFIX = "u-"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # Rasa colours some warnings
_process = os.environ.get("LOG_PROCESS") or Path(sys.argv[0]).name or "python"


def pseudonym(sender: str) -> str:
    """A stable pseudonym of a sender id for logs (the same in every process): a keyed hash,
    so that nobody without the key can find whose lines they are by hashing candidate ids
    (a Telegram chat id is a number, easy to enumerate)."""
    digest = hmac.new(pseudonym_key(), sender.encode("utf-8", "replace"), hashlib.sha256)
    return PSEUDONYM_PREFIX + digest.hexdigest()[:16]


@functools.lru_cache(maxsize=None)
def pseudonym_key() -> bytes:
    """$LOG_PSEUDONYM_KEY, else the key in $LOG_PSEUDONYM_KEY_FILE (default
    var/log_pseudonym.key), created with a random value by the first process that needs it."""
    if os.environ.get("LOG_PSEUDONYM_KEY"):
        return os.environ["LOG_PSEUDONYM_KEY"].encode()
    path = Path(os.environ.get("LOG_PSEUDONYM_KEY_FILE") or KEY_FILE)
    path.parent.mkdir(parents=True, exist_ok=True)
    try:
        descriptor = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        pass
    else:
        with os.fdopen(descriptor, "w") as file:
            file.write(secrets.token_hex(32))
    for _ in range(50):  # another process may be writing it this very moment
        key = path.read_text().strip()
        if key:
            return key.encode()
        time.sleep(0.01)
    raise RuntimeError(f"empty log pseudonym key file: {path}")


@contextmanager
def context(sender: Optional[str] = None, request: Optional[str] = None) -> Iterator[None]:
    """Tag the log lines written inside the block with the sender's pseudonym and a
    request id."""
    tokens = [SENDER.set(pseudonym(sender) if sender else SENDER.get()),
              REQUEST.set(request or REQUEST.get())]
    try:
        yield
    finally:
        REQUEST.reset(tokens[1])
        SENDER.reset(tokens[0])


class JsonFormatter(logging.Formatter):
    """A log record as one JSON object on one line."""

    def format(self, record: logging.LogRecord) -> str:
        entry = {
            "ts": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds")
                  .replace("+00:00", "Z"),
            "level": record.levelname,
            "logger": record.name,
            "process": _process,
            "pid": record.process,
            "message": ANSI.sub("", record.getMessage()),
        }
        for key, var in (("sender", SENDER), ("request", REQUEST)):
            value = var.get()
            if value:
                entry[key] = value
        if record.exc_info:
            entry["exc"] = self.formatException(record.exc_info)
        elif record.exc_text:
            entry["exc"] = record.exc_text
        if record.stack_info:
            entry["stack"] = self.formatStack(record.stack_info)
        return json.dumps(entry, ensure_ascii=False, default=str)


class StdoutToLog:
    """Stands in for sys.stdout: whatever a library prints becomes log lines (logger
    "stdout"), so that even stray prints keep the format."""

    encoding = "utf-8"

    def __init__(self, logger: logging.Logger):
        self.logger = logger
        self._pending = ""

    def write(self, text: str) -> int:
        *lines, self._pending = (self._pending + text).split("\n")
        for line in lines:
            if line.strip():
                self.logger.info(line.strip())
        return len(text)

    def flush(self) -> None:
        if self._pending.strip():
            self.logger.info(self._pending.strip())
        self._pending = ""

    def isatty(self) -> bool:
        return False


def configure(process: str, path: Path = CONFIG, capture_stdout: bool = False) -> dict:
    """JSON logs for this process (named `process` in every line): bot/logging.yml, warnings
    as log records, and optionally print() output too. Returns the configuration."""
    global _process
    _process = process
    with path.open(encoding="utf-8") as handle:
        config = yaml.safe_load(handle)
    logging.config.dictConfig(config)
    logging.captureWarnings(True)
    if capture_stdout:
        sys.stdout = StdoutToLog(logging.getLogger("stdout"))
    return config
