"""Personal data is masked before anything is stored or logged."""
import pytest

from bot.redact import PLACEHOLDERS, found, redact


@pytest.mark.parametrize("raw, secret, kind", [
    ("我身份证是110105199003078765", "110105199003078765", "id_number"),
    ("身份证 11010519900307876X 号", "11010519900307876X", "id_number"),
    ("老身份证110105900307876", "110105900307876", "id_number"),
    ("电话13812345678", "13812345678", "mobile"),
    ("打 +86 138-1234-5678 找我", "138-1234-5678", "mobile"),
    ("138 1234 5678", "138 1234 5678", "mobile"),
    ("卡号6222021234567890123", "6222021234567890123", "bank_card"),
    ("卡号 6222 0212 3456 7890", "6222 0212 3456 7890", "bank_card"),
    ("邮箱 zhang.san+1@example.com.cn", "zhang.san+1@example.com.cn", "email"),
])
def test_each_kind_is_masked(raw, secret, kind):
    masked = redact(raw)
    assert secret not in masked
    assert PLACEHOLDERS[kind] in masked
    assert found(masked) == set()


def test_ordinary_numbers_stay():
    text = "我有9个微信号，每个两三千好友，卖50万，已付300000元，第253条之一，2021年3月16日"
    assert redact(text) == text


def test_several_in_one_message_and_idempotent():
    text = "我叫张三，身份证110105199003078765，手机13812345678，邮箱a@b.cn"
    once = redact(text)
    assert redact(once) == once
    assert "110105199003078765" not in once and "13812345678" not in once and "a@b.cn" not in once
    assert once.startswith("我叫张三")


@pytest.mark.parametrize("value", [None, "", 5, "😀" * 100])
def test_odd_input(value):
    assert redact(value) == value
