"""Parse Chinese quantity and money expressions from chat text.

Pure Python, no Rasa import. Every public function is total: it never raises on any
string and returns None when there is no number.

Numbers are read as integer ranges ``[low, high]`` with a representative ``value``.
The rules, all deterministic:

Digits and units
  - Arabic digits (ASCII or full-width, ``1,500`` thousands separators, ``1.5`` decimals)
    and Chinese numerals 零〇一二两俩三仨四五六七八九 (also 壹贰叁肆伍陆柒捌玖, traditional 兩貳陸).
  - Units: 十/拾 10, 百/佰 100, 千/仟/k/K 1,000, 万/萬/w/W 10^4, kw 10^7, 亿/億 10^8.
    ``十万八千`` = 108,000, ``一百亿`` = 10^10, ``1.5万`` = 15,000, ``3w`` = 30,000.
  - Abbreviation: one bare digit right after a unit counts in the next lower place:
    ``两万五`` = 25,000, ``一万二`` = 12,000, ``三千五`` = 3,500, ``2万5`` = 25,000;
    but ``一万零五`` = 10,005 and ``2万500`` = 20,500 (several Arabic digits are literal).

Ranges (value = midpoint rounded half up, ``note`` = "按<value>估算")
  - Two neighbouring Chinese digits: ``两三千`` = 2,000–3,000 (2,500), ``三四个`` = 3–4 (4),
    ``一两百`` = 100–200, ``十五六`` = 15–16.
  - ``几`` = 2–9 when it leads (``几百`` = 200–900, value 550), 1–9 after a unit
    (``十几`` = 11–19, value 15; ``二十几`` = 21–29); ``20几`` = 21–29.
  - ``好几`` = 3–9 (``好几千`` = 3,000–9,000).
  - ``多``/``余`` after a round number adds up to one unit of its last place, exclusive:
    ``二十多`` = 21–29, ``2000多`` = 2,001–2,999 (2,500), ``一万多`` = 10,001–19,999,
    ``二十多万`` = 210,000–290,000; after a number that is not round it adds less than one
    (``15多万`` = 150,000–160,000, ``1.5万多`` = 15,001–15,999).
  - ``上`` + unit means "at least": ``上千`` = 1,000–9,999, valued at 1,000 (note says 至少).
  - Explicit ranges ``2-3千``, ``2000~3000``, ``两千到三千``, ``十到二十万``: a first bound
    without the second bound's unit takes it when that keeps it at or below the second.
Approximation without widening: ``来`` (``十来个``), ``左右``, ``上下``, ``大概``, ``约``,
``差不多``, ``将近``, ``出头``, ``以上`` … set ``approximate``.

Signs and limits
  - ``负3`` / ``-3`` give a negative value so callers can reject it.
  - Values are exact integers up to ``MAX_VALUE`` (10^18); anything larger is clamped to it
    with a note. Values above 10^12 are returned as they are, for callers to reject.
  - ``parse_quantity``/``parse_money`` return None for inputs longer than 200 characters.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal
from fractions import Fraction
from typing import Optional

MAX_INPUT_CHARS = 200          # parse_quantity / parse_money refuse longer input
MAX_SCAN_CHARS = 20000         # find_quantities reads at most this much
MAX_VALUE = 10 ** 18           # clamp: no exponential blow-up on 万万万万…
MAX_RESULTS = 200              # find_quantities returns at most this many numbers


@dataclass(frozen=True)
class Quantity:
    value: int
    low: int
    high: int
    approximate: bool = False
    note: Optional[str] = None


@dataclass(frozen=True)
class QuantityMatch:
    """A number found in a text: ``text[start:end]`` covers it (and its currency word)."""
    start: int
    end: int
    quantity: Quantity
    currency: Optional[str] = None   # "CNY", "foreign" or None
    has_unit: bool = False           # a magnitude unit (十百千万亿 k w) was written


# ---------------------------------------------------------------------------
# Lexicon
# ---------------------------------------------------------------------------

CN_DIGITS = {
    "零": 0, "〇": 0,
    "一": 1, "壹": 1,
    "二": 2, "贰": 2, "貳": 2, "两": 2, "兩": 2, "俩": 2, "倆": 2,
    "三": 3, "叁": 3, "仨": 3,
    "四": 4, "肆": 4,
    "五": 5, "伍": 5,
    "六": 6, "陆": 6, "陸": 6,
    "七": 7, "柒": 7,
    "八": 8, "捌": 8,
    "九": 9, "玖": 9,
}
SMALL_UNITS = {"十": 10, "拾": 10, "百": 100, "佰": 100, "千": 1000, "仟": 1000,
               "k": 1000, "K": 1000}
BIG_UNITS = {"万": 10 ** 4, "萬": 10 ** 4, "w": 10 ** 4, "W": 10 ** 4,
             "kw": 10 ** 7, "KW": 10 ** 7, "Kw": 10 ** 7, "kW": 10 ** 7,
             "亿": 10 ** 8, "億": 10 ** 8}

# Words whose numeral characters are not numbers ("一下", "千万别", "第一"…).
# They are blanked out before scanning.
NON_NUMERIC_WORDS = (
    "一下", "一起", "一直", "一般", "一样", "一定", "一点", "一些", "一切", "一旦", "一共",
    "一边", "一向", "一致", "一再", "一律", "一方面", "一手", "一概", "一键", "一会", "一时",
    "一口气", "一审", "二审", "一次性", "一并", "一同", "统一", "唯一", "万一", "十分",
    "千万别", "千万不", "千万要", "千万记", "一模一样", "一对一", "三思", "一把手", "一五一十",
    "十足", "百分百", "万分", "一心", "一路", "一贯", "一番", "一阵", "一生", "一辈子", "一面",
    "一味", "一开始", "一来", "一方", "一如", "一条龙", "一线", "一体", "一头", "一道", "一齐",
    "一早", "百度", "百姓", "万能", "七嘴八舌", "乱七八糟", "三番五次", "一清二楚", "四处",
    "八卦", "十全十美", "几乎", "几率", "几点", "几时", "几何", "几号", "万达", "三星", "三观",
    "一家人", "七七八八", "一无所有", "一头雾水", "一看", "一听", "一问", "一查", "一说", "一想",
    "一搜", "一刷", "一毛一样", "之一", "一部分", "一大堆", "一堆", "九成九",
)
_ORDINAL_RE = re.compile(r"第\s*[0-9零〇一二两三四五六七八九十百千]+|(?:星期|礼拜|周)[一二三四五六日天]"
                         r"|初[一二三四五六七八九十]")
_NUMERAL_CHARS = "0-9零〇一二两三四五六七八九十百千万亿"
# not after a numeral: 一万一千 is a number even though it contains 万一
_NON_NUMERIC_RE = re.compile(f"(?<![{_NUMERAL_CHARS}])(?:"
                             + "|".join(sorted(map(re.escape, NON_NUMERIC_WORDS), key=len, reverse=True))
                             + ")")

# Adverbs that are words even right after a numeral ("剩下20万一直不给", "2万一共").
ALWAYS_WORDS = ("一直", "一共", "一起", "一下", "一样", "一般", "一定", "一些", "一切", "一旦",
                "一向", "一再", "一律", "一并", "一同", "一次性")
_ALWAYS_WORDS_RE = re.compile("|".join(sorted(map(re.escape, ALWAYS_WORDS), key=len, reverse=True)))

_TOKEN_RE = re.compile(
    r"(?P<arabic>\d{1,3}(?:,\d{3})+(?!\d)(?:\.\d+)?|\d+(?:\.\d+)?)"
    r"|(?P<haoji>好[几幾])"
    r"|(?P<ji>[几幾])"
    r"|(?P<shang>上(?=[百千万亿佰仟萬億]))"
    r"|(?P<digit>[零〇一壹二贰貳两兩俩倆三叁仨四肆五伍六陆陸七柒八捌九玖])"
    r"|(?P<kw>(?<=[0-9零〇一二两三四五六七八九十百千])[kK][wW](?![A-Za-z]))"
    r"|(?P<small>[十拾百佰千仟]|(?<=[0-9零〇一二两三四五六七八九十])[kK](?![A-Za-z]))"
    r"|(?P<big>[万萬亿億]|(?<=[0-9零〇一二两三四五六七八九十百千])[wW](?![A-Za-z]))"
    r"|(?P<more>多(?!少)|[余餘](?![额額款下数])"
    r"|[来來](?=[个個人万萬千百十岁歲块塊元号號条條位名家张張次]))"
)
_STARTERS = {"arabic", "digit", "ji", "haoji", "shang"}

_RANGE_SEP_RE = re.compile(r"\s*(?:-|~|～|—|–|到|至)\s*")
_CURRENCY_AFTER_RE = re.compile(
    r"\s*(?:(?P<cny>块钱|块|塊|元|圆|rmb|RMB|人民币|大洋)"
    r"|(?P<foreign>美元|美金|刀(?!片)|港币|港元|欧元|日元|usdt|USDT|usd|USD|u(?![A-Za-z])|U(?![A-Za-z])))"
)
_CURRENCY_BEFORE_RE = re.compile(r"(?:¥|￥|rmb|RMB|人民币)\s*$")
_APPROX_BEFORE_RE = re.compile(
    r"(?:大概|大约|大致|约莫|约|差不多|估计|估摸|将近|接近|(?<!最)近|可能|应该|也就|至少|起码|"
    r"不到|不足|少说|最少|最多|超过|多于|少于)\s*$")
_APPROX_AFTER_RE = re.compile(
    r"^\s*[个個人条條位名块塊元]?\s*(?:左右|上下|出头|开外|以上|以下|以内|之内)")

_FULLWIDTH = {c: c - 0xFEE0 for c in range(0xFF10, 0xFF1A)}       # ０-９
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF21, 0xFF3B)})  # Ａ-Ｚ
_FULLWIDTH.update({c: c - 0xFEE0 for c in range(0xFF41, 0xFF5B)})  # ａ-ｚ
_FULLWIDTH.update({0xFF0E: ord("."), 0xFF0D: ord("-"), 0x2212: ord("-"), 0xFE63: ord("-"),
                   0xFF5E: ord("~"), 0x3000: ord(" ")})


def normalize_digits(text: str) -> str:
    """Full-width digits and Latin letters to ASCII; keeps the length of the text."""
    return text.translate(_FULLWIDTH)


# ---------------------------------------------------------------------------
# Interval helpers (pairs of Fractions)
# ---------------------------------------------------------------------------

def _iv(lo, hi=None):
    lo = Fraction(lo)
    return (lo, Fraction(hi) if hi is not None else lo)


def _add(a, b):
    return (a[0] + b[0], a[1] + b[1])


def _mul(a, k):
    return (a[0] * k, a[1] * k)


def _round_half_up(x: Fraction) -> int:
    if x < 0:
        return -_round_half_up(-x)
    return int((x + Fraction(1, 2)) // 1)


def _place(n: int) -> int:
    """Largest power of ten dividing n (n > 0)."""
    p = 1
    while n % (p * 10) == 0 and p < MAX_VALUE:
        p *= 10
    return p


def _plain(n: int) -> str:
    return str(n) if abs(n) < 10000 else format_count(n)


# ---------------------------------------------------------------------------
# Evaluator: one numeral expression, token by token
# ---------------------------------------------------------------------------

class _Eval:
    """Reads one numeral expression. ``feed`` returns False where the expression ends."""

    def __init__(self):
        self.total = _iv(0)
        self.section = _iv(0)
        self.number = None          # interval or None
        self.kind = None            # kind of the current number
        self.decimals = 0           # decimals of the current Arabic number
        self.last_unit = None       # last unit value seen
        self.last_small = None      # last small unit inside the current section
        self.unit_decimals = 0      # decimals of the number the last unit multiplied
        self.prev = None            # type of the previous token
        self.zero_gap = False
        self.abbrev = False         # current number is an abbreviated digit (两万五)
        self.approx = False
        self.at_least = False
        self.closed = False         # after 多/余/来 no digit may follow
        self.has_unit = False
        self.overflow = False

    # -- token handlers ----------------------------------------------------
    def feed(self, kind: str, text: str) -> bool:
        """Consume one token; False means the expression ended before it."""
        outcome = getattr(self, "_on_" + kind)(text)
        if not outcome:
            return False
        self.prev = kind if outcome is True else outcome
        self._check_overflow()
        return True

    def _after_unit(self) -> bool:
        return self.prev in ("small", "big", "kw")

    def _on_arabic(self, text: str) -> bool:
        if self.number is not None or self.closed or self.prev not in (None, "small", "big", "kw", "zero"):
            return False
        digits = text.replace(",", "")
        if len(digits) > 40:                      # absurdly long digit string
            self.overflow = True
            self.number = _iv(MAX_VALUE)
            return True
        self.number = _iv(Fraction(digits))
        self.kind = "arabic"
        self.decimals = len(digits.split(".")[1]) if "." in digits else 0
        self.abbrev = self._after_unit() and len(digits) == 1 and not self.zero_gap
        return True

    def _on_digit(self, text: str) -> bool:
        d = CN_DIGITS[text]
        if self.closed:
            return False
        if d == 0:
            if self.prev is None:
                self.number = _iv(0)
                self.kind = "cn"
                self.closed = True      # a leading 零 stands alone
                return True
            if self._after_unit() and self.number is None:
                self.zero_gap = True
                return "zero"
            return False
        if self.number is not None:
            if self.prev == "digit" and self.kind == "cn" and 0 < abs(d - self.number[0]) <= 2:
                a = int(self.number[0])
                self.number = _iv(min(a, d), max(a, d))
                self.kind = "pair"
                self.approx = True
                return True
            return False
        self.number = _iv(d)
        self.kind = "cn"
        self.decimals = 0
        self.abbrev = self._after_unit() and not self.zero_gap
        return True

    def _on_ji(self, text: str) -> bool:
        if self.closed:
            return False
        if self.number is None:
            self.number = _iv(2, 9) if self.prev is None else _iv(1, 9)
            self.kind = "ji"
            self.abbrev = self._after_unit() and not self.zero_gap
            self.approx = True
            return True
        if self.kind == "arabic" and self.prev == "arabic" and self.decimals == 0:
            n = int(self.number[0])
            if n > 0 and n % 10 == 0:
                step = Fraction(_place(n), 10)
                self.number = _iv(n + step, n + 9 * step)
                self.kind = "range"
                self.approx = True
                return True
        return False

    def _on_haoji(self, text: str) -> bool:
        if self.number is not None or self.closed or self.prev is not None:
            return False
        self.number = _iv(3, 9)
        self.kind = "ji"
        self.approx = True
        return True

    def _on_shang(self, text: str) -> bool:
        if self.prev is not None:
            return False
        self.number = _iv(1)
        self.kind = "shang"
        self.at_least = True
        self.approx = True
        return True

    def _on_small(self, text: str) -> bool:
        unit = SMALL_UNITS[text]
        if self.number is None:
            if (unit == 10 and self.prev in (None, "big", "kw", "zero") and not self.closed) \
                    or (unit == 100 and self.prev is None):
                self.number = _iv(1)
                self.kind = "cn"
            else:
                return False
        if self.last_small is not None and unit >= self.last_small:
            return False                            # 三百五千: not a number we read
        self.section = _add(self.section, _mul(self.number, unit))
        self._unit_done(unit)
        self.last_small = unit
        return True

    def _on_big(self, text: str, unit: Optional[int] = None) -> bool:
        unit = unit or BIG_UNITS[text]
        number = self.number
        if number is None:
            stacked = (unit >= 10 ** 8 and self.prev in ("big", "kw") and self.last_unit < unit
                       and self.total != _iv(0))            # 十万亿 = 10^13
            if not stacked and (self.section == _iv(0) or self.prev not in ("small", "more")):
                return False
            number = _iv(0)
        if unit >= 10 ** 8:
            self.total = _mul(_add(_add(self.total, self.section), number), unit)
        else:
            self.total = _add(self.total, _mul(_add(self.section, number), unit))
        self.section = _iv(0)
        self._unit_done(unit)
        self.last_small = None
        return True

    def _on_kw(self, text: str) -> bool:
        return self._on_big(text, 10 ** 7)

    def _unit_done(self, unit: int) -> None:
        self.unit_decimals = self.decimals if self.number is not None else 0
        self.number = None
        self.kind = None
        self.decimals = 0
        self.last_unit = unit
        self.zero_gap = False
        self.abbrev = False
        self.closed = False
        self.has_unit = True

    def _on_more(self, text: str) -> bool:
        if text in "来來":
            if self.prev is None or self.prev == "more":
                return False
            self.approx = True
            self.closed = True
            return True
        if self.closed or self.prev is None or self.prev == "more":
            return False
        if self.number is not None:
            self.number = _add(self.number, self._more_step_after_number())
        elif self._after_unit() and self.last_unit:
            place = Fraction(self.last_unit, 10 ** self.unit_decimals)
            extra = _iv(1, place - 1) if place > 1 else _iv(0, 1)
            if self.prev == "small":
                self.section = _add(self.section, extra)
            else:
                self.total = _add(self.total, extra)
        else:
            return False
        self.approx = True
        self.closed = True
        return True

    def _more_step_after_number(self):
        lo = self.number[0]
        if self.kind == "arabic" and self.decimals:
            return _iv(0, Fraction(1, 10 ** self.decimals))
        if self.kind == "arabic" and lo == int(lo) and lo > 0 and int(lo) % 10 == 0:
            return _iv(1, _place(int(lo)) - 1)
        return _iv(0, 1)

    # -- result ------------------------------------------------------------
    def _check_overflow(self) -> None:
        if max(self.total[1], self.section[1], (self.number or _iv(0))[1]) > MAX_VALUE:
            self.overflow = True

    def result(self):
        number = self.number or _iv(0)
        if self.abbrev and self.last_unit and self.last_unit >= 100:
            number = _mul(number, Fraction(self.last_unit, 10))
        lo, hi = _add(_add(self.total, self.section), number)
        if self.at_least:
            hi = lo * 10 - 1
        return lo, hi


# ---------------------------------------------------------------------------
# Scanner
# ---------------------------------------------------------------------------

def _blank(match: re.Match) -> str:
    return "\u2591" * (match.end() - match.start())


def _mask_non_numeric(text: str) -> str:
    text = _ORDINAL_RE.sub(_blank, text)
    text = _ALWAYS_WORDS_RE.sub(_blank, text)
    return _NON_NUMERIC_RE.sub(_blank, text)


def _tokens(text: str):
    return [(m.lastgroup, m.group(), m.start(), m.end()) for m in _TOKEN_RE.finditer(text)]


def _adjacent(prev_end: int, tok, text: str) -> bool:
    kind, _, start, _ = tok
    if start == prev_end:
        return True
    # one space may separate a number from its unit: "50 万"
    return start == prev_end + 1 and text[prev_end] == " " and kind in ("small", "big", "kw", "more")


class _Expr:
    __slots__ = ("start", "end", "lo", "hi", "approx", "at_least", "has_unit",
                 "has_big", "tokens", "overflow")


def _is_starter(toks, i: int) -> bool:
    kind, text, _, end = toks[i]
    if kind in _STARTERS or (kind == "small" and text in "十拾"):
        return True
    # 百万粉丝, 百亿: 百 directly before 万/亿 stands for 一百
    return (kind == "small" and text in "百佰" and i + 1 < len(toks)
            and toks[i + 1][0] == "big" and toks[i + 1][2] == end and toks[i + 1][1] in "万萬亿億")


def _read_expressions(text: str, limit: int):
    """Raw expressions (before ranges, signs and currency), at most ``limit``."""
    toks = _tokens(text)
    i = 0
    exprs = []
    while i < len(toks) and len(exprs) < limit:
        if not _is_starter(toks, i):
            i += 1
            continue
        ev = _Eval()
        j = i
        consumed = []
        while j < len(toks):
            if consumed and not _adjacent(consumed[-1][3], toks[j], text):
                break
            if not ev.feed(toks[j][0], toks[j][1]):
                break
            consumed.append(toks[j])
            j += 1
        if not consumed or ev.prev == "shang":   # 上 without a unit is not a number
            i = max(j, i + 1)
            continue
        lo, hi = ev.result()
        e = _Expr()
        e.start, e.end = consumed[0][2], consumed[-1][3]
        e.lo, e.hi = lo, hi
        e.approx, e.at_least, e.has_unit = ev.approx, ev.at_least, ev.has_unit
        e.has_big = any(t[0] in ("big", "kw") for t in consumed)
        e.tokens = consumed
        e.overflow = ev.overflow
        exprs.append(e)
        i = max(j, i + 1)
    return exprs


def _trailing_unit_factor(expr: _Expr, big_only: bool) -> int:
    factor = 1
    for kind, text, _, _ in reversed(expr.tokens):
        if kind == "big" or kind == "kw":
            factor *= BIG_UNITS.get(text, 10 ** 7)
        elif kind == "small" and not big_only:
            factor *= SMALL_UNITS[text]
        elif kind == "more":
            continue
        else:
            break
    return factor


def _merge_range(a: _Expr, b: _Expr) -> _Expr:
    lo_a, hi_a = a.lo, a.hi
    factor = 1
    if not a.has_unit:
        factor = _trailing_unit_factor(b, big_only=False)
    elif not a.has_big:
        factor = _trailing_unit_factor(b, big_only=True)
    if factor > 1 and hi_a * factor <= b.hi:
        lo_a, hi_a = lo_a * factor, hi_a * factor
    m = _Expr()
    m.start, m.end = a.start, b.end
    m.lo, m.hi = min(lo_a, b.lo), max(hi_a, b.hi)
    m.approx, m.at_least = True, False
    m.has_unit, m.has_big = a.has_unit or b.has_unit, a.has_big or b.has_big
    m.tokens = a.tokens + b.tokens
    m.overflow = a.overflow or b.overflow
    return m


def _merge_ranges(text: str, exprs):
    out = []
    for e in exprs:
        if out:
            gap = text[out[-1].end:e.start]
            if gap and _RANGE_SEP_RE.fullmatch(gap) and not out[-1].at_least:
                out[-1] = _merge_range(out[-1], e)
                continue
        out.append(e)
    return out


def _is_negative(text: str, start: int) -> bool:
    before = text[max(0, start - 8):start].rstrip(" ")
    if before.endswith("负"):
        return True
    if before.endswith("-"):
        prior = before[:-1].rstrip(" ")
        return not prior or not (prior[-1].isdigit() or prior[-1] in CN_DIGITS
                                 or prior[-1] in SMALL_UNITS or prior[-1] in BIG_UNITS)
    return False


def _to_quantity(e: _Expr, negative: bool, approx: bool) -> Quantity:
    lo, hi = e.lo, e.hi
    note = None
    if e.overflow or hi > MAX_VALUE:
        lo = hi = Fraction(MAX_VALUE)
        note = "数值过大"
    if negative:
        lo, hi = -hi, -lo
    if e.at_least:
        value = _round_half_up(lo)
        low, high = value, _round_half_up(hi)
        note = note or f"按至少{_plain(value)}估算"
    elif lo != hi:
        value = _round_half_up((lo + hi) / 2)
        low, high = _round_half_up(lo), _round_half_up(hi)
        note = note or f"按{_plain(value)}估算"
    else:
        value = low = high = _round_half_up(lo)
        if lo.denominator != 1:
            note = note or f"按{_plain(value)}估算"
            approx = True
    return Quantity(value=value, low=low, high=high,
                    approximate=bool(approx or e.approx or lo != hi), note=note)


def find_quantities(text: str, limit: int = MAX_RESULTS) -> list:
    """The number expressions in ``text`` (at most ``limit``), left to right, as QuantityMatch."""
    if not isinstance(text, str) or not text:
        return []
    try:
        text = normalize_digits(text[:MAX_SCAN_CHARS])
        scan = _mask_non_numeric(text)
        exprs = _merge_ranges(scan, _read_expressions(scan, limit))
        return [_finish(scan, e) for e in exprs]
    except Exception:   # pragma: no cover - defensive: parsing must never raise
        return []


def _finish(text: str, e: _Expr) -> QuantityMatch:
    negative = _is_negative(text, e.start)
    approx = bool(_APPROX_BEFORE_RE.search(text[max(0, e.start - 6):e.start])
                  or _APPROX_AFTER_RE.match(text[e.end:e.end + 6]))
    end = e.end
    currency = None
    m = _CURRENCY_AFTER_RE.match(text, e.end)
    if m:
        currency = "CNY" if m.group("cny") else "foreign"
        end = m.end()
    elif _CURRENCY_BEFORE_RE.search(text[max(0, e.start - 4):e.start]):
        currency = "CNY"
    return QuantityMatch(start=e.start, end=end, quantity=_to_quantity(e, negative, approx),
                         currency=currency, has_unit=e.has_unit)


def parse_quantity(text: str) -> Optional[Quantity]:
    """The first number in ``text`` (a count), or None."""
    if not isinstance(text, str) or len(text) > MAX_INPUT_CHARS:
        return None
    found = find_quantities(text)
    return found[0].quantity if found else None


def parse_money(text: str) -> Optional[Quantity]:
    """The first amount of money in ``text``, in RMB, or None.

    Prefers a number written with a currency word (元, 块, rmb, ¥); then one with a
    magnitude unit (万, w, k…); then the first number. A range's note uses format_rmb
    ("按2.5万元估算"); a foreign currency adds a warning to the note.
    """
    if not isinstance(text, str) or len(text) > MAX_INPUT_CHARS:
        return None
    found = find_quantities(text)
    if not found:
        return None
    best = next((m for m in found if m.currency), None) \
        or next((m for m in found if m.has_unit), None) or found[0]
    return money_quantity(best)


def money_quantity(match: QuantityMatch) -> Quantity:
    """The match's quantity with notes phrased for money."""
    q = match.quantity
    notes = []
    if q.note and q.note != "数值过大":
        prefix = "按至少" if q.note.startswith("按至少") else "按"
        notes.append(f"{prefix}{format_rmb(q.value)}估算")
    elif q.note:
        notes.append(q.note)
    if match.currency == "foreign":
        notes.append("金额可能不是人民币")
    return Quantity(q.value, q.low, q.high, q.approximate, "；".join(notes) or None)


# ---------------------------------------------------------------------------
# Display
# ---------------------------------------------------------------------------

def _to_int(value) -> int:
    if isinstance(value, bool):
        return int(value)
    if isinstance(value, int):
        return value
    return _round_half_up(Fraction(value))


def _trim(d: Decimal) -> str:
    s = format(d, "f")
    if "." in s:
        s = s.rstrip("0").rstrip(".")
    return s


def format_count(value) -> str:
    """22500 -> "22,500"."""
    return f"{_to_int(value):,}"


def format_rmb(value) -> str:
    """RMB for display: 500000 -> "50万元", 2500 -> "2,500元", 15000 -> "1.5万元"."""
    v = _to_int(value)
    sign, a = ("-" if v < 0 else ""), abs(v)
    if a >= 10 ** 8 and a % 10 ** 6 == 0:
        return f"{sign}{_trim(Decimal(a) / Decimal(10 ** 8))}亿元"
    if a >= 10 ** 4 and a % 100 == 0:
        return f"{sign}{_trim(Decimal(a) / Decimal(10 ** 4))}万元"
    return f"{sign}{a:,}元"
