"""Report links: random 32-byte tokens, stored hashed, expiring; the reports channel serves
the PDF for a valid token and the same 404 for anything else (over real HTTP)."""
import hmac
import os
import stat
import subprocess
import sys
import time
from pathlib import Path

import pytest
import requests

from actions.report import store as store_module
from actions.report.store import ReportStore, report_url
from tests.stack import free_port

REPO = Path(__file__).resolve().parents[1]
PDF_A = b"%PDF-1.4\n% report A\n"
PDF_B = b"%PDF-1.4\n% report B (another user)\n"


def test_tokens_are_43_url_safe_characters_and_never_repeat(tmp_path):
    store = ReportStore(tmp_path / "r.db", 60)
    tokens = {store.put(PDF_A, "ZX-1")[0] for _ in range(50)}
    assert len(tokens) == 50
    for token in tokens:
        assert store_module.TOKEN.match(token) and len(token) == 43


def test_each_token_gives_its_own_report_only(tmp_path):
    store = ReportStore(tmp_path / "r.db", 60)
    token_a, _ = store.put(PDF_A, "ZX-A")
    token_b, _ = store.put(PDF_B, "ZX-B")
    assert store.get(token_a).pdf == PDF_A and store.get(token_a).report_id == "ZX-A"
    assert store.get(token_b).pdf == PDF_B


def test_near_miss_and_malformed_tokens_find_nothing(tmp_path):
    store = ReportStore(tmp_path / "r.db", 60)
    token, _ = store.put(PDF_A, "ZX-A")
    flipped = token[:-1] + ("A" if token[-1] != "A" else "B")
    for wrong in (flipped, token[:-1], token + "x", token.upper() if token.upper() != token else token.lower(),
                  "", None, 42, "../../etc/passwd", "..%2F..%2Fetc%2Fpasswd", "a" * 43 + "/", " " + token[1:],
                  "*" * 43, "%" * 43):
        assert store.get(wrong) is None, wrong


def test_only_a_hash_of_the_token_is_stored_and_the_file_is_private(tmp_path):
    path = tmp_path / "r.db"
    token, _ = ReportStore(path, 60).put(PDF_A, "ZX-A")
    assert token.encode() not in path.read_bytes()
    assert stat.S_IMODE(os.stat(path).st_mode) & 0o077 == 0


def test_lookup_compares_digests_in_constant_time(tmp_path, monkeypatch):
    store = ReportStore(tmp_path / "r.db", 60)
    token, _ = store.put(PDF_A, "ZX-A")
    calls = []
    real = hmac.compare_digest

    def spy(a, b):
        calls.append((a, b))
        return real(a, b)
    monkeypatch.setattr(store_module.hmac, "compare_digest", spy)
    assert store.get(token) is not None
    assert calls and calls[0][0] == calls[0][1]


def test_reports_expire_and_are_purged(tmp_path):
    now = [1_000_000.0]
    store = ReportStore(tmp_path / "r.db", 60, clock=lambda: now[0])
    token, expires = store.put(PDF_A, "ZX-A")
    assert expires == now[0] + 3600
    now[0] += 3599
    assert store.get(token) is not None
    now[0] += 1
    assert store.get(token) is None
    assert store.purge() == 1 and store.purge() == 0


def test_expired_reports_are_deleted_when_a_new_one_is_stored(tmp_path):
    now = [1_000_000.0]
    store = ReportStore(tmp_path / "r.db", 1, clock=lambda: now[0])
    store.put(PDF_A, "ZX-old")
    now[0] += 120
    store.put(PDF_B, "ZX-new")
    assert store.purge() == 0  # the old one went with the second write


def test_ttl_and_location_come_from_the_environment(tmp_path, monkeypatch):
    monkeypatch.setenv("REPORT_TTL_MINUTES", "15")
    monkeypatch.setenv("REPORTS_DB", str(tmp_path / "env.db"))
    store = ReportStore(clock=lambda: 0.0)
    assert store.put(PDF_A, "ZX-A")[1] == 15 * 60
    assert (tmp_path / "env.db").exists()
    for bad in ("0", "-5", "soon", ""):
        monkeypatch.setenv("REPORT_TTL_MINUTES", bad)
        assert store_module.ttl_minutes() == store_module.DEFAULT_TTL_MINUTES


def test_empty_reports_are_refused(tmp_path):
    with pytest.raises(ValueError):
        ReportStore(tmp_path / "r.db", 60).put(b"", "ZX-A")


def test_links_use_the_public_base_url(monkeypatch):
    monkeypatch.delenv("PUBLIC_BASE_URL", raising=False)
    assert report_url("abc") == "http://localhost:5005/webhooks/reports/abc"
    monkeypatch.setenv("PUBLIC_BASE_URL", "https://lawbot.example.com/")
    assert report_url("abc") == "https://lawbot.example.com/webhooks/reports/abc"


# --- the channel over HTTP ---------------------------------------------------------------

SERVER = """
import sys
from rasa.core.channels.channel import register
from sanic import Sanic
from bot.reports import ReportsInput

app = Sanic("reports_channel_test")
register([ReportsInput()], app, route="/webhooks/")
app.run(host="127.0.0.1", port=int(sys.argv[1]), access_log=False, motd=False)
"""


@pytest.fixture(scope="module")
def served(tmp_path_factory):
    """A Sanic app with only the reports channel, reading a temporary store."""
    folder = tmp_path_factory.mktemp("reports_http")
    db = folder / "reports.db"
    live = ReportStore(db, 60)
    expired = ReportStore(db, 60, clock=lambda: time.time() - 7200)
    tokens = {"a": live.put(PDF_A, "ZX-20250101-AAAAAA")[0], "b": live.put(PDF_B, "ZX-20250101-BBBBBB")[0],
              "expired": expired.put(PDF_A, "ZX-20250101-OLD000")[0]}
    port = free_port()
    log = open(folder / "server.log", "wb")
    env = {"PATH": "/usr/bin:/bin", "PYTHONPATH": str(REPO), "REPORTS_DB": str(db)}
    process = subprocess.Popen([sys.executable, "-c", SERVER, str(port)], cwd=REPO, env=env,
                               stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
    base = f"http://127.0.0.1:{port}/webhooks/reports/"
    try:
        deadline = time.monotonic() + 90
        while True:
            assert process.poll() is None, "the test server exited; see its log"
            try:
                if requests.get(base.rstrip("/"), timeout=2).status_code == 200:
                    break
            except requests.RequestException:
                pass
            assert time.monotonic() < deadline, "the test server did not start"
            time.sleep(0.3)
        yield base, tokens
    finally:
        process.terminate()
        process.wait(timeout=20)
        log.close()


def test_a_valid_token_downloads_its_pdf(served):
    base, tokens = served
    reply = requests.get(base + tokens["a"], timeout=10)
    assert reply.status_code == 200 and reply.content == PDF_A
    assert reply.headers["Content-Type"] == "application/pdf"
    assert reply.headers["Content-Disposition"] == 'attachment; filename="report-ZX-20250101-AAAAAA.pdf"'
    assert "no-store" in reply.headers["Cache-Control"]
    assert reply.headers["X-Content-Type-Options"] == "nosniff"
    assert requests.get(base + tokens["b"], timeout=10).content == PDF_B


def test_wrong_expired_and_malformed_tokens_get_the_same_404(served):
    base, tokens = served
    token = tokens["a"]
    near = token[:-1] + ("A" if token[-1] != "A" else "B")
    bodies = set()
    for path in ("", near, tokens["expired"], token[:20], token + "0", "x" * 43, "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
                 "..%2F..%2Fvar%2Freports.db", "%00" + token[3:]):
        reply = requests.get(base + path, timeout=10)
        assert reply.status_code == 404, path
        assert reply.content not in (PDF_A, PDF_B)
        bodies.add(reply.text)
    assert len(bodies) == 1 and "过期" in bodies.pop()


def test_dot_segments_do_not_escape_the_channel(served):
    base, tokens = served
    reply = requests.get(base + "../../../../etc/passwd", timeout=10)
    assert reply.status_code == 404 and "root:" not in reply.text
    # Either the path is normalised (then it names report B) or it matches no route.
    reply = requests.get(base + tokens["a"] + "/../" + tokens["b"], timeout=10)
    assert reply.status_code == 404 or reply.content == PDF_B
