"""End to end through Telegram: the stand-in Bot API server, the bridge, and the real stack
(actions server + Rasa on the trained model), started once for this module."""
import asyncio
import re

import pytest
import requests

from bot.telegram_bridge import texts
from tests.stack import MODEL, running_stack
from tests.telegram_harness import buttons_of, run, texts_of, world

CHAT = 8080123
TURN = 90.0  # seconds for one answer of the real stack on a slow machine
UNLIMITED = 1000  # the rate limit is tested elsewhere; a scripted user is quick

# Answers by the interview question asked (the form's requested slot): payloads are
# tapped on the question's keyboard, everything else is typed.
ANSWERS = {
    "role": '/inform{"role":"seller"}',
    "platform": '/inform{"platform":"wechat"}',
    "account_count": "9个",
    "status": "已经签了协议，他付了30万，剩下20万一直不给",
    "third_party_pi": "/affirm",
    "pi_kinds": "有客户的身份证号、生日、住址，还有病历",
    "pi_count": "每个号两三千个好友",
    "obtained_in_service": "/affirm",
    "consent": "/deny",
    "deidentified": "/deny",
    "real_name": "/affirm",
    "buyer_known": "/affirm",
    "buyer_purpose": "他也是做医美的，接着用这些号做生意",
    "price": "总价50万",
    "paid": "付了30万",
    "announce_change": "/deny",
    "official_route": "/deny",
    "prior_penalty": "/deny",
}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    with running_stack(tmp_path_factory.mktemp("telegram-stack")) as running:
        yield running


def requested_slot(stack, sender):
    return stack.tracker(sender)["slots"].get("requested_slot")


def history(stack, sender):
    reply = requests.get(f"{stack.base}/webhooks/rest/history", params={"sender": sender}, timeout=30)
    reply.raise_for_status()
    return reply.json()["messages"]


def with_button(messages, payload):
    """The latest message whose keyboard has a button for `payload`."""
    for message in reversed(messages):
        if any(button["callback_data"] == payload for button in buttons_of(message)):
            return message
    return None


def test_whole_assessment_conversation_through_telegram(stack):
    async def scenario():
        async with world(rasa_url=stack.base, rasa_timeout=TURN, rate_limit=UNLIMITED) as w:
            sender = w.sender(CHAT)
            answer = await w.say(CHAT, "我是做医美顾问的，想问问卖微信号合法吗", timeout=TURN)
            assert texts_of(answer)
            taps = typed = 0
            for _ in range(25):
                review = with_button(answer, "/confirm_facts")
                if review:
                    break
                slot = await asyncio.to_thread(requested_slot, stack, sender)
                assert slot, f"no question asked; the bot said: {texts_of(answer)}"
                reply = ANSWERS.get(slot, "/dont_know")
                question = with_button(answer, reply) if reply.startswith("/") else None
                if question:
                    answer = await w.tap(question, reply, timeout=TURN)
                    taps += 1
                else:
                    answer = await w.say(CHAT, reply, timeout=TURN)
                    typed += 1
            else:
                pytest.fail("the interview did not reach the review")
            assert taps >= 3 and typed >= 3, (taps, typed)
            assert "微信" in texts_of([review])

            assessment = await w.tap(review, "/confirm_facts", timeout=TURN)
            text = texts_of(assessment)
            assert "合同无效" in text or re.search(r"[高中低]风险", text)
            assert "民法典第153条" in text
            # The verdict heading is bold; every message passed Telegram's HTML checks.
            sent = w.telegram.requests("sendMessage", CHAT)
            assert any(m["text"].startswith("<b>【总体") for m in sent)
            assert len(sent) == len(w.telegram.sent(CHAT))
            titles = {button["text"] for message in assessment for button in buttons_of(message)}
            assert {"相似案例", "联系律师"} <= titles
            # The tapped review shows the choice and lost its keyboard.
            tapped = w.telegram.messages[(CHAT, review["message_id"])]
            assert "👉" in tapped["text"] and "reply_markup" not in tapped
    run(scenario, timeout=25 * TURN)


def test_reset_and_delete_through_telegram(stack):
    async def scenario():
        async with world(rasa_url=stack.base, rasa_timeout=TURN, rate_limit=UNLIMITED) as w:
            sender = w.sender(CHAT + 1)
            await w.say(CHAT + 1, "我想卖3个抖音号", timeout=TURN)
            slots = (await asyncio.to_thread(stack.tracker, sender))["slots"]
            assert slots["platform"] == "douyin" and slots["account_count"] == 3

            await w.say(CHAT + 1, "/reset", timeout=TURN)
            slots = (await asyncio.to_thread(stack.tracker, sender))["slots"]
            assert slots["platform"] is None and slots["account_count"] is None

            await w.say(CHAT + 1, "我想买一个游戏账号", timeout=TURN)
            assert await asyncio.to_thread(history, stack, sender)
            assert texts_of(await w.say(CHAT + 1, "/delete", timeout=TURN)) == texts.DELETED
            assert await asyncio.to_thread(history, stack, sender) == []
    run(scenario, timeout=6 * TURN)
