"""Clean shutdown on SIGTERM: each process (Rasa server, actions server, Telegram bridge, and
scripts/run.sh around them) finishes the request it is serving, exits with status 0
within 10 seconds, logs no error, and leaves the tracker database intact: the
conversation goes on after a restart."""
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


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    with running_stack(tmp_path_factory.mktemp("shutdown")) as running:
        yield running


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


def assert_no_errors(log) -> None:
    for line in log.read_text(encoding="utf-8").splitlines():
        entry = json.loads(line)
        assert entry["level"] not in ("ERROR", "CRITICAL") and "exc" not in entry, line[:300]


def test_rasa_server_finishes_the_message_in_progress(stack):
    user = f"shutdown-{uuid.uuid4().hex[:8]}"
    stack.say(user, "我想卖3个抖音号")
    asked = stack.tracker(user)["slots"]["requested_slot"]
    assert asked is not None

    body = json.dumps({"sender": user, "message": "/dont_know"}).encode()
    head = (f"POST /webhooks/rest/webhook HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(body)}\r\nConnection: close\r\n\r\n").encode()
    sock = start_request(stack.rasa_port, head, body)
    process = stack.processes.pop("rasa")
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    time.sleep(1)
    status, reply = finish_request(sock, body[len(body) // 2:])
    assert status == 200 and json.loads(reply)  # answered although shutting down
    assert process.wait(30) == 0 and time.monotonic() - started < DEADLINE
    assert_no_errors(stack.log_dir / "rasa.log")

    stack.start_rasa()
    slots = stack.tracker(user)["slots"]
    assert slots[asked] == "unknown" and slots["platform"] == "douyin" and slots["account_count"] == 3
    assert text_of(stack.say(user, "/dont_know"))  # and the interview goes on
    assert stack.tracker(user)["slots"]["requested_slot"] not in (asked, slots["requested_slot"])


def test_actions_server_finishes_the_request_in_progress(stack):
    sock = start_request(stack.actions_port, b"GET /health/ready HTTP/1.1\r\nHost: x\r\n")
    process = stack.processes.pop("actions")
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    time.sleep(1)
    code, reply = finish_request(sock, b"Connection: close\r\n\r\n")
    assert code == 200 and json.loads(reply)["status"] == "ok"
    status, seconds = process.wait(30), time.monotonic() - started
    assert status == 0 and seconds < DEADLINE
    assert_no_errors(stack.log_dir / "actions.log")
    stack.start_actions()


def test_telegram_bridge_delivers_the_answer_in_progress(tmp_path):
    with bridge_process(tmp_path / "bridge.log") as bridge:
        bridge.rasa.delay = 2.0  # Rasa is slow: the answer is on its way during the shutdown
        chat = 7001
        bridge.background.run(bridge.telegram.send_text(chat, "我想卖微信号"))
        bridge.background.run(bridge.telegram.wait_for(lambda: bridge.rasa.received, 30), 35)
        status, seconds = terminate(bridge.process)
        assert status == 0 and seconds < DEADLINE
        assert any("我想卖微信号" in message.get("text", "") for message in bridge.telegram.sent(chat))
    assert_no_errors(tmp_path / "bridge.log")


def test_run_script_stops_everything_cleanly(tmp_path):
    """scripts/run.sh with all three processes (the bridge against the stand-in Bot API)."""
    rasa_port, actions_port = free_port(), free_port()
    background = Background()
    telegram = background.run(FakeTelegram().start())
    env = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    env.update({"RASA_PORT": str(rasa_port), "ACTIONS_PORT": str(actions_port),
                "ACTION_ENDPOINT_URL": f"http://localhost:{actions_port}/webhook",
                "TRACKER_DB": str(tmp_path / "tracker.db"), "REPORTS_DB": str(tmp_path / "reports.db"),
                "TELEGRAM_BOT_TOKEN": telegram.token, "TELEGRAM_API_URL": telegram.base_url,
                "TELEGRAM_HEALTH_PORT": str(free_port())})
    with (tmp_path / "run.log").open("wb") as log:
        run = subprocess.Popen(["bash", "scripts/run.sh"], cwd=REPO, env=env, stdout=log,
                               stderr=subprocess.STDOUT, start_new_session=True)
    try:
        wait_for(f"http://127.0.0.1:{rasa_port}/webhooks/health/ready", run)
        user = f"run-{uuid.uuid4().hex[:8]}"
        reply = requests.post(f"http://127.0.0.1:{rasa_port}/webhooks/rest/webhook",
                              json={"sender": user, "message": "我想卖3个抖音号"}, timeout=60)
        assert reply.status_code == 200 and reply.json()
        children = subprocess.run(["pgrep", "-P", str(run.pid)], capture_output=True, text=True).stdout.split()
        assert len(children) == 3  # actions server, Rasa server, Telegram bridge
        status, seconds = terminate(run)
        assert status == 0 and seconds < DEADLINE
        assert not [pid for pid in children if os.path.exists(f"/proc/{pid}")]
    finally:
        if run.poll() is None:
            os.killpg(run.pid, signal.SIGKILL)
        background.run(telegram.stop())
        background.close()
    output = (tmp_path / "run.log").read_text(encoding="utf-8")
    assert "Traceback" not in output and '"level": "ERROR"' not in output
    with sqlite3.connect(tmp_path / "tracker.db") as db:
        assert db.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        assert db.execute("SELECT count(*) FROM events WHERE sender_id = ?", (user,)).fetchone()[0] > 0
