"""Chinese formatting helpers for amounts, counts and ratios."""
from __future__ import annotations

import math
from typing import Iterable, Union

Number = Union[int, float]


def _plain(value: Number) -> str:
    """12345 -> "12345", 12.5 -> "12.5", 12.3456 -> "12.35" (no exponent)."""
    if float(value).is_integer():
        return str(int(value))
    return f"{value:.2f}".rstrip("0").rstrip(".")


def yuan(value: Number) -> str:
    """Amounts as people write them: 5000 -> 5000元, 200000 -> 20万元, 12345 -> 12345元."""
    if value >= 10000 and float(value / 100).is_integer():
        return f"{_plain(value / 10000)}万元"
    return f"{_plain(value)}元"


def count(value: int) -> str:
    """Record counts: 22500 -> 22500条."""
    return f"{value}条"


def truncate(value: float, places: int = 4) -> float:
    """Round down, so that a ratio just under 1 is never shown as 1."""
    factor = 10 ** places
    return math.floor(value * factor) / factor


def ratio(value: float) -> str:
    """Ratios for prose: 9.0 -> 9倍, 0.99998 -> 0.9999倍, 1.25 -> 1.25倍."""
    text = f"{truncate(value):.4f}".rstrip("0").rstrip(".")
    return f"{text}倍"


def join(items: Iterable[str]) -> str:
    """Join Chinese list items with 、."""
    return "、".join(items)
