"""Reading the reviewed source files in knowledge/ (schema: knowledge/README.md)."""
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path

import yaml

KNOWLEDGE_DIR = Path(__file__).resolve().parents[2] / "knowledge"
ID_PATTERN = re.compile(r"^[a-z0-9_]+$")
ARTICLE_PATTERN = re.compile(r"^\d+(-\d+)?$")


class SourceError(ValueError):
    """A knowledge source file is missing, malformed or inconsistent."""


@dataclass
class Sources:
    laws: list[dict]
    articles: list[dict]  # each with "law" added
    cases: list[dict]
    topics: dict[str, str]
    fingerprint: str
    files: list[Path] = field(default_factory=list)


def _load(path: Path):
    try:
        with path.open(encoding="utf-8") as handle:
            return yaml.safe_load(handle)
    except (OSError, yaml.YAMLError) as error:
        raise SourceError(f"{path}: {error}") from error


def _source_files(root: Path) -> list[Path]:
    files = [root / "laws.yml", root / "topics.yml"]
    files += sorted((root / "statutes").glob("*.yml"))
    files += sorted((root / "cases").glob("*.yml"))
    return files


def fingerprint(root: Path = KNOWLEDGE_DIR) -> str:
    digest = hashlib.sha256()
    for path in _source_files(root):
        digest.update(path.relative_to(root).as_posix().encode())
        digest.update(b"\0")
        digest.update(path.read_bytes())
        digest.update(b"\0")
    return digest.hexdigest()


def load_sources(root: Path = KNOWLEDGE_DIR) -> Sources:
    laws = _load(root / "laws.yml")
    if not isinstance(laws, list) or not laws:
        raise SourceError("laws.yml must be a non-empty list")
    law_ids = set()
    for law in laws:
        if not ID_PATTERN.match(str(law.get("id", ""))) or law["id"] in law_ids:
            raise SourceError(f"laws.yml: bad or duplicate id {law.get('id')!r}")
        law_ids.add(law["id"])

    articles: list[dict] = []
    seen_articles = set()
    for path in sorted((root / "statutes").glob("*.yml")):
        data = _load(path)
        law_id = data.get("law")
        if law_id not in law_ids:
            raise SourceError(f"{path.name}: unknown law {law_id!r}")
        for item in data.get("articles") or []:
            number = str(item.get("article", ""))
            if not ARTICLE_PATTERN.match(number) or not item.get("text"):
                raise SourceError(f"{path.name}: bad article {number!r}")
            citation = f"{law_id}:{number}"
            if citation in seen_articles:
                raise SourceError(f"{path.name}: duplicate article {citation}")
            seen_articles.add(citation)
            articles.append({**item, "article": number, "law": law_id, "id": citation})

    topics = _load(root / "topics.yml") or {}
    cases = []
    for path in sorted((root / "cases").glob("*.yml")):
        case = _load(path)
        if not isinstance(case, dict) or case.get("id") != path.stem:
            raise SourceError(f"{path.name}: id must equal the file name")
        for key in ("title", "kind", "facts", "holding", "outcome", "sources", "reliability"):
            if not case.get(key):
                raise SourceError(f"{path.name}: missing {key}")
        unknown_topics = set(case.get("topics") or []) - set(topics)
        if unknown_topics:
            raise SourceError(f"{path.name}: unknown topics {sorted(unknown_topics)}")
        unknown_articles = set(case.get("articles") or []) - seen_articles
        if unknown_articles:
            raise SourceError(f"{path.name}: cites articles not stored: {sorted(unknown_articles)}")
        cases.append(case)

    return Sources(laws, articles, cases, topics, fingerprint(root), _source_files(root))
