"""Database connection: SQLite file var/legal.db by default, any SQLAlchemy URL via LEGAL_DB_URL."""
import os
from functools import lru_cache
from pathlib import Path

from sqlalchemy import create_engine
from sqlalchemy.engine import Engine
from sqlalchemy.orm import Session, sessionmaker

REPO_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_URL = f"sqlite:///{REPO_ROOT / 'var' / 'legal.db'}"


def database_url(url: str | None = None) -> str:
    return url or os.environ.get("LEGAL_DB_URL") or DEFAULT_URL


def get_engine(url: str | None = None) -> Engine:
    return _engine(database_url(url))


@lru_cache(maxsize=8)
def _engine(url: str) -> Engine:
    if url.startswith("sqlite:///"):
        Path(url[len("sqlite:///"):]).parent.mkdir(parents=True, exist_ok=True)
    return create_engine(url, future=True, pool_pre_ping=True)


def session(url: str | None = None) -> Session:
    return sessionmaker(bind=get_engine(url), future=True, expire_on_commit=False)()
