"""The report benchmark script runs (a few reports; its timings are not asserted here)."""
from bench import report_bench


def test_benchmark_runs_and_reports_its_figures(monkeypatch):
    monkeypatch.delenv("LEGAL_DB_URL", raising=False)
    result = report_bench.run(reports=3)
    assert result["reports"] == 3 and sum(result["pages"].values()) == 3
    assert 0 < result["wall_p50_ms"] <= result["wall_p95_ms"] <= result["wall_max_ms"]
    assert 0 < result["cpu_p50_ms"] <= result["cpu_p95_ms"]
    assert set(result["pages"]) <= {"1", "2", "3"}
    assert result["goal_p95_ms"] == 500.0
