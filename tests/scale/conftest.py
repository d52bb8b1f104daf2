"""The production profile under test: `make test-scale` starts it (deploy/start.sh) and
points SCALE_PROFILE at the profile.env it wrote. Without SCALE_PROFILE every test in this
folder is skipped, so the normal test run passes over them."""
from __future__ import annotations

import os
import shlex
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

import pytest
import redis
from sqlalchemy import create_engine
from sqlalchemy.engine import Engine


def read_settings(path: Path) -> dict[str, str]:
    settings = {}
    for line in path.read_text().splitlines():
        if "=" in line and not line.lstrip().startswith("#"):
            key, value = line.split("=", 1)
            settings[key.strip()] = " ".join(shlex.split(value))
    return settings


@dataclass(frozen=True)
class Profile:
    settings: dict[str, str]

    @property
    def public_url(self) -> str:
        return self.settings["PUBLIC_URL"]

    @property
    def rasa_urls(self) -> list[str]:
        return self.settings["RASA_URLS"].split()

    @property
    def api_token(self) -> str:
        return self.settings["RASA_API_TOKEN"]

    @property
    def legal_db_url(self) -> str:
        return self.settings["LEGAL_DB_URL"]

    @property
    def nginx_access_log(self) -> Path:
        return Path(self.settings["NGINX_ACCESS_LOG"])

    @cached_property
    def tracker_db(self) -> Engine:
        s = self.settings
        return create_engine(f"postgresql://{s['TRACKER_USER']}:{s['TRACKER_PASSWORD']}"
                             f"@{s['TRACKER_URL']}/{s['TRACKER_DB']}", future=True)

    def redis(self, db: int | None = None) -> redis.Redis:
        s = self.settings
        return redis.Redis(host=s["LOCK_STORE_HOST"], port=int(s["LOCK_STORE_PORT"]),
                           db=int(s["LOCK_STORE_DB"]) if db is None else db,
                           password=s["LOCK_STORE_PASSWORD"] or None)


@pytest.fixture(scope="session")
def profile() -> Profile:
    path = os.environ.get("SCALE_PROFILE")
    if not path:
        pytest.skip("needs the production profile running: make test-scale")
    return Profile(read_settings(Path(path)))
