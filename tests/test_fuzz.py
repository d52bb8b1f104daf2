"""Fuzzing the REST channel and the widget's routes over the real stack.

10,000 hostile requests (tests/fuzz.py, seeded: FUZZ_SEED, FUZZ_COUNT), 8 at a time, while
a control user goes through a whole interview to its assessment (the same interview as
one held before the fuzz, on the quiet server). Checked:

- no 5xx, no traceback, ever; every refusal from the REST channel and the report links
  is a polite Chinese sentence; the bot never echoes markup it was sent;
- only the rapid-fire sender (a burst of 150 messages) is rate limited, and it is;
- both servers stay up and ready, and a new user is answered normally afterwards;
- the Rasa server's memory stays flat: RSS grows by less than RSS_GROWTH_LIMIT_MB from
  the end of the warm-up (the first WARM_UP requests: every kind of input, message
  lengths up to the limit, the first turns of all fuzz conversations) to the end;
- the control user's facts and assessment are exactly those of the quiet interview.

Numbers (duration, statuses, memory) go to results/fuzz.json.
"""
from __future__ import annotations

import json
import os
import re
import threading
import time
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
import requests

from bot.channels import clean_message
from tests import fuzz
from tests.stack import MODEL, REPO, running_stack, text_of
from tests.test_e2e_rest import JIANGYIN_ANSWERS, finish_interview

COUNT = int(os.environ.get("FUZZ_COUNT", 10_000))
SEED = int(os.environ.get("FUZZ_SEED", 5))
CONCURRENCY = 8
RATE_LIMIT = 20  # REST_RATE_LIMIT (per minute and sender) for this stack: a short burst
WARM_UP = 2_000
# Rasa's server holds ~1.6 GB (TensorFlow, the model). After the warm-up, memory still
# moves by some tens of MB (malloc arenas, TensorFlow's caches for message lengths not
# seen yet; measured: +4 to +16 MB). Of the 8,000 requests after the warm-up about 300
# reach the model: a leak of 20 KB per request, or of 500 KB per model turn, exceeds it.
RSS_GROWTH_LIMIT_MB = 150
CJK = re.compile(r"[\u4e00-\u9fff]")
RESULTS = REPO / "results" / "fuzz.json"


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    with running_stack(tmp_path_factory.mktemp("fuzz"), {"REST_RATE_LIMIT": str(RATE_LIMIT)}) as running:
        yield running


def rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    raise RuntimeError("no VmRSS")


def intent_of(stack, text: str) -> str:
    """The intent the model finds in a message, cleaned as the REST channel cleans it."""
    cleaned, _ = clean_message(text)
    parsed = requests.post(f"{stack.base}/model/parse", json={"text": cleaned}, timeout=60).json()
    return parsed["intent"]["name"]


def problems_with(stack, probe: fuzz.Probe, reply: fuzz.Reply) -> list[str]:
    """What is wrong with the server's reply to one probe (nothing, hopefully)."""
    found = []
    text = reply.text()
    if reply.status >= 500:
        found.append(f"HTTP {reply.status}")
    if "Traceback" in text or "Exception" in text:
        found.append("traceback in the reply")
    path = probe.path
    if path.startswith("/webhooks/rest/") and reply.status >= 400:
        json_reply = reply.headers.get("content-type", "").startswith("application/json")
        if not CJK.search(reply.json().get("message", "") if json_reply else text):
            found.append(f"refusal without a Chinese explanation: {text[:200]!r}")
    if path.startswith("/webhooks/reports/") and reply.status == 404 and probe.method == "GET" \
            and not CJK.search(text):
        found.append(f"404 without a Chinese explanation: {text[:200]!r}")
    if path == fuzz.WEBHOOK and reply.status == 200:
        messages = reply.json()
        if not isinstance(messages, list) or not messages and intent_of(stack, probe.message) != "restart":
            found.append(f"no bot message: {text[:200]!r}")
        elif probe.message is not None:
            said = text_of(messages)
            echoed = fuzz.markup_in(probe.message) & fuzz.markup_in(said)
            if echoed:
                found.append(f"markup echoed: {sorted(echoed)[:3]}")
    return found


def interview(stack, outcome: dict) -> None:
    """A user goes through the whole interview; their facts and the assessment."""
    try:
        user = f"control-{uuid.uuid4().hex[:8]}"
        stack.say(user, "我是做医美顾问的，想问问卖微信号合法吗")
        finish_interview(stack, user, JIANGYIN_ANSWERS, max_turns=30)
        outcome["assessment"] = text_of(stack.say(user, "/confirm_facts"))
        slots = stack.tracker(user)["slots"]
        outcome["facts"] = {name: slots[name] for name in JIANGYIN_ANSWERS}
    except Exception as error:  # reported by the test
        outcome["error"] = repr(error)


def test_hostile_requests_change_nothing_for_anyone(stack):
    probes = fuzz.probes(COUNT, SEED)
    assert len(probes) >= 10_000 or "FUZZ_COUNT" in os.environ
    rasa_pid = stack.processes["rasa"].pid
    statuses: dict[str, Counter] = {}
    problems: list[str] = []
    lock = threading.Lock()

    def fire(probe: fuzz.Probe) -> None:
        try:
            reply = fuzz.send("127.0.0.1", stack.rasa_port, probe)
        except (OSError, ValueError) as error:  # connection refused or reset, unreadable reply
            with lock:
                problems.append(f"{probe.kind} {probe.target[:80]!r}: {type(error).__name__}: {error}")
            return
        found = problems_with(stack, probe, reply)
        with lock:
            statuses.setdefault(probe.kind, Counter())[reply.status] += 1
            problems.extend(f"{probe.kind} {probe.target[:80]!r} {probe.body[:80] if probe.body else b''!r}: {p}"
                            for p in found)

    quiet: dict = {}
    interview(stack, quiet)  # the control user's interview without the fuzz, for reference
    assert "error" not in quiet, quiet.get("error")
    control: dict = {}
    control_user = threading.Thread(target=interview, args=(stack, control))
    started = time.monotonic()
    rss_start = rss_mb(rasa_pid)
    control_user.start()
    with ThreadPoolExecutor(CONCURRENCY) as pool:
        list(pool.map(fire, probes[:WARM_UP]))
        rss_warm = rss_mb(rasa_pid)
        list(pool.map(fire, probes[WARM_UP:]))
    rss_end = rss_mb(rasa_pid)
    fuzz_seconds = time.monotonic() - started
    control_user.join(timeout=600)

    summary = {"seed": SEED, "requests": len(probes), "concurrency": CONCURRENCY,
               "seconds": round(fuzz_seconds, 1),
               "rss_mb": {"start": round(rss_start), "after_warm_up": round(rss_warm), "end": round(rss_end)},
               "statuses": {kind: dict(counter) for kind, counter in sorted(statuses.items())},
               "problems": problems[:50]}
    RESULTS.parent.mkdir(exist_ok=True)
    RESULTS.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")

    assert not problems, f"{len(problems)} problems, e.g. {problems[:10]}"
    assert sum(sum(counter.values()) for counter in statuses.values()) == len(probes)
    limited = {kind for kind, counter in statuses.items() if counter.get(429)}
    assert limited == {"rapid_fire"}, limited
    rapid = statuses["rapid_fire"]
    assert 0 < rapid[200] <= 2 * RATE_LIMIT and rapid[429] >= fuzz.RAPID_BURST - 2 * RATE_LIMIT

    for name in ("rasa", "actions"):
        assert stack.processes[name].poll() is None, f"{name} died"
    ready = requests.get(f"{stack.base}/webhooks/health/ready", timeout=30)
    assert ready.status_code == 200 and ready.json()["status"] == "ok"
    newcomer = f"after-{uuid.uuid4().hex[:8]}"
    stack.say(newcomer, "我想卖3个抖音号，合法吗")
    assert stack.tracker(newcomer)["slots"]["platform"] == "douyin"

    assert rss_end - rss_warm < RSS_GROWTH_LIMIT_MB, summary["rss_mb"]

    assert "error" not in control, control.get("error")
    assert control["facts"] == quiet["facts"]
    assert control["assessment"] == quiet["assessment"]
    assert "高风险" in control["assessment"] and "民法典第153条" in control["assessment"]
