"""Parsing the ways users name an article: 153, 153条, 第一百五十三条, 民法典第153条,
253条之一, 253-1, 个保法23条, civil_code:153."""
import re
import unicodedata
from dataclasses import dataclass

from .numerals import NUMERAL_CHARS, chinese_to_int

NUMBER = rf"(?:\d{{1,4}}|[{NUMERAL_CHARS}]{{1,8}})"
# 第253条之一 / 253条之1 / 第二百五十三条之一 / 253条
ARTICLE_WITH_TIAO = re.compile(rf"第?\s*({NUMBER})\s*条(?:\s*之\s*({NUMBER}))?")
# 253-1 / 253之一 / 253 (bare)
ARTICLE_BARE = re.compile(rf"(?<![\d.])(\d{{1,4}})(?:\s*(?:-|－|—|之)\s*({NUMBER}))?(?![\d.])")
CITATION_ID = re.compile(r"^([a-z0-9_]+):(\d+(?:-\d+)?)$")


@dataclass(frozen=True)
class ArticleRef:
    law_id: str | None  # None when the user named no law
    article: str  # "153", "253-1"


def normalise(text: str) -> str:
    """Full-width to half-width, trimmed."""
    return unicodedata.normalize("NFKC", text).strip()


def _number(token: str | None) -> int | None:
    if token is None:
        return None
    return int(token) if token.isdigit() else chinese_to_int(token)


def _article_id(main: str, sub: str | None) -> str | None:
    number, sub_number = _number(main), _number(sub)
    if not number or (sub is not None and not sub_number):
        return None
    return f"{number}-{sub_number}" if sub_number else str(number)


def find_law(text: str, aliases: dict[str, str]) -> tuple[str | None, str]:
    """Return (law id, text without the alias) for the longest alias found in text."""
    for alias in sorted(aliases, key=len, reverse=True):
        position = text.find(alias)
        if position >= 0:
            return aliases[alias], text[:position] + " " + text[position + len(alias):]
    return None, text


def parse_article_ref(text: str, aliases: dict[str, str]) -> ArticleRef | None:
    """Parse one article reference; aliases maps every law alias (and id) to its law id."""
    text = normalise(text)
    match = CITATION_ID.match(text)
    if match:
        return ArticleRef(match.group(1), match.group(2))
    law_id, rest = find_law(text, aliases)
    match = ARTICLE_WITH_TIAO.search(rest) or ARTICLE_BARE.search(rest)
    if not match:
        return None
    article = _article_id(match.group(1), match.group(2))
    return ArticleRef(law_id, article) if article else None


def case_number_key(case_number: str | None) -> str | None:
    """Normalise a case number for lookups: half-width, no spaces, （）→()."""
    if not case_number:
        return None
    text = normalise(case_number)
    text = text.replace("〔", "(").replace("〕", ")").replace("[", "(").replace("]", ")")
    return re.sub(r"\s+", "", text)
