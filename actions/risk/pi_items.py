"""Threshold arithmetic for the 2017 interpretation art. 5 items (no wording here).

An item entry records one line considered: the count (records, yuan or accounts), the
line, whether it is halved (item (8)), the ratio, whether it is reached, and the same for
the 情节特别严重 line (art. 5 para. 2 item (3): ten times the (3)-(8) figures). Ratios
and "reached" are null when the count is unknown.
"""
from __future__ import annotations

from fractions import Fraction
from typing import Dict, List, Optional, Tuple

from . import text, vocab
from .facts import Facts

CITE = "pi_interp_2017:5"
ITEM_OF_TIER = {3: "5(1)(3)", 4: "5(1)(4)", 5: "5(1)(5)"}


def entry(item: str, citation: str, basis: str, unit: Optional[str], count, threshold: int,
          halved: bool, **extra) -> Dict[str, object]:
    effective = threshold // 2 if halved else threshold
    especially = effective * vocab.ESPECIALLY_SERIOUS_FACTOR
    known = count is not None
    out = {
        "item": item, "citation": citation, "basis": basis, "unit": unit,
        "count": count, "threshold": threshold, "halved": halved,
        "effective_threshold": effective,
        "ratio": text.truncate(count / effective) if known else None,
        "reached": (count >= effective) if known else None,
        "especially_serious_item": "5(2)(3)",
        "especially_serious_threshold": especially,
        "especially_serious_ratio": text.truncate(count / especially) if known else None,
        "especially_serious_reached": (count >= especially) if known else None,
    }
    out.update(extra)
    return out


def tiers_of(kinds) -> Dict[int, List[str]]:
    """Sensitivity tier (3, 4, 5) -> the kinds present in it, most sensitive first."""
    out: Dict[int, List[str]] = {}
    for kind in kinds:
        out.setdefault(vocab.TIER_OF_KIND[kind], []).append(kind)
    return dict(sorted(out.items()))


def _tier_entry(tier: int, kinds: List[str], count, halved: bool) -> Dict[str, object]:
    return entry(ITEM_OF_TIER[tier], CITE, "records", "条", count, vocab.TIER_THRESHOLD[tier],
                 halved, tier=tier, kinds=kinds)


def proportional(entries: List[dict], halved: bool) -> List[dict]:
    """Item (6): below each line, but the proportions add up to one (exact fractions)."""
    present = [e for e in entries if e["count"]]
    if len(present) < 2:
        return []
    total = sum(Fraction(e["count"], e["effective_threshold"]) for e in present)
    factor = vocab.ESPECIALLY_SERIOUS_FACTOR
    return [{
        "item": "5(1)(6)", "citation": CITE, "basis": "proportion", "unit": "倍",
        "count": None, "threshold": 1, "halved": halved, "effective_threshold": 1,
        "ratio": text.truncate(float(total)),
        "reached": bool(total >= 1 and not any(e["reached"] for e in present)),
        "especially_serious_item": "5(2)(3)",
        "especially_serious_threshold": factor,
        "especially_serious_ratio": text.truncate(float(total) / factor),
        "especially_serious_reached": bool(
            total >= factor and not any(e["especially_serious_reached"] for e in present)),
        "tiers": [e["tier"] for e in present],
    }]


def count_entries(f: Facts, halved: bool, skip_tier5: bool) -> Tuple[List[dict], Optional[int]]:
    """Items (3)-(6) for the kinds present; returns (entries, tier a bare total was counted in).

    With per-kind counts each tier gets its own count. With only a total, the total is
    counted in the least sensitive tier present and the other tiers get count null (their
    lines are still reported). skip_tier5 leaves ordinary information to art. 6.
    """
    tiers = tiers_of(f.pi_kinds or ("contact",))
    lowest = max(tiers)
    if skip_tier5:
        tiers.pop(5, None)
    counts = f.counts_by_kind()
    if counts is not None:
        entries = [_tier_entry(t, k, sum(counts.get(x, 0) for x in k), halved) for t, k in tiers.items()]
        return entries + proportional(entries, halved), None
    if f.pi_count is not None:
        counted = lowest if lowest in tiers else None
        entries = [_tier_entry(t, k, f.pi_count if t == counted else None, halved)
                   for t, k in tiers.items()]
        return entries, counted
    return [_tier_entry(t, k, None, halved) for t, k in tiers.items()], None
