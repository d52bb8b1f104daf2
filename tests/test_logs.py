"""Logs of every process (bot/logs.py): the Rasa server, the actions server and the
Telegram bridge, run as `make run` runs them, write one JSON object per line with the
same keys, tag the lines of a conversation with the sender's pseudonym (never the id),
and never the user's text (not even when an action fails)."""
import json
import re
import uuid

import pytest
import requests

from bot.logs import pseudonym
from tests.bridge_process import bridge_process
from tests.stack import MODEL, running_stack, text_of

REQUIRED = {"ts", "level", "logger", "process", "pid", "message"}
TS = re.compile(r"^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$")
CHAT = 5150001
# Text that must not reach any log: personal data, and words only the user wrote.
SECRETS = ["110105199003078765", "13812345678", "zhang.san@example.com", "鹦鹉螺号", "inform{\"zzz"]


@pytest.fixture(scope="module")
def logged(tmp_path_factory):
    """The stack and the bridge after a few conversations; their log files by process."""
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    log_dir = tmp_path_factory.mktemp("logs")
    with running_stack(log_dir) as stack, bridge_process(log_dir / "bridge.log", rasa_url=stack.base) as bridge:
        user = f"logs-{uuid.uuid4().hex[:8]}"
        reply = requests.post(f"{stack.base}/webhooks/rest/webhook", headers={"X-Request-ID": "req-logs-1"},
                              json={"sender": user, "message": "我想卖3个鹦鹉螺号，身份证110105199003078765，"
                                                                  "手机13812345678，邮箱zhang.san@example.com"},
                              timeout=60)
        assert reply.status_code == 200 and reply.json()
        assert text_of(stack.say(user, '/inform{"zzz": "鹦鹉螺号"}'))  # a forged payload
        assert stack.say(user, "<script>鹦鹉螺号</script>")
        assert bridge.say(CHAT, "我想卖2个微信号，合法吗")
        # An action call that fails (no sender id): the answer must not repeat the conversation.
        failed = requests.post(f"http://127.0.0.1:{stack.actions_port}/webhook", timeout=60, json={
            "next_action": "action_assess", "tracker": {"latest_message": {"text": "鹦鹉螺号"}}})
        yield {"user": user, "rasa": stack.log_dir / "rasa.log", "actions": stack.log_dir / "actions.log",
               "telegram_bridge": bridge.log, "failed_action": failed}


def entries(path):
    lines = path.read_text(encoding="utf-8").splitlines()
    assert lines, f"{path.name} is empty"
    parsed = []
    for number, line in enumerate(lines, 1):
        try:
            entry = json.loads(line)
        except ValueError:
            raise AssertionError(f"{path.name}:{number} is not JSON: {line[:200]!r}") from None
        assert isinstance(entry, dict) and REQUIRED <= entry.keys(), f"{path.name}:{number}: {line[:200]}"
        parsed.append(entry)
    return parsed


@pytest.mark.parametrize("process", ["rasa", "actions", "telegram_bridge"])
def test_every_line_is_json_with_the_same_keys(logged, process):
    lines = entries(logged[process])
    for entry in lines:
        assert entry["process"] == process and TS.match(entry["ts"]), entry
        assert entry["level"] in {"DEBUG", "INFO", "WARNING", "ERROR", "CRITICAL"}
        assert "Traceback" not in entry["message"], entry


def test_conversation_lines_carry_the_senders_pseudonym_and_request_id(logged):
    tag = pseudonym(logged["user"])
    rasa = [entry for entry in entries(logged["rasa"]) if entry.get("sender") == tag]
    assert any(entry.get("request") == "req-logs-1" and "answered" in entry["message"] for entry in rasa)
    actions = [entry for entry in entries(logged["actions"]) if entry.get("sender") == tag]
    assert actions, "the actions server's lines of this conversation are not tagged"
    bridge = [entry for entry in entries(logged["telegram_bridge"]) if entry.get("sender")]
    assert any("answered" in entry["message"] and entry.get("request") for entry in bridge)
    assert {entry["sender"] for entry in bridge} <= {entry.get("sender") for entry in entries(logged["rasa"])}


def test_a_failing_action_is_logged_without_the_conversation(logged):
    failed = logged["failed_action"]
    assert failed.status_code == 500 and failed.json() == {"error": "KeyError in the actions server"}
    errors = [entry for entry in entries(logged["actions"]) if entry["level"] == "ERROR"]
    assert [entry["message"] for entry in errors] == ["action call failed: KeyError"]
    assert "KeyError" in errors[0]["exc"]


@pytest.mark.parametrize("process", ["rasa", "actions", "telegram_bridge"])
def test_no_user_text_or_sender_id_in_the_logs(logged, process):
    text = logged[process].read_text(encoding="utf-8")
    for secret in [*SECRETS, logged["user"]]:
        assert secret not in text, f"{secret!r} in {process}'s log"


def test_the_pseudonym_is_a_keyed_hash(tmp_path, monkeypatch):
    import hashlib
    from bot import logs

    def fresh(**env):
        for name in ("LOG_PSEUDONYM_KEY", "LOG_PSEUDONYM_KEY_FILE"):
            monkeypatch.delenv(name, raising=False)
        for name, value in env.items():
            monkeypatch.setenv(name, value)
        logs.pseudonym_key.cache_clear()
        return logs.pseudonym("123456789")

    try:
        first = fresh(LOG_PSEUDONYM_KEY_FILE=str(tmp_path / "key"))
        assert (tmp_path / "key").stat().st_mode & 0o777 == 0o600 and len((tmp_path / "key").read_text()) == 64
        assert fresh(LOG_PSEUDONYM_KEY_FILE=str(tmp_path / "key")) == first      # stable across processes
        assert fresh(LOG_PSEUDONYM_KEY_FILE=str(tmp_path / "other")) != first    # another key, another name
        assert fresh(LOG_PSEUDONYM_KEY="k1") != fresh(LOG_PSEUDONYM_KEY="k2")
        unkeyed = hashlib.sha256(b"123456789").hexdigest()[:16]
        assert first.startswith("u-") and unkeyed not in first
    finally:
        logs.pseudonym_key.cache_clear()
