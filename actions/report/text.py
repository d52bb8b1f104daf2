"""Making user-derived text safe for a report: personal data masked again, control
characters removed, whitespace tidied, length bounded so a report keeps to its pages."""
from __future__ import annotations

import re

from bot.redact import redact

CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b-\u200f\u2028-\u202e\u2060-\u206f\ufeff]")
SPACES = re.compile(r"\s+")
ELLIPSIS = "…（已截断）"


def truncate(text: str, limit: int) -> str:
    """At most `limit` characters; a cut is marked, preferably after a sentence end."""
    if len(text) <= limit:
        return text
    head = text[:max(1, limit - len(ELLIPSIS))]
    cut = max(head.rfind(mark) for mark in "。！？；;.!?")
    if cut >= len(head) * 2 // 3:
        head = head[:cut + 1]
    return head + ELLIPSIS


def user_text(value, limit: int) -> str:
    """A user-derived value as one tidy, masked, bounded line ('' for nothing)."""
    if value is None:
        return ""
    text = value if isinstance(value, str) else str(value)
    # Mask before tidying (separators inside numbers matter to the patterns) and after
    # (tidying can join the pieces of a number split by control characters).
    text = redact(CONTROL.sub("", text))
    text = redact(SPACES.sub(" ", text).strip())
    return truncate(text, limit)


def xml_escape(text: str) -> str:
    """Literal text for reportlab's Paragraph markup."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
