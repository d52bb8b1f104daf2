"""Shared resources of the actions server: the knowledge base, vocabularies, the firm's
configuration. Loaded lazily and cached."""
from __future__ import annotations

import os
from functools import lru_cache
from pathlib import Path

import yaml

from .kb import query
from .kb.index import vocabulary
from .render import article_label

REPO_ROOT = Path(__file__).resolve().parents[1]


@lru_cache(maxsize=1)
def firm() -> dict:
    path = Path(os.environ.get("FIRM_CONFIG", REPO_ROOT / "firm.yml"))
    with path.open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


@lru_cache(maxsize=1)
def interview_texts() -> dict:
    with (REPO_ROOT / "actions" / "texts" / "interview.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def labels() -> dict:
    return vocabulary()


def cite(citation_id: str) -> str:
    """民法典第153条 for civil_code:153 (the id itself if it is not stored)."""
    kb = query.knowledge_base()
    article = kb.articles.get(citation_id)
    if article is None:
        return citation_id
    return article_label(article.law_short, article.article)


def case_titles() -> dict[str, str]:
    kb = query.knowledge_base()
    return {case.id: _case_title(case) for case in kb.cases}


def _case_title(case) -> str:
    number = f"，{case.case_number}" if case.case_number else ""
    return f"{case.title}{number}"


def similar_cases(facts: dict):
    return query.similar_cases(facts, limit=3)
