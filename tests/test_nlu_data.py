"""Integrity checks for the Rasa NLU training data in nlu_data/.

Checks the contract in the NLU conventions (intent names, entity types, canonical values),
the annotation markup, duplicates, synonyms, and that every entity span lines up with the
tokens jieba produces after loading nlu_data/jieba_userdict.txt (Rasa's JiebaTokenizer
cannot learn or evaluate a span that starts or ends inside a token).

Runs with the system python3 or the project venv; needs pyyaml, jieba and pytest.
"""
from __future__ import annotations

import json
import logging
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]
NLU_DIR = ROOT / "nlu_data"
USERDICT = NLU_DIR / "jieba" / "jieba_userdict.txt"
HOLDOUT = ROOT / "tests" / "nlu_holdout.yml"
OWN_DIR = NLU_DIR / "nlu"  # the training examples for the intents of the conventions
CONFIG = ROOT / "config.yml"

# --- the contract (NLU conventions) --------------------------------------------------
MIN_EXAMPLES = {
    "describe_account_sale": 40,
    "inform": 40,
    "ask_article": 40,
    "ask_case": 40,
    "ask_consequence_void": 40,
    "ask_criminal_risk": 40,
    "ask_personal_info": 40,
    "ask_platform_terms": 40,
    "ask_legal_route": 40,
    "ask_lawyer": 40,
    "greet": 15,
    "goodbye": 15,
    "thank": 15,
    "affirm": 15,
    "deny": 15,
    "dont_know": 15,
    "bot_challenge": 15,
    "help": 15,
    "restart": 15,
    "privacy_request": 15,
    "out_of_scope": 15,
    "why_ask": 15,
    "show_facts": 15,
    "request_report": 15,
    "stop": 15,
    "feedback": 15,
}

CANONICAL = {
    "platform": {
        "wechat", "wecom", "wechat_official", "qq", "douyin", "kuaishou", "weibo",
        "xiaohongshu", "bilibili", "taobao_shop", "game", "other",
    },
    "account_kind": {"personal", "business"},
    "role": {"seller", "buyer", "intermediary", "other"},
    "pi_kind": {
        "whereabouts", "communication_content", "credit", "property", "accommodation",
        "communication_records", "health", "transaction", "identity", "contact", "other",
    },
    "buyer_purpose": {"same_business", "marketing", "resale", "suspicious", "unknown"},
    "status": {"planned", "signed", "performed", "dispute"},
    "law": {
        "civil_code", "criminal_law", "pipl", "anti_fraud", "pi_interp_2017",
        "help_interp_2019", "contract_interp_2023", "cybersecurity_law",
        "data_security_law", "anti_unfair_competition", "ecommerce_law", "consumer_law",
    },
}
# Entities whose value is normalised by code, not by synonyms.
NUMERIC_ENTITIES = {"account_count", "pi_count", "money", "article"}
ENTITY_TYPES = set(CANONICAL) | NUMERIC_ENTITIES
MONEY_ROLES = {"price", "paid", "unpaid"}

MIN_ENTITY_OCCURRENCES = 30
MIN_MONEY_ROLE_OCCURRENCES = 10

NUMERAL_RE = re.compile(r"[0-9０-９一二两三四五六七八九十百千万几]")

# Rasa 3.x entity markup: [text](entity), [text](entity:value), [text]{json}, [text][{json}, ...]
ENTITY_RE = re.compile(
    r"\[(?P<entity_text>[^\]]+?)\]"
    r"(\((?P<entity>[^:)]+?)(?:\:(?P<value>[^)]+))?\)"
    r"|\{(?P<entity_dict>[^}]+?)\}"
    r"|\[(?P<list_entity_dicts>.*?)\])"
)


@dataclass
class Entity:
    start: int
    end: int
    text: str
    entity: str
    role: str | None = None
    value: str | None = None
    extra_keys: tuple = ()


@dataclass
class Example:
    intent: str
    raw: str
    text: str
    source: str
    entities: list = field(default_factory=list)


def parse_markup(raw: str, source: str = "") -> tuple[str, list]:
    """Strip Rasa entity markup; return the plain text and the entity spans."""
    text_parts, entities = [], []
    pos, plain_len = 0, 0
    for match in ENTITY_RE.finditer(raw):
        before = raw[pos:match.start()]
        text_parts.append(before)
        plain_len += len(before)
        ent_text = match.group("entity_text")
        if match.group("entity"):
            ent = Entity(plain_len, plain_len + len(ent_text), ent_text,
                         match.group("entity").strip(), value=match.group("value"))
        elif match.group("entity_dict"):
            try:
                data = json.loads("{" + match.group("entity_dict") + "}")
            except json.JSONDecodeError as exc:
                raise AssertionError(f"{source}: bad entity json in {raw!r}: {exc}") from exc
            ent = Entity(plain_len, plain_len + len(ent_text), ent_text,
                         data.get("entity"), role=data.get("role"), value=data.get("value"),
                         extra_keys=tuple(sorted(set(data) - {"entity", "role"})))
        else:
            raise AssertionError(f"{source}: list-of-entities markup not used here: {raw!r}")
        entities.append(ent)
        text_parts.append(ent_text)
        plain_len += len(ent_text)
        pos = match.end()
    text_parts.append(raw[pos:])
    return "".join(text_parts), entities


def iter_yaml_files():
    """Every YAML file Rasa reads with `--data nlu_data` (rules and stories live there too)."""
    return sorted(p for p in NLU_DIR.rglob("*") if p.suffix in (".yml", ".yaml"))


def load_yaml(path: Path):
    with path.open(encoding="utf-8") as fh:
        return yaml.safe_load(fh)


def nlu_files():
    """The YAML files in nlu_data/ that hold NLU data (a top-level `nlu:` key)."""
    out = []
    for path in iter_yaml_files():
        try:
            data = load_yaml(path)
        except yaml.YAMLError:
            continue  # reported by test_every_yaml_file_parses
        if isinstance(data, dict) and "nlu" in data:
            out.append(path)
    return out


def split_examples(block: str) -> list:
    lines = []
    for line in block.splitlines():
        stripped = line.strip()
        if not stripped:
            continue
        assert stripped.startswith("- "), f"example line without '- ': {line!r}"
        lines.append(stripped[2:].strip())
    return lines


def load_examples(path: Path) -> list:
    data = load_yaml(path) or {}
    out = []
    for item in data.get("nlu", []) or []:
        if "intent" not in item:
            continue
        for raw in split_examples(item.get("examples", "")):
            source = path.relative_to(NLU_DIR).as_posix()
            text, ents = parse_markup(raw, f"{source}/{item['intent']}")
            out.append(Example(item["intent"], raw, text, source, ents))
    return out


def normalise(text: str) -> str:
    return re.sub(r"\s+", "", text).lower()


@pytest.fixture(scope="module")
def examples():
    out = []
    for path in nlu_files():
        out.extend(load_examples(path))
    assert out, "no NLU examples found"
    return out


@pytest.fixture(scope="module")
def synonyms():
    """surface form (lower-cased, as Rasa's EntitySynonymMapper looks it up) -> value."""
    mapping, where = {}, {}
    clashes = []
    for path in nlu_files():
        data = load_yaml(path) or {}
        for item in data.get("nlu", []) or []:
            if "synonym" not in item:
                continue
            value = str(item["synonym"])
            for form in split_examples(item.get("examples", "")):
                key = form.lower()
                if key in mapping and mapping[key] != value:
                    clashes.append(f"{form!r}: {mapping[key]} ({where[key]}) vs {value} ({path.name})")
                mapping[key] = value
                where[key] = path.name
    assert not clashes, "surface forms mapped to two values:\n" + "\n".join(clashes)
    assert mapping, "no synonyms found"
    return mapping


@pytest.fixture(scope="module")
def tokenizer():
    import jieba

    jieba.setLogLevel(logging.WARNING)
    tok = jieba.Tokenizer()
    tok.load_userdict(str(USERDICT))
    return tok


# --- files -----------------------------------------------------------------------------

def test_every_yaml_file_parses():
    # `rasa train --data nlu_data` reads every YAML file below nlu_data/.
    errors = []
    for path in iter_yaml_files():
        try:
            load_yaml(path)
        except yaml.YAMLError as exc:
            errors.append(f"{path.relative_to(ROOT)}: {exc}")
    assert not errors, "YAML that Rasa cannot read:\n" + "\n".join(errors)


def test_nlu_files_are_rasa_3_1():
    files = nlu_files()
    assert OWN_DIR in {p.parent for p in files}, "no NLU files in nlu_data/nlu/"
    for path in files:
        data = load_yaml(path)
        assert str(data.get("version")) == "3.1", f"{path}: version must be \"3.1\""
        assert set(data) <= {"version", "nlu"}, f"{path}: unexpected keys {set(data)}"
        for item in data.get("nlu", []) or []:
            kinds = {"intent", "synonym", "lookup", "regex"} & set(item)
            assert len(kinds) == 1, f"{path}: item must have one of intent/synonym/lookup/regex: {item}"
            assert isinstance(item.get("examples"), str), f"{path}: examples must be a block string"


def test_userdict_format():
    lines = USERDICT.read_text(encoding="utf-8").splitlines()
    assert lines, "empty user dictionary"
    assert not lines[0].startswith("\ufeff"), "user dictionary must not start with a BOM"
    words = Counter()
    for n, line in enumerate(lines, 1):
        if not line.strip():
            continue
        parts = line.split(" ")
        assert 1 <= len(parts) <= 3 and all(parts), f"line {n}: {line!r} is not 'word [freq] [tag]'"
        if len(parts) >= 2:
            assert parts[1].isdigit(), f"line {n}: frequency must be an integer: {line!r}"
        if len(parts) == 3:
            assert re.fullmatch(r"[a-z]+", parts[2]), f"line {n}: tag must be lower-case letters"
        words[parts[0]] += 1
    dup = [w for w, c in words.items() if c > 1]
    assert not dup, f"words listed twice in the user dictionary: {dup[:20]}"


def test_jieba_dictionary_dir_holds_only_dictionaries():
    # Rasa's JiebaTokenizer loads *every* file in dictionary_path (glob "<path>/*").
    files = sorted(p.name for p in USERDICT.parent.iterdir())
    assert files == [USERDICT.name], f"unexpected files in {USERDICT.parent}: {files}"


def test_config_points_at_the_dictionary_dir():
    if not CONFIG.exists():
        pytest.skip("config.yml not present")
    config = load_yaml(CONFIG) or {}
    jieba_steps = [c for c in config.get("pipeline", []) or [] if c.get("name") == "JiebaTokenizer"]
    assert jieba_steps, "config.yml has no JiebaTokenizer"
    path = jieba_steps[0].get("dictionary_path")
    assert path and (ROOT / path).resolve() == USERDICT.parent.resolve(), (
        f"JiebaTokenizer dictionary_path {path!r} must be {USERDICT.parent.relative_to(ROOT)}")


def test_userdict_fixes_known_bad_cuts(tokenizer):
    # Default jieba cuts these badly (e.g. '9','个微','信号' and '50','万卖').
    cases = {
        "9个微信号": ["9", "个", "微信号"],
        "50万卖": ["50万", "卖"],
        "两个抖音号": ["两", "个", "抖音号"],
        "小红薯": ["小红薯"],
        "我是做医美的": ["我", "是", "做", "医美", "的"],
        "付了1.5w": ["付", "了", "1.5w"],                      # not 1.5|w
        "替老板问的": ["替老板问", "的"],                        # 老板 alone is no role
        "不知道买家干嘛用": ["不知道买家干嘛用"],
    }
    for text, expected in cases.items():
        assert [t[0] for t in tokenizer.tokenize(text)] == expected, text


# --- intents -----------------------------------------------------------------------------

def test_every_intent_has_minimum_examples(examples):
    counts = Counter(e.intent for e in examples)
    short = {i: counts.get(i, 0) for i, n in MIN_EXAMPLES.items() if counts.get(i, 0) < n}
    assert not short, f"intents below their minimum: {short}"


def test_no_unknown_intents_in_the_convention_files(examples):
    # Other files in nlu_data/ may add intents of their own (e.g. the review step);
    # nlu_data/nlu/ holds exactly the intents of the conventions.
    own = OWN_DIR.relative_to(NLU_DIR).as_posix() + "/"
    unknown = {e.intent for e in examples if e.source.startswith(own)} - set(MIN_EXAMPLES)
    assert not unknown, f"intents not in the conventions: {unknown}"


def test_no_duplicate_examples(examples):
    seen = {}
    dups = []
    for ex in examples:
        key = normalise(ex.text)
        if key in seen:
            dups.append(f"{ex.text!r}: {seen[key]} and {ex.intent} ({ex.source})")
        else:
            seen[key] = ex.intent
    assert not dups, "duplicate examples:\n" + "\n".join(dups)


def test_no_leftover_markup(examples):
    bad = [ex.raw for ex in examples if re.search(r"\]\(|\]\{", ex.text)]
    assert not bad, f"markup left in the plain text (broken annotation?): {bad}"
    empty = [ex.raw for ex in examples if not ex.text.strip()]
    assert not empty, "empty examples"


# --- entities ----------------------------------------------------------------------------

def test_entity_types_and_roles(examples):
    problems = []
    for ex in examples:
        for ent in ex.entities:
            if ent.entity not in ENTITY_TYPES:
                problems.append(f"unknown entity {ent.entity!r} in {ex.raw!r}")
            if ent.value is not None or ent.extra_keys:
                problems.append(f"inline value/extra keys (use synonyms.yml) in {ex.raw!r}")
            if ent.role is not None and ent.entity != "money":
                problems.append(f"role on non-money entity in {ex.raw!r}")
            if ent.entity == "money" and ent.role is not None and ent.role not in MONEY_ROLES:
                problems.append(f"bad money role {ent.role!r} in {ex.raw!r}")
            if ent.text != ent.text.strip():
                problems.append(f"entity span with surrounding whitespace in {ex.raw!r}")
    assert not problems, "\n".join(problems)


def test_numeric_entities_contain_a_number(examples):
    bad = [ex.raw for ex in examples for ent in ex.entities
           if ent.entity in NUMERIC_ENTITIES and not NUMERAL_RE.search(ent.text)]
    assert not bad, f"numeric entities without a number: {bad}"


def test_entities_are_not_overlapping(examples):
    bad = []
    for ex in examples:
        spans = sorted((e.start, e.end) for e in ex.entities)
        for (s1, e1), (s2, e2) in zip(spans, spans[1:]):
            if s2 < e1:
                bad.append(ex.raw)
    assert not bad, f"overlapping entities: {bad}"


def test_entity_occurrence_counts(examples):
    per_type = Counter(e.entity for ex in examples for e in ex.entities)
    per_role = Counter(e.role for ex in examples for e in ex.entities if e.entity == "money")
    low = {t: per_type.get(t, 0) for t in ENTITY_TYPES if per_type.get(t, 0) < MIN_ENTITY_OCCURRENCES}
    assert not low, f"entity types with too few examples: {low}"
    low_roles = {r: per_role.get(r, 0) for r in MONEY_ROLES if per_role.get(r, 0) < MIN_MONEY_ROLE_OCCURRENCES}
    assert not low_roles, f"money roles with too few examples: {low_roles}"


def test_synonym_values_are_canonical(synonyms):
    all_values = set().union(*CANONICAL.values())
    bad = {form: value for form, value in synonyms.items() if value not in all_values}
    assert not bad, f"synonyms mapping to a value that is not canonical: {bad}"
    # a surface form must not itself be some other canonical value
    shadow = {form: value for form, value in synonyms.items() if form in all_values and form != value}
    assert not shadow, f"synonym surface form shadows a canonical value: {shadow}"


def test_annotated_surface_forms_resolve(examples, synonyms):
    unresolved = defaultdict(set)
    for ex in examples:
        for ent in ex.entities:
            if ent.entity not in CANONICAL:
                continue
            form = ent.text.lower()
            value = form if form in CANONICAL[ent.entity] else synonyms.get(form)
            if value not in CANONICAL[ent.entity]:
                unresolved[ent.entity].add(f"{ent.text} -> {value}")
    assert not unresolved, f"annotated forms that do not resolve to a canonical value: {dict(unresolved)}"


def test_every_canonical_value_is_reachable(synonyms):
    # every canonical value except the catch-alls has at least one surface form
    reachable = set(synonyms.values())
    missing = {(t, v) for t, vals in CANONICAL.items() for v in vals
               if v not in reachable and v != "other"}
    assert not missing, f"canonical values without any synonym: {sorted(missing)}"


def misaligned(examples, tokenizer):
    bad = []
    for ex in examples:
        if not ex.entities:
            continue
        tokens = list(tokenizer.tokenize(ex.text))
        starts = {s for _, s, _ in tokens}
        ends = {e for _, _, e in tokens}
        for ent in ex.entities:
            if ent.start not in starts or ent.end not in ends:
                cut = "|".join(w for w, _, _ in tokens)
                bad.append(f"[{ent.text}]({ent.entity}) in {ex.text!r} -> {cut}")
    return bad


def test_entity_spans_align_with_jieba_tokens(examples, tokenizer):
    bad = misaligned(examples, tokenizer)
    assert not bad, f"{len(bad)} entity spans not on token boundaries:\n" + "\n".join(bad)


# --- the held-out set must stay unseen ----------------------------------------------------

@pytest.fixture(scope="module")
def holdout():
    if not HOLDOUT.exists():
        pytest.skip("tests/nlu_holdout.yml not present")
    data = load_yaml(HOLDOUT) or {}
    out = []
    for item in data.get("nlu", []) or []:
        if "intent" not in item:
            continue
        for raw in split_examples(item.get("examples", "")):
            text, ents = parse_markup(raw, f"holdout/{item['intent']}")
            out.append(Example(item["intent"], raw, text, "holdout", ents))
    assert out, "held-out file has no examples"
    return out


def test_holdout_shares_no_example_with_training(examples, holdout):
    held = {normalise(ex.text) for ex in holdout}
    leaked = sorted({ex.text for ex in examples if normalise(ex.text) in held})
    assert not leaked, f"training examples that also appear in the held-out set: {leaked}"


def test_holdout_entity_spans_align_with_jieba_tokens(holdout, tokenizer):
    bad = misaligned(holdout, tokenizer)
    assert not bad, f"{len(bad)} held-out entity spans not on token boundaries:\n" + "\n".join(bad)


# --- the numbers the actions will parse -------------------------------------------------

def _import_or_skip(module: str):
    import importlib
    import sys

    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    try:
        return importlib.import_module(module)
    except ImportError as exc:
        pytest.skip(f"{module} not importable: {exc}")


def test_numeric_entities_parse_with_actions_numbers(examples):
    numbers = _import_or_skip("actions.numbers")
    bad = []
    for ex in examples:
        for ent in ex.entities:
            if ent.entity == "money":
                parsed = numbers.parse_money(ent.text)
            elif ent.entity in ("account_count", "pi_count"):
                parsed = numbers.parse_quantity(ent.text)
            else:
                continue
            if parsed is None or parsed.value <= 0:
                bad.append(f"[{ent.text}]({ent.entity}) in {ex.text!r}")
    assert not bad, "numbers the actions cannot read:\n" + "\n".join(bad)


def test_article_entities_parse_with_kb_refs(examples):
    refs = _import_or_skip("actions.kb.refs")
    bad = [f"[{ent.text}] in {ex.text!r}" for ex in examples for ent in ex.entities
           if ent.entity == "article" and refs.parse_article_ref(ent.text, {}) is None]
    assert not bad, "article numbers the knowledge base cannot read:\n" + "\n".join(bad)


# --- Rasa's own reader agrees with the parser above ---------------------------------------

def test_rasa_reads_the_same_examples_and_synonyms(examples, synonyms):
    loading = _import_or_skip("rasa.shared.nlu.training_data.loading")
    mine = Counter(
        (ex.text.strip(), ex.intent,
         tuple(sorted((e.start, e.end, e.entity, e.role) for e in ex.entities)))
        for ex in examples)
    theirs = Counter()
    rasa_synonyms = {}
    for path in nlu_files():
        data = loading.load_data(str(path))
        for msg in data.intent_examples:
            ents = tuple(sorted((e["start"], e["end"], e["entity"], e.get("role"))
                                for e in msg.get("entities") or []))
            theirs[(msg.get("text").strip(), msg.get("intent"), ents)] += 1
        rasa_synonyms.update({k.lower(): v for k, v in data.entity_synonyms.items()})
    assert mine == theirs, (f"parser and Rasa disagree: only here {list((mine - theirs))[:5]}, "
                            f"only in Rasa {list((theirs - mine))[:5]}")
    assert rasa_synonyms == synonyms


def test_no_near_duplicates(examples):
    # "swap one character" look-alikes add nothing; texts of 6+ characters only
    from difflib import SequenceMatcher

    texts = sorted({normalise(ex.text) for ex in examples if len(normalise(ex.text)) >= 6})
    close = []
    for i, a in enumerate(texts):
        for b in texts[i + 1:]:
            if abs(len(a) - len(b)) > 0.3 * max(len(a), len(b)):
                continue
            matcher = SequenceMatcher(None, a, b)
            if matcher.real_quick_ratio() >= 0.85 and matcher.quick_ratio() >= 0.85 and matcher.ratio() >= 0.85:
                close.append(f"{a} ~ {b}")
    assert not close, "near-duplicate examples:\n" + "\n".join(close)
