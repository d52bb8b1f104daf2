"""Paragraphs whose line breaking is remembered across reports.

Most of a report's text recurs from report to report (verbatim articles, the engine's
sentences, headings) and reportlab's CJK line breaking, in pure Python, is the largest
single cost of a build. The broken lines depend only on the paragraph's markup, its
style and the available widths, so they are cached under that key (bounded; builds are
serialised by pdf._build_lock). Split continuations are not cached.
"""
from __future__ import annotations

from reportlab.platypus import Paragraph

MAX_ENTRIES = 2000
_cache: dict = {}


class CachedParagraph(Paragraph):
    def breakLinesCJK(self, maxWidths):
        if getattr(self, "_splitpara", 0) or self.text is None:
            return super().breakLinesCJK(maxWidths)
        widths = tuple(maxWidths) if isinstance(maxWidths, (list, tuple)) else (maxWidths,)
        style = self.style
        key = (self.text, style.name, style.fontSize, style.leading, style.leftIndent, str(self.bulletText), widths)
        lines = _cache.get(key)
        if lines is None:
            lines = super().breakLinesCJK(list(widths))
            if len(_cache) >= MAX_ENTRIES:
                _cache.clear()
            _cache[key] = lines
        return lines


def clear() -> None:
    _cache.clear()
