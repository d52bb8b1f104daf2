"""In-memory indexes over the cases, built once from the database rows.

- TextIndex: BM25 over jieba tokens of each case's title, court, number, parties, facts,
  holding and topic labels.
- ProfileIndex: each case's profile as a binary feature vector; similarity to a set of
  facts is one matrix-vector product, so it stays fast with many cases.
"""
import math
import re
from collections import Counter, defaultdict
from functools import lru_cache
from pathlib import Path

import logging

import jieba
import numpy as np
import yaml

from .sources import KNOWLEDGE_DIR

jieba.setLogLevel(logging.WARNING)
USER_DICT = Path(__file__).resolve().parents[2] / "nlu_data" / "jieba_userdict.txt"
WORD = re.compile(r"[\w\u4e00-\u9fff]")
STOPWORDS = set(
    "的 了 吗 呢 吧 啊 呀 和 与 及 或 是 在 有 我 你 他 她 它 们 这 那 个 之 "
    "那个 这个 一个 什么 怎么 怎样 如何 有没有 没有 能 可以 会 要 想 请问 一下 "
    "案子 案件 案例 判例 类似 相关 关于 一起 那起 这起 判 给 看看 说说 讲讲 查 找".split()
)


@lru_cache(maxsize=1)
def vocabulary() -> dict:
    with (KNOWLEDGE_DIR / "vocabulary.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def tokenizer() -> jieba.Tokenizer:
    instance = jieba.Tokenizer()
    if USER_DICT.exists():
        instance.load_userdict(str(USER_DICT))
    return instance


def tokens(text: str) -> list[str]:
    return [
        token.lower() for token in tokenizer().cut_for_search(text)
        if WORD.search(token) and token not in STOPWORDS
    ]


class TextIndex:
    K1, B = 1.4, 0.75

    def __init__(self, documents: list[str]):
        self.postings: dict[str, dict[int, int]] = defaultdict(dict)
        self.lengths = []
        for doc_id, text in enumerate(documents):
            counts = Counter(tokens(text))
            self.lengths.append(sum(counts.values()))
            for token, count in counts.items():
                self.postings[token][doc_id] = count
        self.count = len(documents)
        self.average = (sum(self.lengths) / self.count) if self.count else 1.0

    def search(self, query_tokens: list[str]) -> dict[int, tuple[float, list[str]]]:
        """doc id -> (BM25 score, matched query tokens)."""
        scores: dict[int, float] = defaultdict(float)
        matched: dict[int, list[str]] = defaultdict(list)
        for token in dict.fromkeys(query_tokens):
            posting = self.postings.get(token)
            if not posting:
                continue
            idf = math.log(1 + (self.count - len(posting) + 0.5) / (len(posting) + 0.5))
            for doc_id, frequency in posting.items():
                norm = frequency + self.K1 * (1 - self.B + self.B * self.lengths[doc_id] / self.average)
                scores[doc_id] += idf * frequency * (self.K1 + 1) / norm
                matched[doc_id].append(token)
        return {doc_id: (score, matched[doc_id]) for doc_id, score in scores.items()}


def _bucket(key: str, value) -> str | None:
    if value is None or isinstance(value, bool):
        return None
    limits = {
        "account_count": (1, 9, 99),
        "pi_count": (499, 4999, 49999),
        "price": (9999, 99999, 999999),
    }[key]
    for limit in limits:
        if value <= limit:
            return f"{key}<={limit}"
    return f"{key}>{limits[-1]}"


def profile_features(profile: dict, topics: list[str] = ()) -> set[str]:
    """Binary features of a case profile or of a user's facts."""
    features = set()
    for key, value in profile.items():
        if value is None:
            continue
        if key == "pi_kinds":
            features.update(f"pi_kind={kind}" for kind in value)
        elif key in ("account_count", "pi_count", "price"):
            bucket = _bucket(key, value)
            if bucket:
                features.add(bucket)
        elif isinstance(value, bool):
            features.add(f"{key}={'yes' if value else 'no'}")
        elif isinstance(value, str):
            features.add(f"{key}={value}")
    features.update(f"topic={topic}" for topic in topics)
    return features


def facts_topics(facts: dict) -> list[str]:
    """The case topics a set of facts is about."""
    topics = []
    if facts.get("third_party_pi"):
        topics.append("personal_information")
    platform = facts.get("platform")
    if platform == "game":
        topics.append("game_account")
    elif platform == "taobao_shop":
        topics.append("shop_transfer")
    elif platform in ("wechat", "wecom"):
        topics.append("wechat_account")
    elif platform in ("douyin", "kuaishou", "weibo", "xiaohongshu", "bilibili", "wechat_official"):
        topics.append("self_media_account")
    if facts.get("buyer_purpose") == "suspicious":
        topics.append("fraud_help")
    if facts.get("role") == "intermediary" or (facts.get("account_count") or 0) >= 10:
        topics.append("bulk_trade")
    if facts.get("official_route"):
        topics.append("official_route")
    if facts.get("real_name"):
        topics.append("real_name")
    if facts.get("status") == "dispute":
        topics.append("contract_validity")
    return topics


# Weight of a shared feature, by the fact it comes from.
WEIGHTS = {
    "platform": 3.0, "third_party_pi": 3.0, "buyer_purpose": 2.5, "role": 1.5,
    "pi_kind": 1.5, "obtained_in_service": 1.0, "real_name": 1.0, "consent": 1.0,
    "official_route": 1.5, "account_kind": 0.5, "status": 0.5, "buyer_known": 1.0,
    "announce_change": 0.5, "deidentified": 1.0, "prior_penalty": 0.5,
    "account_count": 1.0, "pi_count": 0.5, "price": 0.5, "topic": 1.0,
}
MIN_SCORE = 3.0


def feature_key(feature: str) -> str:
    return re.split(r"[=<>]", feature, maxsplit=1)[0]


def feature_reason(feature: str) -> str | None:
    """A short Chinese reason for a shared feature."""
    labels = vocabulary()
    key = feature_key(feature)
    value = feature.split("=", 1)[1] if "=" in feature else None
    yes = value == "yes"
    if key == "platform":
        label = labels["platform"].get(value, value)
        return f"同为{label}" if label.endswith(("账号", "店铺")) else f"同为{label}账号"
    if key == "pi_kind":
        return f"都涉及{labels['pi_kinds'].get(value, value)}"
    if key == "role":
        return f"当事人同为{labels['role'].get(value, value)}"
    if key == "buyer_purpose":
        return f"买方用途相同：{labels['buyer_purpose'].get(value, value)}"
    if key == "status":
        return f"所处阶段相同：{labels['status'].get(value, value)}"
    if key == "topic":
        return None  # topics are reported once, below
    phrases = {
        "third_party_pi": ("账号里都有他人的个人信息", "账号里都不涉及他人个人信息"),
        "obtained_in_service": ("信息都是在提供服务中获得的", None),
        "real_name": ("都是实名账号", "都不是实名账号"),
        "consent": ("都取得了信息主体同意", "都未取得好友/客户同意"),
        "official_route": ("都走了平台官方变更途径", "都没有走平台官方途径"),
        "buyer_known": ("买方身份明确", "买方身份不明"),
        "announce_change": ("都告知了好友换人运营", "都没有告知好友换人运营"),
        "deidentified": ("交付前都做了去标识化", None),
        "prior_penalty": ("都曾因同类行为受过处罚", None),
        "account_kind": ("账号类型相同", "账号类型相同"),
        "account_count": ("账号数量在同一量级", "账号数量在同一量级"),
        "pi_count": ("涉及的信息条数在同一量级", "涉及的信息条数在同一量级"),
        "price": ("交易金额在同一量级", "交易金额在同一量级"),
    }
    if key in ("account_count", "pi_count", "price", "account_kind"):
        return phrases[key][0]
    pair = phrases.get(key)
    if not pair:
        return None
    return pair[0] if yes else pair[1]


class ProfileIndex:
    def __init__(self, profiles: list[set[str]], priors: list[float]):
        names = sorted(set().union(*profiles)) if profiles else []
        self.columns = {name: index for index, name in enumerate(names)}
        self.matrix = np.zeros((len(profiles), len(names)), dtype=np.float32)
        for row, features in enumerate(profiles):
            for feature in features:
                self.matrix[row, self.columns[feature]] = 1.0
        self.priors = np.asarray(priors, dtype=np.float32)
        self.profiles = profiles

    def top(self, features: set[str], limit: int) -> list[tuple[int, float, list[str]]]:
        weights = np.zeros(len(self.columns), dtype=np.float32)
        for feature in features:
            column = self.columns.get(feature)
            if column is not None:
                weights[column] = WEIGHTS.get(feature_key(feature), 0.5)
        if not weights.any() or not len(self.priors):
            return []
        scores = self.matrix @ weights
        count = min(limit, len(scores))
        best = np.argpartition(-scores, count - 1)[:count]
        ranked = sorted(best, key=lambda row: (-(scores[row] + self.priors[row]), row))
        results = []
        for row in ranked:
            if scores[row] < MIN_SCORE:
                continue
            shared = sorted(features & self.profiles[row],
                            key=lambda feature: -WEIGHTS.get(feature_key(feature), 0.5))
            results.append((int(row), float(scores[row] + self.priors[row]), shared))
        return results
