"""Clean shutdown on SIGTERM. scripts/run.sh, with the actions server, the Rasa server and
the Telegram bridge (against the stand-in Bot API), is stopped while the Rasa server and
the actions server are each serving a request: both requests are answered, everything
exits within 10 seconds with status 0, no error is logged, the tracker database is
intact, and a new start continues the conversation. The bridge on its own delivers the
answer it is waiting for before it exits."""
import json
import os
import signal
import socket
import sqlite3
import subprocess
import time
import uuid

import pytest
import requests

from tests.bridge_process import Background, bridge_process
from tests.fake_telegram import FakeTelegram
from tests.stack import MODEL, REPO, free_port, running_stack, text_of, wait_for

DEADLINE = 10.0  # seconds from SIGTERM to exit


def start_request(port: int, head: bytes, body: bytes = b"") -> socket.socket:
    """A request whose last bytes are not sent yet: the server is serving it."""
    sock = socket.create_connection(("127.0.0.1", port), timeout=60)
    sock.sendall(head + body[: len(body) // 2])
    time.sleep(0.5)  # read by the server
    return sock


def finish_request(sock: socket.socket, rest: bytes) -> tuple[int, bytes]:
    sock.sendall(rest)
    data = b""
    with sock:
        while chunk := sock.recv(65536):
            data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    return int(head.split()[1]), body


def terminate(process: subprocess.Popen) -> tuple[int, float]:
    """SIGTERM; (exit status, seconds it took)."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    status = process.wait(30)
    return status, time.monotonic() - started


def log_entries(path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.startswith("{")]


@pytest.fixture(scope="module")
def stopped(tmp_path_factory):
    """run.sh started, a conversation begun, SIGTERM while both servers serve a request."""
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    work = tmp_path_factory.mktemp("shutdown")
    rasa_port, actions_port = free_port(), free_port()
    background = Background()
    telegram = background.run(FakeTelegram().start())
    env = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    env.update({"RASA_PORT": str(rasa_port), "ACTIONS_PORT": str(actions_port),
                "ACTION_ENDPOINT_URL": f"http://localhost:{actions_port}/webhook",
                "TRACKER_DB": str(work / "tracker.db"), "REPORTS_DB": str(work / "reports.db"),
                "TELEGRAM_BOT_TOKEN": telegram.token, "TELEGRAM_API_URL": telegram.base_url,
                "TELEGRAM_HEALTH_PORT": str(free_port())})
    with (work / "run.log").open("wb") as log:
        run = subprocess.Popen(["bash", "scripts/run.sh"], cwd=REPO, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{rasa_port}/webhooks/health/ready", run)
        user = f"run-{uuid.uuid4().hex[:8]}"
        say = requests.post(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
                            json={"sender": user, "message": "我想卖3个抖音号"}, timeout=60)
        assert say.status_code == 200 and say.json()
        tracker = requests.get(f"http://127.0.0.1:{rasa_port}/conversations/{user}/tracker", timeout=30).json()
        asked = tracker["slots"]["requested_slot"]
        children = subprocess.run(["pgrep", "-P", str(run.pid)], capture_output=True, text=True).stdout.split()

        body = json.dumps({"sender": user, "message": "/dont_know"}).encode()
        message = start_request(rasa_port, (f"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\n"
                                            f"Content-Type: application/json\r\nContent-Length: {len(body)}\r\n"
                                            f"Connection: close\r\n\r\n").encode(), body)
        check = start_request(actions_port, b"GET /health/ready HTTP/1.1\r\nHost: x\r\n")
        started = time.monotonic()
        run.send_signal(signal.SIGTERM)
        time.sleep(1)
        answered = [finish_request(message, body[len(body) // 2:]),
                    finish_request(check, b"Connection: close\r\n\r\n")]
        status = run.wait(30)
        yield {"status": status, "seconds": time.monotonic() - started, "children": children,
               "answered": answered, "user": user, "asked": asked, "work": work}
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
        background.run(telegram.stop())
        background.close()


def test_everything_exits_with_status_0_within_10_seconds(stopped):
    assert len(stopped["children"]) == 3  # actions server, Rasa server, Telegram bridge
    # run.sh's status is 0 only if each of them exited with 0
    assert stopped["status"] == 0 and stopped["seconds"] < DEADLINE
    assert not [pid for pid in stopped["children"] if os.path.exists(f"/proc/{pid}")]


def test_requests_in_progress_are_answered(stopped):
    (message_status, message), (check_status, check) = stopped["answered"]
    assert message_status == 200 and json.loads(message)
    assert check_status == 200 and json.loads(check)["status"] == "ok"


def test_nothing_goes_wrong_in_the_logs(stopped):
    output = (stopped["work"] / "run.log").read_text(encoding="utf-8")
    assert "Traceback" not in output
    entries = log_entries(stopped["work"] / "run.log")
    assert {entry["process"] for entry in entries} == {"rasa", "actions", "telegram_bridge"}
    assert not [entry for entry in entries if entry["level"] in ("ERROR", "CRITICAL") or "exc" in entry]


def test_the_conversation_continues_after_a_new_start(stopped):
    database = stopped["work"] / "tracker.db"
    with sqlite3.connect(database) as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    user, asked = stopped["user"], stopped["asked"]
    logs = stopped["work"] / "restart"
    logs.mkdir()
    with running_stack(logs, {"TRACKER_DB": str(database)}) as stack:
        slots = stack.tracker(user)["slots"]
        assert slots[asked] == "unknown"  # the answer given during the shutdown was kept
        assert slots["platform"] == "douyin" and slots["account_count"] == 3
        assert text_of(stack.say(user, "/dont_know"))
        assert stack.tracker(user)["slots"]["requested_slot"] not in (asked, slots["requested_slot"])


def test_telegram_bridge_delivers_the_answer_in_progress(tmp_path):
    with bridge_process(tmp_path / "bridge.log") as bridge:
        bridge.rasa.delay = 2.0  # Rasa is slow: the answer is on its way during the shutdown
        chat = 7001
        bridge.background.run(bridge.telegram.send_text(chat, "我想卖微信号"))
        bridge.background.run(bridge.telegram.wait_for(lambda: bridge.rasa.received, 30), 35)
        status, seconds = terminate(bridge.process)
        assert status == 0 and seconds < DEADLINE
        assert any("我想卖微信号" in message.get("text", "") for message in bridge.telegram.sent(chat))
    assert not [entry for entry in log_entries(tmp_path / "bridge.log") if entry["level"] == "ERROR"]
