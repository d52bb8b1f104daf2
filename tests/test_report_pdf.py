"""The report PDF, checked from the outside with poppler (pdftotext, pdffonts, pdfinfo,
pdftoppm): levels, articles and cases in the text, every font embedded, 1-3 A4 pages,
hostile user text rendered literally. Page 1 is kept as results/reports/report_page1.png."""
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from PIL import Image

from actions import services
from actions.kb import query
from actions.report import bars, generate, pdf
from actions.report.fit import DENSITIES
from actions.risk import assess

REPO = Path(__file__).resolve().parents[1]
ARTIFACTS = REPO / "results" / "reports"
FIRM = {"name": "测试律师事务所", "phone": "400-123-4567", "email": "law@example.com",
        "address": "北京市测试路1号", "hours": "工作日 9:00-18:00"}
FACT_SETS = {
    "jiangyin_seller": dict(
        role="seller", platform="wechat", account_kind="personal", account_count=9, real_name=True,
        third_party_pi=True, pi_kinds=["identity", "health"], pi_count=22500, obtained_in_service=True,
        consent=False, buyer_purpose="same_business", buyer_known=True, price=500000, paid=300000,
        announce_change=False, status="dispute", prior_penalty=False),
    "game_account": dict(role="seller", platform="game", account_count=1, third_party_pi=False, price=800,
                         status="planned"),
    "buyer_few_facts": dict(role="buyer", platform="douyin"),
    "bulk_to_suspicious_buyer": dict(role="seller", platform="wechat", account_count=30,
                                     buyer_purpose="suspicious", price=30000, paid=30000, status="performed"),
    "shop_official_route": dict(role="seller", platform="taobao_shop", official_route=True, third_party_pi=True,
                                consent=True, deidentified=True, price=100000, status="signed"),
}
HOSTILE = ("<b>加粗</b><script>alert('x')</script> &amp; &lt;i&gt; ]]> %PDF-1.4 \\ ( ) "
           "身份证110101199003071234 电话13800138000 ")
HOSTILE = (HOSTILE + "我想卖号" * 2500)[:10000]

pytestmark = pytest.mark.skipif(not shutil.which("pdftotext"), reason="poppler-utils missing (scripts/system_deps.sh)")


@pytest.fixture(scope="module")
def reports(kb_url, tmp_path_factory):
    """One PDF per fact set, plus one with hostile user text (10,000 characters)."""
    patch = pytest.MonkeyPatch()
    patch.setenv("LEGAL_DB_URL", kb_url)
    query.reload()
    folder = tmp_path_factory.mktemp("reports")
    made = {}
    try:
        for name, facts in FACT_SETS.items():
            assessment = assess(facts, similar_cases=services.similar_cases)
            generated = generate(assessment, facts, FIRM, notes=["按9个号×每个约2,500人估算"])
            made[name] = (assessment, generated, _write(folder / f"{name}.pdf", generated.pdf))
        facts = FACT_SETS["jiangyin_seller"]
        assessment = assess(facts, similar_cases=services.similar_cases)
        hostile_slots = {**facts, "platform": "<u>" * 300}
        generated = generate(assessment, hostile_slots, {**FIRM, "name": "A&B <律所>"}, description=HOSTILE,
                             notes=[HOSTILE] * 12)
        made["hostile"] = (assessment, generated, _write(folder / "hostile.pdf", generated.pdf))
    finally:
        patch.undo()
        query.reload()
    return made


def _write(path: Path, data: bytes) -> Path:
    path.write_bytes(data)
    return path


def text_of(path: Path, report) -> str:
    """The PDF's text with all whitespace and the page footers removed (lines wrap anywhere
    in Chinese; a footer can fall in the middle of an article)."""
    out = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True)
    text = re.sub(r"\s+", "", out.stdout.decode("utf-8"))
    footer = re.compile(re.escape(squeeze(report.firm_name + pdf.TITLE + report.report_id)) + r"第\d页/共\d页")
    return footer.sub("", text)


def squeeze(text: str) -> str:
    return re.sub(r"\s+", "", text)


def info(path: Path) -> dict:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True).stdout
    return dict(line.split(":", 1) for line in out.splitlines() if ":" in line)


@pytest.mark.parametrize("name", list(FACT_SETS) + ["hostile"])
def test_one_to_three_a4_pages(reports, name):
    _, generated, path = reports[name]
    details = info(path)
    pages = int(details["Pages"])
    assert 1 <= pages <= 3 and pages == generated.pages
    width, height = map(float, re.findall(r"[\d.]+", details["Page size"])[:2])
    assert (round(width), round(height)) == (595, 842)  # A4 in points


@pytest.mark.parametrize("name", list(FACT_SETS) + ["hostile"])
def test_every_font_is_embedded(reports, name):
    _, _, path = reports[name]
    out = subprocess.run(["pdffonts", str(path)], capture_output=True, check=True, text=True).stdout
    rows = out.splitlines()[2:]
    assert rows, "no fonts listed"
    for row in rows:
        # name, type, encoding, emb, sub, uni, object, id: 'emb' is the 4th column from the right end
        columns = row.split()
        assert columns[-5] == "yes", f"font not embedded: {row}"


@pytest.mark.parametrize("name", list(FACT_SETS))
def test_text_carries_levels_articles_and_cases(reports, name):
    assessment, generated, path = reports[name]
    report = generated.report
    text = text_of(path, report)
    assert report.firm_name in text and report.report_id in text and report.date in text
    assert squeeze(assessment["headline"]) in text
    for key, dimension in assessment["dimensions"].items():
        assert squeeze(dimension["label"]) in text
        for reason in dimension["reasons"]:
            assert squeeze(reason["text"]) in text, reason["text"][:30]
    for citation in assessment["citations"]:
        article = query.get_article(citation)
        assert squeeze(article.title) in text
        assert squeeze(article.text) in text, f"{citation} not quoted verbatim"
        label = services.cite(citation)
        assert label in text
    for match in assessment["case_matches"]:
        case = query.get_case(match["id"])
        assert squeeze(case.title) in text
        if case.case_number:
            assert squeeze(case.case_number) in text
        if case.court:
            assert squeeze(case.court) in text
        if case.date:
            assert case.date in text
    assert squeeze(assessment["disclaimer"]) in text
    assert FIRM["phone"] in text and FIRM["email"] in text


def test_a_suspicious_buyer_gets_a_long_dark_bar(reports):
    assessment, generated, _ = reports["bulk_to_suspicious_buyer"]
    rows = {row.key: row for row in generated.report.levels}
    assert rows["criminal_help"].rank >= 2  # suspicious buyer: possible or high
    assert bars.colour_for(rows["criminal_help"].rank, 4) in bars.PALETTE[2:]


def test_page_one_renders_to_png_with_the_coloured_bars(reports):
    _, _, path = reports["jiangyin_seller"]
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    prefix = ARTIFACTS / "report_page1"
    subprocess.run(["pdftoppm", "-f", "1", "-l", "1", "-r", "100", "-png", "-singlefile", str(path), str(prefix)],
                   check=True)
    shutil.copy(path, ARTIFACTS / "report_jiangyin.pdf")
    image = Image.open(str(prefix) + ".png").convert("RGB")
    assert abs(image.size[0] - 827) <= 2 and abs(image.size[1] - 1170) <= 2  # A4 at 100 dpi
    red = bars.PALETTE[-1]
    target = tuple(round(channel * 255) for channel in (red.red, red.green, red.blue))
    colours = image.getcolors(maxcolors=1 << 24)
    close = sum(count for count, pixel in colours if all(abs(a - b) <= 12 for a, b in zip(pixel, target)))
    assert close > 500, "the high-risk bars are not on page 1"
    dark = sum(image.convert("L").histogram()[:128])
    assert dark > 5000, "page 1 has hardly any text"


def test_hostile_text_renders_literally_masked_and_truncated(reports):
    _, generated, path = reports["hostile"]
    text = text_of(path, generated.report)
    assert "<b>加粗</b><script>alert('x')</script>&amp;&lt;i&gt;]]>%PDF-1.4" in text
    assert "110101199003071234" not in text and "13800138000" not in text
    assert "[身份证号已隐藏]" in text and "[手机号已隐藏]" in text
    assert "（已截断）" in text
    assert text.count("我想卖号") < 400  # 2,500 in the input
    assert "A&B<律所>" in text
    assert generated.pages <= 3


def test_the_densest_layout_is_used_only_when_needed(reports):
    scales = {name: pdf.render_pdf(generated.report).scale for name, (_, generated, _) in reports.items()
              if name in ("game_account", "jiangyin_seller")}
    assert scales["game_account"] == DENSITIES[0]
    assert scales["jiangyin_seller"] <= scales["game_account"]


def test_too_long_content_is_refused_rather_than_spilling_over(reports, monkeypatch):
    _, generated, _ = reports["jiangyin_seller"]
    monkeypatch.setattr(pdf, "MAX_PAGES", 1)
    with pytest.raises(pdf.TooLong):
        pdf.render_pdf(generated.report)


def test_remembered_line_breaks_give_the_same_text_as_fresh_ones(reports, tmp_path):
    from actions.report import lines

    _, first, _ = reports["jiangyin_seller"]
    _, other, _ = reports["game_account"]
    lines.clear()
    cold = _write(tmp_path / "cold.pdf", pdf.render_pdf(first.report).pdf)
    pdf.render_pdf(other.report)  # fills the cache with another report's lines
    warm = _write(tmp_path / "warm.pdf", pdf.render_pdf(first.report).pdf)
    assert text_of(cold, first.report) == text_of(warm, first.report)
    assert lines._cache, "nothing was remembered"
