"""Telegram bridge through python-telegram-bot's real HTTP requests: a stand-in Bot API
server (tests/fake_telegram.py) and a scripted Rasa REST server (tests/fake_rasa.py)."""
import logging
import os
import subprocess
import sys

import aiohttp

from bot.telegram_bridge import texts
from bot.telegram_bridge.__main__ import NO_TOKEN
from bot.telegram_bridge.webhook import SECRET_HEADER
from tests.fake_telegram import BOT_USER
from tests.stack import free_port
from tests.telegram_harness import REPO_ENV, buttons_of, run, texts_of, world

CHAT = 5551234
GROUP = -1009876543
YES_NO = [{"title": "是", "payload": "/affirm"}, {"title": "否", "payload": "/deny"}]
LONG_PAYLOAD = '/inform{"pi_kinds":["contact","identity","health","transaction","property"]}'


def interview(sender, message):
    """A small scripted interview: a question with buttons, a heading, an echo."""
    if message == "/restart":
        return []
    if message in ("/affirm", "/deny", LONG_PAYLOAD):
        return [{"text": f"【已记录】\n收到：{message}"}, {"text": "还有别的吗？"}]
    return [{"text": f"你说：{message}"},
            {"text": "账号里有别人的个人信息吗？", "buttons": YES_NO + [{"title": "都有", "payload": LONG_PAYLOAD}]}]




def test_user_and_bot_text_is_escaped_for_html_and_typing_is_shown():
    def script(sender, message):
        return [{"text": f"你说：{message}"}, {"text": "【总体：高风险】\nA&B 的 <b>合同</b> 可能无效"}]

    async def scenario():
        async with world(script) as w:
            answer = await w.say(CHAT, "我卖 <b>号</b> & 买家 <i>不给钱</i>")
            # Rasa got the user's text unchanged, under the chat's sender id.
            assert w.rasa.received == [(w.sender(CHAT), "我卖 <b>号</b> & 买家 <i>不给钱</i>")]
            sent = w.telegram.requests("sendMessage", CHAT)
            assert [m["parse_mode"] for m in sent] == ["HTML", "HTML"]
            assert sent[0]["text"] == "你说：我卖 &lt;b&gt;号&lt;/b&gt; &amp; 买家 &lt;i&gt;不给钱&lt;/i&gt;"
            assert sent[1]["text"] == "<b>【总体：高风险】</b>\nA&amp;B 的 &lt;b&gt;合同&lt;/b&gt; 可能无效"
            # What the user sees is exactly what was written.
            assert texts_of(answer) == "你说：我卖 <b>号</b> & 买家 <i>不给钱</i>\n【总体：高风险】\nA&B 的 <b>合同</b> 可能无效"
            methods = [call.method for call in w.telegram.calls if call.method != "getUpdates"]
            assert methods.index("sendChatAction") < methods.index("sendMessage")
            assert w.telegram.requests("sendChatAction", CHAT)[0]["action"] == "typing"
    run(scenario)


def test_button_taps_send_the_payload_and_answer_the_callback():
    async def scenario():
        async with world(interview) as w:
            answer = await w.say(CHAT, "我想卖微信号")
            question = answer[-1]
            buttons = buttons_of(question)
            assert [b["text"] for b in buttons] == ["是", "否", "都有"]
            assert buttons[0]["callback_data"] == "/affirm"
            assert buttons[2]["callback_data"] != LONG_PAYLOAD and len(buttons[2]["callback_data"]) <= 64

            reply = await w.tap(question, "/affirm")
            assert w.rasa.messages_from(w.sender(CHAT))[-1] == "/affirm"
            query_id = w.telegram.requests("answerCallbackQuery")[0]["callback_query_id"]
            assert query_id == "1"
            # The question now shows the choice and has no keyboard left to tap twice.
            edited = w.telegram.messages[(CHAT, question["message_id"])]
            assert edited["text"].endswith("👉 是") and "reply_markup" not in edited
            assert texts_of(reply) == "【已记录】\n收到：/affirm\n还有别的吗？"
            assert w.telegram.requests("sendMessage", CHAT)[-2]["text"].startswith("<b>【已记录】</b>\n")

            second = (await w.say(CHAT, "再问一次"))[-1]
            await w.tap(second, buttons_of(second)[2]["callback_data"])
            assert w.rasa.messages_from(w.sender(CHAT))[-1] == LONG_PAYLOAD

            # A tap on a button the bridge no longer knows: an explanation, nothing forwarded.
            received = len(w.rasa.received)
            await w.telegram.tap(second, "#p:0000000000")
            await w.telegram.wait_for(lambda: len(w.telegram.requests("answerCallbackQuery")) == 3)
            expired = w.telegram.requests("answerCallbackQuery")[-1]
            assert expired["text"] == texts.BUTTON_EXPIRED and expired["show_alert"] is True
            assert len(w.rasa.received) == received
    run(scenario)


def test_long_answers_are_split_at_boundaries_within_the_limit():
    paragraph = "账号买卖合同可能因违反强制性规定而无效。已付款项通常应当返还，A&B 两方各自承担责任！" * 40
    long_text = "【总体：高风险】\n" + "\n\n".join([paragraph] * 4)  # ~6,900 characters

    async def scenario():
        async with world(lambda s, m: [{"text": long_text, "buttons": YES_NO}]) as w:
            answer = await w.say(CHAT, "评估一下")
            sent = w.telegram.requests("sendMessage", CHAT)
            assert len(answer) == len(sent) == 2  # none refused by the server
            assert all(len(m["text"].encode("utf-16-le")) // 2 <= 4096 for m in sent)
            assert answer[0]["text"].startswith("【总体：高风险】") and sent[0]["text"].startswith("<b>")
            assert answer[0]["text"].endswith("！") and answer[1]["text"].startswith("账号买卖合同")
            assert "".join(m["text"] for m in answer).replace("\n", "") == long_text.replace("\n", "")
            assert "reply_markup" not in sent[0] and buttons_of(answer[1])
    run(scenario)


def test_start_help_and_reset():
    async def scenario():
        async with world(interview) as w:
            start = texts_of(await w.say(CHAT, "/start"))
            assert "账号买卖法律风险助手" in start and "遮盖" in start and "30天后自动删除" in start
            assert "/delete" in start and "请简单说说您的情况" in start
            assert "/reset" in texts_of(await w.say(CHAT, "/help"))
            assert texts_of(await w.say(CHAT, "/whatever")) == texts.HELP
            assert w.rasa.received == []  # none of these reached Rasa
            assert texts_of(await w.say(CHAT, "/reset")) == texts.RESET_DONE
            assert w.rasa.received == [(w.sender(CHAT), "/restart")]
    run(scenario)


def test_delete_erases_the_chats_conversation_only():
    async def scenario():
        async with world(interview) as w:
            await w.say(CHAT, "我想卖微信号")
            await w.say(CHAT + 1, "我想买游戏号")
            history_url = f"{w.rasa.url}/webhooks/rest/history"
            async with aiohttp.ClientSession() as http:
                async def history(chat):
                    async with http.get(history_url, params={"sender": w.sender(chat)}) as reply:
                        return (await reply.json())["messages"]
                assert await history(CHAT)
                answer = await w.say(CHAT, "/delete")
                assert texts_of(answer) == texts.DELETED
                assert w.rasa.deleted == [w.sender(CHAT)]
                assert await history(CHAT) == []
                assert await history(CHAT + 1)  # another chat's conversation is untouched
    run(scenario)


def test_rate_limit_answers_politely_once_and_spares_rasa():
    async def scenario():
        async with world(rate_limit=3) as w:
            for n in range(6):
                await w.telegram.send_text(CHAT, f"消息{n}")
            await w.telegram.send_text(CHAT + 1, "别的聊天")
            await w.telegram.wait_for(lambda: len(w.telegram.sent(CHAT)) >= 4 and len(w.telegram.sent(CHAT + 1)) >= 1)
            await w.settled(CHAT, 0)
            assert w.rasa.messages_from(w.sender(CHAT)) == ["消息0", "消息1", "消息2"]
            shown = [m["text"] for m in w.telegram.sent(CHAT)]
            assert shown.count(texts.RATE_LIMITED) == 1 and len(shown) == 4
            assert w.rasa.messages_from(w.sender(CHAT + 1)) == ["别的聊天"]  # per chat
            # A button tap over the limit gets the notice as an alert, and goes nowhere.
            await w.telegram.tap(w.telegram.sent(CHAT)[0], "/affirm")
            await w.telegram.wait_for(lambda: w.telegram.requests("answerCallbackQuery"))
            assert w.telegram.requests("answerCallbackQuery")[0]["text"] == texts.RATE_LIMITED
            # /delete always works.
            assert texts_of(await w.say(CHAT, "/delete")) == texts.DELETED
            assert len(w.rasa.received) == 4
    run(scenario)


def test_in_groups_only_mentions_and_replies_are_answered():
    async def scenario():
        async with world() as w:
            username = "@" + BOT_USER["username"]
            for ignored in ["大家好，我想卖号", "@some_other_bot 你好", "/help", "/help@some_other_bot"]:
                await w.telegram.send_text(GROUP, ignored, user_id=7)
            answer = await w.say(GROUP, f"{username} 我想卖3个抖音号，合法吗？", user_id=7)
            # Only the mention went to Rasa, without the mention.
            assert w.rasa.received == [(w.sender(GROUP), "我想卖3个抖音号，合法吗？")]
            assert texts_of(answer) == "你说：我想卖3个抖音号，合法吗？"
            # In a group the answer quotes the message it answers.
            first = w.telegram.requests("sendMessage", GROUP)[0]
            assert first["reply_parameters"]["message_id"] == w.last_message["message_id"]
            # Replying to the bot's message continues the conversation.
            await w.say(GROUP, "是卖给朋友的", user_id=8, reply_to=answer[0])
            assert w.rasa.received[-1] == (w.sender(GROUP), "是卖给朋友的")
            # A mention in the middle is cut out too; a command naming the bot is answered.
            await w.say(GROUP, f"请问{username}，要签合同吗", user_id=7)
            assert w.rasa.received[-1][1] == "请问，要签合同吗"
            assert texts_of(await w.say(GROUP, f"/help{username}")) == texts.HELP
            assert len(w.rasa.received) == 3
            # Private chats need no mention.
            await w.say(CHAT, "你好")
            assert w.rasa.received[-1] == (w.sender(CHAT), "你好")
    run(scenario)


def test_rasa_failures_give_a_friendly_answer_and_the_next_update_is_served(caplog):
    async def scenario():
        async with world(interview, rasa_timeout=0.5) as w:
            w.rasa.status = 500
            assert texts_of(await w.say(CHAT, "第一条")) == texts.TRY_LATER
            w.rasa.status, w.rasa.delay = 200, 2.0
            assert texts_of(await w.say(CHAT, "第二条")) == texts.TRY_LATER
            w.rasa.delay = 0
            assert texts_of(await w.say(CHAT, "第三条")).startswith("你说：第三条")
            await w.rasa.stop()
            assert texts_of(await w.say(CHAT, "第四条")) == texts.TRY_LATER
            assert texts_of(await w.say(CHAT, "/delete")) == texts.TRY_LATER
            # Nothing else reached the user: no traceback, no raw error.
            assert all(m["text"] in (texts.TRY_LATER,) or m["text"].startswith(("你说", "账号"))
                       for m in w.telegram.sent(CHAT))

    with caplog.at_level(logging.WARNING, logger="bot.telegram_bridge"):
        run(scenario)
    failures = [r for r in caplog.records if r.name.startswith("bot.telegram_bridge")]
    assert len(failures) == 4
    assert "HTTP 500" in failures[0].getMessage() and "timed out" in failures[1].getMessage()
    assert all("\n" not in r.getMessage() and not r.exc_info for r in failures)


def test_rasa_unreachable_from_the_start():
    async def scenario():
        async with world(rasa_url=f"http://127.0.0.1:{free_port()}") as w:
            assert texts_of(await w.say(CHAT, "你好")) == texts.TRY_LATER
            assert texts_of(await w.say(CHAT, "还在吗")) == texts.TRY_LATER
    run(scenario)


def test_non_text_messages_get_a_hint():
    async def scenario():
        async with world() as w:
            before = len(w.telegram.sent(CHAT))
            await w.telegram.send_sticker(CHAT)
            assert texts_of(await w.settled(CHAT, before)) == texts.NOT_TEXT
            assert w.rasa.received == []
    run(scenario)


def test_webhook_mode_rejects_forged_calls():
    port = free_port()
    url = f"http://127.0.0.1:{port}/telegram/hook"
    secret = "webhook-secret_123"

    def update(update_id, text):
        return {"update_id": update_id, "message": {
            "message_id": update_id, "date": 1700000000, "text": text,
            "chat": {"id": CHAT, "type": "private"}, "from": {"id": CHAT, "is_bot": False, "first_name": "x"}}}

    async def scenario():
        async with world(webhook_url=url, webhook_secret=secret, webhook_port=port) as w:
            registered = w.telegram.requests("setWebhook")
            assert registered[-1]["url"] == url and registered[-1]["secret_token"] == secret
            assert not w.telegram.requests("getUpdates")  # no polling in webhook mode
            async with aiohttp.ClientSession() as http:
                async def post(body, headers):
                    async with http.post(url, json=body, headers=headers) as reply:
                        return reply.status
                assert await post(update(1, "伪造的消息"), {}) == 403
                assert await post(update(2, "伪造的消息"), {SECRET_HEADER: "guess"}) == 403
                assert await post(update(3, "伪造的消息"), {SECRET_HEADER: secret + "x"}) == 403
                async with http.get(url, headers={SECRET_HEADER: secret}) as reply:
                    assert reply.status == 405
                async with http.post(url, data=b"not json", headers={SECRET_HEADER: secret}) as reply:
                    assert reply.status == 400
                assert await post(update(4, "真正的消息"), {SECRET_HEADER: secret}) == 200
            answer = await w.settled(CHAT, 0)
            assert texts_of(answer) == "你说：真正的消息"
            assert w.rasa.received == [(w.sender(CHAT), "真正的消息")]
    run(scenario)


def test_without_a_token_the_bridge_says_so_in_one_line_and_exits():
    env = {key: value for key, value in os.environ.items() if not key.startswith("TELEGRAM_")}
    result = subprocess.run([sys.executable, "-m", "bot.telegram_bridge"], env={**env, **REPO_ENV},
                            capture_output=True, text=True, timeout=60, cwd=REPO_ENV["PYTHONPATH"])
    assert result.returncode == 0
    assert result.stdout == NO_TOKEN + "\n" and result.stderr == ""


def test_report_is_sent_as_a_pdf_document():
    token = "A" * 43
    pdf = b"%PDF-1.4 test report"

    def script(sender, message):
        url = f"http://assistant.example/webhooks/reports/{token}"
        return [{"text": f"报告已生成：{url}"}, {"custom": {"report_url": url, "report_id": "R42"}}]

    async def scenario():
        async with world(script) as w:
            w.rasa.reports[token] = pdf
            sent = await w.say(CHAT, "生成报告")
            assert "报告已生成" in texts_of(sent)
            await w.telegram.wait_for(lambda: w.telegram.documents)
            document = w.telegram.documents[0]
            assert document["filename"] == "report-R42.pdf" and document["content"] == pdf
            assert document["chat"]["id"] == CHAT

    run(scenario)


def test_missing_report_only_costs_the_document():
    def script(sender, message):
        url = "http://assistant.example/webhooks/reports/" + "B" * 43
        return [{"text": "报告已生成"}, {"custom": {"report_url": url, "report_id": "R1"}}]

    async def scenario():
        async with world(script) as w:
            sent = await w.say(CHAT, "生成报告")
            assert "报告已生成" in texts_of(sent)
            second = await w.say(CHAT, "你好")
            assert second and not w.telegram.documents

    run(scenario)
