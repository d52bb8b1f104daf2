"""End-to-end benchmark of the whole stack over the REST channel, ours side by side with
stock Rasa (make bench-stack):

    .venv/bin/python -m bench.stack_bench [--long-runs 3] [--long-turns 110] [--seconds 40] …

Both systems get the same domain, training data and actions server (this repository's,
with the knowledge base var/legal.db) and an SQLite tracker store in a temporary directory:

- ours: config.yml, endpoints.yml (bot/tracker_store.py's compacting store) and
  credentials.yml (our REST channel), as tests/stack.py starts it;
- stock: the configuration `rasa init` writes (rasa/cli/initial_project/config.yml from
  rasa's site-packages: no pipeline and no policies, so Rasa trains its default ones,
  rasa/engine/recipes/config_files/default_config.yml), Rasa's own SQL tracker store and
  REST channel.

Measured for each: training time, server start-up time (process start to /status ready),
resident memory of the Rasa process, latency of turns 1, 25 and 100 of long conversations
(the same question at those turns, outside the interview), p50/p95 latency per turn and
turns per second with 1, 16 and 64 conversations in parallel (realistic consultations:
the description, the interview answered as tests/test_e2e_rest.py does, the assessment
and follow-up questions). Results: bench/results.md and bench/results/stack_bench.json.
"""
from __future__ import annotations

import argparse
import asyncio
import json
import os
import platform
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Iterable, Optional

import aiohttp
import yaml

from tests.stack import REPO, VENV_BIN, Stack, wait_for
from tests.test_e2e_rest import JIANGYIN_ANSWERS

RESULTS_MD = REPO / "bench" / "results.md"
RESULTS_JSON = REPO / "bench" / "results" / "stack_bench.json"
RASA_SITE = REPO / ".venv" / "lib" / "python3.10" / "site-packages" / "rasa"
INIT_CONFIG = RASA_SITE / "cli" / "initial_project" / "config.yml"
OPENER = "我有9个微信号想卖给做医美的老板，每个两三千好友，里面有客户病历"
PROBE = "民法典第153条说的啥"  # asked at turns 1, 25 and 100 of the long conversations
PROBE_TURNS = (1, 25, 100)
FOLLOW_UPS = ["那30万能要回来吗", "江阴那个案子", "第1038条原文", "你是机器人吗", "我该怎么办", "会坐牢吗",
              "为什么问这个", "谢谢"]
EDIT_PRICE = '/edit_fact{"fact":"price"}'
EDIT_EVERY = 6  # follow-ups between two edits of the price (which go back through the interview)
CONCURRENCY = (1, 16, 64)
GOALS = {"p95_ms_c1": 60, "turns_per_s_c64": 100, "startup_s": 30, "rss_mb": 1024, "growth": 1.3}
STOCK_CREDENTIALS = "rest:\n"
STOCK_ENDPOINTS = """action_endpoint:
  url: ${ACTION_ENDPOINT_URL}
tracker_store:
  type: SQL
  dialect: sqlite
  db: ${TRACKER_DB}
"""


# --- pure helpers (tests/test_stack_bench.py) ---

def percentile(values: Iterable[float], q: float) -> float:
    """The q-th percentile (0-100), linear between the closest ranks (as numpy's default)."""
    ordered = sorted(values)
    if not ordered:
        raise ValueError("no values")
    rank = (len(ordered) - 1) * q / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def summary(seconds: list[float]) -> dict[str, Any]:
    """Count, p50, p95 and max of latencies given in seconds, in milliseconds."""
    if not seconds:
        return {"n": 0, "p50_ms": None, "p95_ms": None, "max_ms": None}
    return {"n": len(seconds), "p50_ms": round(percentile(seconds, 50) * 1000, 1),
            "p95_ms": round(percentile(seconds, 95) * 1000, 1), "max_ms": round(max(seconds) * 1000, 1)}


def question_slots(texts: dict[str, Any]) -> dict[str, str]:
    """Every wording of the interview's questions (actions/texts/interview.yml) -> its slot."""
    slots = {}
    for slot, question in texts["questions"].items():
        slots[question["text"]] = slot
        for wording in (question.get("by_role") or {}).values():
            slots[wording] = slot
    for slot, wording in texts.get("explain", {}).items():
        if slot in texts["questions"]:
            slots[wording] = slot
    return slots


def asked_slot(reply: list[dict], questions: dict[str, str]) -> Optional[str]:
    """The slot the last interview question in a reply asks for."""
    for message in reversed(reply):
        text = message.get("text") or ""
        for wording, slot in questions.items():
            if wording in text:
                return slot
    return None


def has_payload(reply: list[dict], payload: str) -> bool:
    return any(button.get("payload") == payload for message in reply for button in message.get("buttons") or [])


@dataclass
class Consultation:
    """What a user says next, from the assistant's last reply: the description, the
    answers to the interview (JIANGYIN_ANSWERS, "/dont_know" after two tries at one
    question), confirming the review, then follow-up questions with an edit of the price
    every EDIT_EVERY of them; `probes` are fixed messages at given turns."""
    questions: dict[str, str]
    probes: dict[int, str] = field(default_factory=dict)
    turn: int = 0
    opened: bool = False
    follow_ups: int = 0
    last_slot: Optional[str] = None
    tries: int = 0

    def next_message(self, reply: list[dict]) -> str:
        self.turn += 1
        if self.turn in self.probes:
            return self.probes[self.turn]
        if not self.opened:
            self.opened = True
            return OPENER
        slot = asked_slot(reply, self.questions)
        if slot:
            self.tries = self.tries + 1 if slot == self.last_slot else 1
            self.last_slot = slot
            return JIANGYIN_ANSWERS.get(slot, "/dont_know") if self.tries <= 2 else "/dont_know"
        self.last_slot = None
        if has_payload(reply, "/confirm_facts"):
            return "/confirm_facts"
        self.follow_ups += 1
        probe_soon = any(0 <= turn - self.turn < 6 for turn in self.probes)
        if self.follow_ups % EDIT_EVERY == 0 and not probe_soon:
            return EDIT_PRICE
        return FOLLOW_UPS[self.follow_ups % len(FOLLOW_UPS)]


def growth(turns: dict[str, dict[str, Any]]) -> Optional[float]:
    """p95 at turn 100 over p95 at turn 1."""
    first, last = turns.get("1", {}).get("p95_ms"), turns.get("100", {}).get("p95_ms")
    return round(last / first, 2) if first and last else None


def _cell(value: Any, unit: str = "") -> str:
    return "–" if value is None else f"{value:g}{unit}" if isinstance(value, (int, float)) else str(value)


def _cpu_cell(cpu: Optional[dict[str, float]]) -> str:
    if not cpu:
        return "–"
    return f"{_cell(cpu['rasa'], ' ms')} + {_cell(cpu['actions'], ' ms')} ({_cell(cpu['client'], ' ms')})"


def render_markdown(results: dict[str, Any]) -> str:
    """bench/results.md: the two systems side by side, the goals, the machine."""
    systems = results["systems"]
    names = list(systems)
    rows = [("training time", lambda s: _cell(s.get("training_s"), " s")),
            ("start-up (process start → ready)", lambda s: _cell(s["startup_s"], " s")),
            ("resident memory after start-up", lambda s: _cell(s["rss_mb"]["start"], " MB")),
            ("resident memory, peak", lambda s: _cell(s["rss_mb"]["peak"], " MB"))]
    for turn in PROBE_TURNS:
        rows.append((f"turn {turn} of a long conversation, p50 / p95",
                     lambda s, t=str(turn): f"{_cell(s['long']['turns'][t]['p50_ms'], ' ms')} / "
                                            f"{_cell(s['long']['turns'][t]['p95_ms'], ' ms')}"))
    rows.append(("p95 turn 100 / p95 turn 1", lambda s: _cell(s["long"]["growth"], "×")))
    for level in results["concurrency"]:
        rows.append((f"concurrency {level}: p50 / p95 per turn",
                     lambda s, c=str(level): f"{_cell(s['load'][c]['p50_ms'], ' ms')} / "
                                             f"{_cell(s['load'][c]['p95_ms'], ' ms')}"))
        rows.append((f"concurrency {level}: turns per second (errors)",
                     lambda s, c=str(level): f"{_cell(s['load'][c]['turns_per_s'])} "
                                             f"({s['load'][c]['errors']})"))
        rows.append((f"concurrency {level}: CPU per turn: Rasa + actions server (client)",
                     lambda s, c=str(level): _cpu_cell(s["load"][c].get("cpu_ms_per_turn"))))
        rows.append((f"concurrency {level}: ceiling, {os.cpu_count()} cores, servers only",
                     lambda s, c=str(level): _cell((s["load"][c].get("cpu_ms_per_turn") or {})
                                                   .get("ceiling_turns_per_s"), " turns/s")))
    lines = ["# Stack benchmark: ours vs stock Rasa", "",
             f"Run {results['date']} with `make bench-stack` ({results['command']}); "
             f"{results['duration_s']:g} s in all. Raw numbers: `bench/results/stack_bench.json`.", "",
             "| | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    lines += [f"| {label} | " + " | ".join(cell(systems[name]) for name in names) + " |" for label, cell in rows]
    machine = results["machine"]
    lines += ["", "## Goals (ours)", ""]
    lines += [f"- {goal}: {verdict}" for goal, verdict in results["goals"].items()]
    lines += ["", "## Latency by turn of the long conversations (median of each block of turns)", "",
              "| turns | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    blocks = systems[names[0]]["long"]["blocks"]
    for index, block in enumerate(blocks):
        lines.append(f"| {block['turns']} | " + " | ".join(
            _cell(systems[name]["long"]["blocks"][index]["p50_ms"], " ms")
            if index < len(systems[name]["long"]["blocks"]) else "–" for name in names) + " |")
    lines += ["", "## Machine", "",
              f"- {machine['cpu']} ({machine['cores']} cores), {machine['memory_gb']} GB, {machine['system']}",
              f"- Python {machine['python']}, Rasa {machine['rasa']}",
              f"- load average (1 min) at start {machine['load_start']}, at end {machine['load_end']}"
              + (" — other work was running on this machine: latencies are inflated and noisy"
                 if machine["load_start"] > 1 else ""),
              "", "## What was measured", ""]
    lines += [f"- {note}" for note in results["notes"]]
    return "\n".join(lines) + "\n"


# --- measuring ---

def machine_info() -> dict[str, Any]:
    cpu = next((line.split(":", 1)[1].strip() for line in Path("/proc/cpuinfo").read_text().splitlines()
                if line.startswith("model name")), platform.processor())
    memory = next(int(line.split()[1]) for line in Path("/proc/meminfo").read_text().splitlines()
                  if line.startswith("MemTotal"))
    from rasa import __version__ as rasa_version
    return {"cpu": cpu, "cores": os.cpu_count(), "memory_gb": round(memory / 1024 ** 2, 1),
            "system": platform.platform(), "python": platform.python_version(), "rasa": rasa_version,
            "load_start": round(os.getloadavg()[0], 2)}


def memory_mb(pid: int) -> dict[str, float]:
    """Resident memory now and at its peak (VmRSS, VmHWM) of one process, in MB."""
    fields = dict(line.split(":", 1) for line in Path(f"/proc/{pid}/status").read_text().splitlines() if ":" in line)
    return {key: round(int(fields[name].split()[0]) / 1024) for key, name in (("now", "VmRSS"), ("peak", "VmHWM"))}


def train(config: Path, out: Path, name: str, log: Path) -> float:
    started = time.monotonic()
    with open(log, "ab") as output:
        subprocess.run([str(VENV_BIN / "rasa"), "train", "--data", "nlu_data", "--config", str(config),
                        "--domain", "domain.yml", "--out", str(out), "--fixed-model-name", name, "--quiet"],
                       cwd=REPO, stdout=output, stderr=subprocess.STDOUT, check=True,
                       # no training cache: each system is trained from scratch every run
                       env={**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
                            "RASA_MAX_CACHE_SIZE": "0"})
    return round(time.monotonic() - started, 1)


@dataclass
class System:
    name: str
    model: Path
    endpoints: Path
    credentials: Path
    tracker_db: Path
    training_s: Optional[float] = None


class Client:
    def __init__(self, base: str, timeout: float):
        self.url = f"{base}/webhooks/rest/webhook"
        self.session = aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout),
                                             connector=aiohttp.TCPConnector(limit=0))

    async def say(self, sender: str, message: str) -> tuple[float, Optional[list[dict]]]:
        started = time.perf_counter()
        try:
            async with self.session.post(self.url, json={"sender": sender, "message": message}) as reply:
                body = await reply.json() if reply.status == 200 else None
        except (aiohttp.ClientError, asyncio.TimeoutError):
            body = None
        return time.perf_counter() - started, body

    async def close(self) -> None:
        await self.session.close()


async def long_conversations(client: Client, questions: dict[str, str], label: str, runs: int,
                             turns: int) -> dict[str, Any]:
    """`runs` conversations of `turns` turns one after the other: latency of every turn."""
    latencies: list[list[float]] = []
    for run in range(runs):
        consultation = Consultation(questions, probes={turn: PROBE for turn in PROBE_TURNS})
        reply: list[dict] = []
        times = []
        for _ in range(turns):
            elapsed, body = await client.say(f"{label}-long-{run}", consultation.next_message(reply))
            times.append(elapsed)
            reply = body or []
        latencies.append(times)
    by_turn = {str(turn): summary([run[turn - 1] for run in latencies if len(run) >= turn]) for turn in PROBE_TURNS}
    block = 10
    blocks = [{"turns": f"{start + 1}–{min(start + block, turns)}",
               "p50_ms": round(statistics.median(t for run in latencies for t in run[start:start + block]) * 1000, 1)}
              for start in range(0, turns, block)]
    return {"runs": runs, "length": turns, "probe": PROBE, "turns": by_turn,
            "turns_ms": {str(turn): [round(run[turn - 1] * 1000, 1) for run in latencies] for turn in PROBE_TURNS},
            "growth": growth(by_turn), "blocks": blocks}


def cpu_seconds(pid: int) -> float:
    """User + system CPU time a process has used so far (/proc/<pid>/stat)."""
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def cpu_per_turn(before: dict[str, float], after: dict[str, float], turns: int) -> dict[str, float]:
    """CPU milliseconds per answered turn of each process, and the turns per second all the
    cores could give if nothing but the servers ran (the client's CPU excluded)."""
    per = {name: round((after[name] - before[name]) * 1000 / max(turns, 1), 1) for name in before}
    servers = sum(value for name, value in per.items() if name != "client")
    return per | {"ceiling_turns_per_s": round((os.cpu_count() or 1) * 1000 / servers, 1) if servers else None}


def cpu_now(pids: dict[str, int]) -> dict[str, float]:
    return {name: cpu_seconds(pid) for name, pid in pids.items()} | {"client": time.process_time()}


async def load(client: Client, questions: dict[str, str], label: str, users: int, seconds: float,
               conversation_turns: int, pids: dict[str, int]) -> dict[str, Any]:
    """`users` users in parallel, each holding consultations of `conversation_turns` turns
    one after another until `seconds` have passed; with the CPU time each process spent."""
    latencies: list[float] = []
    errors = 0
    deadline = time.monotonic() + seconds

    async def user(number: int) -> None:
        nonlocal errors
        conversation = 0
        while time.monotonic() < deadline:
            consultation, reply = Consultation(questions), []
            sender = f"{label}-c{users}-u{number}-{conversation}"
            conversation += 1
            for _ in range(conversation_turns):
                if time.monotonic() >= deadline:
                    return
                elapsed, body = await client.say(sender, consultation.next_message(reply))
                if body is None:
                    errors += 1
                else:
                    latencies.append(elapsed)
                reply = body or []

    started, cpu_before = time.monotonic(), cpu_now(pids)
    await asyncio.gather(*(user(number) for number in range(users)))
    wall = time.monotonic() - started
    return summary(latencies) | {"turns_per_s": round(len(latencies) / wall, 1), "errors": errors,
                                 "seconds": round(wall, 1),
                                 "cpu_ms_per_turn": cpu_per_turn(cpu_before, cpu_now(pids), len(latencies))}


async def measure(base: str, questions: dict[str, str], label: str, args: argparse.Namespace,
                  pids: dict[str, int]) -> dict[str, Any]:
    client = Client(base, args.timeout)
    try:
        # The first messages after start-up build TensorFlow graphs and open databases.
        warm = Consultation(questions, probes={1: PROBE})
        reply: list[dict] = []
        for _ in range(8):
            reply = (await client.say(f"{label}-warm-up", warm.next_message(reply)))[1] or []
        result = {"long": await long_conversations(client, questions, label, args.long_runs, args.long_turns),
                  "load": {}}
        for users in args.concurrency:
            result["load"][str(users)] = await load(client, questions, label, users, args.seconds,
                                                    args.conversation_turns, pids)
        return result
    finally:
        await client.close()


def run_system(stack: Stack, system: System, questions: dict[str, str], args: argparse.Namespace) -> dict[str, Any]:
    stack.env["TRACKER_DB"] = str(system.tracker_db)
    started = time.monotonic()
    process = stack._spawn(system.name, [str(VENV_BIN / "rasa"), "run", "--enable-api", "--port", str(stack.rasa_port),
                                         "--model", str(system.model), "--endpoints", str(system.endpoints),
                                         "--credentials", str(system.credentials)])
    try:
        wait_for(f"{stack.base}/status", process)
        startup = round(time.monotonic() - started, 1)
        at_start = memory_mb(process.pid)
        print(f"{system.name}: ready in {startup} s, {at_start['now']} MB", flush=True)
        pids = {"rasa": process.pid, "actions": stack.processes["actions"].pid}
        result = asyncio.run(measure(stack.base, questions, system.name, args, pids))
        return {"training_s": system.training_s, "startup_s": startup,
                "rss_mb": {"start": at_start["now"], "peak": memory_mb(process.pid)["peak"]}} | result
    finally:
        stack.stop(system.name)


def goals(ours: dict[str, Any]) -> dict[str, str]:
    def verdict(value: Any, goal: float, higher_is_better: bool = False, unit: str = "") -> str:
        if value is None:
            return "not measured"
        met = value >= goal if higher_is_better else value <= goal
        return f"{value:g}{unit} ({'met' if met else 'NOT met'}; goal {'≥' if higher_is_better else '≤'} {goal:g}{unit})"

    load = ours["load"]
    return {"p95 per turn at concurrency 1": verdict(load.get("1", {}).get("p95_ms"), GOALS["p95_ms_c1"], unit=" ms"),
            "turns per second at concurrency 64": verdict(load.get("64", {}).get("turns_per_s"),
                                                          GOALS["turns_per_s_c64"], True),
            "start-up": verdict(ours["startup_s"], GOALS["startup_s"], unit=" s"),
            "resident memory of the Rasa process (peak)": verdict(ours["rss_mb"]["peak"], GOALS["rss_mb"], unit=" MB"),
            "p95 at turn 100 / p95 at turn 1": verdict(ours["long"]["growth"], GOALS["growth"], unit="×")}


def prepare(work: Path, args: argparse.Namespace) -> list[System]:
    stock_dir = work / "stock"
    stock_dir.mkdir(parents=True, exist_ok=True)
    shutil.copy(INIT_CONFIG, stock_dir / "config.yml")
    (stock_dir / "endpoints.yml").write_text(STOCK_ENDPOINTS)
    (stock_dir / "credentials.yml").write_text(STOCK_CREDENTIALS)
    ours = System("ours", REPO / "models" / "assistant.tar.gz", REPO / "endpoints.yml", REPO / "credentials.yml",
                  work / "ours-tracker.db")
    stock = System("stock", stock_dir / "models" / "stock.tar.gz", stock_dir / "endpoints.yml",
                   stock_dir / "credentials.yml", work / "stock-tracker.db")
    if args.train:
        ours.training_s = train(REPO / "config.yml", work / "ours" / "models", "ours", work / "train.log")
        ours.model = work / "ours" / "models" / "ours.tar.gz"
        print(f"ours trained in {ours.training_s} s", flush=True)
    if args.train or not stock.model.exists():
        stock.training_s = train(stock_dir / "config.yml", stock.model.parent, "stock", work / "train.log")
        print(f"stock trained in {stock.training_s} s", flush=True)
    return [ours, stock]


NOTES = [
    "Each system is its own Rasa server process (`rasa run --enable-api`) with an SQLite tracker store in a "
    "temporary directory; both use the same actions server (`rasa run actions`, this repository's actions and "
    "knowledge base), started once. One system runs at a time.",
    f"Stock: `{INIT_CONFIG.relative_to(REPO)}` (what `rasa init` writes: no pipeline and no policies, "
    "so Rasa trains its defaults, `rasa/engine/recipes/config_files/default_config.yml`: WhitespaceTokenizer, "
    "DIET, ResponseSelector, FallbackClassifier; MemoizationPolicy, RulePolicy, UnexpecTEDIntentPolicy, "
    "TEDPolicy), Rasa's `SQL` tracker store and `rest` channel. Ours: config.yml, endpoints.yml, credentials.yml.",
    "Long conversations: one sender, one turn after the other; the same question (`PROBE`) at turns 1, 25 and "
    "100, outside the interview; the other turns are a consultation (description, interview, review, assessment, "
    "follow-ups, an edit of the price every few follow-ups). p95 over the runs.",
    "Load: N users in parallel, each holding 20-turn consultations one after another (new sender each) for the "
    "given time; latency per turn as the client sees it; turns per second = turns answered / wall time.",
    "The client runs on the same 2 cores as the servers (asyncio + aiohttp, one thread).",
    "Start-up: from the process start to `/status` answering (model loaded). Memory: VmRSS/VmHWM of the Rasa "
    "server process.",
]


def main(argv: Optional[list[str]] = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--long-runs", type=int, default=3, help="long conversations per system")
    parser.add_argument("--long-turns", type=int, default=110, help="turns of each long conversation")
    parser.add_argument("--seconds", type=float, default=40, help="duration of each concurrency level")
    parser.add_argument("--concurrency", type=lambda text: [int(n) for n in text.split(",")], default=list(CONCURRENCY))
    parser.add_argument("--conversation-turns", type=int, default=20, help="turns of each load-test consultation")
    parser.add_argument("--timeout", type=float, default=180, help="seconds before a turn counts as an error")
    parser.add_argument("--no-train", dest="train", action="store_false",
                        help="serve models/assistant.tar.gz for ours and reuse the stock model in --work")
    parser.add_argument("--work", type=Path, help="directory for models and databases (default: temporary)")
    args = parser.parse_args(argv)
    if args.long_turns < max(PROBE_TURNS):
        parser.error(f"--long-turns must be at least {max(PROBE_TURNS)}")
    started = time.monotonic()
    machine = machine_info()
    questions = question_slots(yaml.safe_load((REPO / "actions" / "texts" / "interview.yml").read_text()))
    work = args.work or Path(tempfile.mkdtemp(prefix="stack_bench-"))
    work.mkdir(parents=True, exist_ok=True)
    systems = prepare(work, args)
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
           "TRACKER_DIALECT": "sqlite", "TRACKER_URL": "", "TRACKER_USER": "", "TRACKER_PASSWORD": "",
           "REST_RATE_LIMIT": "1000000"}  # the benchmark's senders are far above the per-sender limit
    stack = Stack(env, work)
    results: dict[str, Any] = {"systems": {}}
    try:
        stack.start_actions()
        for system in systems:
            results["systems"][system.name] = run_system(stack, system, questions, args)
        results["actions_rss_mb"] = memory_mb(stack.processes["actions"].pid)
    finally:
        stack.stop_all()
    machine["load_end"] = round(os.getloadavg()[0], 2)
    results |= {"date": time.strftime("%Y-%m-%d %H:%M"), "command": " ".join(["bench.stack_bench", *(argv or sys.argv[1:])]),
                "duration_s": round(time.monotonic() - started), "machine": machine,
                "concurrency": args.concurrency, "goals": goals(results["systems"]["ours"]), "notes": NOTES}
    RESULTS_JSON.parent.mkdir(parents=True, exist_ok=True)
    RESULTS_JSON.write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n")
    RESULTS_MD.write_text(render_markdown(results))
    print(RESULTS_MD.read_text())
    return 0


if __name__ == "__main__":
    sys.exit(main())
