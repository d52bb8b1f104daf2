"""The widget's channel (bot/webchat_channel.py) over HTTP: a Sanic server with only that
channel registered, as Rasa registers it, in a subprocess. Content types, caching headers,
conditional requests, the configuration filled into widget.js; and the widget's source
never parses HTML."""
import json
import re
import subprocess
import sys
import time
from html.parser import HTMLParser

import pytest
import requests
import yaml

from bot import webchat_channel
from tests.stack import free_port
from tests.test_widget_support import REPO

SERVER = """
import sys
from rasa.core.channels.channel import register
from sanic import Sanic
from bot.webchat_channel import WebChatInput

app = Sanic("webchat_static_test")
register([WebChatInput()], app, route="/webhooks/")
app.run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False, motd=False)
"""


@pytest.fixture(scope="module")
def base(tmp_path_factory):
    port = free_port()
    log = open(tmp_path_factory.mktemp("webchat") / "server.log", "wb")
    env = {"RETENTION_DAYS": "45", "PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO)}
    process = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], cwd=REPO, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            assert process.poll() is None, "the test server exited; see its log"
            try:
                if requests.get(url + "/webhooks/webchat/", timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "the test server did not start"
            time.sleep(0.3)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


class Links(HTMLParser):
    """Every src and href of a page's elements."""

    def __init__(self):
        super().__init__()
        self.urls = []

    def handle_starttag(self, tag, attrs):
        self.urls += [value for name, value in attrs if name in ("src", "href")]


def config_in(source: str) -> dict:
    match = re.search(r"var SERVER = (\{.*?\});\n", source)
    assert match, "no configuration in the served widget"
    return json.loads(match.group(1))


def test_widget_is_served_as_javascript_with_caching_headers(base):
    reply = requests.get(base + "/webhooks/webchat/widget.js", timeout=10)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "application/javascript; charset=utf-8"
    assert reply.headers["Cache-Control"] == "public, max-age=300"
    assert re.fullmatch(r'"[0-9a-f]{32}"', reply.headers["ETag"])
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert reply.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert "attachShadow" in reply.text and "/webhooks/rest/webhook" in reply.text


def test_widget_carries_law_names_retention_and_firm(base):
    config = config_in(requests.get(base + "/webhooks/webchat/widget.js", timeout=10).text)
    laws = yaml.safe_load((REPO / "knowledge" / "laws.yml").read_text(encoding="utf-8"))
    assert config["laws"] == {law["short"]: law["id"] for law in laws}
    assert config["laws"]["民法典"] == "civil_code" and config["laws"]["刑法"] == "criminal_law"
    assert config["retentionDays"] == 45  # $RETENTION_DAYS of the server
    firm = yaml.safe_load((REPO / "firm.yml").read_text(encoding="utf-8"))
    assert config["firm"] == firm["name"]


def test_conditional_requests_get_304(base):
    first = requests.get(base + "/webhooks/webchat/widget.js", timeout=10)
    again = requests.get(base + "/webhooks/webchat/widget.js", timeout=10,
                         headers={"If-None-Match": 'W/"other", ' + first.headers["ETag"]})
    assert again.status_code == 304 and again.content == b""
    assert again.headers["ETag"] == first.headers["ETag"]
    changed = requests.get(base + "/webhooks/webchat/widget.js", timeout=10, headers={"If-None-Match": '"other"'})
    assert changed.status_code == 200 and changed.content == first.content


def test_demo_page_embeds_the_widget_with_one_tag(base):
    reply = requests.get(base + "/webhooks/webchat/demo", timeout=10)
    assert reply.status_code == 200
    assert reply.headers["Content-Type"] == "text/html; charset=utf-8"
    assert reply.headers["Cache-Control"] == "no-cache" and reply.headers["ETag"]
    page = reply.text
    tags = re.findall(r"<script\b[^>]*>", page)
    assert tags == ['<script src="/webhooks/webchat/widget.js" data-title="澄衡律所 · 账号交易咨询" '
                    'data-color="#7a1f1f">']
    assert "律师事务所" in page and 'lang="zh-CN"' in page
    # Nothing from elsewhere at run time: no external stylesheet, font, image or script.
    links = Links()
    links.feed(page)
    assert links.urls and all(url.startswith(("/", "#")) for url in links.urls), links.urls
    assert "@import" not in page and "@font-face" not in page and "url(" not in page


def test_head_requests_and_unknown_paths(base):
    head = requests.head(base + "/webhooks/webchat/demo", timeout=10)
    assert head.status_code == 200 and head.content == b""
    assert int(head.headers["Content-Length"]) == len(requests.get(base + "/webhooks/webchat/demo", timeout=10).content)
    assert requests.get(base + "/webhooks/webchat/../../credentials.yml", timeout=10).status_code == 404
    assert requests.get(base + "/webhooks/webchat/demo.html", timeout=10).status_code == 404
    assert requests.post(base + "/webhooks/webchat/widget.js", timeout=10).status_code == 405


def test_widget_source_never_parses_html_and_loads_nothing_external():
    source = (REPO / "bot" / "webchat" / "widget.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(",
                 "new Function", "createContextualFragment", "DOMParser", "srcdoc"):
        assert sink not in source, sink
    code = re.sub(r"/\*.*?\*/", "", source, flags=re.S)  # the comments show the embed tag
    assert not re.search(r"https?://(?!www\.w3\.org/2000/svg)", code), "no external URL at run time"
    assert "@import" not in source and "@font-face" not in source and "url(" not in source
    assert webchat_channel.CONFIG_SLOT in source


def test_widget_source_rejects_a_missing_slot(tmp_path, monkeypatch):
    (tmp_path / "widget.js").write_text("var SERVER = {};", encoding="utf-8")
    monkeypatch.setattr(webchat_channel, "STATIC", tmp_path)
    with pytest.raises(RuntimeError):
        webchat_channel.widget_source({"laws": {}})


def test_retention_days_from_the_environment(monkeypatch):
    monkeypatch.setenv("RETENTION_DAYS", "7")
    assert webchat_channel.retention_days() == 7
    monkeypatch.setenv("RETENTION_DAYS", "not a number")
    assert webchat_channel.retention_days() == webchat_channel.DEFAULT_RETENTION_DAYS
    monkeypatch.delenv("RETENTION_DAYS")
    assert webchat_channel.retention_days() == webchat_channel.DEFAULT_RETENTION_DAYS
