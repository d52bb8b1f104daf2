"""SQLAlchemy (1.4) tables of the knowledge base."""
from sqlalchemy import JSON, Boolean, Column, ForeignKey, Integer, String, Text
from sqlalchemy.orm import declarative_base, relationship

Base = declarative_base()


class Law(Base):
    __tablename__ = "laws"

    id = Column(String(64), primary_key=True)
    name = Column(Text, nullable=False)
    short = Column(Text, nullable=False)
    aliases = Column(JSON, nullable=False)
    sources = Column(JSON, nullable=False)
    effective = Column(String(10))
    in_force = Column(Boolean, nullable=False)
    note = Column(Text)
    position = Column(Integer, nullable=False)  # order in laws.yml: the priority for bare numbers

    articles = relationship("Article", back_populates="law", order_by="Article.position")


class Article(Base):
    __tablename__ = "articles"

    id = Column(String(96), primary_key=True)  # citation id, e.g. "civil_code:153"
    law_id = Column(String(64), ForeignKey("laws.id"), nullable=False, index=True)
    article = Column(String(16), nullable=False)  # "153", "253-1"
    heading = Column(Text, nullable=False)  # "第一百五十三条"
    text = Column(Text, nullable=False)
    source = Column(Text, nullable=False)
    position = Column(Integer, nullable=False)

    law = relationship("Law", back_populates="articles")


class Case(Base):
    __tablename__ = "cases"

    id = Column(String(96), primary_key=True)
    title = Column(Text, nullable=False)
    court = Column(Text)
    case_number = Column(Text)
    case_number_key = Column(Text, index=True)  # normalised for lookups
    date = Column(String(10))
    date_note = Column(Text)
    procedure = Column(Text)
    kind = Column(String(16), nullable=False)
    parties = Column(JSON, nullable=False)
    platform = Column(String(32), index=True)
    account_kind = Column(String(16))
    topics = Column(JSON, nullable=False)
    profile = Column(JSON, nullable=False)
    facts = Column(Text, nullable=False)
    holding = Column(Text, nullable=False)
    outcome = Column(JSON, nullable=False)
    articles = Column(JSON, nullable=False)
    articles_note = Column(Text)
    sources = Column(JSON, nullable=False)
    reliability = Column(String(16), nullable=False)
    synthetic = Column(Boolean, nullable=False, default=False)  # benchmark padding only


class BuildInfo(Base):
    """One row: the fingerprint of the source files the database was built from."""

    __tablename__ = "build_info"

    id = Column(Integer, primary_key=True)
    fingerprint = Column(String(64), nullable=False)
    laws = Column(Integer, nullable=False)
    articles = Column(Integer, nullable=False)
    cases = Column(Integer, nullable=False)
