"""Administrative exposure: Anti-Telecom Fraud Law 31/44 and PIPL 66/72."""
from __future__ import annotations

from typing import Dict, List

from . import text, vocab
from .citations import reason
from .facts import Facts


def _fine_sentence(f: Facts) -> str:
    gains = None if f.role == "buyer" else (f.paid if f.paid is not None else f.price)
    if gains is None:
        return (f"没有违法所得或不足{text.yuan(vocab.ANTI_FRAUD_LOW_GAINS)}的，可处"
                f"{text.yuan(vocab.ANTI_FRAUD_FLAT_FINE)}以下罚款，否则处违法所得一倍以上十倍以下罚款")
    if gains < vocab.ANTI_FRAUD_LOW_GAINS:
        return (f"按您的价款{text.yuan(gains)}（不足{text.yuan(vocab.ANTI_FRAUD_LOW_GAINS)}），"
                f"可处{text.yuan(vocab.ANTI_FRAUD_FLAT_FINE)}以下罚款")
    return f"按违法所得{text.yuan(gains)}计算，可处{text.yuan(gains)}至{text.yuan(gains * 10)}的罚款"


def _pi_unprotected(f: Facts) -> bool:
    return bool(f.third_party_pi) and not f.consent and not f.deidentified


def assess_administrative(f: Facts) -> Dict[str, object]:
    reasons: List[dict] = []
    bulk = (f.account_count or 1) >= vocab.BULK_ACCOUNTS
    if f.official_route:
        level = "low"
        reasons.append(reason("通过平台官方途径办理变更，不属于反电信网络诈骗法禁止的“非法买卖”账号。", "anti_fraud:31"))
    else:
        heavy = f.role == "intermediary" or bulk or f.buyer_purpose == "suspicious"
        level = "high" if heavy else "possible"
        reasons.append(reason(
            f"在平台官方途径之外买卖互联网账号，违反反电信网络诈骗法第三十一条；由公安机关没收违法所得，{_fine_sentence(f)}；"
            "情节严重的，并处十五日以下拘留。", "anti_fraud:31", "anti_fraud:44"))
        reasons.append(reason("经公安机关认定的，还可能被记入信用记录，并被限制名下银行卡、支付账户和互联网账号的功能。",
                              "anti_fraud:31"))
    if _pi_unprotected(f):
        heavy_pi = f.account_kind == "business" or bool(f.obtained_in_service) or (f.pi_count or 0) >= 5000
        level = max(level, "high" if heavy_pi else "possible", key=vocab.FOUR_LEVELS.index)
        act = "未经本人同意取得并使用他人的个人信息" if f.role == "buyer" else "未经同意向他人提供好友、客户的个人信息"
        reasons.append(reason(
            f"{act}，违反个人信息保护法，可被责令改正、警告、没收违法所得，"
            "拒不改正的处一百万元以下罚款，情节严重的最高可处五千万元或上一年度营业额5%的罚款。", "pipl:66", "pipl:23"))
        if f.account_kind == "business":
            why = "经营性账号（企业号、店铺等）处理客户信息属于经营活动，不是个人或家庭事务"
        elif f.role == "buyer":
            why = "接手账号后利用其中的好友信息经营，不是个人或家庭事务"
        else:
            why = "出售账号连同其中的好友信息，已不是个人或家庭事务"
        reasons.append(reason(f"{why}，不能以个人信息保护法第七十二条排除适用。", "pipl:72"))
    return {"level": level, "label": vocab.LEVEL_LABEL["administrative"][level], "reasons": reasons}
