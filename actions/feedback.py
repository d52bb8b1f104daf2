"""Storing 👍/👎 feedback on assessments, without personal data: only the rating and the
assessment's levels and citations, so the firm can see which assessments were unclear."""
from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from sqlalchemy import JSON, Column, DateTime, Integer, String, func, select
from sqlalchemy.orm import declarative_base

from .kb.db import get_engine, session

Base = declarative_base()
RATINGS = ("up", "down")


class Feedback(Base):
    __tablename__ = "feedback"

    id = Column(Integer, primary_key=True)
    created = Column(DateTime, nullable=False)
    rating = Column(String(8), nullable=False)
    overall = Column(String(16))
    levels = Column(JSON, nullable=False)  # dimension -> level
    citations = Column(JSON, nullable=False)


def summary(assessment: Mapping[str, Any] | None) -> dict:
    """The non-personal part of an assessment that feedback is stored with."""
    if not assessment:
        return {"overall": None, "levels": {}, "citations": []}
    return {
        "overall": assessment.get("overall"),
        "levels": {key: value.get("level") for key, value in
                   (assessment.get("dimensions") or {}).items()},
        "citations": list(assessment.get("citations") or []),
    }


def store(rating: str, assessment: Mapping[str, Any] | None, url: str | None = None) -> None:
    if rating not in RATINGS:
        raise ValueError(f"rating must be one of {RATINGS}")
    Base.metadata.create_all(get_engine(url))
    data = summary(assessment)
    with session(url) as db, db.begin():
        db.add(Feedback(created=dt.datetime.now(dt.timezone.utc).replace(tzinfo=None),
                        rating=rating, overall=data["overall"], levels=data["levels"],
                        citations=data["citations"]))


def counts(url: str | None = None) -> dict[str, int]:
    Base.metadata.create_all(get_engine(url))
    with session(url) as db:
        rows = db.execute(select(Feedback.rating, func.count()).group_by(Feedback.rating))
        return {rating: count for rating, count in rows}
