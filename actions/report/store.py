"""Generated reports behind unguessable, expiring tokens (SQLite, standard library only,
so both the actions server that writes and the Rasa server that serves can use it).

- Token: secrets.token_urlsafe(32), 32 random bytes as 43 URL-safe characters.
- Only SHA-256(token) is stored; a lookup hashes the presented token, finds the row and
  compares the digests with hmac.compare_digest.
- Lifetime: REPORT_TTL_MINUTES (default 60). Expired rows are deleted on every write.
- Location: REPORTS_DB (a file path), default var/reports.db; the file is private (0600).
"""
from __future__ import annotations

import hashlib
import hmac
import os
import re
import secrets
import sqlite3
import time
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path
from typing import Callable, Optional

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_TTL_MINUTES = 60
DEFAULT_BASE_URL = "http://localhost:5005"
URL_PATH = "/webhooks/reports/"  # served by bot.reports.ReportsInput
TOKEN_BYTES = 32
TOKEN = re.compile(r"^[A-Za-z0-9_-]{43}$")
SCHEMA = """CREATE TABLE IF NOT EXISTS reports (
    digest TEXT PRIMARY KEY,
    report_id TEXT NOT NULL,
    created REAL NOT NULL,
    expires REAL NOT NULL,
    pdf BLOB NOT NULL
)"""


def ttl_minutes() -> float:
    try:
        minutes = float(os.environ.get("REPORT_TTL_MINUTES") or DEFAULT_TTL_MINUTES)
    except ValueError:
        return DEFAULT_TTL_MINUTES
    return minutes if minutes > 0 else DEFAULT_TTL_MINUTES


def default_path() -> Path:
    return Path(os.environ.get("REPORTS_DB") or REPO_ROOT / "var" / "reports.db")


def report_url(token: str, base: Optional[str] = None) -> str:
    """The download link: $PUBLIC_BASE_URL (default http://localhost:5005) + /webhooks/reports/<token>."""
    base = (base or os.environ.get("PUBLIC_BASE_URL") or DEFAULT_BASE_URL).rstrip("/")
    return f"{base}{URL_PATH}{token}"


def _digest(token: str) -> str:
    return hashlib.sha256(token.encode("ascii")).hexdigest()


@dataclass(frozen=True)
class StoredReport:
    report_id: str
    pdf: bytes
    expires: float


class ReportStore:
    def __init__(self, path: Optional[Path | str] = None, ttl_minutes_: Optional[float] = None,
                 clock: Callable[[], float] = time.time):
        self.path = Path(path) if path else default_path()
        self.ttl = (ttl_minutes_ if ttl_minutes_ is not None else ttl_minutes()) * 60
        self.clock = clock

    def _connect(self) -> sqlite3.Connection:
        if not self.path.exists():
            self.path.parent.mkdir(parents=True, exist_ok=True)
            self.path.touch(mode=0o600)
        connection = sqlite3.connect(self.path, timeout=10)
        connection.execute(SCHEMA)
        return connection

    def put(self, pdf: bytes, report_id: str) -> tuple[str, float]:
        """Store a report; returns (token, expiry as a Unix time)."""
        if not isinstance(pdf, (bytes, bytearray)) or not pdf:
            raise ValueError("pdf must be non-empty bytes")
        token = secrets.token_urlsafe(TOKEN_BYTES)
        now = self.clock()
        expires = now + self.ttl
        with closing(self._connect()) as db, db:
            db.execute("DELETE FROM reports WHERE expires <= ?", (now,))
            db.execute("INSERT INTO reports (digest, report_id, created, expires, pdf) VALUES (?, ?, ?, ?, ?)",
                       (_digest(token), str(report_id), now, expires, bytes(pdf)))
        return token, expires

    def get(self, token: object) -> Optional[StoredReport]:
        """The report for a valid, unexpired token; None for anything else."""
        if not isinstance(token, str) or not TOKEN.match(token):
            return None
        digest = _digest(token)
        if not self.path.exists():
            return None
        with closing(self._connect()) as db:
            row = db.execute("SELECT digest, report_id, expires, pdf FROM reports WHERE digest = ?",
                             (digest,)).fetchone()
        if row is None or not hmac.compare_digest(row[0], digest):
            return None
        if row[2] <= self.clock():
            return None
        return StoredReport(row[1], bytes(row[3]), row[2])

    def purge(self) -> int:
        """Delete expired reports; returns how many."""
        if not self.path.exists():
            return 0
        with closing(self._connect()) as db, db:
            return db.execute("DELETE FROM reports WHERE expires <= ?", (self.clock(),)).rowcount
