"""Per-chat rate limiting: at most `limit` messages in any `window` seconds."""
from __future__ import annotations

import time
from collections import deque
from enum import Enum
from typing import Callable, Hashable


class Verdict(Enum):
    ALLOW = "allow"
    WARN = "warn"  # over the limit: tell the user once per window
    DROP = "drop"  # over the limit and already told


class RateLimiter:
    def __init__(self, limit: int, window: float, clock: Callable[[], float] = time.monotonic,
                 max_keys: int = 10_000):
        self.limit, self.window, self.clock, self.max_keys = limit, window, clock, max_keys
        self._hits: dict[Hashable, deque] = {}
        self._warned: dict[Hashable, float] = {}

    def check(self, key: Hashable) -> Verdict:
        now = self.clock()
        hits = self._hits.setdefault(key, deque())
        while hits and hits[0] <= now - self.window:
            hits.popleft()
        if len(hits) < self.limit:
            hits.append(now)
            self._prune(now)
            return Verdict.ALLOW
        if self._warned.get(key, float("-inf")) > now - self.window:
            return Verdict.DROP
        self._warned[key] = now
        return Verdict.WARN

    def _prune(self, now: float) -> None:
        """Forget idle chats so memory stays bounded."""
        if len(self._hits) <= self.max_keys:
            return
        for key in [k for k, hits in self._hits.items() if not hits or hits[-1] <= now - self.window]:
            del self._hits[key]
            self._warned.pop(key, None)
