"""The knowledge base and the feedback table on the profile's PostgreSQL: deploy/start.sh
built it with `python -m actions.kb.build` (LEGAL_DB_URL=postgresql://…); it holds exactly
what the SQLite build holds and every kind of query answers the same."""
import pytest

from actions import feedback
from actions.kb import build, query
from actions.kb.sources import load_sources
from tests.fixtures import JIANGYIN_FACTS


@pytest.fixture(scope="module")
def both(profile, kb_url):
    return query.knowledge_base(profile.legal_db_url), query.knowledge_base(kb_url)


def test_postgres_build_is_current_and_rebuilds_in_place(profile):
    assert build.current_fingerprint(profile.legal_db_url) == load_sources().fingerprint
    assert build.build(profile.legal_db_url) == "up to date"
    assert build.build(profile.legal_db_url, force=True).startswith("built:")
    assert build.current_fingerprint(profile.legal_db_url) == load_sources().fingerprint


def test_postgres_holds_what_sqlite_holds(both):
    postgres, sqlite = both
    assert postgres.articles == sqlite.articles and len(postgres.articles) > 50
    assert postgres.cases == sqlite.cases and len(postgres.cases) > 10
    assert postgres.aliases == sqlite.aliases


@pytest.mark.parametrize("ask", [
    lambda url: query.find_article("民法典第1038条", url=url),
    lambda url: query.find_articles("23", url=url),
    lambda url: query.find_case_by_number("(2020)苏0281民初7297号", url=url),
    lambda url: query.search_cases(party="程某", url=url),
    lambda url: query.search_cases("找回 账号", topic="theft", limit=10, url=url),
    lambda url: query.similar_cases(JIANGYIN_FACTS, url=url),
])
def test_queries_answer_the_same(profile, kb_url, ask):
    answer = ask(profile.legal_db_url)
    assert answer and answer == ask(kb_url)


def test_feedback_is_stored_in_postgres(profile):
    before = feedback.counts(profile.legal_db_url)
    feedback.store("down", {"overall": "high", "dimensions": {"contract": {"level": "void"}},
                            "citations": ["civil_code:153"]}, url=profile.legal_db_url)
    after = feedback.counts(profile.legal_db_url)
    assert after.get("down", 0) == before.get("down", 0) + 1
