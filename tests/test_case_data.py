"""Integrity of the case data: knowledge/cases/*.yml (schema in knowledge/README.md).

Checks every case file against the schema, the topic vocabulary, the risk-engine fact
vocabulary, the stored statutes and the shared source material in ../shared (or
$SHARED_DIR). Run from the repository root:

    python3 -m pytest tests/test_case_data.py
"""
import datetime
import functools
import os
import re
from pathlib import Path

import pytest
import yaml

REPO = Path(__file__).resolve().parents[1]
KNOWLEDGE = REPO / "knowledge"
CASES_DIR = KNOWLEDGE / "cases"
STATUTES_DIR = KNOWLEDGE / "statutes"
TOPICS_YML = KNOWLEDGE / "topics.yml"

CASE_FILES = sorted(CASES_DIR.glob("*.yml"))

ID_RE = re.compile(r"^[a-z0-9_]+$")
CITATION_RE = re.compile(r"^[a-z0-9_]+:\d+(-\d+)?$")
DATE_RE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
URL_RE = re.compile(r"^https?://\S+$")

# --- the schema (knowledge/README.md) -------------------------------------------------
SCHEMA_KEYS = {
    "id", "title", "court", "case_number", "date", "date_note", "procedure", "kind",
    "parties", "platform", "account_kind", "topics", "profile", "facts", "holding",
    "outcome", "articles", "articles_note", "sources", "reliability",
}
KINDS = {"civil", "criminal", "administrative", "guidance"}
RELIABILITY = {"official", "court_account", "law_firm", "news", "repost"}
CONTRACT_OUTCOMES = {"void", "valid", "no_effect", "rescinded", "unknown", "not_applicable"}
OUTCOME_KEYS = {"contract", "criminal", "administrative", "summary"}
SOURCE_KINDS = {"seed", "url", "research"}
ACCOUNT_KINDS = {"personal", "business"}

# --- the risk-engine fact vocabulary ----------------------------------------------------
PLATFORMS = {
    "wechat", "wecom", "wechat_official", "qq", "douyin", "kuaishou", "weibo",
    "xiaohongshu", "bilibili", "taobao_shop", "game", "other",
}
PI_KINDS = {
    "whereabouts", "communication_content", "credit", "property", "accommodation",
    "communication_records", "health", "transaction", "identity", "contact", "other",
}
PROFILE_ENUMS = {
    "role": {"seller", "buyer", "intermediary", "other"},
    "platform": PLATFORMS,
    "account_kind": ACCOUNT_KINDS,
    "buyer_purpose": {"same_business", "marketing", "resale", "unknown", "suspicious"},
    "status": {"planned", "signed", "performed", "dispute"},
}
PROFILE_BOOLS = {
    "real_name", "third_party_pi", "obtained_in_service", "consent", "deidentified",
    "buyer_known", "announce_change", "official_route", "prior_penalty",
}
PROFILE_INTS = {"account_count", "pi_count"}
PROFILE_NUMBERS = {"price", "paid"}
PROFILE_KEYS = set(PROFILE_ENUMS) | PROFILE_BOOLS | PROFILE_INTS | PROFILE_NUMBERS | {"pi_kinds"}

# A fact or holding sharing a run this long with its own seed source counts as copied.
COPY_RUN = 40
# Full-width punctuation folded to ASCII before the copy check (seeds use both forms).
PUNCT_FOLD = str.maketrans("，。；：！？（）“”‘’、", ",.;:!?()\"\"'',")


# --- helpers ----------------------------------------------------------------------------
def is_int(v):
    return isinstance(v, int) and not isinstance(v, bool)


def is_number(v):
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def nonempty_str(v):
    return isinstance(v, str) and bool(v.strip())


def str_or_none(v):
    return v is None or nonempty_str(v)


@functools.lru_cache(maxsize=None)
def load_case(path):
    with open(path, encoding="utf-8") as f:
        return yaml.safe_load(f)


def case_or_fail(path):
    try:
        data = load_case(path)
    except yaml.YAMLError as e:
        pytest.fail(f"{path.name}: not valid YAML: {e}")
    if not isinstance(data, dict):
        pytest.fail(f"{path.name}: top level must be a mapping, got {type(data).__name__}")
    return data


def fold(text):
    """Text for the copy check: no whitespace, punctuation folded to ASCII."""
    return re.sub(r"\s+", "", text).translate(PUNCT_FOLD)


def parse_reword_map(framework_text):
    """The garbled -> original pairs listed in FRAMEWORK.md §4 ("小我 → 个人, ...")."""
    m = re.search(r"^## 4\..*?(?=^## |\Z)", framework_text, re.S | re.M)
    if not m:
        return []
    pairs = re.findall(r"([^\s,:.()]+)\s*(?:\([^)]*\)\s*)?→\s*([^\s,.]+)", m.group(0))
    # "庇护 → 维持/保护": take the first reading.
    return [(src, dst.split("/")[0]) for src, dst in pairs]


def apply_map(text, pairs):
    for src, dst in pairs:
        text = text.replace(src, dst)
    return text


# --- fixtures -----------------------------------------------------------------------------
@pytest.fixture(scope="module")
def shared_dir():
    d = Path(os.environ["SHARED_DIR"]) if os.environ.get("SHARED_DIR") else REPO.parent / "shared"
    if not d.is_dir():
        pytest.fail(
            f"shared folder not found: {d} (set SHARED_DIR to the folder that holds seeds/ and legal/)"
        )
    for sub in ("seeds", "legal"):
        if not (d / sub).is_dir():
            pytest.fail(f"shared folder {d} has no {sub}/ (set SHARED_DIR correctly)")
    return d.resolve()


@pytest.fixture(scope="module")
def reword_map(shared_dir):
    fw = shared_dir / "legal" / "FRAMEWORK.md"
    if not fw.is_file():
        pytest.fail(f"missing {fw}: needed for the §4 mapping of the reworded seed")
    pairs = parse_reword_map(fw.read_text(encoding="utf-8"))
    assert ("民末", "民终") in pairs, (
        "could not read the reworded-term mapping (e.g. 民末 → 民终) from FRAMEWORK.md §4"
    )
    return pairs


@pytest.fixture(scope="module")
def seed_texts(shared_dir, reword_map):
    """Every file under seeds/: (raw text, text with the §4 mapping applied)."""
    out = {}
    for p in sorted((shared_dir / "seeds").rglob("*")):
        if p.is_file():
            raw = p.read_text(encoding="utf-8", errors="replace")
            out[p.relative_to(shared_dir).as_posix()] = (raw, apply_map(raw, reword_map))
    assert out, f"no seed files under {shared_dir / 'seeds'}"
    return out


@pytest.fixture(scope="module")
def number_corpus(shared_dir, seed_texts):
    """Texts in which a case number must occur verbatim."""
    research = shared_dir / "legal" / "cases-research.md"
    if not research.is_file():
        pytest.fail(f"missing {research}")
    texts = [research.read_text(encoding="utf-8")]
    for raw, mapped in seed_texts.values():
        texts += [raw, mapped]
    return texts


@pytest.fixture(scope="module")
def topics():
    with open(TOPICS_YML, encoding="utf-8") as f:
        data = yaml.safe_load(f)
    assert isinstance(data, dict) and data, "topics.yml must be a non-empty mapping"
    return set(data)


@pytest.fixture(scope="module")
def citation_ids():
    files = sorted(STATUTES_DIR.glob("*.yml"))
    assert files, f"no statute files in {STATUTES_DIR}: citations cannot be resolved"
    ids = set()
    for p in files:
        with open(p, encoding="utf-8") as f:
            data = yaml.safe_load(f)
        if not isinstance(data, dict) or not isinstance(data.get("articles"), list):
            continue  # malformed statute files are reported by test_statute_data.py
        for art in data["articles"]:
            if isinstance(art, dict) and art.get("article") is not None:
                ids.add(f"{data.get('law')}:{art['article']}")
    return ids


case_param = pytest.mark.parametrize("path", CASE_FILES, ids=[p.stem for p in CASE_FILES])


# --- tests --------------------------------------------------------------------------------
def test_case_folder_has_cases():
    assert CASES_DIR.is_dir(), f"missing {CASES_DIR}"
    assert CASE_FILES, f"no case files in {CASES_DIR}"
    stray = sorted(p.name for p in CASES_DIR.iterdir() if p.is_file() and p.suffix != ".yml")
    assert not stray, f"files in {CASES_DIR} not named *.yml (they would be ignored): {stray}"


@case_param
def test_id_matches_file_name(path):
    case = case_or_fail(path)
    assert case.get("id") == path.stem, f"id {case.get('id')!r} != file name {path.stem!r}"
    assert ID_RE.match(path.stem), f"case id {path.stem!r} must match [a-z0-9_]+"


@case_param
def test_keys_and_types(path):
    case = case_or_fail(path)
    errors = []
    missing = SCHEMA_KEYS - set(case)
    if missing:
        errors.append(f"missing keys: {sorted(missing)}")
    unknown = set(case) - SCHEMA_KEYS
    if unknown:
        errors.append(f"keys not in the schema: {sorted(unknown)}")

    for key in ("title", "procedure", "facts", "holding"):
        if key in case and not nonempty_str(case[key]):
            errors.append(f"{key} must be a non-empty string")
    for key in ("court", "case_number", "date_note", "articles_note"):
        if key in case and not str_or_none(case[key]):
            errors.append(f"{key} must be a non-empty string or null")
    if "date" in case and not (case["date"] is None or isinstance(case["date"], str)):
        errors.append(f"date must be a quoted string or null, got {type(case['date']).__name__}")
    if "kind" in case and case["kind"] not in KINDS:
        errors.append(f"kind {case['kind']!r} not in {sorted(KINDS)}")
    if "reliability" in case and case["reliability"] not in RELIABILITY:
        errors.append(f"reliability {case['reliability']!r} not in {sorted(RELIABILITY)}")
    if "platform" in case and case["platform"] not in PLATFORMS:
        errors.append(f"platform {case['platform']!r} not in the platform vocabulary")
    if "account_kind" in case and case["account_kind"] not in ACCOUNT_KINDS | {None}:
        errors.append(f"account_kind {case['account_kind']!r} must be personal, business or null")

    parties = case.get("parties")
    if "parties" in case and not (
        isinstance(parties, list) and parties and all(nonempty_str(p) for p in parties)
    ):
        errors.append("parties must be a non-empty list of strings")
    tops = case.get("topics")
    if "topics" in case and not (isinstance(tops, list) and tops and all(isinstance(t, str) for t in tops)):
        errors.append("topics must be a non-empty list of ids")
    if "profile" in case and not (case["profile"] is None or isinstance(case["profile"], dict)):
        errors.append("profile must be a mapping")

    arts = case.get("articles")
    if "articles" in case:
        if not isinstance(arts, list) or not all(isinstance(a, str) for a in arts):
            errors.append("articles must be a list of citation ids")
        else:
            bad = [a for a in arts if not CITATION_RE.match(a)]
            if bad:
                errors.append(f"malformed citation ids (want law:article): {bad}")
            if len(arts) != len(set(arts)):
                errors.append("duplicate citation ids in articles")

    outcome = case.get("outcome")
    if "outcome" in case:
        if not isinstance(outcome, dict):
            errors.append("outcome must be a mapping")
        else:
            if set(outcome) != OUTCOME_KEYS:
                errors.append(f"outcome keys must be exactly {sorted(OUTCOME_KEYS)}, got {sorted(outcome)}")
            if outcome.get("contract") not in CONTRACT_OUTCOMES:
                errors.append(f"outcome.contract {outcome.get('contract')!r} not in {sorted(CONTRACT_OUTCOMES)}")
            for key in ("criminal", "administrative"):
                if not str_or_none(outcome.get(key)):
                    errors.append(f"outcome.{key} must be a string or null")
            if not nonempty_str(outcome.get("summary")):
                errors.append("outcome.summary must be a non-empty string")

    sources = case.get("sources")
    if "sources" in case:
        if not (isinstance(sources, list) and sources):
            errors.append("sources must be a non-empty list")
        else:
            for i, src in enumerate(sources):
                if not isinstance(src, dict) or set(src) != {"ref", "kind"}:
                    errors.append(f"sources[{i}] must have exactly the keys ref and kind")
                    continue
                if src["kind"] not in SOURCE_KINDS:
                    errors.append(f"sources[{i}].kind {src['kind']!r} not in {sorted(SOURCE_KINDS)}")
                if not nonempty_str(src["ref"]):
                    errors.append(f"sources[{i}].ref must be a non-empty string")
                elif src["kind"] == "url" and not URL_RE.match(src["ref"]):
                    errors.append(f"sources[{i}] url {src['ref']!r} is not an http(s) URL")
                elif src["kind"] == "research" and not re.match(
                        r"^legal/cases-research\.md#[A-G]\d+$", src["ref"]):
                    errors.append(f"sources[{i}] research ref {src['ref']!r} must be "
                                  "legal/cases-research.md#<section id>")
    assert not errors, f"{path.name}:\n" + "\n".join(errors)


@case_param
def test_date_format(path):
    case = case_or_fail(path)
    date = case.get("date")
    if date is None:
        return
    assert isinstance(date, str) and DATE_RE.match(date), (
        f"{path.name}: date {date!r} must be YYYY-MM-DD, YYYY-MM or YYYY (quoted)"
    )
    parts = [int(x) for x in date.split("-")] + [1, 1]
    try:
        datetime.date(*parts[:3])
    except ValueError:
        pytest.fail(f"{path.name}: date {date!r} is not a real calendar date")
    assert nonempty_str(case.get("date_note")), f"{path.name}: a date needs a date_note saying what it is"


@case_param
def test_topics_known(path, topics):
    case = case_or_fail(path)
    unknown = [t for t in case.get("topics") or [] if t not in topics]
    assert not unknown, f"{path.name}: topics not in topics.yml: {unknown}"


@case_param
def test_profile_vocabulary(path):
    profile = case_or_fail(path).get("profile") or {}
    assert isinstance(profile, dict), f"{path.name}: profile must be a mapping"
    errors = []
    for key, value in profile.items():
        if key not in PROFILE_KEYS:
            errors.append(f"unknown fact key {key!r}")
        elif key in PROFILE_ENUMS:
            if value not in PROFILE_ENUMS[key]:
                errors.append(f"{key}: {value!r} not in {sorted(PROFILE_ENUMS[key])}")
        elif key in PROFILE_BOOLS:
            if not isinstance(value, bool):
                errors.append(f"{key}: {value!r} must be true or false")
        elif key in PROFILE_INTS:
            if not (is_int(value) and value >= 0):
                errors.append(f"{key}: {value!r} must be a non-negative integer")
        elif key in PROFILE_NUMBERS:
            if not (is_number(value) and value >= 0):
                errors.append(f"{key}: {value!r} must be a non-negative number (RMB)")
        elif key == "pi_kinds":
            if not (isinstance(value, list) and value):
                errors.append("pi_kinds must be a non-empty list")
            else:
                bad = [k for k in value if k not in PI_KINDS]
                if bad:
                    errors.append(f"pi_kinds not in the vocabulary: {bad}")
                if len(value) != len(set(value)):
                    errors.append("duplicate pi_kinds")
    assert not errors, f"{path.name}:\n" + "\n".join(errors)


@case_param
def test_articles_resolve(path, citation_ids):
    arts = case_or_fail(path).get("articles") or []
    unresolved = [a for a in arts if a not in citation_ids]
    assert not unresolved, (
        f"{path.name}: citation ids with no article in knowledge/statutes/*.yml: {unresolved}"
    )


@case_param
def test_seed_sources_exist(path, shared_dir):
    sources = case_or_fail(path).get("sources") or []
    errors = []
    for src in sources:
        if not isinstance(src, dict) or src.get("kind") != "seed":
            continue
        ref = src.get("ref")
        target = (shared_dir / str(ref)).resolve()
        if shared_dir not in target.parents:
            errors.append(f"seed ref {ref!r} points outside the shared folder")
        elif not target.is_file():
            errors.append(f"seed ref {ref!r} does not exist under {shared_dir}")
    assert not errors, f"{path.name}:\n" + "\n".join(errors)


@case_param
def test_case_number_printed_in_sources(path, number_corpus):
    number = case_or_fail(path).get("case_number")
    if number is None:
        return
    assert any(number in text for text in number_corpus), (
        f"{path.name}: case_number {number!r} does not occur verbatim in any seed "
        f"(raw or with the FRAMEWORK.md §4 mapping applied) or in cases-research.md"
    )


def test_case_numbers_unique():
    seen = {}
    for path in CASE_FILES:
        try:
            case = load_case(path)
        except yaml.YAMLError:
            continue  # reported per file
        number = case.get("case_number") if isinstance(case, dict) else None
        if number is not None:
            seen.setdefault(number, []).append(path.stem)
    dupes = {n: ids for n, ids in seen.items() if len(ids) > 1}
    assert not dupes, f"case numbers shared by several cases: {dupes}"


@case_param
def test_facts_and_holding_not_copied(path, seed_texts):
    case = case_or_fail(path)
    refs = [
        s.get("ref") for s in case.get("sources") or []
        if isinstance(s, dict) and s.get("kind") == "seed"
    ]
    texts = []
    for ref in refs:
        if ref in seed_texts:  # a missing seed is reported by test_seed_sources_exist
            texts += [fold(t) for t in seed_texts[ref]]
    errors = []
    for field in ("facts", "holding"):
        body = case.get(field)
        if not nonempty_str(body):
            errors.append(f"{field} is empty")
            continue
        body = fold(body)
        for i in range(len(body) - COPY_RUN + 1):
            run = body[i:i + COPY_RUN]
            if any(run in t for t in texts):
                errors.append(f"{field} copies its seed source verbatim: {run!r}")
                break
    assert not errors, f"{path.name}:\n" + "\n".join(errors)
