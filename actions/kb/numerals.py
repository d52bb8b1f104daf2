"""Chinese numerals as printed in article numbers (一千零三十八, 二百五十三, 十五)."""

DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4,
          "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
UNITS = {"十": 10, "百": 100, "千": 1000}
NUMERAL_CHARS = "".join(DIGITS) + "".join(UNITS)


def chinese_to_int(text: str) -> int | None:
    """Parse a Chinese integer below 10,000; None if it is not one."""
    if not text or len(text) > 12 or any(ch not in NUMERAL_CHARS for ch in text):
        return None
    total, digit = 0, None
    for ch in text:
        if ch in DIGITS:
            digit = DIGITS[ch]
        else:
            total += (1 if digit is None else digit) * UNITS[ch]
            digit = None
    if digit is not None:
        total += digit
    return total


def int_to_chinese(number: int) -> str:
    """Render 1..9999 the way statute headings print it (第一千零三十八条)."""
    if not 0 < number < 10000:
        raise ValueError(number)
    names = "零一二三四五六七八九"
    parts, pending_zero = [], False
    for unit_value, unit_name in ((1000, "千"), (100, "百"), (10, "十"), (1, "")):
        digit = number // unit_value % 10
        if digit == 0:
            pending_zero = bool(parts)
            continue
        if pending_zero:
            parts.append("零")
            pending_zero = False
        parts.append(names[digit] + unit_name)
    text = "".join(parts)
    return text[1:] if text.startswith("一十") else text
