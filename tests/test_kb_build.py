"""Building the knowledge base: idempotent, complete, and configurable by URL."""
import hashlib
import os
import subprocess
import sys
from pathlib import Path

from sqlalchemy import func, select

from actions.kb import build, db, sources
from actions.kb.models import Article, BuildInfo, Case, Law

REPO = Path(__file__).resolve().parents[1]


def counts(url):
    with db.session(url) as s:
        return tuple(s.execute(select(func.count()).select_from(model)).scalar_one()
                     for model in (Law, Article, Case))


def test_build_loads_every_source_file(tmp_path):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    assert build.build(url).startswith("built")
    loaded = sources.load_sources()
    assert counts(url) == (len(loaded.laws), len(loaded.articles), len(loaded.cases))
    assert len(loaded.cases) >= 30 and len(loaded.articles) >= 60


def test_build_is_idempotent(tmp_path):
    path = tmp_path / "kb.db"
    url = f"sqlite:///{path}"
    build.build(url)
    digest = hashlib.sha256(path.read_bytes()).hexdigest()
    assert build.build(url) == "up to date"
    assert hashlib.sha256(path.read_bytes()).hexdigest() == digest
    before = counts(url)
    assert build.build(url, force=True).startswith("built")
    assert counts(url) == before
    with db.session(url) as s:
        assert s.execute(select(func.count()).select_from(BuildInfo)).scalar_one() == 1


def test_rebuild_after_source_change(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    build.build(url)
    changed = sources.load_sources()
    changed.fingerprint = "0" * 64
    changed.cases = changed.cases[:-1]
    monkeypatch.setattr(build, "load_sources", lambda: changed)
    assert build.build(url).startswith("built")
    assert counts(url)[2] == len(changed.cases)
    assert build.build(url) == "up to date"


def test_command_line_uses_environment_url(tmp_path):
    path = tmp_path / "env.db"
    env = {**os.environ, "LEGAL_DB_URL": f"sqlite:///{path}"}
    first = subprocess.run([sys.executable, "-m", "actions.kb.build"], cwd=REPO, env=env,
                           capture_output=True, text=True, timeout=120)
    assert first.returncode == 0, first.stderr
    assert "built" in first.stdout and path.exists()
    second = subprocess.run([sys.executable, "-m", "actions.kb.build"], cwd=REPO, env=env,
                            capture_output=True, text=True, timeout=120)
    assert second.returncode == 0 and "up to date" in second.stdout


def test_broken_source_fails_cleanly_and_keeps_database(tmp_path, monkeypatch):
    url = f"sqlite:///{tmp_path / 'kb.db'}"
    build.build(url)
    before = counts(url)

    def broken():
        raise sources.SourceError("cases/x.yml: missing facts")

    monkeypatch.setattr(build, "load_sources", broken)
    assert build.main(["--url", url]) == 2
    assert counts(url) == before
