"""The CJK font embedded in reports.

reportlab embeds TrueType outlines only (TTF, or one face of a TTC); the OpenType/CFF
Noto CJK files cannot be embedded, so the candidates are TrueType CJK fonts from Debian
packages (scripts/system_deps.sh installs fonts-wqy-microhei). REPORT_FONT (a path) and
REPORT_FONT_INDEX (the face in a .ttc, default 0) choose another file.
"""
from __future__ import annotations

import os
import threading
from dataclasses import dataclass
from pathlib import Path

FONT_NAME = "ReportCJK"
CANDIDATES = (
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/uming.ttc", 0),
    ("/usr/share/fonts/truetype/arphic/ukai.ttc", 0),
)
# A font must have these to be used (a Latin-only TrueType font would print empty boxes).
REQUIRED = "账号交易法律风险咨询报告民法典第一百五十三条（）：“”，。、"
_lock = threading.Lock()
_registered: "RegisteredFont | None" = None


class FontMissing(RuntimeError):
    """No embeddable CJK font was found."""


@dataclass(frozen=True)
class RegisteredFont:
    name: str
    path: str
    index: int
    chars: frozenset  # every character the font has a glyph for

    def covers(self, char: str) -> bool:
        return char in self.chars

    def keep_covered(self, text: str) -> str:
        """The text without the characters the font lacks (whitespace kept)."""
        if self.chars.issuperset(text):
            return text
        return "".join(char for char in text if char in self.chars or char in "\n\t ")


def _candidates() -> list[tuple[str, int]]:
    chosen = os.environ.get("REPORT_FONT")
    if chosen:
        try:
            index = int(os.environ.get("REPORT_FONT_INDEX") or 0)
        except ValueError:
            index = 0
        return [(chosen, index)]
    return list(CANDIDATES)


def cjk_font() -> RegisteredFont:
    """Register the CJK font with reportlab once per process and return it."""
    global _registered
    if _registered is not None:
        return _registered
    with _lock:
        if _registered is not None:
            return _registered
        from reportlab.pdfbase import pdfmetrics
        from reportlab.pdfbase.ttfonts import TTFError, TTFont

        tried = []
        for path, index in _candidates():
            if not Path(path).is_file():
                tried.append(path)
                continue
            try:
                font = TTFont(FONT_NAME, path, subfontIndex=index)
            except TTFError as error:  # e.g. CFF outlines, which reportlab cannot embed
                tried.append(f"{path} ({error})")
                continue
            chars = frozenset(map(chr, font.face.charToGlyph))
            if not chars.issuperset(REQUIRED):
                tried.append(f"{path} (no Chinese glyphs)")
                continue
            pdfmetrics.registerFont(font)
            _registered = RegisteredFont(FONT_NAME, path, index, chars)
            return _registered
        raise FontMissing("no embeddable CJK TrueType font found; install fonts-wqy-microhei "
                          "(scripts/system_deps.sh) or set REPORT_FONT. Tried: " + "; ".join(tried))
