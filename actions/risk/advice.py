"""Concrete next steps by role and status; always ends with talking to a lawyer."""
from __future__ import annotations

from typing import Dict, List, Optional

from . import text, vocab
from .citations import reason
from .facts import Facts

VOIDISH = ("void", "likely_void")


def lawyer() -> dict:
    return reason("带上合同、聊天记录和转账凭证，尽快咨询执业律师；涉及刑事风险的，请找刑事辩护律师。")


def evidence() -> dict:
    return reason("保留合同、聊天记录、转账记录和账号交付记录。")


def _pi_unprotected(f: Facts) -> bool:
    return bool(f.third_party_pi) and not f.consent and not f.deidentified


def _seller_planned(f: Facts) -> List[dict]:
    out: List[dict] = []
    if f.official_route:
        out.append(reason("继续走平台官方途径，按平台要求完成迁移、主体变更或过户审核，并保留审核记录。", "civil_code:465"))
    elif vocab.has_official_route(f.platform, f.account_kind):
        out.append(reason(f"先不要签约或交付账号；确需转让的，优先走{vocab.route_name(f.platform)}。", "anti_fraud:31"))
    else:
        out.append(reason(
            "先不要签约或交付账号；个人微信、QQ号没有官方转让途径，确需交接业务的，可以请好友自愿添加接手人的账号，而不是转让账号本身。",
            "anti_fraud:31", "pipl:23"))
    if _pi_unprotected(f):
        out.append(reason("转让前逐一告知好友/客户并取得其单独同意，或者在交付前删除客户资料并确保无法恢复。",
                          "pipl:23", "civil_code:1038"))
    if not f.buyer_known or f.buyer_purpose in ("unknown", "suspicious", "resale"):
        out.append(reason("不要把账号卖给身份不明或用途可疑的人，也不要替对方刷脸、接收验证码。",
                          "anti_fraud:31", "criminal_law:287-2"))
    return out


def _seller_signed(f: Facts, contract: str) -> List[dict]:
    unwind = ("civil_code:157",) if contract in VOIDISH else ("civil_code:566",)
    return [
        reason("先不要交付账号和客户资料；与买方协商解除合同，已收的定金或价款按约退还。", *unwind),
        evidence(),
    ] + _seller_planned(f)[1:]


def _seller_performed(f: Facts, contract: str) -> List[dict]:
    out = [reason("停止继续配合：不再提供验证码、刷脸或更多客户资料；发现账号被用于诈骗的，尽快向平台和公安机关报告。",
                  "anti_fraud:31")]
    if contract in VOIDISH:
        out.append(reason("合同无效时双方互相返还：您退回已收款项、对方退回账号，损失按过错分担。", "civil_code:157"))
    out.append(reason("不要通过申诉自行把账号找回，已有卖方因此被以盗窃罪追究；有争议通过协商或诉讼解决。",
                      "criminal_law:264"))
    out.append(evidence())
    return out


def _seller_dispute(f: Facts, contract: str, unpaid: Optional[float], risky_crime: bool) -> List[dict]:
    out: List[dict] = []
    rest = f"余款{text.yuan(unpaid)}" if unpaid else "余款"
    paid = f"已收的{text.yuan(f.paid)}" if f.paid else "已收款项"
    if contract in VOIDISH:
        out.append(reason(f"合同很可能无效，{rest}难以通过诉讼要回；起诉前要评估败诉以及被要求返还{paid}的风险。",
                          "civil_code:157", "civil_code:153"))
    elif contract == "uncertain":
        out.append(reason(f"合同效力有争议：法院认定无效时{rest}无法主张，{paid}可能需要返还。", "civil_code:157"))
    else:
        out.append(reason(f"合同有效时可以主张{rest}和违约责任；对方可能以账号被收回为由解除合同。",
                          "civil_code:577", "contract_interp_2023:19"))
    if risky_crime:
        out.append(reason("诉讼材料会暴露交易细节；涉及个人信息或帮信风险时，起诉前先请刑事律师评估。",
                          "criminal_law:253-1", "criminal_law:287-2"))
    out.append(reason("不要通过申诉自行把账号找回，已有卖方因此被以盗窃罪追究。", "criminal_law:264"))
    out.append(evidence())
    return out


def _buyer(f: Facts, status: Optional[str], contract: str) -> List[dict]:
    out: List[dict] = []
    paid = f"已付的{text.yuan(f.paid)}" if f.paid else "已付款项"
    if status in (None, "planned"):
        out.append(reason("先不要购买；需要接手经营的，要求卖方走平台官方途径（如有），或请好友/客户自愿添加您的账号。",
                          "anti_fraud:31", "pipl:23"))
        out.append(reason("不要批量购买实名账号，也不要让卖方或他人替您做实名核验。", "anti_fraud:31"))
    if status == "signed":
        out.append(reason(f"暂停付款，与卖方协商解除；{paid}可以要求返还。",
                          "civil_code:157" if contract in VOIDISH else "civil_code:566"))
    if status in ("performed", "dispute") and _pi_unprotected(f):
        out.append(reason("停止使用账号中的好友/客户信息，不要向他们营销，也不要转卖或再提供给他人。",
                          "pipl:23", "civil_code:1038"))
    if status in ("performed", "dispute"):
        if contract in VOIDISH:
            out.append(reason(f"合同无效时，可以要求返还{paid}，但要把账号退回，损失按过错分担。", "civil_code:157"))
        else:
            out.append(reason("账号被收回、封禁或被原注册人找回的，可以解除合同并要求卖方赔偿。",
                              "contract_interp_2023:19", "civil_code:566"))
        out.append(reason("向平台主张账号归属通常难以获得支持，应尽早止损。", "contract_interp_2023:19"))
        out.append(evidence())
    return out


def _intermediary(f: Facts, criminal_pi: str) -> List[dict]:
    out = [
        reason("立即停止收购、转卖账号；组织或长期收售他人账号属于从严打击的情形。", "criminal_law:287-2", "anti_fraud:31"),
        reason("不要为下家提供刷脸、验证码等实名核验帮助。", "anti_fraud:31"),
    ]
    if criminal_pi != "none":
        out.append(reason("初犯、全部退赃并确有悔罪表现的，可以从宽处理；尽快请刑事律师评估。", "pi_interp_2017:10"))
    out.append(evidence())
    return out


def build_advice(original: Facts, f: Facts, dims: Dict[str, dict]) -> List[dict]:
    contract = dims["contract"]["level"]
    unpaid = dims["contract"]["consequences"]["unpaid"]
    risky_crime = (dims["criminal_pi"]["level"] in ("serious_possible", "especially_serious_possible")
                   or dims["criminal_help"]["level"] in ("possible", "high"))
    status = original.status
    if f.role == "intermediary":
        out = _intermediary(f, dims["criminal_pi"]["level"])
    elif f.role == "buyer":
        out = _buyer(f, status, contract)
    elif status == "signed":
        out = _seller_signed(f, contract)
    elif status == "performed":
        out = _seller_performed(f, contract)
    elif status == "dispute":
        out = _seller_dispute(f, contract, unpaid, risky_crime)
    else:
        out = _seller_planned(f)
    if status is None:
        out.append(reason("告诉我交易进行到哪一步（计划中、已签约、已交付或已有纠纷），可以给出更具体的建议。"))
    out.append(lawyer())
    return out
