"""End to end: a whole conversation over the REST channel, then the report by button and by
typing; the link in the reply downloads the PDF from the Rasa server (reports channel)."""
import re
import subprocess
import uuid

import pytest
import requests

from tests import stack as stack_module
from tests.stack import MODEL, running_stack, text_of
from tests.test_e2e_rest import JIANGYIN_ANSWERS, finish_interview

LINK = re.compile(r"https?://\S+/webhooks/reports/([A-Za-z0-9_-]{43})")


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    folder = tmp_path_factory.mktemp("report_e2e")
    patch = pytest.MonkeyPatch()
    # Loading the model can take minutes on a busy machine.
    patch.setattr(stack_module, "wait_for", _patient(stack_module.wait_for))
    try:
        with running_stack(folder, {"REPORTS_DB": str(folder / "reports.db"), "REPORT_TTL_MINUTES": "5"}) as running:
            yield running
    finally:
        patch.undo()


def _patient(wait_for):
    def wait(url, process, timeout=180):
        return wait_for(url, process, timeout=max(timeout, 600))
    return wait


def report_of(reply):
    """(token, custom payload) of the report message in a REST reply."""
    custom = next((message["custom"] for message in reply if isinstance(message.get("custom"), dict)
                   and "report_url" in message["custom"]), None)
    assert custom, f"no report payload in {reply}"
    match = LINK.search(text_of(reply))
    assert match and custom["report_url"].endswith(match.group(1))
    return match.group(1), custom


def test_report_after_an_assessment_downloads_as_pdf(stack):
    user = f"e2e-report-{uuid.uuid4().hex[:10]}"
    before = text_of(stack.say(user, "/request_report"))
    assert "还没有评估结果" in before
    stack.say(user, "我有9个微信号想卖给做医美的老板，每个两三千好友，里面有客户病历")
    finish_interview(stack, user, JIANGYIN_ANSWERS)
    assessment = stack.say(user, "/confirm_facts")
    assert "高风险" in text_of(assessment)

    token, custom = report_of(stack.say(user, "/request_report"))
    assert 1 <= custom["pages"] <= 3 and custom["report_id"].startswith("ZX-")
    download = requests.get(f"{stack.base}/webhooks/reports/{token}", timeout=30)
    assert download.status_code == 200 and download.headers["Content-Type"] == "application/pdf"
    assert download.content.startswith(b"%PDF")
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", "-", "-"], input=download.content,
                          capture_output=True, check=True).stdout.decode("utf-8")
    assert custom["report_id"] in text and "示例律师事务所" in text

    typed_token, _ = report_of(stack.say(user, "生成报告"))
    assert typed_token != token

    wrong = token[:-2] + ("AA" if token[-2:] != "AA" else "BB")
    assert requests.get(f"{stack.base}/webhooks/reports/{wrong}", timeout=30).status_code == 404
