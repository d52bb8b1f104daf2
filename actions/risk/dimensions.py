"""Run the six dimensions on resolved facts; the overall rule and the headline.

Overall rule:
- high   if the contract is void, criminal_pi reaches serious_possible or above,
         criminal_help is possible or above, or administrative is high;
- medium if the contract is likely_void or uncertain, or any of criminal_help,
         administrative, platform or civil is possible or above;
- low    otherwise.
"""
from __future__ import annotations

from typing import Dict

from . import vocab
from .administrative import assess_administrative
from .civil import assess_civil
from .contract import assess_contract
from .criminal_help import assess_criminal_help
from .criminal_pi import assess_criminal_pi
from .facts import Facts
from .platform import assess_platform

RUNNERS = {
    "contract": assess_contract,
    "criminal_pi": assess_criminal_pi,
    "criminal_help": assess_criminal_help,
    "administrative": assess_administrative,
    "platform": assess_platform,
    "civil": assess_civil,
}

# Headline: the first (dimension, level) present in this order is the main reason.
# The last two only follow "仍需注意" in a low headline.
HEADLINE_ORDER = (
    ("criminal_pi", "especially_serious_possible",
     "所涉个人信息按数量或金额测算，可能达到侵犯公民个人信息罪“情节特别严重”的标准"),
    ("criminal_pi", "serious_possible",
     "所涉个人信息按数量或金额测算，可能达到侵犯公民个人信息罪“情节严重”的标准"),
    ("criminal_help", "high", "账号可能被用于诈骗、赌博等违法犯罪，涉及帮助信息网络犯罪活动等刑事风险"),
    ("contract", "void", "交易违反法律的强制性规定，合同应属无效"),
    ("criminal_help", "possible", "账号流向难以控制，存在被认定为帮助信息网络犯罪活动的可能"),
    ("administrative", "high", "在官方途径之外批量或经营性买卖账号、提供他人信息，可能被罚款甚至拘留"),
    ("contract", "likely_void", "合同很可能被认定无效"),
    ("platform", "high", "平台可以封号或收回账号，原注册人也可能申诉找回"),
    ("administrative", "possible", "在官方途径之外买卖账号，可能被公安机关罚款"),
    ("contract", "uncertain", "合同效力不确定，各地法院认识不一"),
    ("civil", "high", "可能要对好友或客户承担侵权赔偿责任"),
    ("civil", "possible", "可能要对好友或客户承担侵权赔偿责任"),
    ("platform", "possible", "平台可以封号或收回账号"),
    ("criminal_help", "low", "账号的去向，避免卷入帮助信息网络犯罪活动"),
    ("criminal_pi", "low", "其中涉及的他人个人信息"),
)
LOW_HEADLINE = "按您描述的方式办理，主要的法律风险已大为降低"


def run_dimensions(f: Facts) -> Dict[str, dict]:
    return {name: runner(f) for name, runner in RUNNERS.items()}


def levels_of(dims: Dict[str, dict]) -> Dict[str, str]:
    return {name: d["level"] for name, d in dims.items()}


def overall_level(levels: Dict[str, str]) -> str:
    if (levels["contract"] == "void"
            or levels["criminal_pi"] in ("serious_possible", "especially_serious_possible")
            or levels["criminal_help"] in ("possible", "high")
            or levels["administrative"] == "high"):
        return "high"
    if (levels["contract"] in ("likely_void", "uncertain")
            or any(levels[d] in ("possible", "high")
                   for d in ("criminal_help", "administrative", "platform", "civil"))):
        return "medium"
    return "low"


def headline(levels: Dict[str, str], overall: str) -> str:
    """One sentence: the overall level and the single most important reason."""
    label = vocab.OVERALL_LABEL[overall]
    summary = next((text for dim, level, text in HEADLINE_ORDER if levels[dim] == level), None)
    if overall == "low":
        tail = f"，但仍需注意{summary}" if summary else ""
        return f"总体属于{label}：{LOW_HEADLINE}{tail}。"
    return f"总体属于{label}，主要原因是{summary}。"
