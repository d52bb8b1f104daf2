"""assess(): facts in, a JSON-serialisable assessment out. No Rasa, no database."""
from __future__ import annotations

import math
from typing import Any, Callable, Dict, Iterable, List, Mapping, Optional, Tuple, Union

from . import vocab
from .advice import build_advice
from .assumptions import build_assumptions
from .changes import build_changes
from .citations import collect
from .dimensions import headline, levels_of, overall_level, run_dimensions
from .facts import Facts, validate_facts
from .resolve import resolve

DISCLAIMER = ("以上是根据您提供的事实作出的一般性风险提示，不构成法律意见，也不是对案件结果的判断；"
              "具体情况请咨询执业律师。")

SimilarCases = Callable[[Dict[str, Any]], Iterable[Any]]


def _field(match: Any, *names: str) -> Any:
    for name in names:
        value = match.get(name) if isinstance(match, Mapping) else getattr(match, name, None)
        if value is not None:
            return value
    return None


def _case_matches(similar_cases: Optional[SimilarCases], facts: Facts) -> Tuple[List[str], List[dict]]:
    """Normalise the injected similar-case lookup (objects or dicts with id/case_id, score, reasons)."""
    if similar_cases is None:
        return [], []
    matches: List[dict] = []
    for m in similar_cases(facts.to_dict(known_only=True)) or ():
        case_id = _field(m, "id", "case_id")
        if not case_id or str(case_id) in {x["id"] for x in matches}:
            continue
        try:
            score = float(_field(m, "score") or 0.0)
        except (TypeError, ValueError):
            score = 0.0
        reasons = _field(m, "reasons") or []
        if isinstance(reasons, str):
            reasons = [reasons]
        matches.append({"id": str(case_id), "score": round(score, 3) if math.isfinite(score) else 0.0,
                        "reasons": [str(r) for r in reasons]})
    return [m["id"] for m in matches], matches


def _all_citations(dims: Dict[str, dict], *groups: List[dict]) -> List[str]:
    reasons: List[dict] = []
    for d in dims.values():
        reasons.extend(d["reasons"])
    reasons.extend(dims["contract"]["consequences"]["sentences"])
    for group in groups:
        reasons.extend(group)
    ids = set(collect(reasons))
    ids.update(item["citation"] for item in dims["criminal_pi"]["items"])
    return sorted(ids)


def assess(facts: Union[Facts, Mapping[str, Any]],
           similar_cases: Optional[SimilarCases] = None) -> Dict[str, Any]:
    """Assess the risks of an account sale.

    facts: a Facts object or a raw mapping (validated here; FactsError if invalid).
    similar_cases: optional callable(facts_dict) -> matches with id (or case_id), score and
    reasons; its exceptions propagate. Without it, "cases" and "case_matches" are empty.
    """
    original = validate_facts(facts)
    res = resolve(original)
    dims = run_dimensions(res.facts)
    levels = levels_of(dims)
    overall = overall_level(levels)
    levels["overall"] = overall
    changes = build_changes(res.facts, levels)
    advice = build_advice(original, res.facts, dims)
    assumptions = build_assumptions(original, res, levels)
    cases, case_matches = _case_matches(similar_cases, original)
    return {
        "overall": overall,
        "overall_label": vocab.OVERALL_LABEL[overall],
        "headline": headline(levels, overall),
        "dimensions": dims,
        "changes": changes,
        "citations": _all_citations(dims, changes, advice),
        "cases": cases,
        "case_matches": case_matches,
        "advice": advice,
        "assumptions": assumptions,
        "disclaimer": DISCLAIMER,
    }
