"""The knowledge-base queries the actions need.

Every public function validates its input and raises QueryError (a ValueError with a
short Chinese message) for empty, oversized or wrongly typed input. Queries only read.
"""
import re
from dataclasses import dataclass, field
from functools import lru_cache

import yaml
from sqlalchemy import select

from .db import database_url, session
from .index import (ProfileIndex, TextIndex, facts_topics, feature_reason, profile_features,
                    tokens, vocabulary)
from .models import Article, Case, Law
from .refs import ArticleRef, case_number_key, normalise, parse_article_ref
from .sources import KNOWLEDGE_DIR

MAX_QUERY_CHARS = 500
MAX_LIMIT = 50
MAX_REASONS = 4
SEARCHABLE = re.compile(r"[0-9A-Za-z\u4e00-\u9fff]")
RELIABILITY_PRIOR = {"official": 0.3, "court_account": 0.2, "law_firm": 0.1, "news": 0.05, "repost": 0.0}


class QueryError(ValueError):
    """Input a query cannot use; str(error) is a short message fit for the user."""


@dataclass(frozen=True)
class ArticleView:
    id: str
    law_id: str
    law_name: str
    law_short: str
    article: str
    heading: str
    text: str
    source: str
    in_force: bool

    @property
    def title(self) -> str:
        return f"《{self.law_short}》{self.heading}"


@dataclass(frozen=True)
class CaseView:
    id: str
    title: str
    court: str | None
    case_number: str | None
    date: str | None
    date_note: str | None
    procedure: str | None
    kind: str
    parties: list
    platform: str | None
    account_kind: str | None
    topics: list
    profile: dict
    facts: str
    holding: str
    outcome: dict
    articles: list
    articles_note: str | None
    sources: list
    reliability: str


@dataclass
class CaseMatch:
    case_id: str
    score: float
    reasons: list[str] = field(default_factory=list)
    case: CaseView | None = None


def _text(value, name: str, max_chars: int = MAX_QUERY_CHARS) -> str:
    if not isinstance(value, str):
        raise QueryError(f"{name}必须是文字。")
    value = normalise(value)
    if not value:
        raise QueryError(f"{name}不能为空。")
    if len(value) > max_chars:
        raise QueryError(f"{name}太长了（最多{max_chars}个字）。")
    if not SEARCHABLE.search(value):
        raise QueryError(f"{name}里没有可以检索的文字或数字。")
    return value


def _limit(limit) -> int:
    if isinstance(limit, bool) or not isinstance(limit, int) or not 1 <= limit <= MAX_LIMIT:
        raise QueryError(f"数量必须是1到{MAX_LIMIT}之间的整数。")
    return limit


class KnowledgeBase:
    """A read-only view of one database, with its in-memory indexes."""

    def __init__(self, url: str | None = None):
        self.url = database_url(url)
        with session(self.url) as db:
            laws = db.execute(select(Law).order_by(Law.position)).scalars().all()
            self.laws = {law.id: law for law in laws}
            self.aliases = {law.id: law.id for law in laws}
            for law in laws:
                self.aliases.update({alias: law.id for alias in law.aliases})
                self.aliases.setdefault(law.short, law.id)
            rows = db.execute(select(Article).join(Law).order_by(Law.position, Article.position))
            self.articles = {
                row.id: ArticleView(row.id, row.law_id, self.laws[row.law_id].name,
                                    self.laws[row.law_id].short, row.article, row.heading,
                                    row.text, row.source, self.laws[row.law_id].in_force)
                for row in rows.scalars()
            }
            self.cases = [self._case_view(row) for row in
                          db.execute(select(Case).order_by(Case.id)).scalars()]
        self.case_ids = {case.id: index for index, case in enumerate(self.cases)}
        self.case_numbers = {case_number_key(case.case_number): index
                             for index, case in enumerate(self.cases) if case.case_number}
        topic_labels = _topic_labels()
        self.text_index = TextIndex([self._case_text(case, topic_labels) for case in self.cases])
        self.profile_index = ProfileIndex(
            [profile_features(self._profile(case), case.topics) for case in self.cases],
            [RELIABILITY_PRIOR.get(case.reliability, 0.0) for case in self.cases],
        )

    @staticmethod
    def _case_view(row: Case) -> CaseView:
        return CaseView(row.id, row.title, row.court, row.case_number, row.date, row.date_note,
                        row.procedure, row.kind, row.parties, row.platform, row.account_kind,
                        row.topics, row.profile, row.facts, row.holding, row.outcome,
                        row.articles, row.articles_note, row.sources, row.reliability)

    @staticmethod
    def _profile(case: CaseView) -> dict:
        """The case's profile plus its top-level platform and account kind."""
        return {**case.profile, "platform": case.platform or case.profile.get("platform"),
                "account_kind": case.account_kind or case.profile.get("account_kind")}

    @staticmethod
    def _case_text(case: CaseView, topic_labels: dict) -> str:
        platform = vocabulary()["platform"].get(case.platform or "", "")
        return " ".join(filter(None, [
            case.title, case.court, case.case_number, " ".join(map(str, case.parties)),
            platform, " ".join(topic_labels.get(topic, "") for topic in case.topics),
            case.facts, case.holding,
        ]))


def knowledge_base(url: str | None = None) -> KnowledgeBase:
    return _knowledge_base(database_url(url))


@lru_cache(maxsize=4)
def _knowledge_base(url: str) -> KnowledgeBase:
    return KnowledgeBase(url)


def reload() -> None:
    """Forget cached indexes (after a rebuild of the database)."""
    _knowledge_base.cache_clear()


@lru_cache(maxsize=1)
def _topic_labels() -> dict:
    with (KNOWLEDGE_DIR / "topics.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


# --- articles -------------------------------------------------------------------------

def get_article(citation_id, url: str | None = None) -> ArticleView | None:
    citation_id = _text(citation_id, "条文编号", 100)
    return knowledge_base(url).articles.get(citation_id)


def find_articles(reference, url: str | None = None) -> list[ArticleView]:
    """All stored articles a reference may mean, best first (the named law, else by law priority)."""
    reference = _text(reference, "条文", 100)
    kb = knowledge_base(url)
    ref = parse_article_ref(reference, kb.aliases)
    if ref is None:
        return []
    if ref.law_id:
        found = kb.articles.get(f"{ref.law_id}:{ref.article}")
        return [found] if found else []
    return [article for article in kb.articles.values() if article.article == ref.article]


def find_article(reference, url: str | None = None) -> ArticleView | None:
    found = find_articles(reference, url)
    return found[0] if found else None


def parse_reference(reference, url: str | None = None) -> ArticleRef | None:
    reference = _text(reference, "条文", 100)
    return parse_article_ref(reference, knowledge_base(url).aliases)


# --- cases ----------------------------------------------------------------------------

def get_case(case_id, url: str | None = None) -> CaseView | None:
    case_id = _text(case_id, "案例编号", 100)
    kb = knowledge_base(url)
    index = kb.case_ids.get(case_id)
    return kb.cases[index] if index is not None else None


def find_case_by_number(case_number, url: str | None = None) -> CaseView | None:
    key = case_number_key(_text(case_number, "案号", 100))
    kb = knowledge_base(url)
    index = kb.case_numbers.get(key)
    return kb.cases[index] if index is not None else None


def search_cases(text=None, *, party=None, platform=None, topic=None, case_number=None,
                 limit: int = 5, url: str | None = None) -> list[CaseMatch]:
    """Cases matching all given filters, ranked by free-text relevance when text is given."""
    limit = _limit(limit)
    if all(value is None for value in (text, party, platform, topic, case_number)):
        raise QueryError("请至少给出一个检索条件。")
    kb = knowledge_base(url)
    candidates = range(len(kb.cases))
    reasons: dict[int, list[str]] = {index: [] for index in candidates}
    if case_number is not None:
        found = find_case_by_number(case_number, url)
        candidates = [kb.case_ids[found.id]] if found else []
        for index in candidates:
            reasons[index].append("案号一致")
    if party is not None:
        party = _text(party, "当事人", 50)
        candidates = [i for i in candidates if any(party in str(p) for p in kb.cases[i].parties)]
        for index in candidates:
            reasons[index].append(f"当事人包含“{party}”")
    if platform is not None:
        platform = _text(platform, "平台", 50)
        labels = vocabulary()["platform"]
        value = next((key for key, label in labels.items() if platform in (key, label)), platform)
        candidates = [i for i in candidates if kb.cases[i].platform == value]
        for index in candidates:
            reasons[index].append(f"平台为{labels.get(value, value)}")
    if topic is not None:
        topic = _text(topic, "主题", 50)
        topic_labels = _topic_labels()
        value = next((key for key, label in topic_labels.items() if topic in (key, label)), topic)
        candidates = [i for i in candidates if value in kb.cases[i].topics]
        for index in candidates:
            reasons[index].append(f"主题：{topic_labels.get(value, value)}")
    scores = {index: 1.0 for index in candidates}
    if text is not None:
        query_tokens = tokens(_text(text, "检索内容"))
        hits = kb.text_index.search(query_tokens)
        scores = {index: hits[index][0] for index in candidates if index in hits}
        for index in scores:
            reasons[index].append("关键词：" + "、".join(hits[index][1][:5]))
    ranked = sorted(scores, key=lambda index: (-scores[index], kb.cases[index].id))[:limit]
    return [CaseMatch(kb.cases[i].id, round(scores[i], 4), reasons[i], kb.cases[i]) for i in ranked]


def similar_cases(facts, limit: int = 3, url: str | None = None) -> list[CaseMatch]:
    """The stored cases closest to a set of risk-engine facts, each with why it matched."""
    if not isinstance(facts, dict):
        raise QueryError("事实必须是一个对象。")
    limit = _limit(limit)
    known = {key: value for key, value in facts.items()
             if value is not None and key in _PROFILE_KEYS}
    features = profile_features(known, facts_topics(known))
    kb = knowledge_base(url)
    topic_labels = _topic_labels()
    matches = []
    for row, score, shared in kb.profile_index.top(features, limit):
        case = kb.cases[row]
        reasons = [reason for reason in map(feature_reason, shared) if reason][:MAX_REASONS]
        topics = [topic_labels[f.split("=", 1)[1]] for f in shared if f.startswith("topic=")]
        if topics:
            reasons.append("同属" + "、".join(topics) + "类案件")
        matches.append(CaseMatch(case.id, round(score, 3), list(dict.fromkeys(reasons)), case))
    return matches


_PROFILE_KEYS = {
    "role", "platform", "account_kind", "account_count", "real_name", "third_party_pi",
    "pi_kinds", "pi_count", "obtained_in_service", "consent", "deidentified", "buyer_purpose",
    "buyer_known", "price", "announce_change", "official_route", "status", "prior_penalty",
}
