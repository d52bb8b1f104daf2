"""The report model (actions/report/content.py): built from the assessment and the database,
never reworded; user text masked, escaped and bounded. No PDF is rendered here."""
from pathlib import Path

import pytest

from actions import services
from actions.kb import query
from actions.kb.index import vocabulary
from actions.report import bars, content, kb_views, new_report_id, report_date
from actions.report.text import truncate, user_text, xml_escape
from actions.risk import assess, vocab

JIANGYIN = dict(
    role="seller", platform="wechat", account_kind="personal", account_count=9, real_name=True,
    third_party_pi=True, pi_kinds=["identity", "health"], pi_count=22500,
    obtained_in_service=True, consent=False, buyer_purpose="same_business", buyer_known=True,
    price=500000, paid=300000, announce_change=False, status="dispute", prior_penalty=False,
)
FIRM = {"name": "测试律师事务所", "phone": "400-123-4567", "email": "law@example.com",
        "address": "北京市测试路1号", "hours": "工作日 9:00-18:00", "website": "https://law.example.com"}


pytestmark = pytest.mark.usefixtures("kb_env")


def model(facts, slots=None, **extra):
    assessment = assess(facts, similar_cases=services.similar_cases)
    articles, cases = kb_views(assessment)
    report = content.build_report(assessment, slots if slots is not None else facts, FIRM, articles, cases,
                                  vocabulary(), report_id="ZX-20250101-ABCDEF", date="2025年1月1日", **extra)
    return assessment, report


def test_levels_follow_the_engine_scales_and_labels():
    assessment, report = model(JIANGYIN)
    assert [row.key for row in report.levels] == list(content.DIMENSION_TITLES)
    for row in report.levels:
        dimension = assessment["dimensions"][row.key]
        assert row.label == dimension["label"]
        assert row.rank == vocab.severity(row.key, dimension["level"])
        assert row.steps == 4
    assert (report.overall.label, report.overall.rank, report.overall.steps) == ("高风险", 2, 3)
    assert report.headline == assessment["headline"]


def test_reasons_are_the_engines_own_sentences_with_article_labels():
    assessment, report = model(JIANGYIN)
    for section in report.dimensions:
        reasons = assessment["dimensions"][section.level.key]["reasons"]
        assert [point.text for point in section.reasons] == [reason["text"] for reason in reasons]
    contract = report.dimensions[0]
    assert "民法典第153条" in contract.reasons[0].cites and "个人信息保护法第23条" in contract.reasons[0].cites
    assert [point.text for point in contract.extra] == [
        sentence["text"] for sentence in assessment["dimensions"]["contract"]["consequences"]["sentences"]]
    assert [point.text for point in report.steps] == [step["text"] for step in assessment["advice"]]
    assert report.disclaimer == assessment["disclaimer"]


def test_appendix_quotes_every_cited_article_verbatim_in_database_order():
    assessment, report = model(JIANGYIN)
    assert {entry.citation for entry in report.appendix} == set(assessment["citations"])
    for entry in report.appendix:
        article = query.get_article(entry.citation)
        assert entry.text == article.text and entry.title == article.title
    order = list(query.knowledge_base().articles)
    positions = [order.index(entry.citation) for entry in report.appendix]
    assert positions == sorted(positions)


def test_an_article_missing_from_the_database_is_said_so_not_invented():
    entries = content.appendix(["civil_code:153", "nowhere:1"], {})
    assert [entry.text for entry in entries] == ["（数据库中未收录该条原文。）"] * 2


def test_cases_carry_court_number_date_holding_and_source_as_stored():
    assessment, report = model(JIANGYIN)
    assert report.cases and len(report.cases) <= 3
    for entry, match in zip(report.cases, assessment["case_matches"]):
        case = query.get_case(match["id"])
        assert entry.title == case.title
        assert entry.case_number == (case.case_number or "来源未载明案号")
        assert entry.court == (case.court or "法院未载明")
        if case.date:
            assert entry.date.startswith(case.date)
        else:
            assert entry.date == "日期不详"
        assert entry.holding.rstrip("…（已截断）") in case.holding
        assert entry.source != "未载明"


def test_unknown_and_unstated_facts_are_marked_as_assumed():
    slots = {**JIANGYIN, "consent": "unknown"}
    slots.pop("deidentified", None)
    facts = {key: value for key, value in slots.items() if value != "unknown"}
    _, report = model(facts, slots)
    rows = {row.label: row for row in report.facts}
    assert rows["好友/客户同意转让"].assumed and "不清楚" in rows["好友/客户同意转让"].value
    assert rows["交付前删除/去标识化"].assumed and rows["交付前删除/去标识化"].value.startswith("未提及")
    assert not rows["平台"].assumed and rows["平台"].value == "微信"
    assert rows["好友/客户人数"].value == "22,500人"


def test_user_text_is_masked_bounded_and_kept_literal():
    hostile = "<b>粗体</b> & 身份证110101199003071234 手机138 0013 8000\x00" + "长" * 10000
    _, report = model(JIANGYIN, description=hostile, notes=["<i>注</i>" * 100] * 20)
    assert len(report.description) <= content.MAX_DESCRIPTION
    assert report.description.startswith("<b>粗体</b> & 身份证[身份证号已隐藏] 手机[手机号已隐藏]")
    assert report.description.endswith("（已截断）")
    assert len(report.fact_notes) == content.MAX_NOTES
    assert all(len(note) <= content.MAX_NOTE for note in report.fact_notes)


def test_a_number_split_by_control_characters_is_still_masked():
    assert user_text("电话13800\x00138000", 100) == "电话[手机号已隐藏]"
    assert user_text(None, 10) == "" and user_text(12, 10) == "12"


def test_truncation_prefers_a_sentence_end():
    assert truncate("短句。", 10) == "短句。"
    assert truncate("第一句话说完了。第二句很长很长很长很长", 16) == "第一句话说完了。…（已截断）"
    assert len(truncate("没有标点" * 50, 30)) <= 30


def test_markup_is_escaped_for_reportlab():
    assert xml_escape('<b>&amp;</b> "x"') == '&lt;b&gt;&amp;amp;&lt;/b&gt; "x"'


def test_firm_contact_lines_and_report_metadata():
    _, report = model(JIANGYIN)
    assert report.firm_name == "测试律师事务所"
    assert dict(report.contact.lines)["电话"] == "400-123-4567"
    assert report.report_id == "ZX-20250101-ABCDEF"
    identifier = new_report_id()
    assert identifier.startswith("ZX-") and len(identifier) == len("ZX-20250101-ABCDEF")
    assert new_report_id() != identifier
    assert report_date().endswith("日")


def test_bar_colours_darken_with_the_level_so_greyscale_still_reads():
    def luminance(colour):
        return 0.299 * colour.red + 0.587 * colour.green + 0.114 * colour.blue
    values = [luminance(colour) for colour in bars.PALETTE]
    assert values == sorted(values, reverse=True) and len(set(values)) == len(values)
    assert bars.colour_for(0, 3) == bars.PALETTE[0] and bars.colour_for(2, 3) == bars.PALETTE[-1]
    assert bars.colour_for(3, 4) == bars.PALETTE[-1]


def test_a_font_without_chinese_or_a_missing_file_is_refused(monkeypatch):
    from actions.report import fonts

    monkeypatch.setattr(fonts, "_registered", None)
    monkeypatch.setenv("REPORT_FONT", "/nonexistent/font.ttc")
    with pytest.raises(fonts.FontMissing, match="nonexistent"):
        fonts.cjk_font()
    latin = "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"
    if Path(latin).exists():
        monkeypatch.setenv("REPORT_FONT", latin)
        with pytest.raises(fonts.FontMissing, match="no Chinese glyphs"):
            fonts.cjk_font()


def test_the_default_font_is_a_truetype_cjk_font():
    from actions.report import fonts

    font = fonts.cjk_font()
    assert font.path.endswith((".ttf", ".ttc")) and font.chars.issuperset(fonts.REQUIRED)
    assert font.keep_covered("风险🔴A") == "风险A"
