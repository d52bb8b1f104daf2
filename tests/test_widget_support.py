"""Helpers for the website widget's browser tests (no tests here): launching Debian's
chromium headless through Playwright, and driving the widget inside its shadow root.

Playwright's CSS locators pierce open shadow roots, so `.lc-launcher` finds the widget's
launcher inside <legal-chat-widget>."""
from __future__ import annotations

import re
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
CHROMIUM = Path("/usr/bin/chromium")
SCREENSHOTS = REPO / "results" / "screenshots"
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]


@contextmanager
def chromium():
    """A headless chromium (the system one: Playwright's own download is not used)."""
    if not CHROMIUM.exists():
        pytest.fail("chromium is not installed: run scripts/system_deps.sh as root (make test does)")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def screenshot(page, name: str) -> Path:
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = SCREENSHOTS / f"{name}.png"
    page.screenshot(path=str(path))
    return path


class Dialogs:
    """Records every JavaScript dialog (alert, confirm, prompt) a page opens."""

    def __init__(self, page):
        self.seen: list[str] = []
        page.on("dialog", self._on_dialog)

    def _on_dialog(self, dialog):
        self.seen.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


# --- the widget -------------------------------------------------------------------------

def launcher(page):
    return page.locator(".lc-launcher")


def panel(page):
    return page.locator(".lc-panel")


def message_list(page):
    return page.locator("[role=log]")


def text_input(page):
    return page.locator("textarea.lc-input")


def open_widget(page) -> None:
    launcher(page).wait_for(state="visible")
    if launcher(page).get_attribute("aria-expanded") != "true":
        launcher(page).click()
    panel(page).wait_for(state="visible")


def accept_notice(page) -> None:
    page.get_by_role("button", name="同意并开始").click()
    text_input(page).wait_for(state="visible")
    wait_idle(page)  # the (empty) history has been asked for and the welcome shown


def bot_count(page) -> int:
    return page.locator(".lc-msg.lc-bot").count()


def wait_idle(page, timeout: float = 90_000) -> None:
    """Until the widget has no request under way (and no retry pending)."""
    page.wait_for_function("() => window.__legalChatWidget && window.__legalChatWidget.pending === 0",
                           timeout=timeout)


def wait_for_bot(page, before: int, timeout: float = 90_000) -> None:
    """Until the widget is idle and shows more bot messages than `before`."""
    from playwright.sync_api import TimeoutError as PlaywrightTimeout

    try:
        page.wait_for_function(
            "n => window.__legalChatWidget.pending === 0 && "
            "document.querySelector('legal-chat-widget').shadowRoot.querySelectorAll('.lc-msg.lc-bot').length > n",
            arg=before, timeout=timeout)
    except PlaywrightTimeout:
        state = page.evaluate("""() => {
            const w = window.__legalChatWidget, root = document.querySelector('legal-chat-widget').shadowRoot;
            return {pending: w.pending, banner: w.banner.hidden ? null : w.bannerText.textContent,
                    bot: root.querySelectorAll('.lc-msg.lc-bot').length,
                    log: root.querySelector('[role=log]').innerText.slice(-400)};
        }""")
        raise AssertionError(f"no new bot message after {timeout / 1000:.0f}s (had {before}): {state}") from None


def type_message(page, text: str, wait: bool = True) -> None:
    before = bot_count(page)
    text_input(page).fill(text)
    text_input(page).press("Enter")
    if wait:
        wait_for_bot(page, before)


def chip(page, title: str):
    """The clickable button with exactly this title among the latest answers."""
    return page.locator(".lc-chip:enabled").filter(has_text=re.compile("^" + re.escape(title) + "$")).last


def click_chip(page, title: str, wait: bool = True) -> None:
    before = bot_count(page)
    chip(page, title).click()
    if wait:
        wait_for_bot(page, before)


def enabled_chip_titles(page) -> list[str]:
    return page.locator(".lc-chip:enabled").all_inner_texts()


def last_bot_texts(page, count: int = 1) -> list[str]:
    bubbles = page.locator(".lc-msg.lc-bot .lc-bubble")
    total = bubbles.count()
    return [bubbles.nth(index).inner_text() for index in range(max(0, total - count), total)]


def sender_of(page) -> str | None:
    """The conversation id the widget keeps in localStorage."""
    return page.evaluate("""() => {
        for (let i = 0; i < localStorage.length; i++) {
            const key = localStorage.key(i);
            if (key.startsWith('legalchat:') && key.endsWith(':sender')) return localStorage.getItem(key);
        }
        return null;
    }""")


def images_in_log(page) -> int:
    return page.evaluate("() => document.querySelector('legal-chat-widget').shadowRoot"
                         ".querySelector('[role=log]').querySelectorAll('img, script, iframe, svg').length")


def inside_viewport(page, locator) -> bool:
    box = locator.bounding_box()
    size = page.viewport_size
    return (box is not None and box["x"] >= 0 and box["y"] >= 0
            and box["x"] + box["width"] <= size["width"] + 0.5
            and box["y"] + box["height"] <= size["height"] + 0.5)
