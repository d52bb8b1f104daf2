"""Benchmark: one assessment plus its similar-case query, over generated fact sets, against
a temporary database padded with generated cases (clearly synthetic, never mixed into the
real data). Writes p50/p95 to bench/results/kb_bench.{json,md}.

    .venv/bin/python -m bench.kb_bench [--facts 10000] [--cases 10000]
"""
from __future__ import annotations

import argparse
import json
import platform
import random
import statistics
import tempfile
import time
from pathlib import Path

from actions.kb import build, query
from actions.kb.db import session
from actions.kb.sources import load_sources
from actions.risk import assess, validate_facts
from actions.risk import vocab

RESULTS = Path(__file__).resolve().parent / "results"
GOAL_P95_MS = 5.0
BOOLS = ("real_name", "third_party_pi", "obtained_in_service", "consent", "deidentified",
         "buyer_known", "announce_change", "official_route", "prior_penalty")


def random_facts(rng: random.Random) -> dict:
    """A plausible fact set: each key known with probability 0.7."""
    candidates = {
        "role": rng.choice(sorted(vocab.ROLES)),
        "platform": rng.choice(sorted(vocab.PLATFORMS)),
        "account_kind": rng.choice(sorted(vocab.ACCOUNT_KINDS)),
        "account_count": rng.choice([1, 2, 3, 9, 20, 150]),
        "pi_kinds": rng.sample(sorted(vocab.PI_KINDS), rng.randint(1, 3)),
        "pi_count": rng.choice([30, 400, 2500, 22500, 300000]),
        "buyer_purpose": rng.choice(sorted(vocab.BUYER_PURPOSES)),
        "price": rng.choice([200, 5000, 80000, 500000]),
        "paid": rng.choice([0, 2000, 300000]),
        "status": rng.choice(sorted(vocab.STATUSES)),
        **{key: rng.random() < 0.5 for key in BOOLS},
    }
    return {key: value for key, value in candidates.items() if rng.random() < 0.7}


def synthetic_case(index: int, rng: random.Random) -> dict:
    profile = random_facts(rng)
    profile.pop("account_kind", None)
    return {
        "id": f"synthetic_{index:05d}", "title": f"合成案例{index}（基准测试用，非真实案例）",
        "kind": "civil", "parties": [], "platform": profile.get("platform"), "topics": [],
        "profile": profile, "facts": "基准测试用的合成数据。", "holding": "基准测试用的合成数据。",
        "outcome": {"summary": "合成数据"}, "articles": [], "sources": [{"ref": "bench", "kind": "synthetic"}],
        "reliability": "repost",
    }


def padded_database(path: Path, cases: int, rng: random.Random) -> str:
    url = f"sqlite:///{path}"
    build.write_database(load_sources(), url)
    with session(url) as db, db.begin():
        db.add_all(build.case_row(synthetic_case(i, rng), synthetic=True) for i in range(cases))
    return url


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(share * (len(ordered) - 1))))]


def run(fact_sets: int, cases: int, seed: int = 7) -> dict:
    rng = random.Random(seed)
    with tempfile.TemporaryDirectory() as folder:
        url = padded_database(Path(folder) / "bench.db", cases, rng)
        started = time.perf_counter()
        kb = query.knowledge_base(url)
        load_seconds = time.perf_counter() - started
        finder = lambda facts: query.similar_cases(facts, url=url)  # noqa: E731
        inputs = [random_facts(rng) for _ in range(fact_sets)]
        for facts in inputs[:50]:  # warm-up
            assess(validate_facts(facts), similar_cases=finder)
        timings = []
        for facts in inputs:
            start = time.perf_counter()
            assessment = assess(validate_facts(facts), similar_cases=finder)
            timings.append((time.perf_counter() - start) * 1000)
            assert assessment["overall"] in ("high", "medium", "low")
        total_cases = len(kb.cases)
        query.reload()
    return {
        "fact_sets": fact_sets, "synthetic_cases": cases, "cases_in_database": total_cases,
        "index_load_seconds": round(load_seconds, 2),
        "p50_ms": round(statistics.median(timings), 3), "p95_ms": round(percentile(timings, 0.95), 3),
        "max_ms": round(max(timings), 3), "goal_p95_ms": GOAL_P95_MS,
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
    }


def write(result: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "kb_bench.json").write_text(json.dumps(result, indent=2))
    verdict = "met" if result["p95_ms"] <= GOAL_P95_MS else "NOT met"
    (RESULTS / "kb_bench.md").write_text(
        "# Assessment + similar-case query benchmark\n\n"
        f"{result['fact_sets']} generated fact sets; database of {result['cases_in_database']} cases "
        f"({result['synthetic_cases']} synthetic padding cases in a temporary database).\n\n"
        "| p50 | p95 | max | goal (p95) |\n|---|---|---|---|\n"
        f"| {result['p50_ms']} ms | {result['p95_ms']} ms | {result['max_ms']} ms | ≤ {GOAL_P95_MS} ms ({verdict}) |\n\n"
        f"Index load: {result['index_load_seconds']} s. Machine: {result['machine']}.\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--facts", type=int, default=10000)
    parser.add_argument("--cases", type=int, default=10000)
    args = parser.parse_args()
    result = run(args.facts, args.cases)
    write(result)
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
