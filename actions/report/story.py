"""The report's flowables, section by section (the order the issue asks for): header,
facts, risk overview, reasoning, cases, next steps with assumptions, disclaimer and
contact, then the appendix of verbatim articles."""
from __future__ import annotations

import re
from typing import Iterable

from reportlab.lib.colors import white
from reportlab.platypus import HRFlowable, KeepTogether, Spacer, Table, TableStyle

from .bars import LevelBar, colour_for
from .content import Point, Report
from .lines import CachedParagraph as Paragraph
from .style import ACCENT, RULE, SHADE, TITLE, WIDTH, Styles, Text, hex_colour

ITEM_BREAK = re.compile(r"\n(?=（[一二三四五六七八九十]+）)")


def _points(points: Iterable[Point], style, t: Text, numbered: bool = False) -> list:
    out = []
    for index, point in enumerate(points, 1):
        bullet = f"{index}." if numbered else "•"
        out.append(Paragraph(t(point.text) + (f'<font color="#5F6368">{t(point.cites)}</font>' if point.cites else ""),
                             style, bulletText=bullet))
    return out


def _header(report: Report, s: Styles, t: Text) -> list:
    return [
        Paragraph(t(report.firm_name), s.firm),
        Paragraph(TITLE, s.title),
        Paragraph(f"报告编号：{t(report.report_id)}　　生成日期：{t(report.date)}　　"
                  "本报告根据您在咨询中提供的信息自动生成", s.meta),
        HRFlowable(width="100%", thickness=0.8, color=ACCENT, spaceBefore=3, spaceAfter=4),
        Paragraph(f'总体评估：<font color="{hex_colour(colour_for(report.overall.rank, report.overall.steps))}">■</font>'
                  f" {t(report.overall.label)}　{t(report.headline)}", s.headline),
    ]


def _facts(report: Report, s: Styles, t: Text) -> list:
    out = [Paragraph("一、您提供的情况", s.h2)]
    if report.description:
        out.append(Paragraph("您的描述（已隐去个人信息）：" + t(report.description), s.body))
        out.append(Spacer(1, 3 * s.scale))
    rows, pair = [], []
    for fact in report.facts:
        value = t(fact.value) + (' <font color="#C62828">＊</font>' if fact.assumed else "")
        pair += [Paragraph(t(fact.label), s.cell_label), Paragraph(value, s.cell)]
        if len(pair) == 4:
            rows.append(pair)
            pair = []
    if pair:
        rows.append(pair + [Paragraph("", s.cell), Paragraph("", s.cell)])
    if rows:
        table = Table(rows, colWidths=[WIDTH * 0.16, WIDTH * 0.34] * 2)
        table.setStyle(TableStyle([
            ("FONT", (0, 0), (-1, -1), s.font), ("VALIGN", (0, 0), (-1, -1), "TOP"),
            ("TOPPADDING", (0, 0), (-1, -1), 1.2), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.2),
            ("LINEBELOW", (0, 0), (-1, -1), 0.3, RULE),
        ]))
        out.append(table)
    else:
        out.append(Paragraph("（没有记录具体事实。）", s.body))
    legend = "标＊的事项您表示不清楚、没有提到或前后不一致，分析时按谨慎的假设处理（见第五部分）。"
    notes = "；".join(t(note) for note in report.fact_notes)
    out.append(Paragraph(legend + (f"记录时的说明：{notes}" if notes else ""), s.small))
    return out


def _levels(report: Report, s: Styles, t: Text) -> list:
    out = [Paragraph("二、风险一览", s.h2)]
    rows = []
    for index, row in enumerate([report.overall] + list(report.levels)):
        style = s.h3 if index == 0 else s.cell
        rows.append([Paragraph(t(row.title), style), LevelBar(row.rank, row.steps, segment=15 * s.scale,
                                                              height=8 * s.scale),
                     Paragraph(t(row.label), style)])
    table = Table(rows, colWidths=[WIDTH * 0.36, WIDTH * 0.2, WIDTH * 0.44])
    table.setStyle(TableStyle([
        ("FONT", (0, 0), (-1, -1), s.font), ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
        ("TOPPADDING", (0, 0), (-1, -1), 1.6), ("BOTTOMPADDING", (0, 0), (-1, -1), 1.6),
        ("LINEBELOW", (0, 0), (-1, 0), 0.8, ACCENT),
        ("ROWBACKGROUNDS", (0, 1), (-1, -1), [white, SHADE]),
    ]))
    out.append(table)
    out.append(Paragraph("色块越多、颜色越深，风险越高；每一行按该项自己的等级划分（合同效力从“很可能有效”到“无效”）。", s.small))
    return out


def _reasoning(report: Report, s: Styles, t: Text) -> list:
    out = [Paragraph("三、各项风险的理由", s.h2)]
    for section in report.dimensions:
        out.append(Paragraph(f"{t(section.level.title)}：{t(section.level.label)}", s.h3))
        out += _points(section.reasons, s.bullet, t)
        if section.extra:
            out.append(Paragraph(t(section.extra_title), s.small))
            out += _points(section.extra, s.bullet, t)
    return out


def _cases(report: Report, s: Styles, t: Text) -> list:
    out = [Paragraph("四、最接近的案例", s.h2)]
    if not report.cases:
        return out + [Paragraph("数据库中暂时没有与您情况相近的案例。", s.body)]
    for case in report.cases:
        block = [Paragraph(t(case.title), s.case_title),
                 Paragraph(f"{t(case.court)}｜{t(case.case_number)}｜{t(case.date)}", s.case),
                 Paragraph("要点：" + t(case.holding), s.case)]
        if case.similar:
            block.append(Paragraph("与您情况的相似点：" + t(case.similar), s.case))
        block.append(Paragraph("来源：" + t(case.source), s.case))
        out.append(KeepTogether(block))
    out.append(Paragraph("案例说明法院在类似情况下的思路，不代表您的案件会有相同结果。", s.small))
    return out


def _closing(report: Report, s: Styles, t: Text) -> list:
    out = [Paragraph("五、下一步建议与假设", s.h2)]
    if report.steps:
        out.append(Paragraph("建议的下一步", s.h3))
        out += _points(report.steps, s.bullet, t, numbered=True)
    if report.changes:
        out.append(Paragraph("什么情况会改变结论", s.h3))
        out += _points(report.changes, s.bullet, t)
    if report.assumptions:
        out.append(Paragraph("分析所依据的假设", s.h3))
        out += _points(report.assumptions, s.bullet, t)
    box = Table([[Paragraph("免责声明：" + t(report.disclaimer), s.body)]], colWidths=[WIDTH])
    box.setStyle(TableStyle([("FONT", (0, 0), (-1, -1), s.font), ("BACKGROUND", (0, 0), (-1, -1), SHADE), ("BOX", (0, 0), (-1, -1), 0.5, RULE),
                             ("TOPPADDING", (0, 0), (-1, -1), 4), ("BOTTOMPADDING", (0, 0), (-1, -1), 4)]))
    contact = "　".join(f"{t(title)}：{t(value)}" for title, value in report.contact.lines)
    out += [Spacer(1, 5 * s.scale), box,
            Paragraph(f"如需律师进一步分析，请联系{t(report.contact.name)}。" + contact, s.body)]
    return out


def _inline_items(text: str) -> str:
    """Numbered items （一）（二）… run on in their paragraph (saves lines, keeps every word)."""
    return ITEM_BREAK.sub("", text)


def _appendix(report: Report, s: Styles, t: Text) -> list:
    if not report.appendix:
        return []
    out = [Paragraph("附录：引用条文原文", s.h2),
           Paragraph("以下条文逐字摘自本助手的法规数据库，按法律排列；条文中的各项接排。", s.small),
           Spacer(1, 2 * s.scale)]
    for entry in report.appendix:
        out.append(Paragraph(f'<font color="#1A3A6B">{t(entry.title)}</font>　{t(_inline_items(entry.text))}'
                             + (f'<font color="#5F6368">{t(entry.note)}</font>' if entry.note else ""), s.article))
    return out


def story(report: Report, s: Styles, t: Text) -> list:
    """The report's flowables, in order."""
    return (_header(report, s, t) + _facts(report, s, t) + _levels(report, s, t)
            + _reasoning(report, s, t) + _cases(report, s, t) + _closing(report, s, t)
            + _appendix(report, s, t))
