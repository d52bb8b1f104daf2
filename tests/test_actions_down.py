"""The actions server crashes mid-interview (SIGKILL) and comes back: the user is told
honestly, nothing of the conversation is lost or half-recorded, and the interview goes on
to the assessment once the server is back."""
import uuid

import pytest
import requests

from bot.channels import actions_down_text
from tests.stack import MODEL, running_stack, text_of
from tests.test_e2e_rest import JIANGYIN_ANSWERS, finish_interview


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    with running_stack(tmp_path_factory.mktemp("actions-down")) as running:
        yield running


def readiness(stack) -> dict:
    reply = requests.get(f"{stack.base}/webhooks/health/ready", timeout=30)
    assert reply.status_code == 200  # Rasa itself stays ready
    return reply.json()


def test_crash_of_the_actions_server_mid_interview(stack):
    user = f"down-{uuid.uuid4().hex[:8]}"
    stack.say(user, "我是做医美顾问的，想问问卖微信号合法吗")
    before = stack.tracker(user)
    asked = before["slots"]["requested_slot"]
    assert asked is not None
    assert readiness(stack)["actions_server"] is True

    stack.kill("actions")
    answer = JIANGYIN_ANSWERS[asked]
    reply = stack.say(user, answer)
    assert text_of(reply) == actions_down_text()
    assert "暂时不可用" in text_of(reply) and "400-000-0000" in text_of(reply)
    after = stack.tracker(user)
    assert after["events"] == before["events"]  # the message was not half-processed
    assert after["slots"] == before["slots"]
    health = readiness(stack)
    assert health["status"] == "degraded" and health["actions_server"] is False

    stack.start("actions")
    assert readiness(stack)["status"] == "ok"
    stack.say(user, answer)  # the same answer again, as the user was asked to
    slots = stack.tracker(user)["slots"]
    assert slots[asked] is not None and slots["requested_slot"] != asked
    review = finish_interview(stack, user, JIANGYIN_ANSWERS)
    assert "微信" in text_of(review)
    assessment = text_of(stack.say(user, "/confirm_facts"))
    assert "高风险" in assessment and "民法典第153条" in assessment
