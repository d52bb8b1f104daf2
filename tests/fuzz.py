"""Hostile requests for the assistant's HTTP endpoints, generated deterministically from a
seed, and a raw HTTP client to send them (byte for byte: invalid UTF-8 in the URL or the
body must reach the server as it is). Used by tests/test_fuzz.py.

Every endpoint a REST client or the website widget uses is covered: the REST webhook,
/history and /delete, the widget's static files, report downloads, health checks.
Messages are empty, 100 KB long, control characters, invalid UTF-8, lone surrogates,
emoji floods, markup, SQL fragments, mixed scripts, forged intent payloads; requests are
malformed JSON, wrong types, huge or hostile sender ids, junk and path-traversal tokens,
junk headers; and one sender fires messages as fast as the server takes them.
"""
from __future__ import annotations

import http.client
import json
import random
import re
import socket
from dataclasses import dataclass
from typing import Callable, Optional
from urllib.parse import quote

WEBHOOK = "/webhooks/rest/webhook"
RAPID_SENDER = "fuzz-rapid"
SENDER_POOL = 120  # fuzz conversations (each a tracker in the store)


@dataclass(frozen=True)
class Probe:
    kind: str
    method: str
    target: bytes  # request target as sent (may hold any bytes)
    body: Optional[bytes] = None
    headers: tuple[tuple[bytes, bytes], ...] = ()
    message: Optional[str] = None  # the user text, when the probe carries one

    @property
    def path(self) -> str:
        return self.target.split(b"?", 1)[0].decode("latin-1")


@dataclass(frozen=True)
class Reply:
    status: int
    headers: dict
    body: bytes

    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self):
        return json.loads(self.body)


def send(host: str, port: int, probe: Probe, timeout: float = 120.0) -> Reply:
    """One request on its own connection, exactly as the probe has it."""
    head = [probe.method.encode() + b" " + probe.target + b" HTTP/1.1", b"Host: " + f"{host}:{port}".encode(),
            b"Connection: close", *(name + b": " + value for name, value in probe.headers)]
    if probe.body is not None:
        head.append(b"Content-Length: " + str(len(probe.body)).encode())
    raw = b"\r\n".join(head) + b"\r\n\r\n" + (probe.body or b"")
    with socket.create_connection((host, port), timeout=timeout) as sock:
        sock.sendall(raw)
        response = http.client.HTTPResponse(sock, method=probe.method)
        response.begin()
        body = response.read()
        return Reply(response.status, {k.lower(): v for k, v in response.getheaders()}, body)


# -- hostile text ------------------------------------------------------------------------

EMOJI = "😀😂🤣😍🙏👍🔥💯🎉🚀❤️🇨🇳👨‍👩‍👧‍👦🏳️‍🌈🧑🏽‍💻" + "\U0001F9FF\U0001FAE0"
MARKUP = [
    "<script>alert(1)</script>", "<img src=x onerror=alert(document.cookie)>",
    "<svg/onload=alert(1)>", "<iframe src=javascript:alert(1)>", "</div><b>粗体</b>",
    "[点我](javascript:alert(1))", "**加粗** _斜体_ `代码`", "{{7*7}}", "${jndi:ldap://x/a}",
    "<?xml version=\"1.0\"?><!DOCTYPE a [<!ENTITY x SYSTEM \"file:///etc/passwd\">]><a>&x;</a>",
    "&lt;script&gt;", "<a href=\"https://evil.example\">微信号</a>", "<style>*{display:none}</style>",
]
SQL = [
    "'; DROP TABLE events;--", "1 OR 1=1", "\" OR \"\"=\"", "' UNION SELECT sender_id, data FROM events --",
    "admin'--", "1; DELETE FROM events WHERE 1=1", "'); UPDATE events SET data=NULL;--",
    "卖号' OR 'x'='x", "%' AND 1=CONVERT(int,(SELECT @@version))--", "\\'; SHUTDOWN;--",
]
WORDS = ["我想卖微信号", "抖音号", "合法吗", "9个", "买家", "30万", "不清楚", "联系律师", "民法典第153条",
         "江阴那个案子", "游戏账号", "好友", "病历", "你好", "重新开始"]
SCRIPTS = [(0x4E00, 0x9FFF), (0x0041, 0x007A), (0x0400, 0x04FF), (0x0600, 0x06FF), (0x05D0, 0x05EA),
           (0x0900, 0x097F), (0x0E00, 0x0E7F), (0xAC00, 0xD7A3), (0x3040, 0x30FF), (0xFF01, 0xFF5E),
           (0x0300, 0x036F), (0x1D400, 0x1D7FF)]
INVISIBLE = "\u200b\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\ufeff\u00ad"
CONTROL = [chr(c) for c in range(0, 32)] + ["\x7f"] + [chr(c) for c in range(0x80, 0xA0)]


def _mixed(rng: random.Random, n: int) -> str:
    out = []
    for _ in range(n):
        low, high = rng.choice(SCRIPTS)
        out.append(chr(rng.randint(low, high)))
        if rng.random() < 0.1:
            out.append(rng.choice(INVISIBLE))
    return "".join(out)


def text_empty(rng):
    return rng.choice(["", " ", "\n\n", "\t \r\n", "\u3000\u3000", "\x00", "\x00\x01\x02\x1b[0m"])


def text_huge(rng):
    size = rng.choice([2001, 5000, 20_000, 100_000, 102_400])
    unit = rng.choice(["我想卖微信号合法吗", "a", "😀", "<b>x</b>", "'; DROP TABLE events;--"])
    return (unit * (size // len(unit) + 1))[:size]


def text_control(rng):
    base = rng.choice(WORDS)
    noise = "".join(rng.choice(CONTROL) for _ in range(rng.randint(1, 40)))
    cut = rng.randint(0, len(base))
    return rng.choice([noise, base[:cut] + noise + base[cut:]])


def text_emoji(rng):
    return "".join(rng.choice(EMOJI) for _ in range(rng.choice([1, 5, 50, 300, 1000, 1900, 3000])))


def text_markup(rng):
    return rng.choice([rng.choice(MARKUP), rng.choice(WORDS) + rng.choice(MARKUP),
                       rng.choice(MARKUP) + rng.choice(WORDS) + rng.choice(MARKUP)])


def text_sql(rng):
    return rng.choice([rng.choice(SQL), rng.choice(WORDS) + rng.choice(SQL)])


def text_mixed(rng):
    return rng.choice([_mixed(rng, rng.randint(1, 300)),
                       rng.choice(WORDS) + _mixed(rng, 20) + rng.choice(WORDS),
                       "".join(c + "\u0336\u0334\u0338" * rng.randint(1, 8) for c in rng.choice(WORDS))])


def text_intent(rng):
    """Forged payloads: intents and entities a button would send, malformed or hostile."""
    return rng.choice([
        "/restart", "/", "//", "/inform", "/inform{", '/inform{"platform": "<script>"}',
        '/inform{"account_count": -99999999999}', '/inform{"account_count": "1e308"}',
        '/ask_article{"article": "../../etc/passwd"}', '/ask_article{"article": "' + "x" * 500 + '"}',
        "/no_such_intent", '/inform{"role": {"$ne": null}}', "/confirm_facts", "/dont_know",
        "/" + _mixed(rng, 30), '/inform{"platform": ' + "[" * 200 + "]" * 200 + "}",
    ])


def text_surrogate(rng) -> str:
    """JSON source with lone UTF-16 surrogates (valid JSON, not valid Unicode)."""
    return rng.choice(["\\ud800", "\\udfff\\ud800", "微信\\ud83d号", "\\udc00" * 50])


# -- probes ------------------------------------------------------------------------------

def _json(value) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass")


def _post(kind: str, body: bytes, message: Optional[str] = None, path: str = WEBHOOK) -> Probe:
    return Probe(kind, "POST", path.encode(), body, ((b"Content-Type", b"application/json"),), message)


def _sender(rng) -> str:
    return f"fuzz-{rng.randrange(SENDER_POOL):03d}"


def message_probe(kind: str, make: Callable[[random.Random], str]):
    def probe(rng):
        text = make(rng)
        return _post(kind, _json({"sender": _sender(rng), "message": text}), text)
    return probe


def probe_surrogate(rng):
    source = text_surrogate(rng)
    body = ('{"sender": "%s", "message": "%s"}' % (_sender(rng), source)).encode()
    return _post("surrogate", body, json.loads(f'"{source}"'))


def probe_invalid_utf8(rng):
    junk = bytes(rng.choice([0xFF, 0xFE, 0xC0, 0x80, 0xED, 0xA0, 0xF8]) for _ in range(rng.randint(1, 20)))
    body = rng.choice([b'{"sender": "%s", "message": "' % _sender(rng).encode() + junk + b'"}',
                       junk, b'{"sender": "' + junk + b'", "message": "hi"}',
                       "我想卖".encode("gbk") + b'"}'])
    return _post("invalid_utf8", body)


def probe_malformed_json(rng):
    body = rng.choice([b"", b"{", b"}", b"null", b"[]", b"123", b'"text"', b"{'sender': 'a'}",
                       b'{"sender": "fuzz-000", "message": "hi"', b'{"sender": "fuzz-000",,}',
                       b"[" * 100_000 + b"]" * 100_000, b'{"a":' * 5000 + b"1" + b"}" * 5000,
                       b"NaN", b'{"sender": "fuzz-000", "message": NaN}', b"\x00" * 64,
                       b"sender=fuzz-000&message=hi", b'{"sender": "fuzz-000"} trailing'])
    headers = rng.choice([(b"Content-Type", b"application/json"), (b"Content-Type", b"text/plain"),
                          (b"Content-Type", b"application/x-www-form-urlencoded")])
    return Probe("malformed_json", "POST", WEBHOOK.encode(), body, (headers,))


WRONG = [None, 0, -1, 1.5, True, [], ["a"], {}, {"text": "hi"}, 10**40, "", "\x00"]


def probe_wrong_types(rng):
    body = rng.choice([{"sender": rng.choice(WRONG), "message": "你好"},
                       {"sender": _sender(rng), "message": rng.choice(WRONG)},
                       {"sender": rng.choice(WRONG), "message": rng.choice(WRONG)},
                       {"message": "你好"}, {"sender": _sender(rng)}, {"sender": _sender(rng), "text": "你好"}])
    return _post("wrong_types", _json(body))


def hostile_sender(rng) -> str:
    return rng.choice(["x" * 129, "x" * 100_000, "../../etc/passwd", "<script>alert(1)</script>", "a b",
                       "用户", "fuzz\x00null", "' OR 1=1 --", "%2e%2e%2f", "😀", "\u202eabc", "a/b", "a\nb",
                       "#health-probe", "a" * 1000 + "\ud800"])


def probe_bad_sender(rng):
    return _post("bad_sender", _json({"sender": hostile_sender(rng), "message": "我想卖微信号"}))


def probe_rapid_fire(rng):
    text = rng.choice(WORDS)
    return _post("rapid_fire", _json({"sender": RAPID_SENDER, "message": text}), text)


def _query_value(rng) -> bytes:
    value = rng.choice([_sender(rng), hostile_sender(rng), ""])
    raw = quote(value, safe="", errors="surrogatepass").encode()
    return rng.choice([raw, raw, b"%ff%fe", b"\xff\xfe", b"%", b"%zz", b"fuzz-000&sender=fuzz-001"])


def probe_history(rng):
    target = rng.choice([b"/webhooks/rest/history?sender=" + _query_value(rng), b"/webhooks/rest/history",
                         b"/webhooks/rest/history?" + _query_value(rng)])
    return Probe("history", "GET", target)


def probe_delete(rng):
    body = rng.choice([_json({"sender": _sender(rng)}), _json({"sender": hostile_sender(rng)}),
                       _json({"sender": rng.choice(WRONG)}), b"{", b"\xff"])
    return _post("delete", body, path="/webhooks/rest/delete")


def probe_report(rng):
    token = rng.choice([
        "".join(rng.choice("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_") for _ in range(43)),
        "..%2F..%2F..%2Fetc%2Fpasswd", "..%2f..%2fvar%2freports.db", "%2e%2e%2f%2e%2e%2fetc%2fpasswd",
        "..", ".", "%00", "a%00.pdf", "x" * 10_000, "%ff%fe", "%E4%BD%A0%E5%A5%BD", "<script>",
        "'%20OR%201=1--", "report.pdf?download=1",
    ])
    method = rng.choice(["GET", "GET", "HEAD"])
    return Probe("report", method, b"/webhooks/reports/" + token.encode("latin-1", "replace"))


def probe_static(rng):
    path = rng.choice([b"/webhooks/webchat/widget.js", b"/webhooks/webchat/demo", b"/webhooks/webchat/",
                       b"/webhooks/webchat/widget.js?v=" + _query_value(rng), b"/webhooks/webchat/../../credentials.yml",
                       b"/webhooks/webchat/%2e%2e/%2e%2e/endpoints.yml", b"/webhooks/webchat/widget.js%00.html"])
    headers = rng.choice([(), ((b"If-None-Match", b"*"),), ((b"If-None-Match", b'W/"junk", "' + b"x" * 4000 + b'"'),),
                          ((b"If-None-Match", b"\xff\xfe"),), ((b"Range", b"bytes=0-10,5-1"),),
                          ((b"Accept-Encoding", b"gzip;q=1.5, *;q=-1"),)])
    return Probe("static", rng.choice(["GET", "HEAD", "POST"]), path, None, headers)


def probe_health(rng):
    return Probe("health", "GET", rng.choice([b"/webhooks/health", b"/webhooks/health/ready", b"/webhooks/rest/"]))


# Weights (per mille): most kinds are answered before the language model; those that
# reach it (control characters with text, emoji, markup, SQL, mixed scripts, forged
# payloads, surrogates: about 4 %) take 0.1-0.5 s a turn.
PROBES = {
    "empty": (message_probe("empty", text_empty), 80),
    "huge": (message_probe("huge", text_huge), 80),
    "invalid_utf8": (probe_invalid_utf8, 110),
    "malformed_json": (probe_malformed_json, 110),
    "wrong_types": (probe_wrong_types, 100),
    "bad_sender": (probe_bad_sender, 90),
    "history": (probe_history, 90),
    "delete": (probe_delete, 40),
    "report": (probe_report, 90),
    "static": (probe_static, 75),
    "health": (probe_health, 10),
    "control_chars": (message_probe("control_chars", text_control), 10),
    "emoji": (message_probe("emoji", text_emoji), 10),
    "markup": (message_probe("markup", text_markup), 8),
    "sql": (message_probe("sql", text_sql), 5),
    "mixed_scripts": (message_probe("mixed_scripts", text_mixed), 7),
    "intent": (message_probe("intent", text_intent), 5),
    "surrogate": (probe_surrogate, 5),
}
RAPID_BURST = 150  # messages from one sender in a row, somewhere in the sequence


def probes(count: int, seed: int) -> list[Probe]:
    """`count` probes: a seeded mix of PROBES, with one rapid-fire burst among them."""
    rng = random.Random(seed)
    kinds = list(PROBES)
    weights = [PROBES[kind][1] for kind in kinds]
    mix = [PROBES[kind][0](rng) for kind in rng.choices(kinds, weights, k=count - RAPID_BURST)]
    start = rng.randrange(len(mix) // 4, len(mix) // 2)
    return mix[:start] + [probe_rapid_fire(rng) for _ in range(RAPID_BURST)] + mix[start:]


MARKUP_TAG = re.compile(r"<[A-Za-z!/?][^<>]{0,80}>?")


def markup_in(text: str) -> set[str]:
    """HTML-like tags in a text (what must never come back from the bot verbatim)."""
    return set(MARKUP_TAG.findall(text))
