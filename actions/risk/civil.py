"""Civil liability towards the friends and customers whose information goes with the account."""
from __future__ import annotations

from typing import Dict, List

from . import text, vocab
from .citations import reason
from .facts import Facts


def assess_civil(f: Facts) -> Dict[str, object]:
    reasons: List[dict] = []
    sensitive = [k for k in (f.pi_kinds or ()) if vocab.TIER_OF_KIND[k] in (3, 4)]
    if not f.third_party_pi:
        level = "none"
        reasons.append(reason("账号中不含好友、客户的个人信息，对他们的侵权风险基本不存在。", "civil_code:1034"))
    elif f.deidentified:
        level = "none"
        reasons.append(reason("交付前已删除或处理到无法识别特定个人且不能复原，不属于向他人非法提供个人信息。",
                              "civil_code:1038"))
    elif f.consent:
        level = "low"
        reasons.append(reason("已取得每位好友/客户的单独同意；买方仍只能在告知的目的、方式和范围内使用这些信息。",
                              "pipl:23", "civil_code:1035"))
    else:
        many = (f.pi_count or 0) >= 500
        level = "high" if sensitive or many or f.account_kind == "business" else "possible"
        reasons.append(reason(
            "好友列表、联系方式、聊天记录和客户档案都是个人信息，未经本人同意向他人提供，侵害其个人信息权益。",
            "civil_code:1034", "civil_code:1035", "civil_code:1038"))
        reasons.append(reason("发生纠纷时，由处理信息的一方证明自己没有过错，否则要承担赔偿责任。", "pipl:69"))
        if f.platform in ("wechat", "wecom", "qq"):
            reasons.append(reason("微信好友关系本身也可以是受保护的个人信息，已有法院在王某诉腾讯（微视）案中这样认定。",
                                  "civil_code:1034"))
        if sensitive:
            reasons.append(reason(f"其中含有{text.join(vocab.KIND_LABEL[k] for k in sensitive)}等敏感信息，泄露后损害更大。",
                                  "civil_code:1034"))
        if f.role in ("buyer", "intermediary"):
            reasons.append(reason("接收信息的一方同样不得超出本人同意的范围使用，用这些信息营销或转卖更容易被追责。",
                                  "pipl:23"))
    return {"level": level, "label": vocab.LEVEL_LABEL["civil"][level], "reasons": reasons}
