"""Start the real stack for end-to-end tests: the actions server and a Rasa server on the
trained model, on free local ports, and talk to it over the REST channel.

Both are started as `make run` starts them (bot/launch.py: JSON log lines, see
bot/logs.py), each logging to <log_dir>/<name>.log. `kill` and `start` simulate a crash
and a restart; `stop` is a clean shutdown (SIGTERM)."""
from __future__ import annotations

import os
import signal
import socket
import subprocess
import time
from contextlib import contextmanager
from pathlib import Path

import requests

REPO = Path(__file__).resolve().parents[1]
VENV_BIN = REPO / ".venv" / "bin"
MODEL = REPO / "models" / "assistant.tar.gz"
LAUNCH = [str(VENV_BIN / "python"), "-m", "bot.launch"]


_HANDED_OUT: set[int] = set()


def free_port() -> int:
    """A free loopback port never returned before in this process: a port is picked before
    the server that will use it binds it, so two picks in a row could otherwise coincide."""
    while True:
        with socket.socket() as sock:
            sock.bind(("127.0.0.1", 0))
            port = sock.getsockname()[1]
        if port not in _HANDED_OUT:
            _HANDED_OUT.add(port)
            return port


def wait_for(url: str, process: subprocess.Popen, timeout: float = 600) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{process.args[1:5]} exited with {process.returncode}")
        try:
            if requests.get(url, timeout=2).status_code == 200:
                return
        except requests.RequestException:
            pass
        time.sleep(0.5)
    raise TimeoutError(f"{url} not ready after {timeout}s")


class Stack:
    def __init__(self, env: dict, log_dir: Path):
        self.env = env
        self.log_dir = log_dir
        self.actions_port = free_port()
        self.rasa_port = free_port()
        self.env["ACTION_ENDPOINT_URL"] = f"http://127.0.0.1:{self.actions_port}/webhook"
        self.processes: dict[str, subprocess.Popen] = {}

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.rasa_port}"

    def _spawn(self, name: str, args: list[str]) -> subprocess.Popen:
        log = open(self.log_dir / f"{name}.log", "ab")
        process = subprocess.Popen(args, cwd=REPO, env=self.env, stdout=log, stderr=subprocess.STDOUT,
                                   start_new_session=True)
        self.processes[name] = process
        return process

    def start_actions(self) -> None:
        process = self._spawn("actions", [*LAUNCH, "run", "actions", "--actions", "actions",
                                          "--port", str(self.actions_port)])
        wait_for(f"http://127.0.0.1:{self.actions_port}/health", process)

    def start_rasa(self) -> None:
        process = self._spawn("rasa", [*LAUNCH, "run", "--enable-api", "--port",
                                       str(self.rasa_port), "--model", str(MODEL),
                                       "--endpoints", "endpoints.yml", "--credentials", "credentials.yml"])
        wait_for(f"{self.base}/status", process)

    def start(self, name: str) -> None:
        {"actions": self.start_actions, "rasa": self.start_rasa}[name]()

    def stop(self, name: str) -> None:
        """SIGTERM, then SIGKILL after 20 s."""
        process = self.processes.pop(name, None)
        if process and process.poll() is None:
            os.killpg(process.pid, signal.SIGTERM)
            try:
                process.wait(timeout=20)
            except subprocess.TimeoutExpired:
                os.killpg(process.pid, signal.SIGKILL)
                process.wait()

    def kill(self, name: str) -> None:
        """SIGKILL, as a crash would."""
        process = self.processes.pop(name)
        os.killpg(process.pid, signal.SIGKILL)
        process.wait()

    def stop_all(self) -> None:
        for name in list(self.processes):
            self.stop(name)

    def say(self, sender: str, message: str) -> list[dict]:
        response = requests.post(f"{self.base}/webhooks/rest/webhook",
                                 json={"sender": sender, "message": message}, timeout=60)
        response.raise_for_status()
        return response.json()

    def tracker(self, sender: str) -> dict:
        response = requests.get(f"{self.base}/conversations/{sender}/tracker", timeout=30)
        response.raise_for_status()
        return response.json()


@contextmanager
def running_stack(log_dir: Path, extra_env: dict | None = None):
    env = {**os.environ, "RASA_TELEMETRY_ENABLED": "false", "TF_CPP_MIN_LOG_LEVEL": "3",
           "TRACKER_DIALECT": "sqlite", "TRACKER_URL": "", "TRACKER_USER": "",
           "TRACKER_PASSWORD": "", "TRACKER_DB": str(log_dir / "tracker.db"), **(extra_env or {})}
    stack = Stack(env, log_dir)
    try:
        stack.start_actions()
        stack.start_rasa()
        yield stack
    finally:
        stack.stop_all()


def text_of(messages: list[dict]) -> str:
    return "\n".join(message.get("text", "") for message in messages)


def buttons_of(messages: list[dict]) -> list[dict]:
    return [button for message in messages for button in message.get("buttons", [])]
