"""Contract validity (FRAMEWORK.md §2.1) and the Civil Code 157 consequences.

Order of the rules (first match decides the level; later findings add reasons):
1. buyer purpose suspicious -> void (153: mandatory rules and public order);
2. third-party information handed over without consent or de-identification, outside an
   official route -> void (153(1) via 111/1038, PIPL 10/23; the Jiangyin case);
3. the same through an official route but with the friends neither told nor asked -> uncertain;
4. official route otherwise -> likely valid;
5. an intermediary, or a bulk reseller -> likely void (public order; the game-studio case);
6. Taobao shop moved without the platform's consent -> likely void (no effect against the
   platform; 上海一中院 李磊 case, while the 静安 cases upheld consented transfers);
7. game account bought for resale or in bulk -> likely void (anti-addiction, minors);
8. real-name personal social account run under the seller's identity without telling the
   friends -> likely void (Jiangyin reasoning);
9. otherwise: known buyer, single sale, benign purpose -> likely valid between the parties;
   else uncertain (contract interpretation 2023 arts. 16, 17, 19; courts split).
"""
from __future__ import annotations

from typing import Dict, List

from . import vocab
from .citations import reason
from .facts import Facts
from .consequences import consequences


def _deceives_friends(f: Facts) -> bool:
    """Real-name personal social account used under the seller's identity, friends not told."""
    told = f.announce_change or (f.third_party_pi and f.consent)
    return (bool(f.real_name) and f.account_kind == "personal" and f.platform in vocab.SOCIAL_PLATFORMS
            and not told)


def _pi_unprotected(f: Facts) -> bool:
    return bool(f.third_party_pi) and not f.consent and not f.deidentified


def _level_and_reasons(f: Facts):
    bulk = (f.account_count or 1) >= vocab.BULK_ACCOUNTS
    reasons: List[dict] = []
    if f.buyer_purpose == "suspicious":
        reasons.append(reason(
            "买方要把账号用于诈骗、赌博、引流等违法活动，合同违反法律的强制性规定和公序良俗，应属无效。",
            "civil_code:153", "anti_fraud:31"))
        level = "void"
    elif _pi_unprotected(f) and not f.official_route:
        reasons.append(reason(
            "账号中的好友、客户信息未经本人单独同意就随账号转让，违反民法典第一百一十一条、第一千零三十八条和个人信息保护法第十条、第二十三条，"
            "合同因违反强制性规定而无效（江阴法院在类似的微信号转让案中即如此认定）。",
            "civil_code:153", "civil_code:111", "civil_code:1038", "pipl:10", "pipl:23"))
        level = "void"
    elif _pi_unprotected(f) and not f.announce_change:
        reasons.append(reason(
            "虽然走平台官方变更途径，但好友/客户既未被告知也未同意，其个人信息随之转移，效力仍有争议。",
            "civil_code:153", "pipl:23"))
        level = "uncertain"
    elif f.official_route:
        reasons.append(reason(
            "通过平台提供的官方途径办理，并已告知或取得好友/客户同意，一般认为合法有效。",
            "civil_code:143", "contract_interp_2023:19"))
        level = "likely_valid"
    elif f.role == "intermediary" or (f.buyer_purpose == "resale" and bulk):
        game = "（游戏工作室批量收购游戏账号的案件即被认定无效）" if f.platform == "game" else ""
        reasons.append(reason(
            f"批量收购、转卖他人账号会绕开平台的实名管理，账号容易流入违法犯罪，法院倾向于认定违背公序良俗而无效{game}。",
            "civil_code:153", "contract_interp_2023:17"))
        level = "likely_void"
    elif f.platform == "taobao_shop":
        reasons.append(reason(
            "淘宝店铺转让实际上是转移卖家与平台之间的整个合同地位，未经平台同意的，对平台不发生效力，"
            "法院曾据此认定私下转让不生效；经平台同意的转让则被认可。", "civil_code:153", "civil_code:465"))
        level = "likely_void"
    elif f.platform == "game" and (f.buyer_purpose == "resale" or bulk):
        reasons.append(reason(
            "游戏工作室或倒卖者批量收购游戏账号，会绕开实名和防沉迷管理，已有法院据此认定合同违背公序良俗而无效。",
            "civil_code:153", "contract_interp_2023:17"))
        level = "likely_void"
    elif _deceives_friends(f):
        if f.third_party_pi:
            why = "实名个人账号转让后由买方以原主人身份继续发布内容、不告知好友，江阴法院认为这欺骗了好友、损害其信赖，自由买卖个人账号也有损公共利益"
        else:
            why = "实名个人账号转让后由买方以原主人的身份使用，江阴法院认为自由买卖实名个人账号有损公共利益（容易被用于诈骗、难以追查）"
        reasons.append(reason(f"{why}，合同很可能被认定无效。", "civil_code:153", "contract_interp_2023:17"))
        level = "likely_void"
    elif f.buyer_known and not bulk and f.buyer_purpose != "resale":
        reasons.append(reason(
            "账号不含他人信息、没有欺骗好友、买方明确，平台条款禁止转让只约束用户与平台，"
            "不因出让人没有处分权而当然无效，双方之间很可能有效；但各地法院认识并不统一，平台仍可能封号或收回账号。",
            "contract_interp_2023:19", "contract_interp_2023:16", "civil_code:465"))
        level = "likely_valid"
    else:
        reasons.append(reason(
            "法院对账号买卖合同的效力存在分歧：有的按普通虚拟财产买卖认定有效，有的以违反强制性规定或公序良俗认定无效，"
            "会综合考虑交易目的、监管强度、交易频次和社会后果。",
            "contract_interp_2023:16", "contract_interp_2023:17", "contract_interp_2023:19"))
        level = "uncertain"
    if level in ("void", "likely_void", "uncertain") and not f.official_route:
        reasons.append(reason(
            "反电信网络诈骗法第三十一条禁止非法买卖、出租、出借互联网账号，在平台官方途径之外买卖账号正落在其文字范围内，"
            "进一步支持认定无效。", "anti_fraud:31", "civil_code:153"))
    if level == "void" and _deceives_friends(f) and f.buyer_purpose != "suspicious":
        reasons.append(reason(
            "买方以原主人身份继续经营、不告知好友，江阴法院认为这同时欺骗了好友、违背公序良俗。",
            "civil_code:153"))
    return level, reasons


def assess_contract(f: Facts) -> Dict[str, object]:
    level, reasons = _level_and_reasons(f)
    return {
        "level": level,
        "label": vocab.LEVEL_LABEL["contract"][level],
        "reasons": reasons,
        "consequences": consequences(f, level),
    }

