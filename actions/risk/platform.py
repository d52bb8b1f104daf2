"""Platform consequences: ban, reclamation, loss of content; recovery by the original registrant."""
from __future__ import annotations

from typing import Dict, List

from . import vocab
from .citations import reason
from .facts import Facts

TERMS = {
    "wechat": "微信的软件许可协议规定账号使用权只属于初始申请注册人，禁止赠与、借用、租用、转让或售卖",
}


def assess_platform(f: Facts) -> Dict[str, object]:
    reasons: List[dict] = []
    bulk = (f.account_count or 1) >= vocab.BULK_ACCOUNTS
    if f.official_route:
        level = "low"
        reasons.append(reason("按平台规则办理的迁移、主体变更或过户，平台一般予以认可；仍需通过平台对新主体的审核。",
                              "civil_code:465"))
        return {"level": level, "label": vocab.LEVEL_LABEL["platform"][level], "reasons": reasons}
    heavy = bool(f.real_name) or bulk or f.role == "intermediary" or f.buyer_purpose == "suspicious"
    level = "high" if heavy else "possible"
    terms = TERMS.get(f.platform, "多数平台的用户协议禁止私下转让、出售或出租账号")
    reasons.append(reason(
        f"{terms}；用户协议约束用户与平台，私下交易被发现后，平台可以封号或收回账号，账号内容和收益可能一并丢失。",
        "civil_code:465"))
    if f.real_name:
        reasons.append(reason(
            "实名账号在平台登记的仍是原注册人，原注册人随时可能通过申诉找回账号；买方向平台主张权利的案例多未获支持。",
            "contract_interp_2023:19"))
    if f.role == "seller":
        reasons.append(reason("卖出后再通过申诉把账号找回，已有案例按盗窃罪追究刑事责任。", "criminal_law:264"))
    return {"level": level, "label": vocab.LEVEL_LABEL["platform"][level], "reasons": reasons}
