"""The stack benchmark's pure helpers (bench/stack_bench.py): statistics, the simulated
user, the report. No timing is asserted here; the numbers are in bench/results.md."""
import pytest
import yaml

from bench import stack_bench
from bench.stack_bench import (EDIT_EVERY, EDIT_PRICE, FOLLOW_UPS, OPENER, PROBE, Consultation, asked_slot,
                               goals, growth, percentile, question_slots, render_markdown, summary)
from tests.stack import REPO
from tests.test_e2e_rest import JIANGYIN_ANSWERS


@pytest.fixture(scope="module")
def questions():
    return question_slots(yaml.safe_load((REPO / "actions" / "texts" / "interview.yml").read_text()))


def test_percentiles_interpolate_between_ranks():
    values = [5, 1, 4, 2, 3]
    assert percentile(values, 50) == 3 and percentile(values, 0) == 1 and percentile(values, 100) == 5
    assert percentile(values, 95) == pytest.approx(4.8)
    assert percentile([7], 95) == 7
    with pytest.raises(ValueError):
        percentile([], 50)


def test_summary_in_milliseconds():
    assert summary([0.010, 0.020, 0.030]) == {"n": 3, "p50_ms": 20.0, "p95_ms": 29.0, "max_ms": 30.0}
    assert summary([])["p95_ms"] is None


def test_every_wording_of_a_question_finds_its_slot(questions):
    texts = yaml.safe_load((REPO / "actions" / "texts" / "interview.yml").read_text())
    buyer_wording = texts["questions"]["consent"]["by_role"]["buyer"]
    assert questions[texts["questions"]["price"]["text"]] == "price"
    assert questions[buyer_wording] == "consent"
    assert questions[texts["explain"]["pi_count"]] == "pi_count"
    reply = [{"text": "好的，记下了。"}, {"text": buyer_wording, "buttons": [{"payload": "/affirm"}]}]
    assert asked_slot(reply, questions) == "consent"
    assert asked_slot([{"text": "【总体：🔴 高风险】"}], questions) is None


def test_a_consultation_answers_the_interview_then_follows_up(questions):
    texts = {slot: wording for wording, slot in questions.items()}
    user = Consultation(questions)
    assert user.next_message([]) == OPENER
    assert user.next_message([{"text": texts["role"]}]) == JIANGYIN_ANSWERS["role"]
    assert user.next_message([{"text": texts["price"]}]) == JIANGYIN_ANSWERS["price"]
    assert user.next_message([{"text": texts["price"]}]) == JIANGYIN_ANSWERS["price"]
    assert user.next_message([{"text": texts["price"]}]) == "/dont_know"  # a third try: skip it
    review = [{"text": "请核对一下", "buttons": [{"title": "✅", "payload": "/confirm_facts"}]}]
    assert user.next_message(review) == "/confirm_facts"
    follow_ups = [user.next_message([{"text": "【总体：🔴 高风险】"}]) for _ in range(EDIT_EVERY)]
    assert follow_ups[:-1] == [FOLLOW_UPS[n % len(FOLLOW_UPS)] for n in range(1, EDIT_EVERY)]
    assert follow_ups[-1] == EDIT_PRICE


def test_probes_come_at_their_turns_and_no_edit_just_before(questions):
    user = Consultation(questions, probes={1: PROBE, 9: PROBE})
    said = [user.next_message([{"text": "好的"}]) for _ in range(10)]
    assert said[0] == PROBE and said[1] == OPENER and said[8] == PROBE
    assert EDIT_PRICE not in said[2:8]


def results():
    system = {"training_s": 120.0, "startup_s": 25.0, "rss_mb": {"start": 700, "peak": 800},
              "long": {"turns": {turn: {"p50_ms": 20.0, "p95_ms": p95} for turn, p95 in
                                 (("1", 30.0), ("25", 31.0), ("100", 33.0))},
                       "growth": 1.1, "blocks": [{"turns": "1–10", "p50_ms": 21.0}]},
              "load": {level: {"p50_ms": 40.0, "p95_ms": 55.0, "turns_per_s": tps, "errors": 0,
                               "cpu_ms_per_turn": {"rasa": 24.0, "actions": 6.5, "client": 3.0,
                                                   "ceiling_turns_per_s": 65.6}}
                       for level, tps in (("1", 25.0), ("16", 60.0), ("64", 61.0))}}
    stock = {**system, "long": {**system["long"], "growth": 6.0}, "training_s": 300.0}
    return {"systems": {"ours": system, "stock": stock}, "concurrency": [1, 16, 64], "date": "2026-11-24 01:00",
            "command": "bench.stack_bench", "duration_s": 900, "goals": goals(system), "notes": ["a note"],
            "machine": {"cpu": "CPU", "cores": 2, "memory_gb": 24, "system": "Linux", "python": "3.10",
                        "rasa": "3.6.21", "load_start": 4.2, "load_end": 3.9}}


def test_growth_is_turn_100_over_turn_1():
    assert growth({"1": {"p95_ms": 20.0}, "100": {"p95_ms": 25.0}}) == 1.25
    assert growth({"1": {"p95_ms": None}, "100": {"p95_ms": 25.0}}) is None


def test_goals_say_which_are_met():
    verdicts = goals(results()["systems"]["ours"])
    assert verdicts["p95 per turn at concurrency 1"].startswith("55 ms (met")
    assert "NOT met" in verdicts["turns per second at concurrency 64"]
    assert verdicts["p95 at turn 100 / p95 at turn 1"].startswith("1.1× (met")


def test_report_puts_both_systems_side_by_side():
    report = render_markdown(results())
    assert "| | ours | stock |" in report
    assert "| training time | 120 s | 300 s |" in report
    assert "| p95 turn 100 / p95 turn 1 | 1.1× | 6× |" in report
    assert "| concurrency 64: turns per second (errors) | 61 (0) | 61 (0) |" in report
    assert "at start 4.2" in report and "other work was running" in report
    assert "- a note" in report and stack_bench.GOALS["p95_ms_c1"] == 60
    assert "| concurrency 64: CPU per turn: Rasa + actions server (client) | 24 ms + 6.5 ms (3 ms) |" in report


def test_cpu_per_turn_and_the_ceiling_of_the_cores(monkeypatch):
    monkeypatch.setattr(stack_bench.os, "cpu_count", lambda: 2)
    cpu = stack_bench.cpu_per_turn({"rasa": 10.0, "actions": 5.0, "client": 1.0},
                                   {"rasa": 12.5, "actions": 5.5, "client": 1.3}, 100)
    assert cpu == {"rasa": 25.0, "actions": 5.0, "client": 3.0, "ceiling_turns_per_s": 66.7}


def test_cpu_seconds_of_this_process_grow_with_work():
    import os
    before = stack_bench.cpu_seconds(os.getpid())
    sum(i * i for i in range(3_000_000))
    assert stack_bench.cpu_seconds(os.getpid()) > before
