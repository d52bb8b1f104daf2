"""Re-run the dimensions with some facts changed and describe what moves."""
from __future__ import annotations

import dataclasses
from typing import Dict, List

from . import vocab
from .dimensions import levels_of, overall_level, run_dimensions
from .facts import Facts


def levels_with(f: Facts, **changes) -> Dict[str, str]:
    """Levels of every dimension plus 'overall' for f with the given facts replaced."""
    levels = levels_of(run_dimensions(dataclasses.replace(f, **changes)))
    levels["overall"] = overall_level(levels)
    return levels


def diff(before: Dict[str, str], after: Dict[str, str]) -> Dict[str, Dict[str, str]]:
    """{dimension: {"from": level, "to": level}} for each dimension that changes."""
    return {d: {"from": before[d], "to": after[d]}
            for d in (*vocab.DIMENSIONS, "overall") if before[d] != after[d]}


def describe(changed: Dict[str, Dict[str, str]]) -> List[str]:
    """Chinese phrases such as 合同效力可降至“很可能有效”."""
    phrases: List[str] = []
    for d, move in changed.items():
        if d == "overall":
            lower = vocab.OVERALL_LEVELS.index(move["to"]) < vocab.OVERALL_LEVELS.index(move["from"])
            phrases.append(f"总体{'可降至' if lower else '会升至'}{vocab.OVERALL_LABEL[move['to']]}")
            continue
        lower = vocab.severity(d, move["to"]) < vocab.severity(d, move["from"])
        label = vocab.LEVEL_LABEL[d][move["to"]]
        shown = label if "“" in label else f"“{label}”"
        phrases.append(f"{vocab.DIMENSION_NAME[d]}{'可降至' if lower else '会升至'}{shown}")
    return phrases
