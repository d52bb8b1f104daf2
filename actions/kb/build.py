"""Build the knowledge-base database from knowledge/*.yml.

    python -m actions.kb.build [--url URL] [--force]

Idempotent: when the database already holds exactly the current source files
(same fingerprint) nothing is written. Otherwise all tables are rebuilt in one
transaction, so a failed build leaves the previous database intact.
"""
import argparse
import sys

from sqlalchemy import select

from .db import database_url, get_engine, session
from .models import Article, Base, BuildInfo, Case, Law
from .refs import case_number_key
from .sources import SourceError, Sources, load_sources


def current_fingerprint(url: str | None = None) -> str | None:
    engine = get_engine(url)
    if not engine.dialect.has_table(engine.connect(), BuildInfo.__tablename__):
        return None
    with session(url) as db:
        row = db.execute(select(BuildInfo)).scalars().first()
        return row.fingerprint if row else None


def case_row(case: dict, synthetic: bool = False) -> Case:
    return Case(
        id=case["id"],
        title=case["title"],
        court=case.get("court"),
        case_number=case.get("case_number"),
        case_number_key=case_number_key(case.get("case_number")),
        date=case.get("date"),
        date_note=case.get("date_note"),
        procedure=case.get("procedure"),
        kind=case["kind"],
        parties=case.get("parties") or [],
        platform=case.get("platform"),
        account_kind=case.get("account_kind"),
        topics=case.get("topics") or [],
        profile=case.get("profile") or {},
        facts=case["facts"],
        holding=case["holding"],
        outcome=case["outcome"],
        articles=case.get("articles") or [],
        articles_note=case.get("articles_note"),
        sources=case["sources"],
        reliability=case["reliability"],
        synthetic=synthetic,
    )


def write_database(sources: Sources, url: str | None = None) -> None:
    engine = get_engine(url)
    with engine.begin() as connection:
        Base.metadata.drop_all(connection)
        Base.metadata.create_all(connection)
    with session(url) as db, db.begin():
        for position, law in enumerate(sources.laws):
            db.add(Law(
                id=law["id"], name=law["name"], short=law["short"],
                aliases=law.get("aliases") or [], sources=law.get("sources") or [],
                effective=law.get("effective"), in_force=bool(law.get("in_force", True)),
                note=law.get("note"), position=position,
            ))
        db.flush()
        for position, item in enumerate(sources.articles):
            db.add(Article(
                id=item["id"], law_id=item["law"], article=item["article"],
                heading=item["heading"], text=item["text"], source=item["source"],
                position=position,
            ))
        for case in sources.cases:
            db.add(case_row(case))
        db.add(BuildInfo(
            id=1, fingerprint=sources.fingerprint, laws=len(sources.laws),
            articles=len(sources.articles), cases=len(sources.cases),
        ))


def build(url: str | None = None, force: bool = False) -> str:
    sources = load_sources()
    if not force and current_fingerprint(url) == sources.fingerprint:
        return "up to date"
    write_database(sources, url)
    return (f"built: {len(sources.laws)} laws, {len(sources.articles)} articles, "
            f"{len(sources.cases)} cases")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", help="SQLAlchemy URL (default: $LEGAL_DB_URL or var/legal.db)")
    parser.add_argument("--force", action="store_true", help="rebuild even if up to date")
    args = parser.parse_args(argv)
    try:
        result = build(args.url, args.force)
    except SourceError as error:
        print(f"error: {error}", file=sys.stderr)
        return 2
    print(f"{database_url(args.url)}: {result}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
