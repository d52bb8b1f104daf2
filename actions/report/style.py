"""Page geometry, colours, paragraph styles and text escaping for the report PDF."""
from __future__ import annotations

from reportlab.lib.colors import HexColor
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm

from .fonts import RegisteredFont
from .text import xml_escape

MARGIN = 12 * mm
TOP_MARGIN = 12 * mm
BOTTOM_MARGIN = 13 * mm  # the footer sits below the frame
WIDTH = A4[0] - 2 * MARGIN
FRAME_HEIGHT = A4[1] - TOP_MARGIN - BOTTOM_MARGIN
INK = HexColor("#202124")
MUTED = HexColor("#5F6368")
ACCENT = HexColor("#1A3A6B")
RULE = HexColor("#9AA0A6")
SHADE = HexColor("#F1F3F4")
TITLE = "账号交易法律风险咨询报告"


def hex_colour(colour) -> str:
    return "#" + colour.hexval()[2:]


class Styles:
    """All paragraph styles at one density (scale 1.0 = body text 8.6 pt)."""

    def __init__(self, font: str, scale: float):
        def style(name, size, leading=1.38, **extra):
            return ParagraphStyle(name, fontName=font, fontSize=size * scale,
                                  leading=size * scale * leading, textColor=extra.pop("textColor", INK),
                                  bulletFontName=font, bulletFontSize=size * scale, wordWrap="CJK", **extra)
        self.scale, self.font = scale, font
        self.firm = style("firm", 11, textColor=ACCENT)
        self.title = style("title", 16, leading=1.3, textColor=ACCENT, spaceBefore=2 * scale, spaceAfter=2 * scale)
        self.meta = style("meta", 8, textColor=MUTED)
        self.h2 = style("h2", 10.5, leading=1.25, textColor=ACCENT, spaceBefore=5 * scale, spaceAfter=2 * scale)
        self.h3 = style("h3", 9.2, leading=1.3, spaceBefore=3 * scale, spaceAfter=0.5 * scale)
        self.body = style("body", 8.6)
        self.cell = style("cell", 8.2, leading=1.3)
        self.cell_label = style("cell_label", 8.2, leading=1.3, textColor=MUTED)
        self.headline = style("headline", 9.4, leading=1.4)
        self.bullet = style("bullet", 8.6, leftIndent=10 * scale, bulletIndent=2 * scale, spaceAfter=0.5 * scale)
        self.small = style("small", 7.4, leading=1.32, textColor=MUTED)
        self.case_title = style("case_title", 8.8, leading=1.35, textColor=ACCENT, spaceBefore=2 * scale)
        self.case = style("case", 7.9, leading=1.32, leftIndent=8 * scale)
        self.article = style("article", 7.2, leading=1.32, spaceAfter=1.2 * scale)


class Text:
    """Every string bound for a Paragraph: characters the font lacks dropped, markup escaped."""

    def __init__(self, font: RegisteredFont):
        self.font = font

    def plain(self, value) -> str:
        return self.font.keep_covered(str(value or ""))

    def __call__(self, value) -> str:
        return xml_escape(self.plain(value)).replace("\n", "<br/>")
