"""The knowledge-base benchmark runs, and its synthetic cases stay out of the real data."""
from sqlalchemy import func, select

from actions.kb import db
from actions.kb.models import Case
from bench import kb_bench


def test_benchmark_runs_on_a_temporary_padded_database(kb_url):
    result = kb_bench.run(fact_sets=40, cases=120)
    assert result["cases_in_database"] >= 120 + 30
    assert 0 < result["p50_ms"] <= result["p95_ms"] <= result["max_ms"]
    with db.session(kb_url) as s:
        synthetic = s.execute(select(func.count()).select_from(Case).where(Case.synthetic)).scalar_one()
    assert synthetic == 0


def test_generated_facts_are_valid_engine_input():
    import random

    from actions.risk import validate_facts

    rng = random.Random(1)
    for _ in range(200):
        validate_facts(kb_bench.random_facts(rng))
