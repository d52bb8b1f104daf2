"""The command line: python -m actions.risk (run as a subprocess from the repository root)."""
import json
import subprocess
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
from tests.fixtures import JIANGYIN_FACTS as JIANGYIN


def run(stdin: bytes, *args):
    return subprocess.run([sys.executable, "-m", "actions.risk", *args], input=stdin,
                          cwd=REPO, capture_output=True, timeout=60)


@pytest.mark.parametrize("args", [("--no-cases",), ()])
def test_valid_input_prints_the_assessment(args):
    proc = run(json.dumps(JIANGYIN).encode(), *args)
    assert proc.returncode == 0, proc.stderr.decode()
    out = proc.stdout.decode("utf-8")
    result = json.loads(out)
    assert result["overall"] == "high"
    assert result["dimensions"]["contract"]["consequences"]["unpaid"] == 200000
    assert "合同无效" in out                  # ensure_ascii=False
    assert out.startswith("{\n  \"overall\"")  # indent 2
    assert isinstance(result["cases"], list)
    if args:
        assert result["cases"] == [] and proc.stderr == b""


def test_empty_object_is_valid():
    proc = run(b"{}", "--no-cases")
    assert proc.returncode == 0 and json.loads(proc.stdout)["overall"] in ("high", "medium", "low")


BAD_INPUTS = {
    "empty": b"",
    "whitespace": b"  \n\t ",
    "invalid_json": b"{role: seller}",
    "truncated": b'{"role": "seller"',
    "huge": b'{"role": "' + b"a" * (1024 * 1024) + b'"}',
    "just_over_64k": b'{"role": "seller", "x": "' + b"a" * (64 * 1024) + b'"}',
    "array": b'[{"role": "seller"}]',
    "string": b'"seller"',
    "null": b"null",
    "wrong_type_bool": b'{"account_count": true}',
    "wrong_type_str": b'{"account_count": "3"}',
    "out_of_range": b'{"pi_count": -1}',
    "unknown_key": b'{"role": "seller", "colour": "red"}',
    "sql_value": json.dumps({"role": "'; DROP TABLE articles;--"}).encode(),
    "sql_key": json.dumps({"'; DROP TABLE articles;--": 1}).encode(),
    "emoji_value": json.dumps({"platform": "微信😀"}, ensure_ascii=False).encode(),
    "emoji_key": json.dumps({"😀": True}, ensure_ascii=False).encode(),
    "nan": b'{"price": NaN}',
    "duplicate_key": b'{"role": "seller", "role": "buyer"}',
    "not_utf8": b'{"role": "\xff\xfe"}',
    "newline_in_value": json.dumps({"role": "seller\nbuyer"}).encode(),
}


@pytest.mark.parametrize("name", sorted(BAD_INPUTS))
def test_bad_input_exits_2_with_one_stderr_line(name):
    proc = run(BAD_INPUTS[name])
    assert proc.returncode == 2, (name, proc.stdout[:200], proc.stderr[:300])
    assert proc.stdout == b""
    err = proc.stderr.decode("utf-8")
    assert err.endswith("\n") and len(err.splitlines()) == 1, err
    assert "Traceback" not in err


def test_error_message_names_the_key():
    err = run(b'{"account_count": 0}').stderr.decode("utf-8")
    assert "account_count" in err and "out of range" in err


def test_unknown_option_exits_2():
    proc = run(b"{}", "--bogus")
    assert proc.returncode == 2 and len(proc.stderr.decode().splitlines()) == 1
