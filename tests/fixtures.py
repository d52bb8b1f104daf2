"""Facts shared by several test modules."""

# The Jiangyin case (程某 v 赵某, seeds 000/001) as risk-engine facts.
JIANGYIN_FACTS = {
    "role": "seller", "platform": "wechat", "account_kind": "personal", "account_count": 9,
    "real_name": True, "third_party_pi": True, "pi_kinds": ["identity", "health"],
    "pi_count": 22500, "obtained_in_service": True, "consent": False,
    "buyer_purpose": "same_business", "price": 500000, "paid": 300000,
    "announce_change": False, "status": "dispute",
}

# The same facts as the slots of a finished interview ("unknown" where the user said 不清楚).
JIANGYIN_SLOTS = {**JIANGYIN_FACTS, "deidentified": "unknown", "buyer_known": True, "prior_penalty": False}
