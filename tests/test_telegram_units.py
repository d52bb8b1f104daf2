"""Telegram bridge, pure parts: HTML rendering, message splitting, keyboards, sender ids,
rate limiting and settings."""
import re

import pytest

from bot.channels import SENDER
from bot.telegram_bridge import texts
from bot.telegram_bridge.keyboards import MAX_CALLBACK_BYTES, PayloadStore, keyboard, title_of
from bot.telegram_bridge.rate_limit import RateLimiter, Verdict
from bot.telegram_bridge.render import MAX_CHARS, escape, format_html, render, split_text, utf16_len
from bot.telegram_bridge.sender_id import sender_id
from bot.telegram_bridge.settings import Settings, SettingsError, derived_webhook_secret
from tests.fake_telegram import BadRequest, parse_html

TOKEN = "1234:abc"


def shown(html_text):
    """What Telegram displays for our HTML (raises on HTML Telegram would refuse)."""
    return parse_html(html_text)


def squash(text):
    return re.sub(r"\s+", "", text)


# -- escaping and headings -----------------------------------------------------------------

def test_escape_only_touches_the_three_special_characters():
    assert escape('<b>粗体</b> & "引号" \'单\'') == '&lt;b&gt;粗体&lt;/b&gt; &amp; "引号" \'单\''
    assert shown(escape("a &amp; b <i>")) == "a &amp; b <i>"  # shown literally, not decoded


def test_first_line_heading_is_bold_and_the_rest_escaped():
    html_text = format_html("【总体：高风险】\n合同可能无效 & <b>不是标签</b>\n\n【依据】民法典第153条")
    assert html_text.startswith("<b>【总体：高风险】</b>\n")
    assert "&amp; &lt;b&gt;不是标签&lt;/b&gt;" in html_text
    assert "<b>【依据】</b>民法典第153条" in html_text
    assert shown(html_text) == "【总体：高风险】\n合同可能无效 & <b>不是标签</b>\n\n【依据】民法典第153条"


def test_text_without_heading_gets_no_markup():
    assert format_html("没有标题 【中间】的括号") == "没有标题 【中间】的括号"
    assert format_html("<b>假标题</b>") == "&lt;b&gt;假标题&lt;/b&gt;"


# -- splitting -----------------------------------------------------------------------------

def test_short_text_is_one_message():
    assert split_text("一句话。") == ["一句话。"]


def test_split_prefers_paragraph_boundaries():
    paragraphs = [f"第{n}段：" + "账号交易有风险。" * 150 for n in range(4)]  # ~1,200 chars each
    text = "\n\n".join(paragraphs)
    chunks = split_text(text)
    assert len(chunks) == 2
    assert all(utf16_len(format_html(chunk)) <= MAX_CHARS for chunk in chunks)
    assert chunks == ["\n\n".join(paragraphs[:3]), paragraphs[3]]


def test_split_falls_back_to_lines_then_sentences():
    lines = ["• " + "个人信息不能随账号转让" * 30 for _ in range(20)]  # one 6,600-char paragraph
    chunks = split_text("\n".join(lines))
    assert len(chunks) == 2 and all(chunk.startswith("• ") for chunk in chunks)
    assert "\n".join(chunks) == "\n".join(lines)

    sentences = "".join(f"第{n}句说明风险！" for n in range(1000))  # no line breaks at all
    chunks = split_text(sentences)
    assert len(chunks) >= 2 and all(chunk.endswith("！") for chunk in chunks)
    assert "".join(chunks) == sentences


def test_split_never_cuts_an_html_entity_and_counts_escaped_length():
    text = "A&B<C>" * 2000  # 12,000 characters, no boundaries; 32,000 once escaped
    chunks = split_text(text)
    assert "".join(chunks) == text
    for chunk in chunks:
        html_text = format_html(chunk)
        assert utf16_len(html_text) <= MAX_CHARS
        assert shown(html_text) == chunk  # every entity complete
    assert len(chunks) == 8  # ceil(32,000 / 4,096): parts are filled, not cut short


def test_split_counts_emoji_as_two_units():
    text = "😀" * 3000
    chunks = split_text(text)
    assert [len(chunk) for chunk in chunks] == [2048, 952]


def test_a_long_heading_message_keeps_valid_html_in_every_part():
    text = "【总体：高风险】" + "说明" * 3000
    parts = render({"text": text}, PayloadStore())
    assert len(parts) == 2
    for part in parts:
        shown(part.html)
        assert utf16_len(part.html) <= MAX_CHARS
    assert parts[0].html.startswith("<b>【总体：高风险】")


def test_the_fake_server_refuses_what_telegram_refuses():
    for bad in ["a < b", "a & b", "<b>open", "<script>x</script>", "</b>"]:
        with pytest.raises(BadRequest):
            parse_html(bad)


# -- rendering Rasa messages and keyboards -------------------------------------------------

def test_buttons_become_an_inline_keyboard_on_the_last_part():
    store = PayloadStore()
    buttons = [{"title": "是", "payload": "/affirm"}, {"title": "否", "payload": "/deny"},
               {"title": "不清楚", "payload": "/dont_know"}]
    parts = render({"text": "问题。" * 2000, "buttons": buttons}, store)
    assert len(parts) == 2 and parts[0].keyboard is None
    rows = parts[1].keyboard.inline_keyboard
    assert [[b.text for b in row] for row in rows] == [["是", "否", "不清楚"]]
    assert [b.callback_data for b in rows[0]] == ["/affirm", "/deny", "/dont_know"]


def test_buttons_without_text_get_a_prompt_and_long_titles_get_their_own_row():
    parts = render({"buttons": [{"title": "改：出售的账号数量和平台", "payload": "/a"},
                                {"title": "改：买家的用途", "payload": "/b"}]}, PayloadStore())
    assert parts[0].html == escape("请选择：")
    assert [len(row) for row in parts[0].keyboard.inline_keyboard] == [1, 1]
    assert render({"text": "  "}, PayloadStore()) == []


def test_long_payloads_travel_as_keys_within_telegrams_limit():
    store = PayloadStore(size=2)
    long_payload = '/inform{"pi_kinds":["contact","identity","health","transaction","property"]}'
    markup = keyboard([{"title": "全部", "payload": long_payload}], store)
    data = markup.inline_keyboard[0][0].callback_data
    assert len(data.encode()) <= MAX_CALLBACK_BYTES and data != long_payload
    assert store.decode(data) == long_payload
    assert title_of(markup, data) == "全部"
    store.encode(long_payload + "1")
    store.encode(long_payload + "2")
    assert store.decode(data) is None  # bounded: the oldest key expired
    assert store.decode("/affirm") == "/affirm"
    assert store.decode("#p:unknown") is None


# -- sender ids ----------------------------------------------------------------------------

def test_sender_id_is_stable_distinct_and_not_derivable_from_the_chat_id():
    a, b = sender_id("secret", 123456789), sender_id("secret", -1001234567890)
    assert a == sender_id("secret", 123456789)
    assert a != b and a != sender_id("other secret", 123456789)
    for value, chat in ((a, "123456789"), (b, "1001234567890")):
        assert SENDER.match(value) and value.startswith("tg-") and len(value) == 35
        assert chat not in value


# -- rate limiting -------------------------------------------------------------------------

def test_rate_limit_allows_a_burst_warns_once_and_recovers():
    now = [0.0]
    limiter = RateLimiter(limit=3, window=30, clock=lambda: now[0])
    assert [limiter.check("chat") for _ in range(3)] == [Verdict.ALLOW] * 3
    assert limiter.check("chat") is Verdict.WARN
    assert limiter.check("chat") is Verdict.DROP
    assert limiter.check("other chat") is Verdict.ALLOW
    now[0] = 29.9
    assert limiter.check("chat") is Verdict.DROP
    now[0] = 30.1
    assert limiter.check("chat") is Verdict.ALLOW


def test_rate_limiter_forgets_idle_chats():
    now = [0.0]
    limiter = RateLimiter(limit=1, window=1, clock=lambda: now[0], max_keys=10)
    for chat in range(11):
        limiter.check(chat)
    now[0] = 5
    limiter.check("new")
    assert len(limiter._hits) == 1


# -- settings ------------------------------------------------------------------------------

def test_no_token_means_no_bridge():
    assert Settings.from_env({}) is None
    assert Settings.from_env({"TELEGRAM_BOT_TOKEN": "  "}) is None


def test_settings_defaults_and_derived_secrets():
    settings = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN})
    assert settings.rasa_url == "http://localhost:5005" and settings.rasa_timeout == 30
    assert settings.webhook_url is None and settings.rate_limit == 8 and settings.rate_window == 30
    assert settings.sender_secret == TOKEN
    assert settings.webhook_secret == derived_webhook_secret(TOKEN) != TOKEN
    custom = Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_SENDER_SECRET": "s",
                                "TELEGRAM_WEBHOOK_URL": "https://example.org/tg/hook",
                                "TELEGRAM_WEBHOOK_SECRET": "abc_DEF-1", "TELEGRAM_WEBHOOK_PORT": "9000",
                                "RASA_URL": "http://rasa:5005", "RETENTION_DAYS": "7"})
    assert custom.sender_secret == "s" and custom.webhook_secret == "abc_DEF-1"
    assert custom.webhook_path == "/tg/hook" and custom.webhook_port == 9000
    assert custom.rasa_url == "http://rasa:5005" and "7天" in texts.start(custom.retention_days)


@pytest.mark.parametrize("env", [
    {"TELEGRAM_WEBHOOK_SECRET": "has spaces"},
    {"TELEGRAM_WEBHOOK_URL": "ftp://example.org/x"},
    {"TELEGRAM_RATE_LIMIT": "0"},
    {"RASA_TIMEOUT": "soon"},
])
def test_bad_settings_are_refused(env):
    with pytest.raises(SettingsError):
        Settings.from_env({"TELEGRAM_BOT_TOKEN": TOKEN, **env})


def test_start_text_states_the_privacy_terms():
    text = texts.start(30)
    assert "身份证号" in text and "手机号" in text and "遮盖" in text
    assert "30天后自动删除" in text and "/delete" in text and "立即删除" in text
    assert text.rstrip().endswith("合法吗？”")


# -- group addressing ----------------------------------------------------------------------

def group_message(text, chat_type="supergroup"):
    from telegram import Message

    from tests.fake_telegram import BOT_USER, entities_of
    data = {"message_id": 1, "date": 0, "chat": {"id": -100, "type": chat_type, "title": "群"},
            "from": {"id": 7, "is_bot": False, "first_name": "x"}, "text": text, "entities": entities_of(text)}
    return Message.de_json(data, None), BOT_USER


@pytest.mark.parametrize("text, expected", [
    ("🙂🙂 @legal_help_bot 我想卖号", "🙂🙂 我想卖号"),      # offsets count UTF-16 units
    ("@Legal_Help_Bot，我想卖号", "我想卖号"),              # case-insensitive, punctuation trimmed
    ("ask @legal_help_bot now", "ask now"),
    ("@legal_help_bot", ""),
    ("@legal_help_botx 我想卖号", None),                    # another bot
    ("我想卖号 legal_help_bot", None),                      # not a mention
])
def test_group_messages_are_for_the_bot_only_when_it_is_mentioned(text, expected):
    from bot.telegram_bridge.addressing import addressed_text
    message, bot = group_message(text)
    assert addressed_text(message, bot["username"], bot["id"]) == expected
    private, _ = group_message(text, chat_type="private")
    assert addressed_text(private, bot["username"], bot["id"]) == text
