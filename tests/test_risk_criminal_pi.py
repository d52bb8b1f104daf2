"""Criminal Law 253-1 lines (2017 interpretation arts. 3-6): the computed items and levels."""
import pytest

from actions.risk import assess

from tests.fixtures import JIANGYIN_FACTS as JIANGYIN
# A seller handing over third-party information without consent; no money, no record.
BASE = {"role": "seller", "platform": "wechat", "third_party_pi": True, "consent": False,
        "deidentified": False, "obtained_in_service": False, "prior_penalty": False}


def pi(facts):
    return assess(facts)["dimensions"]["criminal_pi"]


def item(dim, label, basis=None):
    found = [e for e in dim["items"] if e["item"] == label and (basis is None or e["basis"] == basis)]
    assert len(found) == 1, (label, dim["items"])
    return found[0]


def test_jiangyin_items():
    dim = pi(JIANGYIN)
    other = item(dim, "5(1)(5)")
    assert other["count"] == 22500 and other["halved"] is True
    assert other["effective_threshold"] == 2500 and other["ratio"] == 9
    assert other["reached"] is True
    assert other["especially_serious_threshold"] == 25000
    assert other["especially_serious_reached"] is False
    health = item(dim, "5(1)(4)")
    assert health["count"] is None and health["effective_threshold"] == 250
    assert health["reached"] is None
    assert any("250条" in r["text"] for r in dim["reasons"])
    gains = item(dim, "5(1)(7)")
    assert gains["count"] == 300000 and gains["effective_threshold"] == 2500
    assert gains["reached"] is True and gains["especially_serious_reached"] is True
    assert dim["level"] == "especially_serious_possible"
    assert all(e["citation"] == "pi_interp_2017:5" for e in dim["items"])


def test_jiangyin_never_states_guilt():
    result = assess(JIANGYIN)
    texts = [r["text"] for r in result["dimensions"]["criminal_pi"]["reasons"]] + [result["headline"]]
    assert not any("构成侵犯公民个人信息罪" in t or "有罪" in t for t in texts)
    assert any("法院可能" in t or "可能有不同认定" in t for t in texts)


@pytest.mark.parametrize("kind, below, line, label", [
    ("whereabouts", 49, 50, "5(1)(3)"),
    ("property", 49, 50, "5(1)(3)"),
    ("health", 499, 500, "5(1)(4)"),
    ("transaction", 499, 500, "5(1)(4)"),
    ("identity", 4999, 5000, "5(1)(5)"),
    ("other", 4999, 5000, "5(1)(5)"),
])
def test_count_lines(kind, below, line, label):
    under = pi({**BASE, "pi_kinds": [kind], "pi_count": below})
    assert item(under, label)["reached"] is False and under["level"] == "low"
    at = pi({**BASE, "pi_kinds": [kind], "pi_count": line})
    assert item(at, label)["reached"] is True and at["level"] == "serious_possible"
    assert item(at, label)["ratio"] == 1


@pytest.mark.parametrize("kind, below, line", [
    ("whereabouts", 24, 25), ("health", 249, 250), ("contact", 2499, 2500),
])
def test_halved_lines_when_obtained_in_service(kind, below, line):
    facts = {**BASE, "obtained_in_service": True, "pi_kinds": [kind]}
    assert pi({**facts, "pi_count": below})["level"] == "low"
    dim = pi({**facts, "pi_count": line})
    assert dim["level"] == "serious_possible"
    assert dim["items"][0]["halved"] is True and dim["items"][0]["effective_threshold"] == line


@pytest.mark.parametrize("kind, below, line", [
    ("communication_content", 499, 500), ("accommodation", 4999, 5000), ("identity", 49999, 50000),
])
def test_ten_fold_lines(kind, below, line):
    dim = pi({**BASE, "pi_kinds": [kind], "pi_count": below})
    assert dim["level"] == "serious_possible"
    assert dim["items"][0]["especially_serious_reached"] is False
    dim = pi({**BASE, "pi_kinds": [kind], "pi_count": line})
    assert dim["level"] == "especially_serious_possible"
    assert dim["items"][0]["especially_serious_threshold"] == line


def test_ten_fold_line_halved():
    facts = {**BASE, "obtained_in_service": True, "pi_kinds": ["identity"]}
    assert pi({**facts, "pi_count": 24999})["level"] == "serious_possible"
    assert pi({**facts, "pi_count": 25000})["level"] == "especially_serious_possible"


def test_item_6_proportional_sum_just_below_and_at_one():
    below = pi({**BASE, "pi_counts": {"whereabouts": 25, "health": 249}})
    six = item(below, "5(1)(6)")
    assert six["reached"] is False and six["ratio"] < 1 and below["level"] == "low"
    at = pi({**BASE, "pi_counts": {"whereabouts": 25, "health": 250}})
    six = item(at, "5(1)(6)")
    assert six["reached"] is True and six["ratio"] == 1
    assert item(at, "5(1)(3)")["reached"] is False and item(at, "5(1)(4)")["reached"] is False
    assert at["level"] == "serious_possible"


def test_item_6_three_tiers_halved():
    # 10/25 + 100/250 + 500/2500 = 0.4 + 0.4 + 0.2 = 1
    facts = {**BASE, "obtained_in_service": True}
    dim = pi({**facts, "pi_counts": {"credit": 10, "accommodation": 100, "contact": 500}})
    assert item(dim, "5(1)(6)")["reached"] is True
    dim = pi({**facts, "pi_counts": {"credit": 10, "accommodation": 100, "contact": 499}})
    assert item(dim, "5(1)(6)")["reached"] is False


def test_item_6_ten_fold_by_proportion():
    dim = pi({**BASE, "pi_counts": {"whereabouts": 250, "health": 2500}})  # 5 + 5
    assert item(dim, "5(1)(6)")["especially_serious_reached"] is True
    assert dim["level"] == "especially_serious_possible"
    dim = pi({**BASE, "pi_counts": {"whereabouts": 250, "health": 2499}})
    assert dim["level"] == "serious_possible"


@pytest.mark.parametrize("halved, below, line", [(False, 4999, 5000), (True, 2499, 2500)])
def test_illegal_gains_line(halved, below, line):
    facts = {**BASE, "obtained_in_service": halved, "pi_kinds": ["contact"], "pi_count": 1}
    dim = pi({**facts, "paid": below})
    assert item(dim, "5(1)(7)")["reached"] is False and dim["level"] == "low"
    dim = pi({**facts, "paid": line})
    assert item(dim, "5(1)(7)")["reached"] is True and dim["level"] == "serious_possible"


def test_illegal_gains_ten_fold():
    facts = {**BASE, "pi_kinds": ["contact"], "pi_count": 1}
    assert pi({**facts, "paid": 49999})["level"] == "serious_possible"
    assert pi({**facts, "paid": 50000})["level"] == "especially_serious_possible"


def test_gains_from_price_is_an_assumption():
    result = assess({**BASE, "pi_kinds": ["contact"], "pi_count": 1, "price": 8000})
    gains = item(result["dimensions"]["criminal_pi"], "5(1)(7)")
    assert gains["count"] == 8000 and gains["reached"] is True
    assumed = [a for a in result["assumptions"] if a["fact"] == "paid"]
    assert assumed and assumed[0]["assumed"] == 8000 and "实际" in assumed[0]["if_different"]


def test_prior_penalty_item_9():
    facts = {**BASE, "pi_kinds": ["contact"], "pi_count": 1}
    assert pi(facts)["level"] == "low"
    dim = pi({**facts, "prior_penalty": True})
    assert item(dim, "5(1)(9)")["reached"] is True and dim["level"] == "serious_possible"


@pytest.mark.parametrize("exemption", [{"consent": True}, {"deidentified": True}])
def test_consent_or_deidentification_removes_the_offence(exemption):
    result = assess({**BASE, **exemption, "pi_kinds": ["health"], "pi_count": 100000, "paid": 10 ** 6})
    dim = result["dimensions"]["criminal_pi"]
    assert dim["level"] == "none" and dim["items"] == []
    cites = {c for r in dim["reasons"] for c in r["citations"]}
    assert {"pi_interp_2017:3", "civil_code:1038"} <= cites


def test_no_third_party_information_seller_of_own_account():
    dim = pi({"role": "seller", "platform": "wechat", "third_party_pi": False, "real_name": True})
    assert dim["level"] == "none"
    assert any("criminal_law:287-2" in r["citations"] for r in dim["reasons"])  # 上海高院 limit


def test_buyer_is_illegal_obtaining_without_halving():
    dim = pi({"role": "buyer", "third_party_pi": True, "consent": False, "obtained_in_service": True,
              "buyer_purpose": "marketing", "pi_kinds": ["contact"], "pi_count": 5000})
    assert item(dim, "5(1)(5)")["halved"] is False
    assert dim["level"] == "serious_possible"
    assert any("pi_interp_2017:4" in r["citations"] for r in dim["reasons"])


def test_buyer_for_same_business_uses_article_6_for_ordinary_information():
    dim = pi({"role": "buyer", "third_party_pi": True, "consent": False,
              "buyer_purpose": "same_business", "pi_kinds": ["identity"], "pi_count": 100000})
    art6 = item(dim, "6(1)(1)")
    assert art6["citation"] == "pi_interp_2017:6" and art6["threshold"] == 50000
    assert art6["reached"] is None
    assert dim["level"] == "low"
    assert not [e for e in dim["items"] if e["item"] == "5(1)(5)"]


def test_article_6_does_not_cover_health_records():
    dim = pi({"role": "buyer", "third_party_pi": True, "consent": False,
              "buyer_purpose": "same_business", "pi_counts": {"health": 500, "identity": 100000}})
    assert item(dim, "5(1)(4)")["reached"] is True
    assert dim["level"] == "serious_possible"


def test_intermediary_trading_real_name_accounts():
    facts = {"role": "intermediary", "platform": "wechat", "real_name": True, "third_party_pi": False}
    dim = pi({**facts, "account_count": 4999})
    accounts = item(dim, "5(1)(5)", basis="accounts")
    assert accounts["count"] == 4999 and accounts["reached"] is False
    assert pi({**facts, "account_count": 5000})["level"] == "serious_possible"
    assert pi({**facts, "account_count": 10, "paid": 5000})["level"] == "serious_possible"


def test_intermediary_with_friend_data_counts_once():
    dim = pi({"role": "intermediary", "third_party_pi": True, "consent": False, "real_name": False,
              "pi_kinds": ["contact"], "pi_count": 5000, "obtained_in_service": True})
    assert item(dim, "5(1)(5)")["halved"] is False  # item (8) is the service provider's line
    assert any("不重复计算" in r["text"] and "pi_interp_2017:11" in r["citations"] for r in dim["reasons"])
    assert dim["level"] == "serious_possible"
