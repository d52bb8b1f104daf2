"""Criminal Law 287-2 (帮助信息网络犯罪活动罪) and the 2019 interpretation arts. 11-12.

Documented judgements (there are no facts for most art. 11 indicators):
- a suspicious buyer purpose (fraud, gambling, 引流) is taken as the strongest sign of
  knowledge: level high;
- an intermediary, or an unknown buyer of several accounts (>= vocab.BULK_ACCOUNTS), is the
  断卡 pattern: level possible;
- price alone is not treated as abnormal (popular accounts are legitimately expensive);
  the module names the indicators instead of guessing.
"""
from __future__ import annotations

from typing import Dict, List

from . import text, vocab
from .citations import reason
from .facts import Facts

LAW = "criminal_law:287-2"


def _provider_level(f: Facts) -> str:
    bulk = (f.account_count or 1) >= vocab.BULK_ACCOUNTS
    if f.buyer_purpose == "suspicious":
        return "high"
    if f.official_route and f.buyer_known:
        return "none"
    if f.role == "intermediary":
        return "possible"
    if not f.buyer_known:
        return "possible" if bulk else "low"
    if f.buyer_purpose == "resale":
        return "possible" if bulk else "low"
    if f.buyer_purpose == "unknown":
        return "none" if f.platform == "game" and not bulk else "low"
    return "low" if bulk else "none"


def _buyer_level(f: Facts) -> str:
    if f.buyer_purpose == "suspicious":
        return "high"
    if f.buyer_purpose == "resale":
        return _provider_level(f)
    bulk = (f.account_count or 1) >= vocab.BULK_ACCOUNTS
    return "low" if bulk and f.buyer_purpose != "same_business" else "none"


def _gains(f: Facts):
    """Money received for the accounts; a buyer's payment is not a gain."""
    if f.role == "buyer":
        return None
    return f.paid if f.paid is not None else f.price


def _provider_reasons(f: Facts, level: str) -> List[dict]:
    out: List[dict] = []
    n = f.account_count or 1
    if f.buyer_purpose == "suspicious":
        out.append(reason(
            "买方的用途可疑（诈骗、赌博、引流等），明知他人利用信息网络犯罪仍提供账号，属于帮信罪所说的“帮助”；"
            "知道买方实施诈骗还提供的，还可能按诈骗共犯处理。", LAW, "help_interp_2019:11"))
    elif level == "none":
        out.append(reason("买方身份明确、不是批量出售，也没有迹象表明会用于违法犯罪，一般不涉及帮信罪。", LAW))
        return out
    elif f.role == "intermediary":
        out.append(reason(
            "收购、转卖他人账号，正是“断卡”行动打击的模式：账号流向不明的下家，一旦被用于诈骗，容易被推定“明知”。",
            LAW, "help_interp_2019:11", "anti_fraud:31"))
    elif not f.buyer_known:
        out.append(reason(
            f"买方身份不明{'，又是批量出售（' + str(n) + '个账号）' if n >= vocab.BULK_ACCOUNTS else ''}，"
            "账号流向难以控制，一旦被用于诈骗等犯罪，可能被认定为帮信。", LAW, "help_interp_2019:11"))
    elif f.buyer_purpose in ("unknown", "resale", None):
        out.append(reason("买方虽然明确，但用途不清楚或会转卖，账号可能流入违法犯罪链条。", LAW))
    else:
        out.append(reason(
            f"买方身份明确、用途也说得清，但一次出售{n}个账号，账号的去向更难控制；"
            "只要没有迹象表明买方用于违法犯罪，一般不构成帮信。", LAW))
    out.append(reason(
        "交易价格或方式明显异常、买方要求您配合刷脸或接收验证码等，都可能被用来推定您“明知”；"
        "提供实名核验帮助本身也被反电信网络诈骗法禁止。", "help_interp_2019:11", "anti_fraud:31"))
    if f.platform in vocab.PAYMENT_PLATFORMS:
        out.append(reason(
            f"{vocab.PLATFORM_LABEL[f.platform]}账号带有支付结算功能，更容易被用于转移诈骗资金。", LAW))
    gains = _gains(f)
    if level in ("possible", "high") and gains is not None and gains >= vocab.HELP_GAINS_THRESHOLD:
        out.append(reason(
            f"构成帮信的，违法所得1万元以上即属“情节严重”；按您的价款{text.yuan(gains)}计算已超过这一标准。",
            "help_interp_2019:12"))
    if level in ("possible", "high"):
        out.append(reason("向三个以上对象提供帮助，也属于“情节严重”的情形。", "help_interp_2019:12"))
    if f.role == "intermediary" or n >= 10:
        side = "组织或长期收购、贩卖账号的一侧，属于从严惩处的对象"
    else:
        side = "偶发、一次性出售的一侧，但从宽并不等于不追究"
    out.append(reason(
        f"2025年两高一部关于帮信案件的意见对组织或长期收购、贩卖他人账号者从严，对受蒙骗、短期参与、获利少的学生和未成年人等从宽；"
        f"您的情况更接近{side}。", LAW))
    if f.real_name and f.role == "seller" and f.platform != "game":
        out.append(reason("账号仍登记在您名下，买方用它实施违法犯罪时，追查首先会找到您。", "anti_fraud:31"))
    return out


def _buyer_reasons(f: Facts, level: str) -> List[dict]:
    if f.buyer_purpose == "suspicious":
        return [reason(
            "把买来的账号用于诈骗、赌博、引流等，本身就可能构成诈骗等犯罪；再转给他人使用的，也可能构成帮信罪。",
            LAW, "anti_fraud:31")]
    if f.buyer_purpose == "resale":
        return [reason("买来再转卖，和收号中介一样处于账号流转的链条上，下家用于犯罪时可能被认定为帮信。",
                       LAW, "help_interp_2019:11")] + _provider_reasons(f, level)[1:]
    if level == "low":
        return [reason("批量购买账号而用途不明确，容易被怀疑为下游犯罪准备账号。", LAW)]
    return [reason("买来自用于正当经营，一般不涉及帮信罪；但不要把账号再转借、出租给他人。", LAW)]


def assess_criminal_help(f: Facts) -> Dict[str, object]:
    if f.role == "buyer":
        level = _buyer_level(f)
        reasons = _buyer_reasons(f, level)
    else:
        level = _provider_level(f)
        reasons = _provider_reasons(f, level)
    return {"level": level, "label": vocab.LEVEL_LABEL["criminal_help"][level], "reasons": reasons}
