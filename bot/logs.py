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

import hashlib
import json
import logging
import logging.config
import os
import re
import sys
from contextlib import contextmanager
from contextvars import ContextVar
from datetime import datetime, timezone
from pathlib import Path
from typing import Iterator, Optional

import yaml

CONFIG = Path(__file__).resolve().parent / "logging.yml"
SENDER: ContextVar[Optional[str]] = ContextVar("log_sender", default=None)
REQUEST: ContextVar[Optional[str]] = ContextVar("log_request", default=None)
PSEUDONYM_PREFIX = "u-"
ANSI = re.compile(r"\x1b\[[0-9;]*[A-Za-z]")  # Rasa colours some warnings
_process = os.environ.get("LOG_PROCESS") or Path(sys.argv[0]).name or "python"


def pseudonym(sender: str) -> str:
    """A stable pseudonym of a sender id for logs (the same in every process)."""
    return PSEUDONYM_PREFIX + hashlib.sha256(f"log:{sender}".encode("utf-8", "replace")).hexdigest()[:16]


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
