"""Integrity of the statute data: knowledge/laws.yml and knowledge/statutes/*.yml.

Every quoted article must be a verbatim, complete copy of the official text in
../shared/legal/laws/ (or $SHARED_DIR/legal/laws/). Run from the repository root:

    python3 -m pytest tests/test_statute_data.py
"""
import datetime
import os
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
LAWS_YML = KNOWLEDGE / "laws.yml"
STATUTES_DIR = KNOWLEDGE / "statutes"

# The specification: citation ids the knowledge base must carry (not derived from the data).
REQUIRED = {
    "civil_code": "6 7 8 111 127 143 144 145 146 148 153 154 155 157 465 509 533 545 551 555 563 "
    "566 577 584 585 597 1034 1035 1036 1037 1038 1165 1182 1194 1195",
    "criminal_law": "253-1 264 266 285 286 287-1 287-2",
    "pipl": "2 4 5 6 10 13 14 23 25 28 29 44 47 66 69 72 73",
    "anti_fraud": "2 21 31 38 44",
    "pi_interp_2017": "1 2 3 4 5 6 7 8 9 10 11 12 13",
    "help_interp_2019": "11 12 13 15",
    "contract_interp_2023": "16 17 18 19 24 25",
    "cybersecurity_law": "24 41 42 44",
    "data_security_law": "32",
    "anti_unfair_competition": "2 12",
    "ecommerce_law": "23 25",
    "consumer_law": "29",
}
REQUIRED_IDS = {f"{law}:{a}" for law, arts in REQUIRED.items() for a in arts.split()}
REQUIRED_LAWS = set(REQUIRED) | {"general_interp_2022"}
SUPERSEDED = {"cybersecurity_law", "anti_unfair_competition"}

ID_RE = re.compile(r"^[a-z0-9_]+$")
ARTICLE_RE = re.compile(r"^\d+(-\d+)?$")
HEADING_RE = re.compile(r"^第([零一二三四五六七八九十百千]+)条(?:之([一二三四五六七八九十]+))?$")
# A line of a source that starts a new article ("第十条 ..."), as the source files print it.
ARTICLE_LINE_RE = re.compile(r"^第[零一二三四五六七八九十百千]+条(?:之[一二三四五六七八九十]+)?[ \u3000]")
DIGITS = dict(zip("零一二三四五六七八九", range(10)))
UNITS = {"十": 10, "百": 100, "千": 1000}


def cn_to_int(s):
    total, cur = 0, 0
    for ch in s:
        if ch in DIGITS:
            cur = DIGITS[ch]
        else:
            total += (cur or 1) * UNITS[ch]
            cur = 0
    return total + cur


def heading_to_article(heading):
    m = HEADING_RE.match(heading)
    if not m:
        return None
    num = str(cn_to_int(m.group(1)))
    return num + ("-" + str(cn_to_int(m.group(2))) if m.group(2) else "")


def normalise(text):
    """The source's lines without blank lines, joined by a single newline."""
    return "\n".join(line for line in text.split("\n") if line.strip())


@pytest.fixture(scope="module")
def laws_dir():
    shared = Path(os.environ["SHARED_DIR"]) if os.environ.get("SHARED_DIR") else REPO.parent / "shared"
    d = shared / "legal" / "laws"
    if not d.is_dir():
        pytest.fail(
            f"shared statute folder not found: {d} (set SHARED_DIR to the folder that holds legal/laws/)"
        )
    return d


@pytest.fixture(scope="module")
def laws():
    with open(LAWS_YML, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    assert isinstance(data, list) and data, "laws.yml must be a non-empty list"
    return data


@pytest.fixture(scope="module")
def statutes():
    files = sorted(STATUTES_DIR.glob("*.yml"))
    assert files, f"no statute files in {STATUTES_DIR}"
    out = {}
    for p in files:
        with open(p, encoding="utf-8") as f:
            out[p] = yaml.safe_load(f)
    return out


@pytest.fixture(scope="module")
def sources(laws_dir):
    cache = {}

    def get(name):
        if name not in cache:
            cache[name] = (laws_dir / name).read_text(encoding="utf-8")
        return cache[name]

    return get


def test_laws_yml_entries(laws):
    errors = []
    ids = [law.get("id") for law in laws]
    if len(ids) != len(set(ids)):
        errors.append(f"duplicate law ids: {sorted(i for i in set(ids) if ids.count(i) > 1)}")
    for law in laws:
        lid = law.get("id")
        if not isinstance(lid, str) or not ID_RE.match(lid):
            errors.append(f"bad law id {lid!r}")
        for key in ("name", "short"):
            if not isinstance(law.get(key), str) or not law[key].strip():
                errors.append(f"{lid}: missing {key}")
        if not isinstance(law.get("aliases"), list) or not law["aliases"]:
            errors.append(f"{lid}: aliases must be a non-empty list")
        if not isinstance(law.get("sources"), list) or not law["sources"]:
            errors.append(f"{lid}: sources must be a non-empty list")
        if not isinstance(law.get("in_force"), bool):
            errors.append(f"{lid}: in_force must be true or false")
        if law.get("in_force") is False and not (isinstance(law.get("note"), str) and law["note"].strip()):
            errors.append(f"{lid}: a law not in force needs a note")
        eff = law.get("effective")
        if eff is not None:
            try:
                datetime.date.fromisoformat(str(eff))
            except ValueError:
                errors.append(f"{lid}: effective {eff!r} is not YYYY-MM-DD")
    assert not errors, "\n".join(errors)


def test_required_laws_and_superseded_flags(laws):
    by_id = {law["id"]: law for law in laws}
    missing = REQUIRED_LAWS - set(by_id)
    assert not missing, f"laws missing from laws.yml: {sorted(missing)}"
    for lid in SUPERSEDED:
        assert by_id[lid]["in_force"] is False, f"{lid} is a superseded copy: in_force must be false"
    for lid in REQUIRED_LAWS - SUPERSEDED:
        assert by_id[lid]["in_force"] is True, f"{lid} should be in force"


def test_aliases_unambiguous(laws):
    owner = {}
    errors = []
    for law in laws:
        for alias in law["aliases"]:
            key = alias.strip().lower()
            if not key:
                errors.append(f"{law['id']}: empty alias")
            elif key in owner and owner[key] != law["id"]:
                errors.append(f"alias {alias!r} used by {owner[key]} and {law['id']}")
            owner[key] = law["id"]
    assert not errors, "\n".join(errors)


def test_sources_exist_and_cover_every_law_file(laws, laws_dir):
    listed = [s for law in laws for s in law["sources"]]
    missing = [s for s in listed if not (laws_dir / s).is_file()]
    assert not missing, f"source files not found in {laws_dir}: {missing}"
    assert len(listed) == len(set(listed)), "a source file is listed under two laws"
    unlisted = sorted(p.name for p in laws_dir.glob("*.md") if p.name not in listed)
    assert not unlisted, f"law files without an entry in laws.yml: {unlisted}"


def test_effective_date_is_printed_in_source(laws, sources):
    """A non-null effective date must appear in a source as 'Y年M月D日' on a line with 施行."""
    errors = []
    for law in laws:
        eff = law.get("effective")
        if eff is None:
            continue
        d = datetime.date.fromisoformat(str(eff))
        cn = f"{d.year}年{d.month}月{d.day}日"
        lines = [line for s in law["sources"] for line in sources(s).split("\n")]
        if not any(cn in line and "施行" in line for line in lines):
            errors.append(f"{law['id']}: effective {eff} ({cn} … 施行) not printed in its sources")
    assert not errors, "\n".join(errors)


def test_statute_files_structure(laws, statutes):
    law_ids = {law["id"] for law in laws}
    errors = []
    seen_laws = set()
    for path, data in statutes.items():
        if not isinstance(data, dict) or not isinstance(data.get("articles"), list) or not data["articles"]:
            errors.append(f"{path.name}: needs 'law' and a non-empty 'articles' list")
            continue
        lid = data.get("law")
        if lid not in law_ids:
            errors.append(f"{path.name}: law {lid!r} is not in laws.yml")
        if path.stem != lid:
            errors.append(f"{path.name}: file name must be <law id>.yml (law: {lid})")
        if lid in seen_laws:
            errors.append(f"{lid}: more than one statute file")
        seen_laws.add(lid)
        arts = [a.get("article") for a in data["articles"]]
        dups = sorted({a for a in arts if arts.count(a) > 1}, key=str)
        if dups:
            errors.append(f"{lid}: duplicate articles {dups}")
        for a in data["articles"]:
            art = a.get("article")
            if not isinstance(art, str) or not ARTICLE_RE.match(art):
                errors.append(f"{lid}: bad article id {art!r} (quote it as a string)")
            if heading_to_article(str(a.get("heading", ""))) != art:
                errors.append(f"{lid}:{art}: heading {a.get('heading')!r} does not match the article number")
            text = a.get("text")
            if not isinstance(text, str) or not text.strip():
                errors.append(f"{lid}:{art}: empty text")
                continue
            for bad in ("**", "<!--", "-->"):
                if bad in text:
                    errors.append(f"{lid}:{art}: markdown artefact {bad!r} in text")
            for para in text.split("\n"):
                if not para.strip() or para != para.strip() or para.startswith("#"):
                    errors.append(f"{lid}:{art}: blank, padded or heading-like paragraph {para!r}")
    missing_files = REQUIRED_LAWS - seen_laws
    assert not missing_files, f"no statute file for: {sorted(missing_files)}"
    assert not errors, "\n".join(errors)


def test_required_citations_present(statutes):
    present = {
        f"{data['law']}:{a['article']}"
        for data in statutes.values()
        for a in data.get("articles", [])
    }
    missing = sorted(REQUIRED_IDS - present)
    assert not missing, f"required citations missing: {missing}"


def test_texts_verbatim_and_complete(laws, statutes, sources):
    law_sources = {law["id"]: law["sources"] for law in laws}
    errors = []
    checked = 0
    for data in statutes.values():
        lid = data["law"]
        for a in data["articles"]:
            cid = f"{lid}:{a['article']}"
            src = a.get("source")
            if src not in law_sources.get(lid, []):
                errors.append(f"{cid}: source {src!r} is not among the law's sources in laws.yml")
                continue
            raw = sources(src)
            norm = normalise(raw)
            text, heading = a["text"], a["heading"]
            paras = text.split("\n")
            for para in paras:
                if para not in raw:
                    errors.append(f"{cid}: paragraph not found verbatim in {src}: {para[:40]}…")
            if text not in norm:
                errors.append(f"{cid}: paragraphs are not consecutive in {src}")
            # Heading, one space (ASCII or full-width), then the first paragraph, on one line;
            # the article must be complete: the next line starts a new article or section, or
            # the file ends.
            lines = norm.split("\n")
            starts = [
                i for i, line in enumerate(lines)
                if line in (f"{heading} {paras[0]}", f"{heading}\u3000{paras[0]}")
            ]
            if len(starts) != 1:
                errors.append(f"{cid}: '{heading} {paras[0][:20]}…' found {len(starts)} times in {src}")
                continue
            i = starts[0]
            body = [lines[i].split(heading, 1)[1][1:]] + lines[i + 1:i + len(paras)]
            if body != paras:
                errors.append(f"{cid}: text does not follow its heading verbatim in {src}")
                continue
            nxt = i + len(paras)
            if nxt < len(lines) and not (lines[nxt].startswith("#") or ARTICLE_LINE_RE.match(lines[nxt])):
                errors.append(f"{cid}: article incomplete, source continues with {lines[nxt][:40]}…")
            checked += 1
    assert not errors, "\n".join(errors)
    assert checked >= len(REQUIRED_IDS)
