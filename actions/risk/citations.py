"""Citation ids the engine may emit, and the reason-object helper.

Every id here must exist in knowledge/statutes/*.yml (tests/test_risk_citations.py checks it).
"""
from __future__ import annotations

from typing import Dict, List

ENGINE_CITATIONS = frozenset({
    # 民法典
    "civil_code:111", "civil_code:143", "civil_code:153", "civil_code:157",
    "civil_code:465", "civil_code:566", "civil_code:577",
    "civil_code:1034", "civil_code:1035", "civil_code:1038",
    # 刑法
    "criminal_law:253-1", "criminal_law:264", "criminal_law:287-2",
    # 个人信息保护法
    "pipl:10", "pipl:23", "pipl:66", "pipl:69", "pipl:72",
    # 反电信网络诈骗法
    "anti_fraud:31", "anti_fraud:44",
    # 2017 侵犯公民个人信息 interpretation
    "pi_interp_2017:3", "pi_interp_2017:4", "pi_interp_2017:5", "pi_interp_2017:6",
    "pi_interp_2017:10", "pi_interp_2017:11",
    # 2019 帮信 interpretation
    "help_interp_2019:11", "help_interp_2019:12",
    # 2023 合同编通则 interpretation
    "contract_interp_2023:16", "contract_interp_2023:17", "contract_interp_2023:19",
})


def reason(text: str, *citations: str) -> Dict[str, object]:
    """A reason object: one Chinese sentence plus the ids it rests on."""
    unknown = [c for c in citations if c not in ENGINE_CITATIONS]
    if unknown:  # a programming error, caught by the tests
        raise ValueError(f"citation ids not in ENGINE_CITATIONS: {unknown}")
    return {"text": text, "citations": sorted(set(citations))}


def collect(reasons: List[Dict[str, object]]) -> List[str]:
    """Sorted union of the citations of several reason objects."""
    ids = set()
    for r in reasons:
        ids.update(r.get("citations", ()))
    return sorted(ids)
