"""Rendering a report model (content.Report) as an A4 PDF with reportlab.

One embedded CJK TrueType font (fonts.py) for everything, so pdffonts lists only
embedded fonts. The report keeps to MAX_PAGES: the density is chosen from an estimate of
the text's height (fit.py) and, should the estimate be short, the next density is tried.
"""
from __future__ import annotations

import io
import threading
from dataclasses import dataclass

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import SimpleDocTemplate

from .content import Report
from .fit import DENSITIES, first_fitting
from .fonts import RegisteredFont, cjk_font
from .story import story
from .style import BOTTOM_MARGIN, MARGIN, MUTED, TITLE, TOP_MARGIN, Styles, Text

MAX_PAGES = 3
# reportlab keeps global state (font registry, caches): one build at a time per process.
_build_lock = threading.Lock()


class TooLong(RuntimeError):
    """Even the densest layout needs more than MAX_PAGES pages."""


@dataclass(frozen=True)
class RenderedReport:
    pdf: bytes
    pages: int
    scale: float
    builds: int = 1  # layouts tried (more than 1 when the estimate was short)


def _canvas_class(font: str, footer: str, pages: list):
    """A canvas that writes 第n页/共N页 on every page once N is known."""
    class ReportCanvas(Canvas):
        def __init__(self, *args, **kwargs):
            super().__init__(*args, **kwargs)
            self._states = []

        def showPage(self):
            self._states.append(dict(self.__dict__))
            self._startPage()

        def save(self):
            total = len(self._states)
            pages.append(total)
            for state in self._states:
                self.__dict__.update(state)
                self.setFont(font, 7.2)
                self.setFillColor(MUTED)
                self.drawString(MARGIN, 6.5 * mm, footer)
                self.drawRightString(A4[0] - MARGIN, 6.5 * mm, f"第 {self._pageNumber} 页 / 共 {total} 页")
                super().showPage()
            super().save()
    return ReportCanvas


def _build(report: Report, font: RegisteredFont, flowables: list, scale: float, builds: int) -> RenderedReport:
    buffer, pages = io.BytesIO(), []
    text = Text(font)
    document = SimpleDocTemplate(
        buffer, pagesize=A4, leftMargin=MARGIN, rightMargin=MARGIN, topMargin=TOP_MARGIN,
        bottomMargin=BOTTOM_MARGIN, title=f"{TITLE} {report.report_id}", author=report.firm_name,
        subject=TITLE, creator=report.firm_name, initialFontName=font.name, lang="zh-CN")
    footer = text.plain(f"{report.firm_name}　{TITLE}　{report.report_id}")
    document.build(flowables, canvasmaker=_canvas_class(font.name, footer, pages))
    return RenderedReport(buffer.getvalue(), pages[-1], scale, builds)


def render_pdf(report: Report) -> RenderedReport:
    """The report as PDF bytes, at most MAX_PAGES A4 pages (TooLong otherwise)."""
    font = cjk_font()
    text = Text(font)
    with _build_lock:
        base = story(report, Styles(font.name, 1.0), text)
        start = first_fitting(base, MAX_PAGES)
        rendered = None
        for builds, scale in enumerate(DENSITIES[start:], 1):
            flowables = base if scale == 1.0 else story(report, Styles(font.name, scale), text)
            rendered = _build(report, font, flowables, scale, builds)
            if rendered.pages <= MAX_PAGES:
                return rendered
    raise TooLong(f"report {report.report_id} needs {rendered.pages if rendered else '?'} pages")
