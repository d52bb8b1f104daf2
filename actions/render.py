"""Turning assessments, facts, articles and cases into short chat messages (Simplified
Chinese, readable on a phone). Pure functions: no Rasa import, no database access —
callers pass the knowledge-base views in."""
from __future__ import annotations

from typing import Any, Callable, Iterable, Mapping

from .interview import FACT_LABELS, UNKNOWN
from .numbers import format_count, format_rmb

LEVEL_BADGES = {
    "high": "🔴 高风险", "medium": "🟠 中风险", "low": "🟢 低风险",
}
DIMENSION_TITLES = {
    "contract": "合同效力", "criminal_pi": "刑事：侵犯公民个人信息", "criminal_help": "刑事：帮信",
    "administrative": "行政处罚", "platform": "平台处理", "civil": "对好友/客户的民事责任",
}
DIMENSION_ICONS = {
    "void": "🔴", "likely_void": "🔴", "uncertain": "🟠", "likely_valid": "🟢",
    "especially_serious_possible": "🔴", "serious_possible": "🔴", "high": "🔴",
    "possible": "🟠", "low": "🟢", "none": "🟢",
}
DISCLAIMER = ("⚠️ 以上是根据您提供的信息做的一般性风险分析，不是法律意见，也不能预测具体判决结果。"
              "涉及金额较大或已有纠纷的，请尽快咨询律师。")
ANSWER_BUTTONS = [
    {"title": "查看法条原文", "payload": "/ask_article"},
    {"title": "相似案例", "payload": "/ask_case"},
    {"title": "我该怎么办", "payload": "/ask_next_steps"},
    {"title": "联系律师", "payload": "/ask_lawyer"},
    {"title": "生成报告", "payload": "/request_report"},
]
FEEDBACK_BUTTONS = [
    {"title": "👍 有帮助", "payload": '/feedback{"rating":"up"}'},
    {"title": "👎 没看懂", "payload": '/feedback{"rating":"down"}'},
]

Labeler = Callable[[str], str]


def article_label(law_short: str, article: str) -> str:
    """民法典第153条, 刑法第253条之一."""
    main, _, sub = article.partition("-")
    return f"{law_short}第{main}条" + (f"之{_SUB[int(sub)]}" if sub else "")


_SUB = {1: "一", 2: "二", 3: "三", 4: "四", 5: "五", 6: "六", 7: "七", 8: "八", 9: "九"}


def cite_list(citations: Iterable[str], label: Labeler) -> str:
    labels = list(dict.fromkeys(label(citation) for citation in citations))
    return f"（{'、'.join(labels)}）" if labels else ""


def _reason_line(reason: Mapping[str, Any], label: Labeler) -> str:
    return reason["text"].rstrip("。") + "。" + cite_list(reason.get("citations", []), label)


def render_assessment(assessment: Mapping[str, Any], label: Labeler,
                      case_titles: Mapping[str, str]) -> list[dict]:
    """The assessment as a few short messages: headline, dimensions, cases, steps, caveats."""
    messages = []
    badge = LEVEL_BADGES.get(assessment["overall"], assessment["overall"])
    messages.append({"text": f"【总体：{badge}】\n{assessment['headline']}"})

    lines = []
    for key, title in DIMENSION_TITLES.items():
        dimension = assessment["dimensions"].get(key)
        if not dimension:
            continue
        icon = DIMENSION_ICONS.get(dimension["level"], "•")
        reasons = dimension.get("reasons") or []
        first = _reason_line(reasons[0], label) if reasons else ""
        lines.append(f"{icon} {title}：{dimension['label']}\n{first}".rstrip())
    messages.append({"text": "\n\n".join(lines)})

    matches = assessment.get("case_matches") or []
    if matches:
        case_lines = []
        for match in matches[:3]:
            title = case_titles.get(match["id"], match["id"])
            why = "、".join(match.get("reasons", [])[:2])
            case_lines.append(f"• {title}" + (f"\n  相似点：{why}" if why else ""))
        messages.append({"text": "📚 最接近的案例：\n" + "\n".join(case_lines)})

    steps = assessment.get("advice") or []
    changes = assessment.get("changes") or []
    parts = []
    if changes:
        parts.append("🔁 什么会改变结论：\n" + "\n".join(
            f"• {_reason_line(change, label)}" for change in changes[:3]))
    if steps:
        parts.append("✅ 建议下一步：\n" + "\n".join(
            f"{index}. {_reason_line(step, label)}" for index, step in enumerate(steps[:4], 1)))
    if parts:
        messages.append({"text": "\n\n".join(parts)})

    assumptions = assessment.get("assumptions") or []
    tail = []
    if assumptions:
        tail.append("ℹ️ 我做的假设：\n" + "\n".join(
            f"• {item['text']}{(' ' + item['if_different']) if item.get('if_different') else ''}"
            for item in assumptions[:4]))
    tail.append(assessment.get("disclaimer") or DISCLAIMER)
    messages.append({"text": "\n\n".join(tail), "buttons": ANSWER_BUTTONS})
    return messages


def render_value(fact: str, value: Any, labels: Mapping[str, Mapping[str, str]]) -> str:
    if value == UNKNOWN:
        return "不清楚（按谨慎假设）"
    if isinstance(value, bool):
        return "是" if value else "否"
    if fact == "pi_kinds":
        return "、".join(labels["pi_kinds"].get(kind, kind) for kind in value)
    if fact in ("price", "paid"):
        return format_rmb(value)
    if fact in ("account_count", "pi_count"):
        return format_count(value) + ("个" if fact == "account_count" else "人")
    vocabulary = labels.get(fact) or {}
    return vocabulary.get(value, str(value))


def render_recorded(facts: Mapping[str, Any], labels: Mapping[str, Mapping[str, str]]) -> str:
    """A short acknowledgement of facts the user gave while another question was open."""
    shown = [f"{FACT_LABELS[fact]}：{render_value(fact, value, labels)}"
             for fact, value in facts.items() if fact in FACT_LABELS and value is not None]
    return "记下了（" + "；".join(shown) + "）" if shown else ""


def render_facts(slots: Mapping[str, Any], facts_in_order: Iterable[str],
                 labels: Mapping[str, Mapping[str, str]]) -> str:
    lines = [f"• {FACT_LABELS[fact]}：{render_value(fact, slots[fact], labels)}"
             for fact in facts_in_order if slots.get(fact) is not None]
    return "\n".join(lines) if lines else "（还没有记录任何信息）"


def edit_buttons(slots: Mapping[str, Any], facts_in_order: Iterable[str]) -> list[dict]:
    return [{"title": f"改：{FACT_LABELS[fact]}", "payload": f'/edit_fact{{"fact":"{fact}"}}'}
            for fact in facts_in_order if slots.get(fact) is not None]


def render_article(title: str, text: str, in_force: bool) -> str:
    note = "" if in_force else "\n（注意：这是已被修订的旧版本，仅用于说明过去案件适用的规定。）"
    return f"📖 {title}\n{text}{note}"


def render_case(case, topic_labels: Mapping[str, str] | None = None, detail: bool = False) -> str:
    """A case in a few lines: title, court and number as published, holding, outcome, source."""
    heading = [case.title]
    meta = "，".join(filter(None, [case.court, case.case_number,
                                   f"{case.date_note or '日期'}：{case.date}" if case.date else None]))
    if meta:
        heading.append(meta)
    body = [f"裁判要点：{case.holding}" if detail else f"要点：{_first_sentence(case.holding)}"]
    summary = (case.outcome or {}).get("summary")
    if summary:
        body.append(f"结果：{summary}")
    if detail:
        body.insert(0, f"案情：{case.facts}")
        source = _source_label(case.sources)
        if source:
            body.append(f"来源：{source}")
    return "⚖️ " + "\n".join(heading) + "\n" + "\n".join(body)


def _first_sentence(text: str) -> str:
    head, sep, _ = text.partition("。")
    return head + sep


def _source_label(sources: list) -> str:
    for source in sources:
        if source.get("kind") == "url":
            return source["ref"]
    for source in sources:
        if source.get("kind") == "seed":
            return "项目资料 " + source["ref"]
    return ""


def render_consequences(consequences: Mapping[str, Any] | None, contract_label: str,
                        label: Labeler) -> str:
    """What Civil Code 157 means for the user's own figures (the engine's sentences)."""
    if not consequences or not consequences.get("sentences"):
        return ""
    lines = [f"按您说的情况，合同效力评估为：{contract_label}。"]
    lines += [f"• {_reason_line(sentence, label)}" for sentence in consequences["sentences"]]
    return "\n".join(lines)


def render_asked_amount(amount: float, role: str | None, consequences: Mapping[str, Any] | None,
                        void: bool) -> str:
    """One sentence on the very amount the user asked about ("那30万能要回来吗"), by role."""
    if not void or not consequences or not amount:
        return ""
    label = format_rmb(amount)
    if amount == consequences.get("paid"):
        if role == "seller":
            return (f"所以您问的{label}：合同被认定无效时，原则上要退还给买方，买方同时把账号还给您；"
                    "有过错的一方还要赔偿对方的损失。")
        return f"所以您问的{label}：在合同被认定无效的情况下，原则上可以要求返还，但要把账号也还回去。"
    if amount in (consequences.get("unpaid"), consequences.get("price")):
        if role == "buyer":
            return f"所以您问的{label}：合同被认定无效时，还没付的部分不必再付；已经拿到的账号要返还。"
        return f"所以您问的{label}：合同被认定无效时，还没付的部分无法通过诉讼要求对方支付。"
    return ""

