"""End to end in a real browser: the demo law-firm page served by the Rasa server (webchat
channel), the widget talking to the real REST channel, actions server and trained model.
A whole assessment by typing and clicking, the conversation after a reload, HTML in a
message, deleting the conversation, a phone-sized screen and a server restart.
Screenshots of each step go to results/screenshots/e2e-*.png."""
from __future__ import annotations

import functools
import re

import pytest
import requests
import yaml

import tests.stack
from tests.stack import MODEL, running_stack
from tests.test_widget_support import (REPO, Dialogs, accept_notice, bot_count, chip, chromium, click_chip,
                                       images_in_log, inside_viewport, launcher, message_list, open_widget,
                                       panel, screenshot, sender_of, text_input, type_message, wait_for_bot)

OPENER = "我是做医美顾问的，想问问卖微信号合法吗"
# How a user answers each question: typing where people would type, tapping elsewhere.
ANSWERS = {
    "role": ("click", "我是卖方"),
    "platform": ("type", "微信"),
    "account_count": ("type", "9个"),
    "status": ("click", "已签协议"),
    "third_party_pi": ("click", "有"),
    "pi_kinds": ("type", "有客户的身份证号、生日、住址，还有病历"),
    "pi_count": ("type", "每个号两三千好友"),
    "obtained_in_service": ("click", "是"),
    "consent": ("click", "否"),
    "deidentified": ("click", "否"),
    "real_name": ("click", "是"),
    "buyer_known": ("click", "是"),
    "buyer_purpose": ("type", "他也是做医美的，接着用这些号做生意"),
    "price": ("type", "总价50万"),
    "paid": ("type", "付了30万"),
    "announce_change": ("click", "否"),
    "official_route": ("click", "否"),
    "prior_penalty": ("click", "否"),
}
START = "✅ 没问题，开始评估"
HOSTILE = "<img src=x onerror=alert(1)>"


# Loading the model can take minutes on a busy 2-core machine.
SLOW_START = functools.partial(tests.stack.wait_for, timeout=600)


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(tests.stack, "wait_for", SLOW_START)
        with running_stack(tmp_path_factory.mktemp("widget-logs")) as running:
            yield running


@pytest.fixture(scope="module")
def browser():
    with chromium() as browser:
        yield browser


@pytest.fixture
def demo(stack):
    return f"{stack.base}/webhooks/webchat/demo"


@pytest.fixture
def page(browser, demo):
    context = browser.new_context(viewport={"width": 1280, "height": 860}, locale="zh-CN")
    page = context.new_page()
    page.goto(demo)
    yield page
    context.close()


def server_history(stack, sender: str) -> list[dict]:
    reply = requests.get(f"{stack.base}/webhooks/rest/history", params={"sender": sender}, timeout=30)
    reply.raise_for_status()
    return reply.json()["messages"]


def article_first_line(law: str, number: str) -> str:
    data = yaml.safe_load((REPO / "knowledge" / "statutes" / f"{law}.yml").read_text(encoding="utf-8"))
    return next(a["text"] for a in data["articles"] if a["article"] == number).splitlines()[0]


def answer_until_review(page, stack, max_turns: int = 30) -> dict:
    """Answer whatever is asked (by the tracker's requested slot) until the review's start
    button appears; returns the answers typed and clicked."""
    used: dict[str, list[str]] = {"type": [], "click": []}
    sender = sender_of(page)
    for turn in range(max_turns):
        if chip(page, START).count():
            return used
        slot = stack.tracker(sender)["slots"].get("requested_slot")
        how, answer = ANSWERS.get(slot, ("click", "不清楚"))
        if how == "click" and chip(page, answer).count() == 0:
            how, answer = "type", "不清楚"
        if how == "click":
            click_chip(page, answer)
            assert page.locator(".lc-msg.lc-user .lc-bubble").last.inner_text() == answer
        else:
            type_message(page, answer)
        used[how].append(answer)
        if turn == 3:
            screenshot(page, "e2e-04-interview")
    raise AssertionError(f"no review after {max_turns} answers; last bot text: {message_list(page).inner_text()[-300:]}")


def test_whole_assessment_in_the_browser(page, stack, demo):
    dialogs = Dialogs(page)
    assert "律师事务所" in page.title()
    screenshot(page, "e2e-01-demo-page")
    open_widget(page)
    assert page.locator(".lc-consent").is_visible() and text_input(page).is_hidden()
    screenshot(page, "e2e-02-privacy-notice")
    accept_notice(page)
    sender = sender_of(page)
    assert re.fullmatch(r"web-[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}", sender)

    type_message(page, OPENER)
    screenshot(page, "e2e-03-first-answer")
    used = answer_until_review(page, stack)
    assert len(used["type"]) >= 3 and len(used["click"]) >= 3, used
    assert "微信" in message_list(page).inner_text()
    screenshot(page, "e2e-05-review")

    click_chip(page, START)
    assert page.locator(".lc-msg.lc-user .lc-bubble").last.inner_text() == START
    badge = page.locator(".lc-overall .lc-badge").last
    assert badge.inner_text() == "高风险" and "lc-level-high" in badge.get_attribute("class")
    assert page.locator(".lc-badge-sm.lc-level-high").count() >= 1  # dimensions marked too
    text = message_list(page).inner_text()
    assert "合同无效" in text or "无效" in text
    assert "法律意见" in text
    screenshot(page, "e2e-06-assessment")

    cite = page.locator(".lc-cite[data-article='civil_code:153']").first
    assert cite.inner_text() == "民法典第153条"
    cite.click()
    box = page.locator(".lc-article").first
    box.wait_for(state="visible")
    page.wait_for_function("() => window.__legalChatWidget.pending === 0", timeout=90_000)
    assert article_first_line("civil_code", "153") in box.inner_text()
    assert cite.get_attribute("aria-expanded") == "true"
    box.scroll_into_view_if_needed()
    screenshot(page, "e2e-07-article-expanded")

    page.reload()
    page.locator(".lc-overall .lc-badge").first.wait_for(timeout=30_000)  # reopened with the history
    assert launcher(page).get_attribute("aria-expanded") == "true"
    after = page.locator(".lc-msg.lc-user .lc-bubble").all_inner_texts()
    # What was typed comes back (taps were payloads, which the history leaves out).
    assert set([OPENER] + used["type"]) <= set(after), (used["type"], after)
    assert page.locator(".lc-overall .lc-badge").first.inner_text() == "高风险"
    assert "民法典第153条" in message_list(page).inner_text()
    assert sender_of(page) == sender
    screenshot(page, "e2e-08-after-reload")
    assert dialogs.seen == []


def test_html_in_a_message_never_runs(page, stack):
    dialogs = Dialogs(page)
    open_widget(page)
    accept_notice(page)
    type_message(page, HOSTILE)
    page.wait_for_timeout(500)
    assert page.locator(".lc-msg.lc-user .lc-bubble").last.inner_text() == HOSTILE
    assert images_in_log(page) == 0
    assert dialogs.seen == []
    page.reload()  # the history renders it as text as well
    page.locator(".lc-msg.lc-user").first.wait_for(timeout=30_000)
    page.wait_for_timeout(500)
    assert page.locator(".lc-msg.lc-user .lc-bubble").first.inner_text() == HOSTILE
    assert images_in_log(page) == 0 and dialogs.seen == []
    screenshot(page, "e2e-09-html-shown-as-text")


def test_delete_my_conversation(page, stack):
    open_widget(page)
    accept_notice(page)
    type_message(page, "我想卖3个抖音号")
    sender = sender_of(page)
    assert any(m["text"] == "我想卖3个抖音号" for m in server_history(stack, sender))
    page.get_by_role("button", name="删除我的对话").click()
    page.get_by_role("button", name="确定删除").click()
    page.locator(".lc-consent").wait_for(state="visible")
    assert page.locator(".lc-msg").count() == 0 and sender_of(page) is None
    assert server_history(stack, sender) == []
    screenshot(page, "e2e-10-deleted")
    page.reload()
    open_widget(page)
    assert page.locator(".lc-consent").is_visible() and page.locator(".lc-msg").count() == 0


def test_phone_sized_screen(browser, stack, demo):
    context = browser.new_context(viewport={"width": 375, "height": 667}, is_mobile=True, has_touch=True,
                                  locale="zh-CN")
    try:
        page = context.new_page()
        page.goto(demo)
        assert inside_viewport(page, launcher(page))
        screenshot(page, "e2e-11-phone-page")
        open_widget(page)
        assert inside_viewport(page, panel(page))
        accept_notice(page)
        assert inside_viewport(page, text_input(page)) and inside_viewport(page, page.locator(".lc-send"))
        text_input(page).fill("我想卖2个游戏账号")
        before = bot_count(page)
        page.locator(".lc-send").tap()
        wait_for_bot(page, before)
        assert page.locator(".lc-msg.lc-user .lc-bubble").last.inner_text() == "我想卖2个游戏账号"
        assert inside_viewport(page, panel(page)) and text_input(page).is_visible()
        screenshot(page, "e2e-12-phone-chat")
    finally:
        context.close()


def test_recovers_after_a_server_restart(page, stack):
    open_widget(page)
    accept_notice(page)
    type_message(page, "你好")
    sender = sender_of(page)
    stack.stop("rasa")
    type_message(page, "我想卖微信号", wait=False)
    banner = page.locator(".lc-banner")
    banner.wait_for(state="visible", timeout=30_000)
    assert "重试" in banner.inner_text()
    screenshot(page, "e2e-13-server-down")
    before = bot_count(page)
    stack.start_rasa()
    if page.locator(".lc-failed").count():
        page.get_by_role("button", name="重新发送").click()
    elif banner.is_visible():
        page.get_by_role("button", name="立即重试").click()
    wait_for_bot(page, before, timeout=120_000)
    assert banner.is_hidden()
    texts = [m["text"] for m in server_history(stack, sender) if m["role"] == "user"]
    assert texts == ["你好", "我想卖微信号"]  # nothing lost, nothing sent twice
    type_message(page, "9个")  # and the conversation goes on
    screenshot(page, "e2e-14-after-restart")
