"""actions/numbers.py: Chinese quantity and money expressions."""
import time

import pytest

from actions.numbers import (
    MAX_VALUE,
    Quantity,
    find_quantities,
    format_count,
    format_rmb,
    parse_money,
    parse_quantity,
)

# (text, value, low, high, approximate)
EXACT = [
    ("9", 9), ("九", 9), ("十", 10), ("十一", 11), ("四十", 40), ("一百五", 150), ("两百五十", 250),
    ("三千五", 3500), ("一千零五十", 1050), ("一万零五", 10005), ("一万二", 12000), ("两万五", 25000),
    ("2万5", 25000), ("2万500", 20500), ("十万八千", 108000), ("五十万", 500000), ("一百亿", 10 ** 10),
    ("一亿二千万", 120_000_000), ("九千九百九十九万", 99_990_000), ("十万亿", 10 ** 13),
    ("一万一千一百一十一", 11111), ("1.5万", 15000), ("0.5万", 5000), ("1.2亿", 120_000_000),
    ("3w", 30000), ("3W", 30000), ("2k", 2000), ("2K", 2000), ("1.5k", 1500), ("3kw", 30_000_000),
    ("12万3千", 123000), ("3千", 3000), ("1,500", 1500), ("1,500,000", 1_500_000), ("１２", 12),
    ("３Ｗ", 30000), ("零", 0), ("0", 0), ("两", 2), ("俩", 2), ("仨", 3), ("壹佰", 100), ("叁万", 30000),
    ("萬", None), ("兩萬", 20000), ("3 万", 30000), ("百万粉丝", 1_000_000),
]


@pytest.mark.parametrize("text, value", EXACT)
def test_exact_numbers(text, value):
    q = parse_quantity(text)
    if value is None:
        assert q is None
        return
    assert q is not None, text
    assert (q.value, q.low, q.high, q.approximate) == (value, value, value, False), q


RANGES = [
    # text, value, low, high
    ("十几", 15, 11, 19),
    ("十几个", 15, 11, 19),
    ("二十多", 25, 21, 29),
    ("二十几", 25, 21, 29),
    ("20几", 25, 21, 29),
    ("10多个", 15, 11, 19),
    ("100多", 150, 101, 199),
    ("一百多", 150, 101, 199),
    ("2000多", 2500, 2001, 2999),
    ("2000 多", 2500, 2001, 2999),
    ("2千多", 2500, 2001, 2999),
    ("两千多", 2500, 2001, 2999),
    ("一万多", 15000, 10001, 19999),
    ("3万多", 35000, 30001, 39999),
    ("1.5万多", 15500, 15001, 15999),
    ("15多万", 155000, 150000, 160000),
    ("二十多万", 250000, 210000, 290000),
    ("20余万", 250000, 210000, 290000),
    ("三十几万", 350000, 310000, 390000),
    ("两三千", 2500, 2000, 3000),
    ("兩三千", 2500, 2000, 3000),
    ("两三万", 25000, 20000, 30000),
    ("三四个", 4, 3, 4),
    ("三五个", 4, 3, 5),
    ("一两百", 150, 100, 200),
    ("七八十个", 75, 70, 80),
    ("一二十个", 15, 10, 20),
    ("十五六", 16, 15, 16),
    ("两万五六", 25500, 25000, 26000),
    ("几百", 550, 200, 900),
    ("几千", 5500, 2000, 9000),
    ("几十万", 550000, 200000, 900000),
    ("几个", 6, 2, 9),
    ("好几千", 6000, 3000, 9000),
    ("好几个", 6, 3, 9),
    ("好几十万", 600000, 300000, 900000),
    ("上千", 1000, 1000, 9999),
    ("上万粉丝", 10000, 10000, 99999),
    ("上百万", 1_000_000, 1_000_000, 9_999_999),
    ("2-3千", 2500, 2000, 3000),
    ("2~3万", 25000, 20000, 30000),
    ("2000~3000", 2500, 2000, 3000),
    ("2000-3000人", 2500, 2000, 3000),
    ("两千到三千", 2500, 2000, 3000),
    ("两到三千", 2500, 2000, 3000),
    ("20至30万", 250000, 200000, 300000),
    ("十到二十万", 150000, 100000, 200000),
    ("5千到1万", 7500, 5000, 10000),
    ("1万-2万", 15000, 10000, 20000),
]


@pytest.mark.parametrize("text, value, low, high", RANGES)
def test_ranges_and_fuzzy_numbers(text, value, low, high):
    q = parse_quantity(text)
    assert q is not None, text
    assert (q.value, q.low, q.high) == (value, low, high), q
    assert q.approximate is True


def test_range_note_names_the_estimate():
    assert parse_quantity("两三千").note == "按2500估算"
    assert parse_quantity("十几").note == "按15估算"
    assert parse_quantity("上千").note == "按至少1000估算"
    assert parse_quantity("二十多万").note == "按250,000估算"
    assert parse_quantity("9").note is None


@pytest.mark.parametrize("text", ["3000左右", "3000上下", "大概3000", "大约三千", "约3000", "差不多3000",
                                  "将近3000", "3000人左右", "十来个", "100来个", "三千出头", "3000以上"])
def test_approximators_keep_the_number(text):
    q = parse_quantity(text)
    assert q is not None and q.approximate is True
    assert q.value in (3000, 10, 100)
    assert q.low == q.high == q.value


def test_decimal_count_is_rounded_and_flagged():
    q = parse_quantity("1.5")
    assert (q.value, q.approximate, q.note) == (2, True, "按2估算")


@pytest.mark.parametrize("text, value", [("负3", -3), ("-3", -3), ("－3", -3), ("负两万", -20000), ("−5个", -5)])
def test_negative_numbers_are_returned_for_the_caller_to_reject(text, value):
    q = parse_quantity(text)
    assert q is not None and q.value == value and q.low <= q.high


@pytest.mark.parametrize("text", ["2-3", "2-3千"])
def test_dash_between_numbers_is_a_range_not_a_sign(text):
    assert parse_quantity(text).value > 0


@pytest.mark.parametrize("text", [
    "", "abc", "没有", "不知道", "很多人", "多少钱", "千万别卖", "万一被封", "一下", "第一次", "十分感谢",
    "百度一下", "几乎没有", "负数", "千", "万", "多", "上", "👍👍👍", "<b>hi</b>", "'; DROP TABLE users;--",
])
def test_no_number(text):
    assert parse_quantity(text) is None


def test_numbers_inside_chat_text():
    assert parse_quantity("我有9个微信号").value == 9
    assert parse_quantity("大概有两三千人吧").value == 2500
    assert parse_quantity("不是很多，一共也就十几个").value == 15
    found = find_quantities("9个号每个两三千好友")
    assert [(m.start, m.end, m.quantity.value) for m in found] == [(0, 1, 9), (5, 8, 2500)]


def test_words_that_contain_numerals_are_not_numbers():
    assert [m.quantity.value for m in find_quantities("一起卖了一直没人要，统一价格")] == []
    assert [m.quantity.value for m in find_quantities("三十分钟后")] == [30]


def test_huge_values_are_returned_for_rejection_not_exploded():
    assert parse_quantity("一百亿").value == 10 ** 10
    assert parse_quantity("9" * 15).value == int("9" * 15)
    q = parse_quantity("9" * 100)
    assert q.value == MAX_VALUE and q.note == "数值过大"
    assert parse_quantity("万" * 150) is None
    assert parse_quantity("一" + "万" * 150).value == 10000
    assert parse_quantity("一亿亿亿亿亿").value == 10 ** 8


def test_long_input_is_refused():
    assert parse_quantity("9" + " " * 200) is None
    assert parse_money("50万" + "啊" * 200) is None


@pytest.mark.parametrize("text", [
    None, 123, b"50", "\x00\x01\x02", "9" * 5000, "一" * 20000, "万" * 20000, "多" * 5000,
    "2-" * 3000, "1," * 3000, "😀" * 10000, "<script>alert(1)</script>", "'; DROP TABLE x; --",
    "1.2.3.4.5", "..", ",,,", "１" * 199, "负" * 100 + "3", "-" * 100 + "3", "上上上千", "几几几",
    "两三四五六七八九", "零零零", "十十十", "百百百万", "k" * 50, "3kkk", "3www", "wx 3w", "\u200b9\u200b",
], ids=lambda value: repr(value)[:20])
def test_hostile_input_never_raises(text):
    start = time.monotonic()
    q = parse_quantity(text)
    m = parse_money(text)
    found = find_quantities(text)
    assert q is None or isinstance(q, Quantity)
    assert m is None or isinstance(m, Quantity)
    assert isinstance(found, list)
    assert time.monotonic() - start < 2


def test_find_quantities_on_100_kb_is_fast():
    text = ("我有9个微信号，每个两三千好友，卖了50万。" * 5000)[:100_000]
    start = time.monotonic()
    found = find_quantities(text)
    assert found and time.monotonic() - start < 5


MONEY = [
    ("50万", 500000), ("五十万元", 500000), ("3w", 30000), ("2k", 2000), ("30万块", 300000),
    ("30万块钱", 300000), ("￥300,000", 300000), ("¥300000", 300000), ("300000元", 300000),
    ("1.5万", 15000), ("三十万rmb", 300000), ("三十万RMB", 300000), ("人民币50万元", 500000),
    ("5000块", 5000), ("两万五", 25000), ("伍拾万元", 500000),
    ("9个号卖了50万", 500000),          # the count comes first, the amount has a unit
    ("对方付了30万，还欠20万", 300000),
]


@pytest.mark.parametrize("text, value", MONEY)
def test_money(text, value):
    q = parse_money(text)
    assert q is not None and q.value == value, q


def test_money_range_note_is_in_yuan():
    q = parse_money("两三万")
    assert (q.value, q.low, q.high, q.approximate) == (25000, 20000, 30000, True)
    assert q.note == "按2.5万元估算"


def test_foreign_currency_is_flagged():
    assert "不是人民币" in parse_money("100美元").note
    assert "不是人民币" in parse_money("500u").note
    assert parse_money("500元").note is None


def test_no_money():
    assert parse_money("没谈价格") is None
    assert parse_money("") is None


@pytest.mark.parametrize("value, text", [
    (500000, "50万元"), (2500, "2,500元"), (15000, "1.5万元"), (22500, "2.25万元"), (12345, "12,345元"),
    (10000, "1万元"), (150_000_000, "1.5亿元"), (10 ** 10, "100亿元"), (0, "0元"), (-50000, "-5万元"),
    (999, "999元"), (2500.4, "2,500元"),
])
def test_format_rmb(value, text):
    assert format_rmb(value) == text


@pytest.mark.parametrize("value, text", [(22500, "22,500"), (9, "9"), (1000000, "1,000,000"), (-3, "-3"),
                                         (2499.5, "2,500")])
def test_format_count(value, text):
    assert format_count(value) == text


def test_adverb_after_an_amount_is_not_a_digit():
    from actions.numbers import parse_money
    assert parse_money("剩下20万一直不给").value == 200000
    assert parse_money("2万一共").value == 20000
    assert parse_money("一万一千").value == 11000
