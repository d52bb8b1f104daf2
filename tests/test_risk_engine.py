"""End-to-end behaviour of assess(): contract, 157 consequences, 287-2, administrative,
platform, civil, overall, changes, assumptions, advice and case injection."""
from dataclasses import dataclass, field

import pytest

from actions.risk import FactsError, assess

from tests.fixtures import JIANGYIN_FACTS as JIANGYIN
# A plain game account sold once to a known person: no third-party information.
PLAIN_GAME = {"role": "seller", "platform": "game", "account_kind": "personal", "account_count": 1,
              "third_party_pi": False, "buyer_known": True, "buyer_purpose": "unknown",
              "price": 3000, "paid": 1000, "status": "signed"}
# A 公众号 moved through the platform's route with the followers' consent.
OFFICIAL = {"role": "seller", "platform": "wechat_official", "account_kind": "business",
            "account_count": 1, "third_party_pi": True, "consent": True, "official_route": True,
            "announce_change": True, "buyer_known": True, "buyer_purpose": "same_business",
            "price": 20000, "status": "planned"}


def dim(result, name):
    return result["dimensions"][name]


def cites(reasons):
    return {c for r in reasons for c in r["citations"]}


# --- the Jiangyin case -------------------------------------------------------------------

def test_jiangyin_contract_void_with_its_reasons():
    result = assess(JIANGYIN)
    contract = dim(result, "contract")
    assert contract["level"] == "void" and contract["label"] == "合同无效"
    assert {"civil_code:153", "civil_code:1038"} <= cites(contract["reasons"])
    assert "anti_fraud:31" in cites(contract["reasons"])


def test_jiangyin_157_consequences():
    c = dim(assess(JIANGYIN), "contract")["consequences"]
    assert (c["price"], c["paid"], c["unpaid"]) == (500000, 300000, 200000)
    assert c["seller_can_claim_unpaid"] is False
    assert c["buyer_can_claim_refund"] is True and c["must_return_accounts"] is True
    texts = " ".join(s["text"] for s in c["sentences"])
    assert "余款20万元无法通过诉讼主张" in texts and "已付30万元" in texts
    assert all("civil_code:157" in s["citations"] for s in c["sentences"])


def test_jiangyin_overall_and_headline():
    result = assess(JIANGYIN)
    assert result["overall"] == "high"
    assert result["headline"].startswith("总体属于高风险") and result["headline"].endswith("。")
    assert "情节特别严重" in result["headline"]


def test_jiangyin_changes_name_consent_and_deletion():
    changes = {c["scenario"]: c for c in assess(JIANGYIN)["changes"]}
    c = changes["consent_and_delete"]
    assert c["levels"]["criminal_pi"] == {"from": "especially_serious_possible", "to": "none"}
    assert c["levels"]["contract"]["from"] == "void"
    assert c["text"].startswith("如果逐一告知好友") and "pipl:23" in c["citations"]


def test_jiangyin_dispute_advice_for_seller():
    advice = assess(JIANGYIN)["advice"]
    assert "余款20万元难以通过诉讼要回" in advice[0]["text"]
    assert "律师" in advice[-1]["text"]
    assert any("criminal_law:264" in a["citations"] for a in advice)  # do not reclaim by appeal


# --- contract validity ---------------------------------------------------------------------

@pytest.mark.parametrize("facts, level", [
    (JIANGYIN, "void"),
    ({**PLAIN_GAME, "buyer_purpose": "suspicious"}, "void"),
    (PLAIN_GAME, "likely_valid"),
    ({**PLAIN_GAME, "buyer_known": False}, "uncertain"),
    ({**PLAIN_GAME, "role": "intermediary"}, "likely_void"),        # game studio / reseller
    ({**PLAIN_GAME, "platform": "taobao_shop"}, "likely_void"),     # no platform consent
    ({**PLAIN_GAME, "platform": "taobao_shop", "official_route": True}, "likely_valid"),
    ({**PLAIN_GAME, "platform": "wechat", "real_name": True, "announce_change": False}, "likely_void"),
    ({**PLAIN_GAME, "platform": "wechat", "real_name": True, "announce_change": True}, "likely_valid"),
    (OFFICIAL, "likely_valid"),
    ({**OFFICIAL, "consent": False, "announce_change": False}, "uncertain"),
    ({**OFFICIAL, "official_route": False, "consent": False}, "void"),
])
def test_contract_levels(facts, level):
    assert dim(assess(facts), "contract")["level"] == level


def test_likely_valid_game_account_says_courts_split_and_platform_may_reclaim():
    contract = dim(assess(PLAIN_GAME), "contract")
    text = contract["reasons"][0]["text"]
    assert "不统一" in text and "平台" in text
    assert {"contract_interp_2023:19", "contract_interp_2023:16"} <= cites(contract["reasons"])
    c = contract["consequences"]
    assert c["unpaid"] == 2000 and c["seller_can_claim_unpaid"] is True
    assert c["buyer_can_claim_refund"] is False


def test_uncertain_consequences_are_left_open():
    c = dim(assess({**PLAIN_GAME, "buyer_known": False}), "contract")["consequences"]
    assert c["seller_can_claim_unpaid"] is None and c["buyer_can_claim_refund"] is None
    assert "余款2000元" in c["sentences"][0]["text"]


def test_void_nothing_paid_nothing_delivered():
    c = dim(assess({**JIANGYIN, "paid": 0, "status": "planned"}), "contract")["consequences"]
    assert c["unpaid"] == 500000 and c["buyer_can_claim_refund"] is False
    assert c["must_return_accounts"] is False


def test_void_planned_deal_speaks_of_the_agreed_price_not_of_a_refund():
    c = dim(assess({**JIANGYIN, "paid": None, "status": "planned", "price": 150000}), "contract")["consequences"]
    first = c["sentences"][0]
    assert "还没进行" in first["text"] and "15万元" in first["text"]
    assert {"civil_code:153", "civil_code:157"} <= set(first["citations"])
    assert not any("已付" in sentence["text"] for sentence in c["sentences"])


def test_paid_above_price_is_noted_not_rejected():
    result = assess({**JIANGYIN, "price": 100000, "paid": 300000})
    assert dim(result, "contract")["consequences"]["unpaid"] == 0
    assert any(a["fact"] == "paid" and "高于约定价款" in a["text"] for a in result["assumptions"])


# --- 287-2 -----------------------------------------------------------------------------------

@pytest.mark.parametrize("changes, level", [
    ({"buyer_purpose": "suspicious"}, "high"),
    ({"buyer_known": False, "account_count": 3}, "possible"),
    ({"buyer_known": False, "account_count": 2}, "low"),
    ({"role": "intermediary", "buyer_known": True, "buyer_purpose": "same_business"}, "possible"),
    ({"buyer_known": True, "buyer_purpose": "same_business", "account_count": 1}, "none"),
    ({"buyer_known": True, "official_route": True, "account_count": 5, "buyer_purpose": "unknown"}, "none"),
    ({"role": "buyer", "buyer_purpose": "suspicious"}, "high"),
    ({"role": "buyer", "buyer_purpose": "same_business"}, "none"),
])
def test_criminal_help_levels(changes, level):
    facts = {"role": "seller", "platform": "wechat", "third_party_pi": False, **changes}
    assert dim(assess(facts), "criminal_help")["level"] == level


def test_criminal_help_bulk_unknown_buyer_cites_art_11_12_and_2025_opinion():
    facts = {"role": "seller", "platform": "wechat", "buyer_known": False, "account_count": 20,
             "paid": 10000}
    help_dim = dim(assess(facts), "criminal_help")
    ids = cites(help_dim["reasons"])
    assert {"criminal_law:287-2", "help_interp_2019:11", "help_interp_2019:12"} <= ids
    assert any("2025年两高一部" in r["text"] and "从严" in r["text"] for r in help_dim["reasons"])



@pytest.mark.parametrize("purpose, says", [
    ("same_business", "用途也说得清"),
    ("unknown", "用途不清楚"),
])
def test_criminal_help_reason_matches_the_buyers_purpose(purpose, says):
    facts = {"role": "seller", "platform": "wechat", "third_party_pi": False, "buyer_known": True,
             "account_count": 3, "buyer_purpose": purpose}
    help_dim = dim(assess(facts), "criminal_help")
    assert help_dim["level"] == "low"
    assert says in help_dim["reasons"][0]["text"]

# --- administrative, platform, civil ----------------------------------------------------------

def test_administrative_anti_fraud_outside_official_route():
    adm = dim(assess(PLAIN_GAME), "administrative")
    assert adm["level"] == "possible"
    assert {"anti_fraud:31", "anti_fraud:44"} <= cites(adm["reasons"])
    assert "20万元以下罚款" in adm["reasons"][0]["text"]
    bulk = dim(assess({**PLAIN_GAME, "account_count": 3}), "administrative")
    assert bulk["level"] == "high"


def test_administrative_fine_uses_the_gains():
    adm = dim(assess(JIANGYIN), "administrative")
    assert "30万元至300万元" in adm["reasons"][0]["text"]
    assert {"pipl:66", "pipl:72"} <= cites(adm["reasons"])


def test_official_route_lowers_administrative_and_platform():
    result = assess(OFFICIAL)
    assert dim(result, "administrative")["level"] == "low"
    assert dim(result, "platform")["level"] == "low"
    assert dim(result, "civil")["level"] == "low"
    assert result["overall"] == "low"


def test_platform_real_name_risk():
    platform = dim(assess({**PLAIN_GAME, "real_name": True}), "platform")
    assert platform["level"] == "high"
    assert any("申诉找回" in r["text"] for r in platform["reasons"])


@pytest.mark.parametrize("changes, level", [
    ({}, "high"),
    ({"consent": True}, "low"),
    ({"deidentified": True}, "none"),
    ({"third_party_pi": False, "pi_kinds": None, "pi_count": None}, "none"),
])
def test_civil_levels(changes, level):
    civil = dim(assess({**JIANGYIN, **changes}), "civil")
    assert civil["level"] == level
    if level == "high":
        assert {"civil_code:1034", "pipl:69"} <= cites(civil["reasons"])


# --- overall, assumptions, advice ---------------------------------------------------------

def test_overall_medium_for_plain_game_account():
    assert assess(PLAIN_GAME)["overall"] == "medium"


def test_unknown_consent_is_assumed_absent_with_if_different():
    result = assess({"role": "seller", "platform": "wechat", "third_party_pi": True})
    consent = [a for a in result["assumptions"] if a["fact"] == "consent"]
    assert consent and consent[0]["assumed"] is False
    assert consent[0]["if_different"].startswith("如果") and "可降至" in consent[0]["if_different"]
    assert {"fact", "assumed", "text", "if_different"} == set(consent[0])


def test_known_facts_are_not_listed_as_assumptions():
    facts = {**JIANGYIN, "buyer_known": True, "deidentified": False, "official_route": False,
             "prior_penalty": False}
    assert assess(facts)["assumptions"] == []


def test_unknown_counts_explain_the_lines():
    result = assess({"role": "seller", "platform": "wechat", "third_party_pi": True,
                     "obtained_in_service": False})
    facts = {a["fact"]: a for a in result["assumptions"]}
    assert "5000条" in facts["pi_count"]["if_different"]
    assert "5000元" in facts["price"]["if_different"]


@pytest.mark.parametrize("role, status, expected", [
    ("seller", "planned", "先不要签约"),
    ("seller", "signed", "先不要交付"),
    ("seller", "performed", "停止继续配合"),
    ("buyer", "planned", "先不要购买"),
    ("buyer", "signed", "暂停付款"),
    ("buyer", "performed", "停止使用账号中的好友"),
    ("intermediary", "performed", "立即停止收购"),
])
def test_advice_by_role_and_status(role, status, expected):
    advice = assess({**JIANGYIN, "role": role, "status": status})["advice"]
    assert expected in advice[0]["text"]
    assert "律师" in advice[-1]["text"]


def test_buyer_dispute_advice_refund_and_return():
    advice = assess({**JIANGYIN, "role": "buyer"})["advice"]
    text = " ".join(a["text"] for a in advice)
    assert "返还已付的30万元" in text and "账号退回" in text


def test_personal_wechat_has_no_official_route_advice():
    advice = assess({**JIANGYIN, "status": "planned"})["advice"]
    assert "没有官方转让途径" in advice[0]["text"]
    changes = {c["scenario"] for c in assess(JIANGYIN)["changes"]}
    assert "official_route" not in changes


def test_disclaimer():
    assert "不构成法律意见" in assess({})["disclaimer"]


# --- cases --------------------------------------------------------------------------------

@dataclass
class Match:
    case_id: str
    score: float
    reasons: list = field(default_factory=list)


def test_cases_empty_without_lookup():
    result = assess(JIANGYIN)
    assert result["cases"] == [] and result["case_matches"] == []


def test_cases_from_injected_lookup_objects_and_dicts():
    seen = {}

    def lookup(facts):
        seen.update(facts)
        return [Match("jiangyin_wechat_2020", 17.2, ["同为微信账号"]),
                {"id": "nanhu_huang", "score": 9.8, "reasons": ["账号里都有他人的个人信息"]},
                Match("jiangyin_wechat_2020", 1.0)]

    result = assess(JIANGYIN, similar_cases=lookup)
    assert result["cases"] == ["jiangyin_wechat_2020", "nanhu_huang"]
    assert result["case_matches"][0] == {"id": "jiangyin_wechat_2020", "score": 17.2,
                                         "reasons": ["同为微信账号"]}
    assert sorted(seen["pi_kinds"]) == ["health", "identity"] and "prior_penalty" not in seen


def test_assess_validates_raw_input():
    with pytest.raises(FactsError):
        assess({"role": "king"})


# --- wording guards -------------------------------------------------------------------------

def test_intermediary_bulk_trade_contract_and_no_contradiction():
    facts = {"role": "intermediary", "platform": "wechat", "account_count": 300, "real_name": True,
             "third_party_pi": False, "paid": 60000, "status": "performed"}
    result = assess(facts)
    assert dim(result, "contract")["level"] == "likely_void"
    assert "contract_interp_2023:17" in cites(dim(result, "contract")["reasons"])
    texts = [r["text"] for r in dim(result, "criminal_pi")["reasons"]]
    assert not any("主要风险来源不存在" in t for t in texts)
    assert any("实名账号本身" in t for t in texts)


def test_buyer_payment_is_not_counted_as_gains():
    facts = {"role": "buyer", "platform": "wechat", "buyer_purpose": "resale", "account_count": 50,
             "third_party_pi": False, "paid": 20000}
    result = assess(facts)
    assert not any("您的价款" in r["text"] for r in dim(result, "criminal_help")["reasons"])
    assert "没有违法所得或不足2万元" in dim(result, "administrative")["reasons"][0]["text"]


def test_consent_is_not_an_assumption_without_third_party_information():
    result = assess({"role": "seller", "platform": "wechat", "third_party_pi": False})
    assert not {"consent", "deidentified", "obtained_in_service"} & {a["fact"] for a in result["assumptions"]}


def test_halving_assumption_is_listed_even_without_a_level_change():
    facts = {**JIANGYIN, "obtained_in_service": None, "pi_count": 60000}
    assumed = {a["fact"]: a for a in assess(facts)["assumptions"]}
    assert assumed["obtained_in_service"]["assumed"] is True
    assert "不再减半" in assumed["obtained_in_service"]["if_different"]


def test_total_only_with_article_6_does_not_claim_a_tier():
    facts = {"role": "buyer", "third_party_pi": True, "consent": False, "buyer_purpose": "same_business",
             "pi_kinds": ["identity", "health"], "pi_count": 22500}
    reasons = [r["text"] for r in dim(assess(facts), "criminal_pi")["reasons"]]
    assert any("其中一般信息按第六条判断" in t for t in reasons)
    assert not any("按第五项（敏感度最低的一类）计算" in t for t in reasons)


def test_wang_tencent_sentence_only_for_wechat_like_platforms():
    base = {"role": "seller", "third_party_pi": True, "consent": False}
    wechat = [r["text"] for r in dim(assess({**base, "platform": "wechat"}), "civil")["reasons"]]
    shop = [r["text"] for r in dim(assess({**base, "platform": "taobao_shop"}), "civil")["reasons"]]
    assert any("王某诉腾讯" in t for t in wechat) and not any("王某诉腾讯" in t for t in shop)
