"""Fill unknown facts with conservative values and note inconsistencies.

The dimension modules work on a fully resolved Facts object. Each unknown fact gets
the value that does not understate the risk (unknown consent = no consent, unknown
buyer = an unknown buyer, …). Exceptions, documented here:
- prior_penalty: unknown is taken as "no prior penalty" (a record is never presumed).
- account_count: unknown is taken as a single account.
- pi_count, price, paid and status stay unknown: no figure is invented; the modules
  say what figure would reach which line instead.
"""
from __future__ import annotations

import dataclasses
from dataclasses import dataclass, field
from typing import Any, Dict, List

from . import text, vocab
from .facts import Facts


@dataclass
class Resolution:
    facts: Facts                                            # every key the modules need is filled
    assumed: Dict[str, Any] = field(default_factory=dict)   # key -> value assumed for an unknown
    notes: List[Dict[str, Any]] = field(default_factory=list)  # inconsistencies, as assumption entries


def _has_pi_data(f: Facts) -> bool:
    counts = f.counts_by_kind() or {}
    return bool(f.pi_kinds) or bool(f.pi_count) or any(counts.values())


def resolve(f: Facts) -> Resolution:
    res = Resolution(facts=f)
    values: Dict[str, Any] = {}

    def assume(key: str, value: Any) -> None:
        values[key] = value
        res.assumed[key] = value

    if f.role is None or f.role == "other":
        assume("role", "seller")
    if f.platform is None:
        assume("platform", "other")
    platform = values.get("platform", f.platform)
    if f.account_kind is None:
        assume("account_kind", "business" if platform in vocab.BUSINESS_PLATFORMS else "personal")
    if f.account_count is None:
        assume("account_count", 1)
    if f.real_name is None:
        assume("real_name", True)

    pi_data = _has_pi_data(f)
    if f.third_party_pi is None:
        if pi_data:
            values["third_party_pi"] = True  # inferred from the counts, not assumed
        else:
            assume("third_party_pi", platform != "game")
    elif f.third_party_pi is False and pi_data:
        values["third_party_pi"] = True
        res.notes.append({
            "fact": "third_party_pi",
            "assumed": True,
            "text": "您说明账号中没有他人信息，但又给出了信息种类或数量；以下按账号含有他人个人信息分析。",
            "if_different": "如果账号中确实没有任何好友或客户信息，个人信息方面的刑事、民事和行政风险会明显降低。",
        })
    third_party_pi = values.get("third_party_pi", f.third_party_pi)

    counts = f.counts_by_kind()
    if counts is not None:
        total = sum(counts.values())
        if f.pi_count is None:
            values["pi_count"] = total
        elif f.pi_count != total:
            res.notes.append({
                "fact": "pi_count",
                "assumed": total,
                "text": f"分类条数合计为{text.count(total)}，与总数{text.count(f.pi_count)}不一致；以下按分类条数计算。",
                "if_different": "如果总数才是准确的，需要重新按各类信息的实际条数计算比例。",
            })
    if third_party_pi and not f.pi_kinds:
        assume("pi_kinds", ("contact",))
    if f.obtained_in_service is None:
        if third_party_pi:
            assume("obtained_in_service", True)
        else:
            values["obtained_in_service"] = False

    if f.buyer_known is None:
        # Knowing that the buyer continues the same business implies knowing who the buyer is.
        assume("buyer_known", f.buyer_purpose == "same_business")
    for key in ("consent", "deidentified", "announce_change", "official_route", "prior_penalty"):
        if getattr(f, key) is None:
            assume(key, False)
    if f.buyer_purpose is None:
        assume("buyer_purpose", "unknown")

    if f.price is not None and f.paid is not None and f.paid > f.price:
        res.notes.append({
            "fact": "paid",
            "assumed": f.paid,
            "text": f"已付金额{text.yuan(f.paid)}高于约定价款{text.yuan(f.price)}；以下按已付金额计算违法所得，未付余款按0计算。",
            "if_different": "如果实际已付金额更低，违法所得和可主张返还的金额都应相应调低。",
        })

    res.facts = dataclasses.replace(f, **values)
    return res
