"""Command line: python -m actions.risk [--no-cases] < facts.json

Reads one facts object as JSON on stdin and prints the assessment as JSON on stdout.
Bad input (empty, over 64 KB, not UTF-8, invalid JSON, not an object, unknown key, wrong
type or out-of-range value) exits with status 2 and exactly one line on stderr.
By default similar cases come from actions.kb.query; if that module is missing or fails,
the assessment is still printed, with empty case lists and a one-line note on stderr.
"""
from __future__ import annotations

import json
import sys
from typing import Any, Callable, Dict, List, Optional

from actions.risk import FactsError, assess, validate_facts

MAX_INPUT = 64 * 1024
USAGE = "usage: python -m actions.risk [--no-cases] < facts.json"


class InputError(Exception):
    """Bad command-line input; the message is one line."""


def _write(stream, text: str) -> None:
    stream.buffer.write(text.encode("utf-8", errors="backslashreplace"))
    stream.flush()


def _reject_constant(name: str) -> Any:
    raise InputError(f"JSON 中不允许 {name} / {name} is not allowed in the input")


def _reject_duplicates(pairs: List[Any]) -> Dict[str, Any]:
    out: Dict[str, Any] = {}
    for key, value in pairs:
        if key in out:
            raise InputError(f"字段重复：{json.dumps(key, ensure_ascii=False)} / duplicate key")
        out[key] = value
    return out


def read_facts(data: bytes) -> Any:
    if len(data) > MAX_INPUT:
        raise InputError(f"输入超过 {MAX_INPUT // 1024} KB / input larger than {MAX_INPUT} bytes")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise InputError("输入不是 UTF-8 文本 / input is not UTF-8") from None
    if not text.strip():
        raise InputError("输入为空 / empty input: expected one JSON object")
    try:
        return json.loads(text, parse_constant=_reject_constant, object_pairs_hook=_reject_duplicates)
    except json.JSONDecodeError as e:
        raise InputError(f"JSON 无效 / invalid JSON: {e.msg} (line {e.lineno}, column {e.colno})") from None
    except RecursionError:
        raise InputError("JSON 嵌套过深 / JSON nested too deeply") from None


def _case_lookup() -> Optional[Callable[[Dict[str, Any]], list]]:
    """The database lookup, or None when it cannot be loaded (deliberate, narrow fallback)."""
    try:
        from actions.kb import query  # lazy: the database layer is optional for the CLI
    except Exception as e:  # missing module or a failing import: answer without cases
        _write(sys.stderr, f"note: similar cases unavailable ({type(e).__name__}); cases left empty\n")
        return None

    def lookup(facts: Dict[str, Any]) -> list:
        try:
            return list(query.similar_cases(facts, limit=3))
        except Exception as e:  # database missing or broken: answer without cases
            _write(sys.stderr, f"note: similar cases unavailable ({type(e).__name__}); cases left empty\n")
            return []

    return lookup


def main(argv: List[str]) -> int:
    if any(a in ("-h", "--help") for a in argv):
        _write(sys.stdout, USAGE + "\n")
        return 0
    unknown = [a for a in argv if a != "--no-cases"]
    if unknown:
        _write(sys.stderr, f"未知参数 / unknown argument: {unknown[0]!r}; {USAGE}\n")
        return 2
    try:
        facts = validate_facts(read_facts(sys.stdin.buffer.read(MAX_INPUT + 1)))
    except (InputError, FactsError) as e:
        _write(sys.stderr, " ".join(str(e).split()) + "\n")
        return 2
    lookup = None if "--no-cases" in argv else _case_lookup()
    result = assess(facts, similar_cases=lookup)
    _write(sys.stdout, json.dumps(result, ensure_ascii=False, indent=2) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
