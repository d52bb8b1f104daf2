"""Criminal Law 253-1 (侵犯公民个人信息罪): which 情节 lines the facts may reach.

Thresholds are those of the 2017 SPC/SPP interpretation, art. 5 (情节严重 para. 1 items
(3)-(9); 情节特别严重 para. 2 item (3): ten times the (3)-(8) figures) and art. 6 (buyers
for a lawful business). The module never states guilt: it reports each line, the ratio
of the facts to it and why a prosecutor or court might count differently.
"""
from __future__ import annotations

from typing import Dict, List, Optional

from . import pi_items, text, vocab
from .citations import reason
from .facts import Facts
from .pi_items import CITE, count_entries, entry

TIER_WORD = {3: "第三项", 4: "第四项", 5: "第五项"}


def _kind_words(kinds: List[str]) -> str:
    return text.join(vocab.KIND_LABEL[k] for k in kinds)


def _count_entries(f: Facts, halved: bool, art6: bool, reasons: List[dict]) -> List[dict]:
    """Items (3)-(6) with one sentence per entry."""
    entries, counted = count_entries(f, halved, skip_tier5=art6)
    if f.pi_count is not None and f.pi_counts is None and len(pi_items.tiers_of(f.pi_kinds or ())) > 1:
        if counted is None:
            where = "其中一般信息按第六条判断，更敏感的信息条数不明"
        else:
            where = f"这里把总数按{TIER_WORD[counted]}（敏感度最低的一类）计算；更敏感的信息条数较少时也可能单独达到其标准"
        reasons.append(reason(f"只知道信息总数{text.count(f.pi_count)}、不知道各类信息分别多少条，{where}。", CITE))
    for e in entries:
        reasons.append(_count_reason(e) if e["basis"] == "records" else _proportional_reason(e))
    return entries


def _proportional_reason(e: dict) -> dict:
    if e["especially_serious_reached"]:
        verdict = "按比例合计达到十倍，可能构成“情节特别严重”"
    elif e["reached"]:
        verdict = "各类均未单独达到标准，但按比例合计已达到“情节严重”（第五条第一款第六项）"
    elif e["ratio"] >= 1:
        verdict = "已有一类单独达到标准"
    else:
        verdict = "按比例合计仍未达到“情节严重”"
    return reason(f"各类信息按各自标准折算合计为{text.ratio(e['ratio'])}，{verdict}。", CITE)


def _count_reason(e: dict) -> dict:
    kinds = _kind_words(e["kinds"])
    line = f"{text.count(e['effective_threshold'])}" + ("（服务中获得，已减半）" if e["halved"] else "")
    item = TIER_WORD[e["tier"]]
    if e["count"] is None:
        return reason(
            f"{kinds}按第五条第一款{item}计算，达到{line}即可能构成“情节严重”，"
            f"达到{text.count(e['especially_serious_threshold'])}可能构成“情节特别严重”；具体条数不明，未计算。",
            CITE)
    if e["especially_serious_reached"]:
        verdict = f"已达到“情节特别严重”的{text.count(e['especially_serious_threshold'])}标准"
    elif e["reached"]:
        verdict = (f"已达到“情节严重”的标准，距“情节特别严重”的"
                   f"{text.count(e['especially_serious_threshold'])}尚有差距")
    else:
        verdict = "尚未达到“情节严重”的数量标准"
    return reason(
        f"{kinds}共{text.count(e['count'])}，按第五条第一款{item}的标准{line}计算为{text.ratio(e['ratio'])}，{verdict}。",
        CITE)


def _art6_entries(f: Facts, reasons: List[dict]) -> List[dict]:
    """Art. 6: buying ordinary (item (5)) information for a lawful business."""
    kinds = [k for k in (f.pi_kinds or ()) if vocab.TIER_OF_KIND[k] == 5]
    reasons.append(reason(
        f"您购买{_kind_words(kinds)}是为了继续同一合法经营，按解释第六条，这类一般信息不按条数计算，"
        f"而是看利用这些信息获利是否达到{text.yuan(vocab.ART6_PROFIT_THRESHOLD)}或是否有前科；获利情况不明。",
        "pi_interp_2017:6"))
    art6 = entry("6(1)(1)", "pi_interp_2017:6", "profit", "元", None,
                 vocab.ART6_PROFIT_THRESHOLD, False, kinds=kinds)
    art6.update({"especially_serious_item": None, "especially_serious_threshold": None,
                 "especially_serious_ratio": None, "especially_serious_reached": None})
    return [art6]


def _gains_entry(f: Facts, halved: bool, reasons: List[dict]) -> Optional[dict]:
    """Item (7): illegal gains; the money received, else the agreed price."""
    if f.paid is not None:
        gains, source = f.paid, f"已收到的{text.yuan(f.paid)}"
    elif f.price is not None:
        gains, source = f.price, f"约定价款{text.yuan(f.price)}（实际收款不明，按约定价款估算）"
    else:
        reasons.append(reason(
            f"价款不明，未计算违法所得；违法所得达到{text.yuan(vocab.GAINS_THRESHOLD // (2 if halved else 1))}"
            f"即可能构成“情节严重”。", CITE))
        return None
    e = entry("5(1)(7)", CITE, "gains", "元", gains, vocab.GAINS_THRESHOLD, halved)
    if e["especially_serious_reached"]:
        verdict = f"超过“情节特别严重”的{text.yuan(e['especially_serious_threshold'])}标准"
    elif e["reached"]:
        verdict = f"达到“情节严重”的{text.yuan(e['effective_threshold'])}标准"
    else:
        verdict = f"低于“情节严重”的{text.yuan(e['effective_threshold'])}标准"
    reasons.append(reason(
        f"违法所得按{source}计算，{verdict}"
        + ("（服务中获得，标准减半）" if halved else "")
        + "；但只有归属于个人信息的那部分价款才算违法所得，法院可能认定得更低。", CITE))
    if f.paid is not None and f.price is not None and f.price > f.paid and not e["reached"]:
        if f.price >= e["effective_threshold"]:
            reasons.append(reason(
                f"如果余款付清，违法所得将达到{text.yuan(f.price)}，达到“情节严重”的金额标准。", CITE))
    return e


def _prior_entry(f: Facts, art6: bool) -> dict:
    item, cite = ("6(1)(2)", "pi_interp_2017:6") if art6 else ("5(1)(9)", CITE)
    return {
        "item": item, "citation": cite, "basis": "prior_penalty", "unit": None, "count": None,
        "threshold": None, "halved": False, "effective_threshold": None, "ratio": None,
        "reached": True, "especially_serious_item": None, "especially_serious_threshold": None,
        "especially_serious_ratio": None, "especially_serious_reached": False,
    }


def _accounts_entry(f: Facts, reasons: List[dict]) -> dict:
    """Real-name accounts traded in bulk: each account carries its registrant's identity."""
    reasons.append(reason(
        "实名账号本身带有注册人的姓名、身份证号和手机号；批量收购、转卖他人实名账号，"
        "已有按侵犯公民个人信息罪追诉的案例（最高人民法院指导性案例熊昌恒等案、最高人民检察院发布的黄某某案）。",
        "criminal_law:253-1", "pi_interp_2017:4"))
    e = entry("5(1)(5)", CITE, "accounts", "个", f.account_count, vocab.TIER_THRESHOLD[5], False,
               tier=5, kinds=["identity"])
    reasons.append(reason(
        f"按每个账号一条身份信息计算，{f.account_count}个账号为{text.ratio(e['ratio'])}第五项标准"
        f"（{text.count(e['effective_threshold'])}）；实际案件中还会结合违法所得等认定。", CITE))
    return e


def _level(entries: List[dict], involved: bool) -> str:
    if any(e.get("especially_serious_reached") for e in entries):
        return "especially_serious_possible"
    if any(e.get("reached") for e in entries):
        return "serious_possible"
    return "low" if involved else "none"


def assess_criminal_pi(f: Facts) -> Dict[str, object]:
    reasons: List[dict] = []
    entries: List[dict] = []
    exempt = f.consent or f.deidentified
    pi_path = bool(f.third_party_pi) and not exempt
    account_path = bool(f.real_name) and (
        f.role == "intermediary" or (f.role == "buyer" and f.buyer_purpose == "resale"))
    seller_side = f.role in ("seller", "intermediary")

    if f.third_party_pi and exempt:
        why = "每位好友/客户都同意向该买方提供" if f.consent else "交付前删除或处理到无法识别特定个人且不能复原"
        reasons.append(reason(
            f"您说明信息已{why}，按解释第三条和民法典第一千零三十八条的例外，一般不属于非法“提供公民个人信息”。",
            "pi_interp_2017:3", "civil_code:1038"))
    elif not f.third_party_pi and not account_path:
        reasons.append(reason("账号中不含好友、客户等他人的个人信息，这一罪名的主要风险来源不存在。",
                              "criminal_law:253-1"))
    if f.role == "seller" and f.real_name and not pi_path:
        reasons.append(reason(
            "出售自己注册（或经注册人同意）的实名账号，按上海市高级人民法院参考性案例（李某案）的思路，"
            "一般不以侵犯公民个人信息罪评价，而是看是否构成帮助信息网络犯罪活动罪。",
            "criminal_law:253-1", "criminal_law:287-2"))

    if pi_path:
        halved = f.role == "seller" and bool(f.obtained_in_service)
        art6 = f.role == "buyer" and f.buyer_purpose == "same_business"
        if seller_side:
            reasons.append(reason(
                f"未经好友/客户本人同意，把账号连同其中的{_kind_words(f.pi_kinds or ('contact',))}交给他人，"
                f"可能被认定为解释第三条所说的“提供公民个人信息”。", "criminal_law:253-1", "pi_interp_2017:3"))
        if f.role == "intermediary":
            reasons.append(reason(
                "先收购（非法获取）再转卖（出售）的，同一批信息的条数不重复计算；分别卖给不同下家的，条数累计计算。",
                "pi_interp_2017:4", "pi_interp_2017:11"))
        else:
            reasons.append(reason(
                "购买含有他人个人信息的账号，可能被认定为解释第四条所说的通过购买“非法获取公民个人信息”（刑法第二百五十三条之一第三款）。",
                "criminal_law:253-1", "pi_interp_2017:4"))
        if halved:
            reasons.append(reason(
                "这些信息是在提供服务过程中获得的，按第五条第一款第八项，数量和金额标准减半，并依刑法第二百五十三条之一第二款从重处罚。",
                CITE, "criminal_law:253-1"))
        if art6 and any(vocab.TIER_OF_KIND[k] == 5 for k in (f.pi_kinds or ())):
            entries.extend(_art6_entries(f, reasons))
        entries.extend(_count_entries(f, halved, art6, reasons))
        if seller_side:
            gains = _gains_entry(f, halved, reasons)
            if gains:
                entries.append(gains)
    if account_path:
        entries.append(_accounts_entry(f, reasons))
        if not pi_path and f.role == "intermediary":
            gains = _gains_entry(f, False, reasons)
            if gains:
                entries.append(gains)
    involved = pi_path or account_path
    if involved and f.prior_penalty:
        art6_only = f.role == "buyer" and f.buyer_purpose == "same_business" and not account_path
        entries.append(_prior_entry(f, art6_only))
        reasons.append(reason("您曾因侵犯公民个人信息受过刑事处罚或二年内受过行政处罚，再次实施即可能构成“情节严重”。",
                              "pi_interp_2017:6" if art6_only else CITE))
    if involved:
        reasons.append(reason(
            "以上只是按标准做的测算：一个好友算不算一条信息、重复信息如何去重、价款中多少属于信息，检察机关和法院可能有不同认定。",
            "pi_interp_2017:11"))
    level = _level(entries, involved)
    return {"level": level, "label": vocab.LEVEL_LABEL["criminal_pi"][level],
            "reasons": reasons, "items": entries}
