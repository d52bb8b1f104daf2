"""The website widget in a real (headless) browser against a scripted stand-in for the
assistant's REST channel: fast and deterministic checks of rendering, safety, consent,
retries, deletion, keyboard use and layout. The same flows against the real Rasa stack are
in test_widget_e2e.py.

The host page is served from http://localhost:PORT and the widget from
http://127.0.0.1:PORT, so the widget has to find the assistant from its own script src
(a different origin than the page), as on a law firm's site."""
from __future__ import annotations

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlparse

import pytest

from bot.webchat_channel import widget_source
from tests.test_widget_support import (Dialogs, accept_notice, bot_count, chip, chromium, click_chip,
                                       enabled_chip_titles, images_in_log, inside_viewport, launcher,
                                       message_list, open_widget, panel, screenshot, sender_of,
                                       text_input, type_message, wait_for_bot, wait_idle)

LAWS = {"民法典": "civil_code", "刑法": "criminal_law", "网络安全法（2016年文本）": "cybersecurity_law"}
ASSESSMENT = [
    {"text": "【总体：🔴 高风险】\n总体属于高风险，主要原因是账号里有大量客户信息。"},
    {"text": "🔴 合同效力：很可能无效\n未经同意转让客户信息（民法典第153条、刑法第253条之一）。\n\n"
             "🟢 平台处理：风险较低\n按网络安全法（2016年文本）第22条处理。"},
    {"text": "⚠️ 一般性风险分析，不是法律意见。",
     "buttons": [{"title": "查看法条原文", "payload": "/ask_article"}, {"title": "联系律师", "payload": "/ask_lawyer"}]},
]
HOSTILE = '<img src=x onerror="window.__pwned=1;alert(1)">'

HOST_PAGE = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>某律所</title>
<style>
  * { letter-spacing: 4px !important; font-family: serif; }
  button { background: rgb(0, 128, 0); color: yellow; border-radius: 0; font-size: 30px; }
  div { padding: 9px; }
  [role=log] { display: none; }
</style></head><body><h1>某律师事务所</h1><p>欢迎。</p><a href="#x" id="page-link">页面链接</a>
<script src="http://127.0.0.1:{port}/webhooks/webchat/widget.js" data-title="测试律所在线咨询" data-color="#0b6e4f"></script>
</body></html>"""


class FakeAssistant:
    """What the REST channel does, scripted: replies by message, history, delete."""

    def __init__(self):
        self.lock = threading.Lock()
        self.received: list[tuple[str, str]] = []
        self.origins: set[str] = set()
        self.histories: dict[str, list[dict]] = {}
        self.deleted: list[str] = []
        self.fail_next = 0
        self.delay = 0.0
        self.history_delay = 0.0

    def replies(self, message: str) -> list[dict]:
        if message == "你好":
            return [{"text": "您好！您是卖方还是买方？", "buttons": [
                {"title": "我是卖方", "payload": '/inform{"role":"seller"}'},
                {"title": "我是买方", "payload": '/inform{"role":"buyer"}'}]}]
        if message.startswith("/inform"):
            return ASSESSMENT
        if message.startswith("/ask_article{"):
            article = json.loads(message[len("/ask_article"):])["article"]
            return [{"text": f"📖 《测试》条文 {article}\n这里是 {article} 的原文。"},
                    {"text": "我们继续：还有别的问题吗？"}]
        if message == "报告":
            return [{"text": "报告已生成：\nhttp://127.0.0.1:9/webhooks/reports/abc123。\n"
                             "别点这个：javascript:alert(1) 或 data:text/html,<script>alert(1)</script>"}]
        if message == "慢一点":
            time.sleep(1.5)
            return [{"text": "好的。"}]
        return [{"text": "您说的是：" + message, "buttons": [{"title": HOSTILE, "payload": "/deny"}]}]

    def webhook(self, sender: str, message: str) -> tuple[int, object]:
        with self.lock:
            if self.fail_next > 0:
                self.fail_next -= 1
                return 503, {"error": "restarting"}
            self.received.append((sender, message))
        replies = self.replies(message)
        now = time.time()
        with self.lock:
            history = self.histories.setdefault(sender, [])
            if not message.startswith("/"):
                history.append({"role": "user", "text": message, "timestamp": now})
            history += [{"role": "bot", "text": reply.get("text", ""), "buttons": reply.get("buttons", []),
                         "timestamp": now} for reply in replies]
        return 200, [{"recipient_id": sender, **reply} for reply in replies]


def make_handler(fake: FakeAssistant):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def log_message(self, *args):
            pass

        def send(self, status, body, content_type="application/json; charset=utf-8"):
            data = body if isinstance(body, bytes) else json.dumps(body, ensure_ascii=False).encode("utf-8")
            self.send_response(status)
            self.send_header("Content-Type", content_type)
            self.send_header("Content-Length", str(len(data)))
            self.send_header("Access-Control-Allow-Origin", "*")
            self.end_headers()
            self.wfile.write(data)

        def do_OPTIONS(self):
            self.send_response(204)
            self.send_header("Access-Control-Allow-Origin", "*")
            self.send_header("Access-Control-Allow-Methods", "GET, POST")
            self.send_header("Access-Control-Allow-Headers", "Content-Type")
            self.send_header("Content-Length", "0")
            self.end_headers()

        def do_GET(self):
            url = urlparse(self.path)
            if url.path == "/page":
                port = self.server.server_address[1]
                self.send(200, HOST_PAGE.replace("{port}", str(port)).encode("utf-8"), "text/html; charset=utf-8")
            elif url.path == "/webhooks/webchat/widget.js":
                source = widget_source({"laws": LAWS, "retentionDays": 30, "firm": "测试律师事务所"})
                self.send(200, source.encode("utf-8"), "application/javascript; charset=utf-8")
            elif url.path == "/webhooks/rest/history":
                fake.origins.add(self.headers.get("Origin", ""))
                sender = parse_qs(url.query).get("sender", [""])[0]
                time.sleep(fake.history_delay)
                with fake.lock:
                    self.send(200, {"messages": list(fake.histories.get(sender, []))})
            else:
                self.send(404, {"error": "not found"})

        def do_POST(self):
            body = json.loads(self.rfile.read(int(self.headers.get("Content-Length", 0))) or b"{}")
            fake.origins.add(self.headers.get("Origin", ""))
            if self.path == "/webhooks/rest/webhook":
                time.sleep(fake.delay)
                status, reply = fake.webhook(body["sender"], body["message"])
                self.send(status, reply)
            elif self.path == "/webhooks/rest/delete":
                with fake.lock:
                    fake.deleted.append(body["sender"])
                    removed = len(fake.histories.pop(body["sender"], []))
                self.send(200, {"deleted": removed})
            else:
                self.send(404, {"error": "not found"})

    return Handler


class Server(ThreadingHTTPServer):
    request_queue_size = 64  # the browser opens several connections at once
    daemon_threads = True


@pytest.fixture(scope="module")
def server():
    httpd = Server(("127.0.0.1", 0), make_handler(FakeAssistant()))
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield httpd
    httpd.shutdown()


@pytest.fixture
def fake(server):
    fake = FakeAssistant()
    server.RequestHandlerClass = make_handler(fake)
    return fake


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def page_url(server):
    return f"http://localhost:{server.server_address[1]}/page"


@pytest.fixture
def context(browser):
    context = browser.new_context(viewport={"width": 1280, "height": 800}, locale="zh-CN")
    yield context
    context.close()


@pytest.fixture
def page(context, page_url):
    page = context.new_page()
    page.goto(page_url)
    return page


def started(page):
    open_widget(page)
    accept_notice(page)


def test_notice_must_be_accepted_before_the_first_message(page, fake):
    assert launcher(page).get_attribute("aria-label") == "打开在线咨询：测试律所在线咨询"
    assert panel(page).is_hidden()
    launcher(page).click()
    notice = page.locator(".lc-consent")
    assert notice.is_visible() and text_input(page).is_hidden()
    text = notice.inner_text()
    for part in ("保存什么", "身份证号、手机号", "30 天", "删除我的对话", "测试律师事务所"):
        assert part in text, part
    assert sender_of(page) is None  # nothing is stored before consent
    accept_notice(page)
    assert sender_of(page).startswith("web-") and len(sender_of(page)) == 40
    assert "您好" in message_list(page).inner_text()  # local welcome, nothing sent yet
    assert fake.received == []


def test_messages_buttons_and_assessment_rendering(page, fake):
    started(page)
    type_message(page, "你好")
    assert page.locator(".lc-msg.lc-user .lc-bubble").last.inner_text() == "你好"
    assert page.locator(".lc-msg.lc-bot .lc-time").last.inner_text()  # timestamped
    click_chip(page, "我是卖方")
    assert page.locator(".lc-msg.lc-user .lc-bubble").last.inner_text() == "我是卖方"
    assert fake.received[-1] == (sender_of(page), '/inform{"role":"seller"}')
    assert chip(page, "我是买方").count() == 0  # answered: the old choices are disabled

    badge = page.locator(".lc-overall .lc-badge")
    assert badge.inner_text() == "高风险" and "lc-level-high" in badge.get_attribute("class")
    assert page.locator(".lc-bubble.lc-assessment.lc-is-high").count() == 1
    small = page.locator(".lc-badge-sm")
    assert small.count() == 2
    assert [small.nth(0).get_attribute("aria-label"), small.nth(1).get_attribute("aria-label")] == ["高风险", "低风险"]
    assert "lc-level-low" in small.nth(1).get_attribute("class")
    cites = page.locator(".lc-cite")
    assert [cites.nth(i).get_attribute("data-article") for i in range(cites.count())] == [
        "civil_code:153", "criminal_law:253-1", "cybersecurity_law:22"]
    assert set(enabled_chip_titles(page)) >= {"查看法条原文", "联系律师"}
    screenshot(page, "unit-assessment")


def test_citations_expand_to_the_article_text(page, fake):
    started(page)
    type_message(page, "你好")
    click_chip(page, "我是卖方")
    cite = page.locator(".lc-cite", has_text="民法典第153条")
    before = bot_count(page)
    cite.click()
    box = page.locator(".lc-article")
    box.wait_for(state="visible")
    page.wait_for_function("() => window.__legalChatWidget.pending === 0")
    assert "civil_code:153 的原文" in box.inner_text()
    assert cite.get_attribute("aria-expanded") == "true"
    assert fake.received[-1] == (sender_of(page), '/ask_article{"article":"civil_code:153"}')
    assert bot_count(page) == before + 1  # the bot's other message shown in the chat
    assert "我们继续" in page.locator(".lc-msg.lc-bot .lc-bubble").last.inner_text()
    screenshot(page, "unit-article-expanded")
    cite.click()
    assert box.is_hidden() and cite.get_attribute("aria-expanded") == "false"
    cite.click()
    assert box.is_visible()
    assert len([m for _, m in fake.received if m.startswith("/ask_article")]) == 1  # fetched once


def test_web_addresses_in_bot_text_become_safe_links(page, fake):
    dialogs = Dialogs(page)
    started(page)
    type_message(page, "报告")
    links = page.locator(".lc-msg.lc-bot a")
    assert links.count() == 1
    assert links.get_attribute("href") == "http://127.0.0.1:9/webhooks/reports/abc123"
    assert links.inner_text() == "http://127.0.0.1:9/webhooks/reports/abc123"
    assert links.get_attribute("rel") == "noopener noreferrer"
    assert "javascript:alert(1)" in page.locator(".lc-msg.lc-bot .lc-bubble").last.inner_text()
    assert images_in_log(page) == 0 and dialogs.seen == []


def test_typing_indicator_while_waiting(page, fake):
    started(page)
    type_message(page, "慢一点", wait=False)
    typing = page.locator(".lc-typing")
    typing.wait_for(state="visible", timeout=1000)
    assert "正在输入" in typing.inner_text()
    wait_idle(page)
    assert typing.is_hidden()


def test_html_in_messages_is_shown_as_text(page, fake):
    dialogs = Dialogs(page)
    started(page)
    type_message(page, HOSTILE)
    page.wait_for_timeout(300)
    assert page.locator(".lc-msg.lc-user .lc-bubble").last.inner_text() == HOSTILE
    assert page.locator(".lc-msg.lc-bot .lc-bubble").last.inner_text() == "您说的是：" + HOSTILE
    assert chip(page, HOSTILE).count() == 1  # a button title too is text
    assert images_in_log(page) == 0
    assert dialogs.seen == [] and page.evaluate("() => window.__pwned") is None
    page.reload()  # and from the history
    open_widget(page)
    page.locator(".lc-msg.lc-user").first.wait_for()
    page.wait_for_timeout(300)
    assert page.locator(".lc-msg.lc-user .lc-bubble").last.inner_text() == HOSTILE
    assert images_in_log(page) == 0 and dialogs.seen == []


def test_history_after_reload_and_in_another_tab(context, page, fake, page_url):
    started(page)
    type_message(page, "我想卖号")
    sender = sender_of(page)
    page.reload()
    # The panel was open: it opens again by itself, with the conversation.
    page.locator(".lc-msg.lc-user").first.wait_for()
    assert launcher(page).get_attribute("aria-expanded") == "true"
    assert page.locator(".lc-msg.lc-user .lc-bubble").all_inner_texts() == ["我想卖号"]
    other = context.new_page()
    other.goto(page_url)
    open_widget(other)
    other.locator(".lc-msg.lc-user").first.wait_for()
    assert sender_of(other) == sender
    assert "您说的是：我想卖号" in message_list(other).inner_text()
    assert fake.origins == {page_url.rsplit("/", 1)[0]}  # cross-origin calls to the script's host


def test_a_message_sent_while_the_history_loads_comes_after_it(page, fake):
    started(page)
    type_message(page, "第一条")
    fake.history_delay = 2.0
    page.reload()
    text_input(page).wait_for(state="visible")  # the panel reopens; the history is on its way
    type_message(page, "第二条", wait=False)
    wait_idle(page)
    assert page.locator(".lc-msg.lc-user .lc-bubble").all_inner_texts() == ["第一条", "第二条"]
    assert message_list(page).inner_text().index("您说的是：第一条") < message_list(page).inner_text().index("第二条")


def test_retries_while_the_assistant_is_unreachable(page, fake):
    started(page)
    fake.fail_next = 2
    type_message(page, "你好", wait=False)
    banner = page.locator(".lc-banner")
    banner.wait_for(state="visible")
    assert "正在自动重试" in banner.inner_text()
    screenshot(page, "unit-retrying")
    wait_for_bot(page, 1, timeout=20_000)
    assert banner.is_hidden()
    assert [m for _, m in fake.received] == ["你好"]  # delivered once


def test_a_message_that_never_went_through_can_be_sent_again(page, fake):
    started(page)
    fake.fail_next = 1000
    type_message(page, "你好", wait=False)
    page.locator(".lc-banner").wait_for(state="visible")
    for _ in range(12):  # skip the back-off waits
        if page.locator(".lc-failed").count():
            break
        page.get_by_role("button", name="立即重试").click()
        page.wait_for_timeout(150)
    page.locator(".lc-failed").wait_for()
    assert "没有成功" in page.locator(".lc-banner").inner_text()
    fake.fail_next = 0
    page.get_by_role("button", name="重新发送").click()
    wait_for_bot(page, 1)
    assert page.locator(".lc-failed").count() == 0
    type_message(page, "第二条")  # and the next message works too
    assert [m for _, m in fake.received] == ["你好", "第二条"]


def test_delete_my_conversation(page, fake):
    started(page)
    type_message(page, "你好")
    sender = sender_of(page)
    page.get_by_role("button", name="删除我的对话").click()
    assert page.locator(".lc-confirm").is_visible()
    page.get_by_role("button", name="确定删除").click()
    page.locator(".lc-consent").wait_for(state="visible")
    assert fake.deleted == [sender] and sender not in fake.histories
    assert page.locator(".lc-msg").count() == 0
    assert sender_of(page) is None
    accept_notice(page)  # starting again gives a new conversation id
    assert sender_of(page) not in (None, sender)


def test_keyboard_only(page, fake):
    page.locator("#page-link").focus()
    page.keyboard.press("Tab")  # the launcher comes right after the page's own content
    focused = "() => document.querySelector('legal-chat-widget').shadowRoot.activeElement?.className || ''"
    assert page.evaluate(focused) == "lc-launcher"
    outline = page.evaluate("() => getComputedStyle(document.querySelector('legal-chat-widget')"
                            ".shadowRoot.activeElement).outlineStyle")
    assert outline == "solid"  # visible focus
    page.keyboard.press("Enter")
    assert page.evaluate(focused) == "lc-btn"  # 同意并开始
    page.keyboard.press("Enter")
    assert page.evaluate(focused) == "lc-input"
    wait_idle(page)  # the welcome is shown once the (empty) history has loaded
    assert bot_count(page) == 1
    page.keyboard.type("你好")
    page.keyboard.press("Enter")
    wait_for_bot(page, 1)
    page.keyboard.press("Shift+Tab")
    page.keyboard.press("Shift+Tab")
    assert page.evaluate(focused) == "lc-chip"  # the answers are reachable by keyboard
    page.keyboard.press("Enter")
    wait_for_bot(page, 2)
    assert page.locator(".lc-badge").count() > 0
    assert page.evaluate(focused) == "lc-log"  # focus stays in the conversation
    page.keyboard.press("Escape")
    assert panel(page).is_hidden() and page.evaluate(focused) == "lc-launcher"
    assert launcher(page).get_attribute("aria-expanded") == "false"


def test_screen_reader_labels(page, fake):
    started(page)
    log = message_list(page)
    assert log.get_attribute("aria-live") == "polite" and log.get_attribute("aria-label")
    assert text_input(page).get_attribute("aria-label") == "输入您的问题"
    assert page.locator(".lc-close").get_attribute("aria-label") == "关闭对话窗口"
    assert panel(page).get_attribute("role") == "dialog"
    assert page.locator(".lc-typing").get_attribute("role") == "status"
    assert page.locator(".lc-banner").get_attribute("role") == "alert"


def test_styles_are_isolated_from_the_page(page, fake):
    started(page)
    type_message(page, "你好")
    style = page.evaluate("""() => {
        const root = document.querySelector('legal-chat-widget').shadowRoot;
        const chip = getComputedStyle(root.querySelector('.lc-chip'));
        const log = getComputedStyle(root.querySelector('[role=log]'));
        const header = getComputedStyle(root.querySelector('.lc-header'));
        return {chipBackground: chip.backgroundColor, chipSpacing: chip.letterSpacing, chipSize: chip.fontSize,
                logDisplay: log.display, header: header.backgroundColor};
    }""")
    assert style["chipBackground"] == "rgb(255, 255, 255)" and style["chipSpacing"] == "normal"
    assert style["chipSize"] == "14px" and style["logDisplay"] == "block"
    assert style["header"] == "rgb(11, 110, 79)"  # data-color


def test_phone_sized_screen(browser, fake, page_url):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True)
    try:
        page = context.new_page()
        page.goto(page_url)
        assert inside_viewport(page, launcher(page))
        started(page)
        assert inside_viewport(page, panel(page)) and inside_viewport(page, text_input(page))
        type_message(page, "你好")
        assert inside_viewport(page, page.locator(".lc-send"))
        screenshot(page, "unit-phone")
    finally:
        context.close()
