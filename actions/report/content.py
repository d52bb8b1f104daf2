"""What a consultation report says: a pure function from the assessment the chat showed,
the recorded facts, the firm's configuration and knowledge-base views to a report model.

No database access and no PDF here. Every sentence about the law comes from the
assessment (the risk engine's wording) or verbatim from the database; this module only
arranges it. User-derived strings are masked and bounded (text.user_text).
"""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping, Optional, Sequence

from ..interview import FACT_LABELS, FACT_SLOTS, UNKNOWN
from ..render import DIMENSION_TITLES, article_label, render_value
from ..risk import vocab
from .text import truncate, user_text

MAX_DESCRIPTION = 300
MAX_NOTES = 5
MAX_NOTE = 80
MAX_VALUE = 60
MAX_CASES = 3
MAX_HOLDING = 90
OVERALL_LEVELS = ("low", "medium", "high")
OVERALL_TITLE = "总体"


@dataclass(frozen=True)
class FactRow:
    label: str
    value: str
    assumed: bool  # "不清楚" or not stated, and the analysis assumed a value


@dataclass(frozen=True)
class LevelRow:
    key: str
    title: str
    label: str
    rank: int   # 0 = lowest level of this scale
    steps: int  # number of levels in this scale


@dataclass(frozen=True)
class Point:
    text: str
    cites: str  # "（民法典第153条、刑法第253条之一）" or ""


@dataclass(frozen=True)
class DimensionSection:
    level: LevelRow
    reasons: list
    extra_title: str = ""
    extra: list = field(default_factory=list)


@dataclass(frozen=True)
class CaseEntry:
    title: str
    court: str
    case_number: str
    date: str
    holding: str
    source: str
    similar: str


@dataclass(frozen=True)
class ArticleEntry:
    citation: str
    title: str
    text: str
    note: str


@dataclass(frozen=True)
class Contact:
    name: str
    lines: list  # ("电话", "400-…"), …


@dataclass(frozen=True)
class Report:
    report_id: str
    date: str
    firm_name: str
    overall: LevelRow
    headline: str
    description: str
    facts: list
    fact_notes: list
    levels: list
    dimensions: list
    cases: list
    steps: list
    changes: list
    assumptions: list
    disclaimer: str
    contact: Contact
    appendix: list


Labeler = Callable[[str], str]


def labeler(articles: Mapping[str, Any]) -> Labeler:
    """民法典第153条 for civil_code:153 (the id itself when the database lacks it)."""
    def label(citation: str) -> str:
        article = articles.get(citation)
        return article_label(article.law_short, article.article) if article else citation
    return label


def _cites(citations: Iterable[str], label: Labeler) -> str:
    labels = list(dict.fromkeys(label(citation) for citation in citations or ()))
    return f"（{'、'.join(labels)}）" if labels else ""


def _point(item: Mapping[str, Any], label: Labeler) -> Point:
    return Point(str(item.get("text") or ""), _cites(item.get("citations") or (), label))


def _level_row(key: str, dimension: Mapping[str, Any]) -> LevelRow:
    scale = {"contract": vocab.CONTRACT_LEVELS, "criminal_pi": vocab.PI_LEVELS}.get(key, vocab.FOUR_LEVELS)
    level = dimension.get("level")
    rank = scale.index(level) if level in scale else len(scale) - 1
    return LevelRow(key, DIMENSION_TITLES[key], str(dimension.get("label") or level), rank, len(scale))


def overall_row(assessment: Mapping[str, Any]) -> LevelRow:
    level = assessment.get("overall")
    rank = OVERALL_LEVELS.index(level) if level in OVERALL_LEVELS else len(OVERALL_LEVELS) - 1
    label = assessment.get("overall_label") or vocab.OVERALL_LABEL.get(level, str(level))
    return LevelRow("overall", OVERALL_TITLE, label, rank, len(OVERALL_LEVELS))


def fact_rows(slots: Mapping[str, Any], assumed: Iterable[str],
              labels: Mapping[str, Mapping[str, str]]) -> list[FactRow]:
    """The recorded facts in interview order; unknown or unstated facts the analysis
    made an assumption about are marked."""
    assumed = set(assumed)
    rows = []
    for fact in FACT_SLOTS:
        value = slots.get(fact)
        if value is None and fact not in assumed:
            continue
        if value is None:
            shown = "未提及（按假设分析）"
        else:
            try:
                shown = render_value(fact, value, labels)
            except (TypeError, ValueError, KeyError, AttributeError):
                shown = str(value)
        rows.append(FactRow(FACT_LABELS[fact], user_text(shown, MAX_VALUE), value == UNKNOWN or fact in assumed))
    return rows


def _source_label(sources: Sequence[Mapping[str, Any]]) -> str:
    for kind, prefix in (("url", ""), ("seed", "项目资料 "), ("research", "项目资料 ")):
        for source in sources or ():
            if source.get("kind") == kind and source.get("ref"):
                return prefix + str(source["ref"])
    return "未载明"


def _one_line(text: str) -> str:
    head, sep, _ = (text or "").partition("。")
    return truncate(head + sep, MAX_HOLDING) if head else "未载明"


def case_entries(matches: Sequence[Mapping[str, Any]], cases: Mapping[str, Any]) -> list[CaseEntry]:
    entries = []
    for match in matches:
        case = cases.get(match.get("id"))
        if case is None:
            continue
        date = "日期不详"
        if case.date:
            date = case.date + (f"（{case.date_note}）" if case.date_note else "")
        entries.append(CaseEntry(
            title=case.title, court=case.court or "法院未载明",
            case_number=case.case_number or "来源未载明案号", date=date,
            holding=_one_line(case.holding), source=_source_label(case.sources),
            similar="、".join(str(reason) for reason in (match.get("reasons") or [])[:3])))
        if len(entries) == MAX_CASES:
            break
    return entries


def appendix(citations: Iterable[str], articles: Mapping[str, Any]) -> list[ArticleEntry]:
    """Each cited article verbatim, in the database's order (laws, then articles)."""
    wanted = list(dict.fromkeys(citations))
    order = {citation: index for index, citation in enumerate(articles)}
    wanted.sort(key=lambda citation: order.get(citation, len(order)))
    entries = []
    for citation in wanted:
        article = articles.get(citation)
        if article is None:
            entries.append(ArticleEntry(citation, citation, "（数据库中未收录该条原文。）", ""))
            continue
        note = "" if article.in_force else "（已被修订的旧版本，仅用于说明当时适用的规定。）"
        entries.append(ArticleEntry(citation, article.title, article.text, note))
    return entries


def contact(firm: Mapping[str, Any]) -> Contact:
    fields = (("电话", "phone"), ("邮箱", "email"), ("地址", "address"), ("时间", "hours"), ("网站", "website"))
    lines = [(title, truncate(str(firm[key]), 120)) for title, key in fields if firm.get(key)]
    return Contact(truncate(str(firm.get("name") or "律师事务所"), 60), lines)


def build_report(assessment: Mapping[str, Any], slots: Mapping[str, Any], firm: Mapping[str, Any],
                 articles: Mapping[str, Any], cases: Mapping[str, Any],
                 labels: Mapping[str, Mapping[str, str]], *, report_id: str, date: str,
                 notes: Optional[Iterable[Any]] = None, description: Any = None) -> Report:
    """The report model. articles/cases: id -> ArticleView/CaseView (at least the cited ones;
    the appendix follows the mapping's order); labels: the fact vocabularies."""
    label = labeler(articles)
    dims = assessment.get("dimensions") or {}
    sections = []
    for key in DIMENSION_TITLES:
        dimension = dims.get(key)
        if not dimension:
            continue
        extra = [_point(item, label) for item in
                 ((dimension.get("consequences") or {}).get("sentences") or [])]
        sections.append(DimensionSection(_level_row(key, dimension),
                                         [_point(reason, label) for reason in dimension.get("reasons") or []],
                                         "对款项和账号的影响" if extra else "", extra))
    assumptions = [Point(" ".join(filter(None, [item.get("text"), item.get("if_different")])), "")
                   for item in assessment.get("assumptions") or []]
    assumed_facts = [item.get("fact") for item in assessment.get("assumptions") or [] if item.get("fact")]
    fact_notes = [user_text(note, MAX_NOTE) for note in list(notes or [])[-MAX_NOTES:]]
    return Report(
        report_id=report_id, date=date, firm_name=truncate(str(firm.get("name") or "律师事务所"), 60),
        overall=overall_row(assessment), headline=str(assessment.get("headline") or ""),
        description=user_text(description, MAX_DESCRIPTION),
        facts=fact_rows(slots, assumed_facts, labels),
        fact_notes=[note for note in fact_notes if note],
        levels=[section.level for section in sections],
        dimensions=sections,
        cases=case_entries(assessment.get("case_matches") or [], cases),
        steps=[_point(item, label) for item in assessment.get("advice") or []],
        changes=[_point(item, label) for item in assessment.get("changes") or []],
        assumptions=assumptions,
        disclaimer=str(assessment.get("disclaimer") or ""),
        contact=contact(firm),
        appendix=appendix(assessment.get("citations") or [], articles),
    )
