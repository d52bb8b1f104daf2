"""The interview as pure functions: which facts to ask, in what order, and how slot values
map to risk-engine facts. No Rasa import."""
from __future__ import annotations

from typing import Any, Mapping

from . import extract
from .extract import validate_value

UNKNOWN = "unknown"  # slot value for "the user does not know"

# Every fact slot, in the order the interview asks them (domain.yml lists the same order).
FACT_ORDER = (
    "role", "platform", "account_count", "status", "third_party_pi", "pi_kinds", "pi_count",
    "obtained_in_service", "consent", "deidentified", "real_name", "buyer_known",
    "buyer_purpose", "price", "paid", "announce_change", "official_route", "prior_penalty",
)
FACT_SLOTS = FACT_ORDER + ("account_kind",)
BOOLEAN_FACTS = frozenset(extract.BOOLEAN_FACTS)
NUMBER_FACTS = {"account_count", "pi_count", "price", "paid"}
PI_FACTS = ("pi_kinds", "pi_count", "obtained_in_service", "consent", "deidentified")

# Platforms whose operator offers a lawful transfer route worth asking about.
OFFICIAL_ROUTE_PLATFORMS = {"wechat_official", "wecom", "taobao_shop", "douyin", "kuaishou",
                            "xiaohongshu", "weibo", "bilibili", "game"}
# Personal social accounts where friends rely on who runs the account.
SOCIAL_PLATFORMS = {"wechat", "qq", "douyin", "kuaishou", "weibo", "xiaohongshu", "bilibili", "other"}

# Short labels of each fact for the review list and the lawyer summary.
FACT_LABELS = {
    "role": "您的身份", "platform": "平台", "account_kind": "账号类型", "account_count": "账号数量",
    "status": "进展", "third_party_pi": "含他人个人信息", "pi_kinds": "信息种类",
    "pi_count": "好友/客户人数", "obtained_in_service": "提供服务中获得", "consent": "好友/客户同意转让",
    "deidentified": "交付前删除/去标识化", "real_name": "实名认证", "buyer_known": "清楚对方身份",
    "buyer_purpose": "买方用途", "price": "约定价格", "paid": "已付款", "announce_change": "告知好友换人",
    "official_route": "走官方变更途径", "prior_penalty": "两年内受过处罚",
}


def is_answered(value: Any) -> bool:
    return value is not None


def relevant_facts(slots: Mapping[str, Any]) -> list[str]:
    """The facts worth asking about, in order, given what is already known."""
    third_party = slots.get("third_party_pi")
    platform = slots.get("platform")
    status = slots.get("status")
    wanted = []
    for fact in FACT_ORDER:
        if fact in PI_FACTS and third_party is False:
            continue
        if fact == "paid" and status == "planned":
            continue
        if fact == "official_route" and platform not in OFFICIAL_ROUTE_PLATFORMS:
            continue
        if fact == "announce_change" and platform not in SOCIAL_PLATFORMS:
            continue
        wanted.append(fact)
    return wanted


def missing_facts(slots: Mapping[str, Any]) -> list[str]:
    return [fact for fact in relevant_facts(slots) if not is_answered(slots.get(fact))]


def facts_from_slots(slots: Mapping[str, Any]) -> dict:
    """Risk-engine facts from slot values ("unknown" and unset become absent)."""
    facts = {}
    for fact in FACT_SLOTS:
        value = slots.get(fact)
        if value is None or value == UNKNOWN:
            continue
        facts[fact] = list(value) if fact == "pi_kinds" else value
    return facts


def unknown_facts(slots: Mapping[str, Any]) -> list[str]:
    return [fact for fact in FACT_SLOTS if slots.get(fact) == UNKNOWN]


def check_value(fact: str, value: Any) -> str | None:
    """A polite problem description for an impossible value, else None."""
    if value is None or value == UNKNOWN:
        return None
    return validate_value(fact, value)
