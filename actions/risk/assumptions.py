"""Assumptions for unknown facts that mattered, and how the levels move if they are wrong.

A fact "mattered" when giving it the other value changes at least one level. Figures
that were left unknown (record counts, price) get a fixed explanation instead.
"""
from __future__ import annotations

from typing import Any, Dict, List

from . import text, vocab
from .counterfactual import describe, diff, levels_with
from .facts import FACT_KEYS, Facts
from .resolve import Resolution

# key -> (sentence for what was assumed, given the assumed value)
ASSUMED_TEXT = {
    "role": lambda v: "您没有说明自己是卖方还是买方（或是代他人咨询），以下按卖方的角度分析。",
    "platform": lambda v: "平台不明，按一般平台分析。",
    "account_kind": lambda v: "按个人号分析。" if v == "personal" else "按企业号/经营性账号分析。",
    "account_count": lambda v: "账号数量不明，按1个账号分析。",
    "real_name": lambda v: "按账号已实名认证分析（国内主要平台注册时都要求实名）。",
    "third_party_pi": lambda v: ("按账号中含有好友、客户等他人个人信息分析。" if v
                                 else "按游戏账号中不含他人个人信息分析。"),
    "obtained_in_service": lambda v: "按这些信息是卖方在为客户提供服务过程中获得的分析。",
    "consent": lambda v: "没有说明好友/客户是否逐一同意，按未取得同意处理。",
    "deidentified": lambda v: "按交付前没有删除或匿名化处理他人信息分析。",
    "buyer_known": lambda v: ("买方是继续同一经营的人，按买方身份明确分析。" if v else "按买方身份不明确分析。"),
    "buyer_purpose": lambda v: "买方用途不明，按用途不明分析。",
    "announce_change": lambda v: "按转让后不告知好友、继续以原主人身份使用分析。",
    "official_route": lambda v: "按不走平台官方变更途径分析。",
    "prior_penalty": lambda v: "按没有因侵犯个人信息受过处罚分析（不推定有前科）。",
}

# key -> function(assumed value) -> (alternative value, "如果……" clause)
ALTERNATIVE = {
    "role": lambda v: ("buyer", "您是买方"),
    "account_kind": lambda v: (("business", "是企业号/经营性账号") if v == "personal"
                               else ("personal", "是个人号")),
    "account_count": lambda v: (10, "实际有10个账号"),
    "real_name": lambda v: (False, "账号没有实名认证"),
    "third_party_pi": lambda v: (not v, "账号中没有他人信息" if v else "账号中含有他人信息"),
    "obtained_in_service": lambda v: (False, "这些信息不是在提供服务过程中获得的"),
    "consent": lambda v: (True, "每位好友/客户都单独同意向该买方提供"),
    "deidentified": lambda v: (True, "交付前已删除他人信息且无法恢复"),
    "buyer_known": lambda v: (not v, "买方身份并不明确" if v else "买方身份明确"),
    "buyer_purpose": lambda v: ("same_business", "买方是为了继续同一正当经营"),
    "announce_change": lambda v: (True, "转让后明确告知好友"),
    "official_route": lambda v: (True, "走平台官方变更途径"),
    "prior_penalty": lambda v: (True, "您曾因侵犯个人信息受过刑事处罚或二年内受过行政处罚"),
}


def _entry(fact: str, assumed: Any, said: str, if_different: str) -> Dict[str, Any]:
    if isinstance(assumed, tuple):
        assumed = list(assumed)
    return {"fact": fact, "assumed": assumed, "text": said, "if_different": if_different}


PI_ONLY = ("consent", "deidentified", "obtained_in_service")


def _flipped(f: Facts, base: Dict[str, str], key: str, value: Any) -> List[dict]:
    if key in PI_ONLY and not f.third_party_pi:
        return []
    alt, clause = ALTERNATIVE[key](value)
    changed = diff(base, levels_with(f, **{key: alt}))
    if not changed and key == "obtained_in_service" and _halving_used(f):
        return [_entry(key, value, ASSUMED_TEXT[key](value),
                       f"如果{clause}，数量和金额标准不再减半，上述各项比例相应减半，但风险等级不变。")]
    if not changed:
        return []
    return [_entry(key, value, ASSUMED_TEXT[key](value), f"如果{clause}，{'；'.join(describe(changed))}。")]


def _halving_used(f: Facts) -> bool:
    return (f.role == "seller" and bool(f.obtained_in_service) and bool(f.third_party_pi)
            and not f.consent and not f.deidentified)


def _figures(original: Facts, f: Facts) -> List[dict]:
    """Unknown counts and amounts that decide criminal lines."""
    out: List[dict] = []
    pi_path = bool(f.third_party_pi) and not f.consent and not f.deidentified
    if not pi_path:
        return out
    halved = f.role == "seller" and bool(f.obtained_in_service)
    div = 2 if halved else 1
    if original.pi_kinds is None:
        out.append(_entry(
            "pi_kinds", list(f.pi_kinds or ()),
            "信息种类不明，按姓名、联系方式等一般个人信息（解释第五条第一款第五项）计算。",
            f"如果其中有行踪轨迹、通信内容、征信或财产信息，{50 // div}条即可能达到“情节严重”；"
            f"住宿、通信记录、健康生理或交易信息为{500 // div}条。"))
    if f.pi_count is None:
        out.append(_entry(
            "pi_count", None, "信息条数不明，未按数量计算。",
            f"以姓名、联系方式等一般信息为例，达到{5000 // div}条即可能达到“情节严重”，"
            f"达到{50000 // div}条可能达到“情节特别严重”。"))
    if f.role in ("seller", "intermediary"):
        line = vocab.GAINS_THRESHOLD // div
        if f.paid is None and f.price is not None:
            out.append(_entry(
                "paid", f.price, f"实际收款不明，违法所得按约定价款{text.yuan(f.price)}估算。",
                f"如果实际收款更少，应按实际收到且归属于个人信息的部分计算；低于{text.yuan(line)}时这一项不达标。"))
        elif f.paid is None and f.price is None:
            out.append(_entry(
                "price", None, "价款不明，未计算违法所得一项。",
                f"违法所得达到{text.yuan(line)}即可能达到“情节严重”，达到{text.yuan(line * 10)}可能达到“情节特别严重”。"))
    return out


def build_assumptions(original: Facts, res: Resolution, base: Dict[str, str]) -> List[dict]:
    out: List[dict] = []
    for key in FACT_KEYS:
        if key == "official_route" and not vocab.has_official_route(res.facts.platform, res.facts.account_kind):
            continue
        if key in res.assumed and key in ALTERNATIVE:
            out.extend(_flipped(res.facts, base, key, res.assumed[key]))
    out.extend(_figures(original, res.facts))
    out.extend(res.notes)
    return out
