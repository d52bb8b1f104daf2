"""Choosing the density before building: a quick estimate of the story's height from the
text widths (no line breaking, no drawing), so most reports are built once.

Every style value (font size, leading, indents, spacing) scales linearly with the
density, so the story built at scale 1.0 predicts the height at any scale.
"""
from __future__ import annotations

import math

from reportlab.pdfbase.pdfmetrics import stringWidth
from reportlab.platypus import KeepTogether, Paragraph, Spacer, Table

from .bars import LevelBar
from .style import FRAME_HEIGHT, WIDTH

# Font scales tried in turn; the smallest keeps body text at 7.4 pt and the appendix at 6.2 pt.
DENSITIES = (1.0, 0.93, 0.86)
BREAK_WASTE = 1.03   # a broken line is on average a little short of the full width
PAGE_FILL = 0.95     # page breaks and kept-together blocks leave some space unused
TABLE_PADDING = 3.0  # top + bottom padding of a table row (story.py), not scaled
CELL_PADDING = 12.0  # left + right padding of a table cell (reportlab's default 6 + 6)


def _segments(paragraph: Paragraph) -> list[float]:
    """Widths at scale 1.0 of the paragraph's hard lines (split at <br/>)."""
    widths = [0.0]
    for frag in paragraph.frags:
        if hasattr(frag, "lineBreak"):
            widths.append(0.0)
        elif getattr(frag, "text", ""):
            widths[-1] += stringWidth(frag.text, frag.fontName, frag.fontSize)
    return widths


def _paragraph(paragraph: Paragraph, width: float, scale: float) -> float:
    style = paragraph.style
    available = max(1.0, width - (style.leftIndent + style.rightIndent) * scale)
    lines = sum(max(1, math.ceil(w * scale * BREAK_WASTE / available)) for w in _segments(paragraph))
    return (lines * style.leading + style.spaceBefore + style.spaceAfter) * scale


def height(flowable, width: float, scale: float) -> float:
    """Estimated height of one flowable built at scale 1.0, when set at `scale`."""
    if isinstance(flowable, Paragraph):
        return _paragraph(flowable, width, scale)
    if isinstance(flowable, KeepTogether):
        return sum(height(inner, width, scale) for inner in flowable._content)
    if isinstance(flowable, Table):
        total = 0.0
        for row in flowable._cellvalues:
            cells = [height(cell, column - CELL_PADDING, scale)
                     for cell, column in zip(row, flowable._argW)]
            total += max(cells, default=0.0) + TABLE_PADDING
        return total
    if isinstance(flowable, LevelBar):
        return flowable.height * scale
    if isinstance(flowable, Spacer):
        return flowable.height * scale
    return flowable.wrap(width, FRAME_HEIGHT)[1]


def estimate_pages(story: list, scale: float) -> float:
    return sum(height(flowable, WIDTH, scale) for flowable in story) / (FRAME_HEIGHT * PAGE_FILL)


def first_fitting(story: list, max_pages: int) -> int:
    """Index in DENSITIES of the first density whose estimate fits max_pages."""
    for index, scale in enumerate(DENSITIES):
        if estimate_pages(story, scale) <= max_pages:
            return index
    return len(DENSITIES) - 1
