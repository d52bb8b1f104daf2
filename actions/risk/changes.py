"""What would change which level: counterfactual scenarios on the resolved facts."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Callable, Dict, List

from . import vocab
from .citations import reason
from .counterfactual import describe, diff, levels_with
from .facts import Facts


@dataclass(frozen=True)
class Scenario:
    id: str
    applies: Callable[[Facts], bool]
    changes: Callable[[Facts], dict]
    text: str            # completes "如果……"
    citations: tuple


def _pi_unprotected(f: Facts) -> bool:
    return bool(f.third_party_pi) and not f.consent and not f.deidentified


def _hides_change(f: Facts) -> bool:
    told = f.announce_change or (f.third_party_pi and f.consent)
    return (bool(f.real_name) and f.account_kind == "personal" and f.platform in vocab.SOCIAL_PLATFORMS
            and not told)


def _route(f: Facts) -> bool:
    return vocab.has_official_route(f.platform, f.account_kind)


SCENARIOS = (
    Scenario("consent_and_delete", _pi_unprotected,
             lambda f: {"consent": True, "deidentified": True, "announce_change": True},
             "逐一告知好友/客户并取得其单独同意，并在交付前删除客户资料且无法恢复",
             ("pipl:23", "civil_code:1038", "pi_interp_2017:3")),
    Scenario("official_route", lambda f: not f.official_route and _route(f),
             lambda f: {"official_route": True, "announce_change": True},
             "改走{route}{notice}",
             ("anti_fraud:31", "contract_interp_2023:19")),
    Scenario("official_route_with_consent",
             lambda f: not f.official_route and _route(f) and _pi_unprotected(f),
             lambda f: {"official_route": True, "announce_change": True, "consent": True,
                        "deidentified": True},
             "既走{route}，又取得好友/客户单独同意并删除客户资料",
             ("anti_fraud:31", "pipl:23", "civil_code:1038")),
    Scenario("announce_change", _hides_change,
             lambda f: {"announce_change": True},
             "转让后明确告知好友账号已换人运营，不再以原主人身份发布内容",
             ("civil_code:153",)),
    Scenario("known_buyer",
             lambda f: f.role != "buyer" and (not f.buyer_known or f.buyer_purpose in ("unknown", "resale")),
             lambda f: {"buyer_known": True, "buyer_purpose": "same_business"},
             "只卖给身份明确、用于同一正当经营的买方",
             ("criminal_law:287-2", "help_interp_2019:11")),
    Scenario("suspicious_buyer",
             lambda f: f.buyer_purpose != "suspicious",
             lambda f: {"buyer_purpose": "suspicious"},
             "买方实际把账号用于诈骗、赌博或引流",
             ("criminal_law:287-2", "help_interp_2019:11")),
)


def build_changes(f: Facts, base: Dict[str, str]) -> List[dict]:
    out: List[dict] = []
    seen = set()
    for s in SCENARIOS:
        if not s.applies(f):
            continue
        changed = diff(base, levels_with(f, **s.changes(f)))
        key = tuple(sorted((d, m["to"]) for d, m in changed.items()))
        if not changed or key in seen:
            continue
        seen.add(key)
        clause = s.text.format(route=vocab.route_name(f.platform),
                               notice="，并告知好友/客户" if f.third_party_pi else "")
        item = reason(f"如果{clause}，{'；'.join(describe(changed))}。", *s.citations)
        item.update({"scenario": s.id, "levels": changed})
        out.append(item)
    return out
