"""Fact validation and normalisation (actions.risk.facts)."""
import math

import pytest

from actions.risk import Facts, FactsError, validate_facts


def test_empty_object_is_all_unknown():
    facts = validate_facts({})
    assert isinstance(facts, Facts)
    assert all(value is None for value in facts.to_dict().values())


def test_null_values_mean_unknown():
    assert validate_facts({"role": None, "pi_count": None}).role is None


def test_valid_values_are_kept_and_normalised():
    facts = validate_facts({
        "role": " Seller ", "platform": "WECHAT", "account_count": 9, "real_name": True,
        "pi_kinds": ["health", "identity", "health"], "pi_count": 22500,
        "price": 500000.0, "paid": 300000, "status": "dispute",
    })
    assert facts.role == "seller" and facts.platform == "wechat"
    assert facts.pi_kinds == ("health", "identity")  # deduplicated, vocabulary order
    assert facts.price == 500000 and isinstance(facts.price, int)
    assert facts.to_dict(known_only=True)["pi_kinds"] == ["health", "identity"]


def test_pi_counts_kinds_are_merged_into_pi_kinds():
    facts = validate_facts({"pi_kinds": ["identity"], "pi_counts": {"health": 10, "identity": 5}})
    assert facts.pi_kinds == ("health", "identity")
    assert facts.counts_by_kind() == {"health": 10, "identity": 5}


def test_validate_accepts_facts_instance():
    facts = validate_facts({"role": "buyer"})
    assert validate_facts(facts) is facts


@pytest.mark.parametrize("raw", [[], "seller", 3, None, [{"role": "seller"}]])
def test_non_object_input(raw):
    with pytest.raises(FactsError, match="JSON"):
        validate_facts(raw)


@pytest.mark.parametrize("raw, key", [
    ({"colour": "red"}, "colour"),
    ({"Role": "seller"}, "Role"),
    ({"account_count": True}, "account_count"),
    ({"account_count": "3"}, "account_count"),
    ({"account_count": 3.0}, "account_count"),
    ({"account_count": 0}, "account_count"),
    ({"account_count": 100001}, "account_count"),
    ({"pi_count": -1}, "pi_count"),
    ({"pi_count": 10 ** 9 + 1}, "pi_count"),
    ({"price": -1}, "price"),
    ({"price": 10 ** 10 + 1}, "price"),
    ({"price": math.nan}, "price"),
    ({"paid": math.inf}, "paid"),
    ({"paid": "300000"}, "paid"),
    ({"paid": False}, "paid"),
    ({"real_name": 1}, "real_name"),
    ({"consent": "yes"}, "consent"),
    ({"role": "seler"}, "role"),
    ({"role": 1}, "role"),
    ({"platform": "tiktok"}, "platform"),
    ({"status": "'; DROP TABLE articles;--"}, "status"),
    ({"buyer_purpose": "😀"}, "buyer_purpose"),
    ({"pi_kinds": "health"}, "pi_kinds"),
    ({"pi_kinds": ["dna"]}, "pi_kinds"),
    ({"pi_counts": {"dna": 1}}, "pi_counts"),
    ({"pi_counts": {"health": -5}}, "pi_counts.health"),
    ({"pi_counts": [1, 2]}, "pi_counts"),
])
def test_invalid_values_name_the_key_on_one_line(raw, key):
    with pytest.raises(FactsError) as info:
        validate_facts(raw)
    message = str(info.value)
    assert f'"{key}"' in message
    assert "\n" not in message
    assert "facts key" in message  # English part
    assert "事实字段" in message    # Chinese part


def test_boundaries_are_accepted():
    facts = validate_facts({"account_count": 100000, "pi_count": 10 ** 9, "price": 10 ** 10, "paid": 0})
    assert facts.account_count == 100000 and facts.paid == 0


def test_inconsistency_is_not_an_error():
    facts = validate_facts({"price": 100, "paid": 200, "third_party_pi": False, "pi_count": 10})
    assert facts.paid == 200
