"""Shared fixtures: a knowledge-base database built into a temporary SQLite file."""
import pytest

from actions.kb import build, query


@pytest.fixture(scope="session")
def kb_url(tmp_path_factory):
    url = f"sqlite:///{tmp_path_factory.mktemp('kb') / 'legal.db'}"
    build.build(url)
    return url


@pytest.fixture
def kb(kb_url):
    return query.knowledge_base(kb_url)


@pytest.fixture
def kb_env(kb_url, monkeypatch):
    """Point the actions' default database (LEGAL_DB_URL) at the test database."""
    monkeypatch.setenv("LEGAL_DB_URL", kb_url)
    query.reload()
    yield
    query.reload()
