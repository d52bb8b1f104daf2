"""Rasa buttons as Telegram inline keyboards, and the way back from a tap to a payload.

Telegram limits callback data to 64 bytes; longer payloads are kept in a bounded
in-memory table and the button carries a short key instead.
"""
from __future__ import annotations

import hashlib
import unicodedata
from collections import OrderedDict
from typing import Optional

from telegram import InlineKeyboardButton, InlineKeyboardMarkup

MAX_CALLBACK_BYTES = 64
KEY_PREFIX = "#p:"
ROW_WIDTH = 28  # display columns per keyboard row (a CJK character is two)
MAX_PER_ROW = 3


class PayloadStore:
    def __init__(self, size: int = 10_000):
        self.size = size
        self._long: OrderedDict[str, str] = OrderedDict()

    def encode(self, payload: str) -> str:
        if len(payload.encode()) <= MAX_CALLBACK_BYTES and not payload.startswith(KEY_PREFIX):
            return payload
        key = KEY_PREFIX + hashlib.sha256(payload.encode()).hexdigest()[:24]
        self._long[key] = payload
        self._long.move_to_end(key)
        while len(self._long) > self.size:
            self._long.popitem(last=False)
        return key

    def decode(self, data: Optional[str]) -> Optional[str]:
        """The payload of a tapped button, or None when it is unknown (e.g. expired)."""
        if not data:
            return None
        if data.startswith(KEY_PREFIX):
            return self._long.get(data)
        return data


def display_width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(char) in "WF" else 1 for char in text)


def keyboard(buttons: list, payloads: PayloadStore) -> Optional[InlineKeyboardMarkup]:
    rows: list[list[InlineKeyboardButton]] = []
    width = 0
    for button in buttons:
        if not isinstance(button, dict):
            continue
        title, payload = str(button.get("title") or ""), str(button.get("payload") or "")
        if not title or not payload:
            continue
        needed = display_width(title) + 4
        if not rows or len(rows[-1]) == MAX_PER_ROW or width + needed > ROW_WIDTH:
            rows.append([])
            width = 0
        rows[-1].append(InlineKeyboardButton(title, callback_data=payloads.encode(payload)))
        width += needed
    return InlineKeyboardMarkup(rows) if rows else None


def title_of(markup: Optional[InlineKeyboardMarkup], data: str) -> Optional[str]:
    """The title of the button carrying `data` in a message's keyboard."""
    for row in (markup.inline_keyboard if markup else ()):
        for button in row:
            if button.callback_data == data:
                return button.text
    return None
