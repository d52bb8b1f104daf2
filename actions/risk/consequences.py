"""What happens to the money and the accounts: Civil Code 157 when void, contract remedies when valid."""
from __future__ import annotations

from typing import Dict, List, Optional

from . import text
from .citations import reason
from .facts import Facts

VOIDISH = ("void", "likely_void")


def _unpaid(f: Facts) -> Optional[float]:
    if f.price is None or f.paid is None:
        return None
    rest = f.price - f.paid
    return rest if rest > 0 else 0


def _void_planned_sentences(f: Facts) -> List[dict]:
    price = f"约定的{text.yuan(f.price)}" if f.price else "约定的价款"
    return [
        reason(f"交易还没进行：即使签了合同，{price}也无法通过诉讼要求对方支付。", "civil_code:153", "civil_code:157"),
        reason("如果先收了钱、交了号，原则上要各自返还（钱款退回、账号还回），有过错的一方还要赔偿对方的损失。",
               "civil_code:157"),
    ]


def _void_sentences(f: Facts, unpaid) -> List[dict]:
    if f.status == "planned" and not f.paid:
        return _void_planned_sentences(f)
    out: List[dict] = []
    if unpaid is None:
        out.append(reason("合同无效时，卖方不能通过诉讼要求支付尚未支付的价款。", "civil_code:157", "civil_code:153"))
    elif unpaid > 0:
        out.append(reason(f"余款{text.yuan(unpaid)}无法通过诉讼主张。", "civil_code:157", "civil_code:153"))
    if f.paid is None:
        out.append(reason("买方已付的款项原则上应返还，但买方需返还账号，双方按过错分担损失。", "civil_code:157"))
    elif f.paid > 0:
        out.append(reason(f"已付{text.yuan(f.paid)}原则上应返还，但买方需返还账号，双方按过错分担损失。",
                          "civil_code:157"))
    out.append(reason("账号已被封禁、信息已被使用等无法原样返还的，按价值折价补偿。", "civil_code:157"))
    return out


def _valid_sentences(f: Facts, unpaid) -> List[dict]:
    out: List[dict] = []
    if unpaid:
        out.append(reason(f"合同有效时，卖方可以要求买方支付余款{text.yuan(unpaid)}。", "civil_code:465", "civil_code:577"))
    out.append(reason(
        "账号被平台收回、封禁或被原注册人申诉找回，导致合同无法履行的，买方可以解除合同并要求卖方赔偿。",
        "contract_interp_2023:19", "civil_code:566"))
    return out


def _uncertain_sentences(f: Facts, unpaid) -> List[dict]:
    rest = f"余款{text.yuan(unpaid)}" if unpaid else "未付价款"
    paid = f"已付{text.yuan(f.paid)}" if f.paid else "已付款项"
    return [
        reason(f"如果被认定无效：{rest}无法主张，{paid}原则上返还、账号退回，双方按过错分担损失。", "civil_code:157"),
        reason("如果被认定有效：按约定履行；账号被收回或封禁导致无法履行的，买方可以解除合同并要求赔偿。",
               "contract_interp_2023:19", "civil_code:566"),
    ]


def consequences(f: Facts, level: str) -> Dict[str, object]:
    unpaid = _unpaid(f)
    if level in VOIDISH:
        seller_claim: Optional[bool] = False
        refund: Optional[bool] = f.paid is None or f.paid > 0
        return_accounts: Optional[bool] = f.status != "planned"
        sentences = _void_sentences(f, unpaid)
    elif level == "likely_valid":
        seller_claim, refund, return_accounts = unpaid is None or unpaid > 0, False, False
        sentences = _valid_sentences(f, unpaid)
    else:  # uncertain: depends on the court
        seller_claim, refund, return_accounts = None, None, None
        sentences = _uncertain_sentences(f, unpaid)
    return {
        "price": f.price, "paid": f.paid, "unpaid": unpaid,
        "seller_can_claim_unpaid": seller_claim,
        "buyer_can_claim_refund": refund,
        "must_return_accounts": return_accounts,
        "sentences": sentences,
    }
