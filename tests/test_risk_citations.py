"""Every citation id the risk engine can emit exists in knowledge/statutes/*.yml, and assess()
never raises and always returns well-formed, JSON-serialisable output on valid facts."""
import json
import random
from pathlib import Path

import pytest
import yaml

from actions.risk import assess, vocab
from actions.risk.citations import ENGINE_CITATIONS

STATUTES_DIR = Path(__file__).resolve().parents[1] / "knowledge" / "statutes"
SEED = 20240601
N_RANDOM = 3000


def stored_ids():
    files = sorted(STATUTES_DIR.glob("*.yml"))
    if not files:
        pytest.fail(f"no statute files in {STATUTES_DIR}: the citation set cannot be checked "
                    "(knowledge/statutes/*.yml must exist)")
    ids = set()
    for path in files:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        ids.update(f"{data['law']}:{a['article']}" for a in data["articles"])
    return ids


VALUES = {
    "role": list(vocab.ROLES),
    "platform": list(vocab.PLATFORMS),
    "account_kind": list(vocab.ACCOUNT_KINDS),
    "account_count": [1, 2, 3, 9, 10, 4999, 5000, 100000],
    "real_name": [True, False],
    "third_party_pi": [True, False],
    "pi_kinds": [[k] for k in vocab.PI_KINDS] + [["identity", "health"], list(vocab.PI_KINDS), []],
    "pi_count": [0, 1, 24, 25, 49, 50, 499, 500, 2500, 4999, 5000, 22500, 50000, 10 ** 9],
    "obtained_in_service": [True, False],
    "consent": [True, False],
    "deidentified": [True, False],
    "buyer_purpose": list(vocab.BUYER_PURPOSES),
    "buyer_known": [True, False],
    "price": [0, 1, 2499.5, 5000, 20000, 500000, 10 ** 10],
    "paid": [0, 2500, 4999, 300000, 10 ** 10],
    "announce_change": [True, False],
    "official_route": [True, False],
    "status": list(vocab.STATUSES),
    "prior_penalty": [True, False],
}


def random_facts(rng):
    facts = {}
    for key, values in VALUES.items():
        roll = rng.random()
        if roll < 0.3:
            continue            # absent
        if roll < 0.35:
            facts[key] = None   # explicit null
        else:
            facts[key] = rng.choice(values)
    if rng.random() < 0.2:
        kinds = rng.sample(list(vocab.PI_KINDS), rng.randint(1, 4))
        facts["pi_counts"] = {k: rng.choice([0, 10, 25, 250, 2500, 50000]) for k in kinds}
    return facts


def fact_grid():
    """Hand-picked corner cases plus a seeded random sample of the vocabulary."""
    rng = random.Random(SEED)
    grid = [{}] + [{key: value} for key, values in VALUES.items() for value in values]
    grid += [random_facts(rng) for _ in range(N_RANDOM)]
    return grid


def iter_reasons(result):
    for d in result["dimensions"].values():
        for r in d["reasons"]:
            yield "dimension", r
    for r in result["dimensions"]["contract"]["consequences"]["sentences"]:
        yield "consequence", r
    for r in result["changes"]:
        yield "change", r
    for r in result["advice"]:
        yield "advice", r


LEVELS = {
    "contract": vocab.CONTRACT_LEVELS, "criminal_pi": vocab.PI_LEVELS,
    "criminal_help": vocab.FOUR_LEVELS, "administrative": vocab.FOUR_LEVELS,
    "platform": vocab.FOUR_LEVELS, "civil": vocab.FOUR_LEVELS,
}


def check_result(facts, result):
    json.dumps(result, ensure_ascii=False, allow_nan=False)
    assert result["overall"] in vocab.OVERALL_LEVELS
    assert result["headline"].startswith("总体属于") and result["headline"].endswith("。")
    assert set(result["dimensions"]) == set(LEVELS)
    for name, d in result["dimensions"].items():
        assert d["level"] in LEVELS[name], (facts, name, d["level"])
        assert d["label"] and d["reasons"], (facts, name)
    used = set()
    for kind, r in iter_reasons(result):
        assert isinstance(r["text"], str) and r["text"].strip(), (facts, kind)
        assert r["text"].endswith("。"), (facts, r["text"])
        if kind != "advice":  # every legal statement carries at least one citation
            assert r["citations"], (facts, kind, r["text"])
        assert r["citations"] == sorted(set(r["citations"]))
        used.update(r["citations"])
    used.update(e["citation"] for e in result["dimensions"]["criminal_pi"]["items"])
    assert set(result["citations"]) == used
    assert result["citations"] == sorted(result["citations"])
    assert "律师" in result["advice"][-1]["text"]
    for a in result["assumptions"]:
        assert set(a) == {"fact", "assumed", "text", "if_different"}
        assert a["text"].strip() and a["if_different"].strip()
    return used


def test_engine_constant_is_in_the_stored_set():
    missing = sorted(ENGINE_CITATIONS - stored_ids())
    assert not missing, f"ids used by the engine but not stored in knowledge/statutes: {missing}"


def test_grid_never_raises_and_only_cites_stored_articles():
    stored = stored_ids()
    emitted = set()
    for facts in fact_grid():
        result = assess(facts)
        emitted |= check_result(facts, result)
    assert emitted <= ENGINE_CITATIONS, sorted(emitted - ENGINE_CITATIONS)
    assert emitted <= stored, sorted(emitted - stored)
    # The grid exercises every declared id, so the constant carries no stale entries.
    assert emitted == ENGINE_CITATIONS, sorted(ENGINE_CITATIONS - emitted)


def test_assess_is_deterministic():
    rng = random.Random(SEED + 1)
    for _ in range(50):
        facts = random_facts(rng)
        assert assess(facts) == assess(facts)
