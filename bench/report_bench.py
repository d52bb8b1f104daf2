"""Benchmark: consultation report generation (report model from the knowledge base + PDF
rendering), over the example fact sets and generated ones, against a temporary database
built from knowledge/. Not storage, not the network. Writes wall-clock and CPU p50/p95 to
bench/results/report_bench.{json,md}; the goal is p95 ≤ 500 ms wall clock.

    .venv/bin/python -m bench.report_bench [--reports 120]

Wall clock includes waiting for a CPU on a busy machine, so the load average before and
after the run is recorded too; CPU time (process_time) is the work itself.
"""
from __future__ import annotations

import argparse
import json
import os
import platform
import random
import statistics
import tempfile
import time
from collections import Counter
from pathlib import Path

from actions.kb import build, query
from actions.report import generate
from actions.report.fonts import cjk_font
from actions.risk import assess, validate_facts

from .kb_bench import percentile, random_facts

RESULTS = Path(__file__).resolve().parent / "results"
GOAL_P95_MS = 500.0
FIRM = {"name": "示例律师事务所", "phone": "400-000-0000", "email": "consult@example.com",
        "address": "示例地址", "hours": "周一至周五 9:00-18:00"}
EXAMPLES = [
    dict(role="seller", platform="wechat", account_kind="personal", account_count=9, real_name=True,
         third_party_pi=True, pi_kinds=["identity", "health"], pi_count=22500, obtained_in_service=True,
         consent=False, buyer_purpose="same_business", buyer_known=True, price=500000, paid=300000,
         announce_change=False, status="dispute", prior_penalty=False),
    dict(role="seller", platform="game", account_count=1, third_party_pi=False, price=800, status="planned"),
    dict(role="buyer", platform="douyin"),
    {},
    dict(role="seller", platform="wechat", account_count=30, buyer_purpose="suspicious", price=30000, paid=30000),
    dict(role="seller", platform="taobao_shop", official_route=True, third_party_pi=True, consent=True,
         deidentified=True, price=100000, status="signed"),
]
DESCRIPTION = "我有9个微信号想卖给做医美的老板，每个两三千好友，里面有客户病历。" * 4


def load() -> list[float]:
    try:
        return [round(value, 2) for value in os.getloadavg()]
    except OSError:
        return []


def run(reports: int, seed: int = 11) -> dict:
    rng = random.Random(seed)
    inputs = [EXAMPLES[i % len(EXAMPLES)] if i < 2 * len(EXAMPLES) else random_facts(rng)
              for i in range(reports)]
    previous = os.environ.get("LEGAL_DB_URL")
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        build.build(url)
        os.environ["LEGAL_DB_URL"] = url
        query.reload()
        try:
            started = time.perf_counter()
            cjk_font()
            font_seconds = time.perf_counter() - started
            finder = lambda facts: query.similar_cases(facts, limit=3)  # noqa: E731
            assessments = [assess(validate_facts(facts), similar_cases=finder) for facts in inputs]
            for facts, assessment in list(zip(inputs, assessments))[:3]:  # warm-up
                generate(assessment, facts, FIRM, description=DESCRIPTION)
            load_before = load()
            wall, cpu, pages, scales, builds, sizes = [], [], Counter(), Counter(), Counter(), []
            for facts, assessment in zip(inputs, assessments):
                start, start_cpu = time.perf_counter(), time.process_time()
                generated = generate(assessment, facts, FIRM, description=DESCRIPTION,
                                     notes=["好友/客户人数按9个号×每个约2,500人估算"])
                wall.append((time.perf_counter() - start) * 1000)
                cpu.append((time.process_time() - start_cpu) * 1000)
                assert generated.pdf.startswith(b"%PDF") and 1 <= generated.pages <= 3
                pages[generated.pages] += 1
                scales[str(generated.scale)] += 1
                builds[generated.builds] += 1
                sizes.append(len(generated.pdf))
            load_after = load()
        finally:
            if previous is None:
                os.environ.pop("LEGAL_DB_URL", None)
            else:
                os.environ["LEGAL_DB_URL"] = previous
            query.reload()
    return {
        "reports": reports, "example_fact_sets": len(EXAMPLES),
        "wall_p50_ms": round(statistics.median(wall), 1), "wall_p95_ms": round(percentile(wall, 0.95), 1),
        "wall_max_ms": round(max(wall), 1),
        "cpu_p50_ms": round(statistics.median(cpu), 1), "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
        "goal_p95_ms": GOAL_P95_MS, "goal_met": percentile(wall, 0.95) <= GOAL_P95_MS,
        "pages": {str(key): value for key, value in sorted(pages.items())},
        "font_scales": dict(sorted(scales.items(), reverse=True)),
        "layouts_built": {str(key): value for key, value in sorted(builds.items())},
        "pdf_kib_p50": round(statistics.median(sizes) / 1024, 1),
        "font_load_seconds": round(font_seconds, 2),
        "load_average_before": load_before, "load_average_after": load_after, "cpus": os.cpu_count(),
        "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
    }


def write(result: dict) -> None:
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "report_bench.json").write_text(json.dumps(result, indent=2, ensure_ascii=False))
    verdict = "met" if result["goal_met"] else "NOT met"
    (RESULTS / "report_bench.md").write_text(
        "# Consultation report benchmark\n\n"
        f"{result['reports']} reports (the {result['example_fact_sets']} example fact sets twice, then generated "
        "fact sets): report model from the knowledge base plus the PDF, per report.\n\n"
        "| | p50 | p95 | max | goal (p95) |\n|---|---|---|---|---|\n"
        f"| wall clock | {result['wall_p50_ms']} ms | {result['wall_p95_ms']} ms | {result['wall_max_ms']} ms "
        f"| ≤ {GOAL_P95_MS:g} ms ({verdict}) |\n"
        f"| CPU time | {result['cpu_p50_ms']} ms | {result['cpu_p95_ms']} ms | | |\n\n"
        f"Pages: {result['pages']}; font scales: {result['font_scales']}; layouts built per report: "
        f"{result['layouts_built']}; PDF size p50 {result['pdf_kib_p50']} KiB. Font load (once per process): "
        f"{result['font_load_seconds']} s.\n\n"
        f"Load average before/after: {result['load_average_before']} / {result['load_average_after']} "
        f"on {result['cpus']} CPUs. Machine: {result['machine']}.\n")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=120)
    args = parser.parse_args()
    result = run(args.reports)
    write(result)
    print(json.dumps(result, indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
