"""Fact schema: validation and normalisation of the intake.

Every key is optional; a missing key or null means "unknown". Validation is strict:
unknown keys, wrong types (a bool is not an int, "3" is not an int), out-of-range
numbers and values outside the vocabulary raise FactsError with a one-line message.
Inconsistencies between valid facts (paid above price, …) are not errors; the engine
reports them as assumptions.
"""
from __future__ import annotations

import dataclasses
import json
import math
from dataclasses import dataclass
from typing import Any, Dict, Mapping, Optional, Tuple

from . import vocab

MAX_ACCOUNTS = 100_000
MAX_PI = 10 ** 9
MAX_MONEY = 10 ** 10


class FactsError(ValueError):
    """Invalid facts; str(error) is a single line in Chinese and English."""


@dataclass(frozen=True)
class Facts:
    role: Optional[str] = None
    platform: Optional[str] = None
    account_kind: Optional[str] = None
    account_count: Optional[int] = None
    real_name: Optional[bool] = None
    third_party_pi: Optional[bool] = None
    pi_kinds: Optional[Tuple[str, ...]] = None
    pi_count: Optional[int] = None
    pi_counts: Optional[Tuple[Tuple[str, int], ...]] = None  # sorted (kind, count) pairs
    obtained_in_service: Optional[bool] = None
    consent: Optional[bool] = None
    deidentified: Optional[bool] = None
    buyer_purpose: Optional[str] = None
    buyer_known: Optional[bool] = None
    price: Optional[float] = None
    paid: Optional[float] = None
    announce_change: Optional[bool] = None
    official_route: Optional[bool] = None
    status: Optional[str] = None
    prior_penalty: Optional[bool] = None

    def to_dict(self, known_only: bool = False) -> Dict[str, Any]:
        """Plain JSON-friendly dict (lists and objects instead of tuples)."""
        out: Dict[str, Any] = {}
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            if value is None and known_only:
                continue
            if f.name == "pi_kinds" and value is not None:
                value = list(value)
            elif f.name == "pi_counts" and value is not None:
                value = dict(value)
            out[f.name] = value
        return out

    def counts_by_kind(self) -> Optional[Dict[str, int]]:
        return dict(self.pi_counts) if self.pi_counts is not None else None


FACT_KEYS = tuple(f.name for f in dataclasses.fields(Facts))

_ENUMS = {
    "role": vocab.ROLES,
    "platform": vocab.PLATFORMS,
    "account_kind": vocab.ACCOUNT_KINDS,
    "buyer_purpose": vocab.BUYER_PURPOSES,
    "status": vocab.STATUSES,
}
_BOOLS = (
    "real_name", "third_party_pi", "obtained_in_service", "consent", "deidentified",
    "buyer_known", "announce_change", "official_route", "prior_penalty",
)
_INTS = {"account_count": (1, MAX_ACCOUNTS), "pi_count": (0, MAX_PI)}
_MONEY = ("price", "paid")


def _show(value: Any) -> str:
    """A short single-line rendering of a user value for error messages."""
    try:
        text = json.dumps(value, ensure_ascii=False)
    except (TypeError, ValueError):
        text = repr(value)
    return text if len(text) <= 60 else text[:57] + "..."


def _fail(key: str, zh: str, en: str) -> FactsError:
    return FactsError(f"事实字段 {_show(key)} {zh} / facts key {_show(key)}: {en}")


def _enum(key: str, value: Any, allowed: Tuple[str, ...]) -> str:
    if not isinstance(value, str):
        raise _fail(key, "应为文本", f"expected a string, got {_show(value)}")
    norm = value.strip().lower()
    if norm not in allowed:
        raise _fail(
            key, f"取值无效：{_show(value)}", f"{_show(value)} is not one of {', '.join(allowed)}"
        )
    return norm


def _bool(key: str, value: Any) -> bool:
    if not isinstance(value, bool):
        raise _fail(key, "应为 true/false", f"expected true or false, got {_show(value)}")
    return value


def _int(key: str, value: Any, low: int, high: int) -> int:
    if isinstance(value, bool) or not isinstance(value, int):
        raise _fail(key, "应为整数", f"expected an integer, got {_show(value)}")
    if not low <= value <= high:
        raise _fail(key, f"超出范围（{low}–{high}）", f"value {value} out of range {low}..{high}")
    return value


def _money(key: str, value: Any) -> float:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise _fail(key, "应为数字（元）", f"expected a number of yuan, got {_show(value)}")
    if not math.isfinite(value) or not 0 <= value <= MAX_MONEY:
        raise _fail(key, f"超出范围（0–{MAX_MONEY}）", f"value {value} out of range 0..{MAX_MONEY}")
    return int(value) if float(value).is_integer() else float(value)


def _kinds(key: str, value: Any) -> Optional[Tuple[str, ...]]:
    if not isinstance(value, list):
        raise _fail(key, "应为列表", f"expected a list, got {_show(value)}")
    kinds = {_enum(key, item, vocab.PI_KINDS) for item in value}
    return tuple(k for k in vocab.PI_KINDS if k in kinds) or None


def _counts(key: str, value: Any) -> Optional[Tuple[Tuple[str, int], ...]]:
    if not isinstance(value, dict):
        raise _fail(key, "应为对象（信息种类 → 条数）", f"expected an object kind -> count, got {_show(value)}")
    counts: Dict[str, int] = {}
    for kind, count in value.items():
        if kind not in vocab.PI_KINDS:
            raise _fail(
                key, f"信息种类无效：{_show(kind)}",
                f"{_show(kind)} is not one of {', '.join(vocab.PI_KINDS)}",
            )
        counts[kind] = _int(f"{key}.{kind}", count, 0, MAX_PI)
    return tuple(sorted(counts.items(), key=lambda kv: vocab.PI_KINDS.index(kv[0]))) or None


def validate_facts(raw: Any) -> Facts:
    """Validate and normalise raw facts (a JSON object) into a Facts instance."""
    if isinstance(raw, Facts):
        return raw
    if not isinstance(raw, Mapping):
        raise FactsError(f"事实应为 JSON 对象 / facts must be a JSON object, got {type(raw).__name__}")
    values: Dict[str, Any] = {}
    for key, value in raw.items():
        if key not in FACT_KEYS:
            raise _fail(str(key), "不是已知字段", "unknown key")
        if value is None:
            continue
        if key in _ENUMS:
            values[key] = _enum(key, value, _ENUMS[key])
        elif key in _BOOLS:
            values[key] = _bool(key, value)
        elif key in _INTS:
            values[key] = _int(key, value, *_INTS[key])
        elif key in _MONEY:
            values[key] = _money(key, value)
        elif key == "pi_kinds":
            values[key] = _kinds(key, value)
        elif key == "pi_counts":
            values[key] = _counts(key, value)
    return _normalise(Facts(**values))


def _normalise(facts: Facts) -> Facts:
    """Merge kinds named in pi_counts into pi_kinds."""
    if facts.pi_counts is None:
        return facts
    kinds = set(facts.pi_kinds or ()) | {k for k, n in facts.pi_counts if n > 0}
    merged = tuple(k for k in vocab.PI_KINDS if k in kinds) or None
    return dataclasses.replace(facts, pi_kinds=merged)
