"""The consultation report: the assessment the chat showed, as a PDF the user keeps or
hands to a lawyer.

    content.py  assessment + facts + firm + knowledge-base views -> report model (pure)
    pdf.py      report model -> PDF bytes (reportlab, embedded CJK font; fonts.py, bars.py)
    store.py    PDFs kept behind unguessable, expiring tokens (served by bot/reports.py)

generate() ties them to the knowledge base (actions.kb.query).
"""
from __future__ import annotations

import secrets
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, Iterable, Mapping, Optional

from ..kb import query
from ..kb.index import vocabulary
from .content import Report, build_report
from .pdf import RenderedReport, render_pdf

CHINA_TIME = timezone(timedelta(hours=8))


@dataclass(frozen=True)
class GeneratedReport:
    report: Report
    pdf: bytes
    pages: int
    scale: float = 1.0   # font scale used (pdf.DENSITIES)
    builds: int = 1      # layouts tried


def new_report_id(now: Optional[datetime] = None) -> str:
    """ZX-20250314-7KQ2M9: the date and six random characters (no 0/O, 1/I)."""
    now = now or datetime.now(CHINA_TIME)
    alphabet = "23456789ABCDEFGHJKLMNPQRSTUVWXYZ"
    return f"ZX-{now:%Y%m%d}-" + "".join(secrets.choice(alphabet) for _ in range(6))


def report_date(now: Optional[datetime] = None) -> str:
    now = now or datetime.now(CHINA_TIME)
    return f"{now.year}年{now.month}月{now.day}日"


def kb_views(assessment: Mapping[str, Any], url: Optional[str] = None) -> tuple[dict, dict]:
    """The cited articles (in the database's order) and the matched cases, by id."""
    kb = query.knowledge_base(url)
    cited = set(assessment.get("citations") or ())
    for dimension in (assessment.get("dimensions") or {}).values():
        for reason in dimension.get("reasons") or ():
            cited.update(reason.get("citations") or ())
    order = {citation: index for index, citation in enumerate(kb.articles)}
    articles = {}
    for citation in sorted(cited, key=lambda c: (order.get(c, len(order)), str(c))):
        article = query.get_article(citation, url) if isinstance(citation, str) and citation.strip() else None
        if article is not None:
            articles[citation] = article
    cases = {}
    for match in assessment.get("case_matches") or ():
        case_id = match.get("id")
        case = query.get_case(case_id, url) if isinstance(case_id, str) and case_id.strip() else None
        if case is not None:
            cases[case_id] = case
    return articles, cases


def generate(assessment: Mapping[str, Any], slots: Mapping[str, Any], firm: Mapping[str, Any], *,
             notes: Optional[Iterable[Any]] = None, description: Any = None,
             report_id: Optional[str] = None, now: Optional[datetime] = None,
             url: Optional[str] = None) -> GeneratedReport:
    """Build the report model from the knowledge base and render it."""
    now = now or datetime.now(CHINA_TIME)
    articles, cases = kb_views(assessment, url)
    report = build_report(assessment, slots, firm, articles, cases, vocabulary(),
                          report_id=report_id or new_report_id(now), date=report_date(now),
                          notes=notes, description=description)
    rendered: RenderedReport = render_pdf(report)
    return GeneratedReport(report, rendered.pdf, rendered.pages, rendered.scale, rendered.builds)
