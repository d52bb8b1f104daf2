"""Health endpoints of every process (bot/health.py, bot/telegram_bridge/health.py):
alive (…/health) and ready (…/health/ready), including what makes each one unready."""
import os
import shutil
import subprocess

import aiohttp
import pytest
import requests

from tests.bridge_process import bridge_process
from tests.stack import LAUNCH, MODEL, REPO, free_port, running_stack, wait_for
from tests.telegram_harness import run, world


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    with running_stack(tmp_path_factory.mktemp("health")) as running:
        yield running


def get(url: str) -> tuple[int, dict]:
    reply = requests.get(url, timeout=30)
    assert reply.headers["Content-Type"].startswith("application/json")
    assert reply.headers.get("Cache-Control") == "no-store"
    return reply.status_code, reply.json()


def test_rasa_server_alive_and_ready(stack):
    assert get(f"{stack.base}/webhooks/health") == (200, {"status": "ok"})
    assert get(f"{stack.base}/webhooks/health/ready") == (
        200, {"status": "ok", "model": True, "tracker_store": True, "actions_server": True})


def test_actions_server_alive_and_ready(stack):
    actions = f"http://127.0.0.1:{stack.actions_port}"
    assert requests.get(f"{actions}/health", timeout=30).json() == {"status": "ok"}
    status, body = get(f"{actions}/health/ready")
    assert status == 200 and body["status"] == "ok" and body["knowledge_base"] is True
    assert body["articles"] > 50 and body["cases"] > 10


def test_actions_server_without_its_knowledge_base_is_alive_but_not_ready(tmp_path):
    port = free_port()
    env = {**os.environ, "LEGAL_DB_URL": f"sqlite:///{tmp_path / 'missing' / 'legal.db'}"}
    with (tmp_path / "actions.log").open("wb") as log:
        process = subprocess.Popen([*LAUNCH, "run", "actions", "--actions", "actions", "--port", str(port)],
                                   cwd=REPO, env=env, stdout=log, stderr=subprocess.STDOUT)
    try:
        wait_for(f"http://127.0.0.1:{port}/health", process)
        status, body = get(f"http://127.0.0.1:{port}/health/ready")
        assert status == 503 and body == {"status": "unavailable", "knowledge_base": False}
    finally:
        process.terminate()
        process.wait(30)


def test_rasa_server_without_its_tracker_store_is_not_ready(stack):
    database = stack.log_dir / "tracker.db"
    moved = stack.log_dir / "tracker.db.away"
    shutil.move(database, moved)
    database.mkdir()  # where the database was, something SQLite cannot open
    try:
        status, body = get(f"{stack.base}/webhooks/health/ready")
        assert status == 503 and body["status"] == "unavailable"
        assert body["tracker_store"] is False and body["model"] is True
        assert get(f"{stack.base}/webhooks/health") == (200, {"status": "ok"})  # still alive
    finally:
        database.rmdir()
        shutil.move(moved, database)
    assert get(f"{stack.base}/webhooks/health/ready")[0] == 200


def test_rasa_server_ready_but_degraded_without_actions_server(stack):
    stack.stop("actions")
    try:
        assert get(f"{stack.base}/webhooks/health/ready") == (
            200, {"status": "degraded", "model": True, "tracker_store": True, "actions_server": False})
    finally:
        stack.start_actions()


def test_telegram_bridge_alive_and_ready(stack, tmp_path):
    with bridge_process(tmp_path / "bridge.log", rasa_url=stack.base) as bridge:
        assert get(bridge.health) == (200, {"status": "ok"})
        assert get(f"{bridge.health}/ready") == (
            200, {"status": "ok", "mode": "polling", "receiving": True, "rasa": True})


def test_telegram_bridge_reports_rasa_down_but_stays_ready(tmp_path):
    closed = f"http://127.0.0.1:{free_port()}"
    with bridge_process(tmp_path / "bridge.log", rasa_url=closed) as bridge:
        assert get(f"{bridge.health}/ready") == (
            200, {"status": "ok", "mode": "polling", "receiving": True, "rasa": False})


def test_telegram_bridge_health_on_its_webhook_server():
    port = free_port()

    async def scenario():
        async with world(webhook_url=f"http://127.0.0.1:{port}/telegram/hook", webhook_port=port) as w:
            async with aiohttp.ClientSession() as http:
                async with http.get(f"http://127.0.0.1:{port}/health") as reply:
                    assert reply.status == 200 and await reply.json() == {"status": "ok"}
                async with http.get(f"http://127.0.0.1:{port}/health/ready") as reply:
                    body = await reply.json()
                    assert reply.status == 200 and body["mode"] == "webhook" and body["receiving"] is True
                await w.app.stop()  # no longer handling updates
                async with http.get(f"http://127.0.0.1:{port}/health/ready") as reply:
                    assert reply.status == 503 and (await reply.json())["status"] == "unavailable"
    run(scenario)


def test_unknown_addresses_and_methods_get_polite_chinese_json(stack):
    from bot.error_pages import METHOD_NOT_ALLOWED, NOT_FOUND
    reply = requests.get(f"{stack.base}/no/such/page", timeout=30)
    assert reply.status_code == 404 and reply.json() == {"error": "not_found", "message": NOT_FOUND}
    reply = requests.get(f"{stack.base}/webhooks/rest/webhook", timeout=30)   # POST only
    assert reply.status_code == 405 and reply.json()["message"] == METHOD_NOT_ALLOWED
    assert "POST" in reply.headers.get("Allow", "")
    # Rasa's own API keeps its own error bodies
    assert requests.get(f"{stack.base}/status", timeout=30).status_code == 200
