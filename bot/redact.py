"""Masking personal data in what users type, before it is stored or logged.

Keeps a placeholder so the assistant still knows that, e.g., an ID number was given.
"""
import re

PLACEHOLDERS = {
    "email": "[邮箱已隐藏]",
    "id_number": "[身份证号已隐藏]",
    "bank_card": "[银行卡号已隐藏]",
    "mobile": "[手机号已隐藏]",
}
_SEP = r"[ \-]?"
PATTERNS = [
    ("email", re.compile(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9.\-]+\.[A-Za-z]{2,}")),
    # 18-digit resident ID: region, birth date, sequence, check digit (X allowed).
    ("id_number", re.compile(
        r"(?<![0-9])[1-9]\d{5}(?:18|19|20)\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}[0-9Xx](?![0-9])")),
    # 15-digit first-generation ID.
    ("id_number", re.compile(r"(?<![0-9])[1-9]\d{5}\d{2}(?:0[1-9]|1[0-2])(?:0[1-9]|[12]\d|3[01])\d{3}(?![0-9])")),
    # Bank cards: 16–19 digits, possibly grouped by spaces or dashes.
    ("bank_card", re.compile(r"(?<![0-9])(?:\d{4}" + _SEP + r"){3}\d{4}(?:" + _SEP + r"?\d{1,3})?(?![0-9])")),
    ("bank_card", re.compile(r"(?<![0-9])\d{16,19}(?![0-9])")),
    # Mainland mobile numbers, with optional +86 and separators.
    ("mobile", re.compile(r"(?<![0-9])(?:\+?86" + _SEP + r")?1[3-9]\d" + _SEP + r"\d{4}" + _SEP + r"\d{4}(?![0-9])")),
]


def redact(text: str) -> str:
    """The text with e-mail addresses, ID, bank card and mobile numbers masked."""
    if not isinstance(text, str) or not text:
        return text
    for kind, pattern in PATTERNS:
        text = pattern.sub(PLACEHOLDERS[kind], text)
    return text


def found(text: str) -> set[str]:
    """Which kinds of personal data a text contains (for tests and metrics)."""
    return {kind for kind, pattern in PATTERNS if isinstance(text, str) and pattern.search(text)}
