"""Knowledge-base queries: articles by any natural form, cases by number, party, platform,
topic or free text, similar cases with reasons, and hostile input."""
import hashlib
from pathlib import Path

import pytest

from actions.kb import query
from actions.kb.numerals import chinese_to_int, int_to_chinese

from tests.fixtures import JIANGYIN_FACTS


@pytest.mark.parametrize("reference, expected", [
    ("153", "civil_code:153"),
    ("153条", "civil_code:153"),
    ("第一百五十三条", "civil_code:153"),
    ("民法典第153条", "civil_code:153"),
    ("民法典 第 153 条", "civil_code:153"),
    ("253条之一", "criminal_law:253-1"),
    ("253-1", "criminal_law:253-1"),
    ("刑法第二百五十三条之一", "criminal_law:253-1"),
    ("第二百八十七条之二", "criminal_law:287-2"),
    ("个保法23条", "pipl:23"),
    ("个人信息保护法第二十三条", "pipl:23"),
    ("反诈法31条", "anti_fraud:31"),
    ("第1038条原文", "civil_code:1038"),
    ("民法典一千零三十八条", "civil_code:1038"),
    ("civil_code:157", "civil_code:157"),
    ("１５７条", "civil_code:157"),
])
def test_article_by_natural_form(kb_url, reference, expected):
    found = query.find_article(reference, url=kb_url)
    assert found is not None and found.id == expected
    assert found.text and found.heading.startswith("第")


def test_bare_number_lists_every_law_with_priority(kb_url):
    found = [article.id for article in query.find_articles("23", url=kb_url)]
    assert found[0] == "pipl:23" and len(found) >= 2


def test_named_law_without_that_article_finds_nothing(kb_url):
    assert query.find_articles("刑法第153条", url=kb_url) == []
    assert query.find_article("第9999条", url=kb_url) is None
    assert query.find_article("没有条文号", url=kb_url) is None


def test_article_view_carries_law_and_force(kb_url):
    article = query.get_article("cybersecurity_law:41", url=kb_url)
    assert article is not None and article.in_force is False
    assert query.get_article("civil_code:1038", url=kb_url).title == "《民法典》第一千零三十八条"


@pytest.mark.parametrize("number", [1, 10, 15, 20, 23, 100, 101, 110, 153, 253, 287, 1000, 1038, 1195])
def test_chinese_numerals_round_trip(number):
    assert chinese_to_int(int_to_chinese(number)) == number


def test_headings_match_article_numbers(kb):
    for article in kb.articles.values():
        main = int(article.article.split("-")[0])
        assert article.heading.startswith(f"第{int_to_chinese(main)}条"), article.id


def test_case_by_number_tolerates_spacing_and_brackets(kb_url):
    for number in ["(2020)苏0281民初7297号", "（2020）苏0281民初7297号", " (2020) 苏0281民初7297号 "]:
        found = query.find_case_by_number(number, url=kb_url)
        assert found is not None and found.id == "jiangyin_wechat_2020"
    assert query.find_case_by_number("(2099)京01民终1号", url=kb_url) is None


def test_case_search_by_party_platform_topic(kb_url):
    by_party = query.search_cases(party="程某", url=kb_url)
    assert "jiangyin_wechat_2020" in [m.case_id for m in by_party]
    by_platform = query.search_cases(platform="taobao_shop", limit=10, url=kb_url)
    assert by_platform and all(m.case.platform == "taobao_shop" for m in by_platform)
    assert query.search_cases(platform="淘宝店铺", limit=10, url=kb_url) == by_platform
    by_topic = query.search_cases(topic="theft", limit=10, url=kb_url)
    assert by_topic and all("theft" in m.case.topics for m in by_topic)
    assert [m.case_id for m in query.search_cases(topic="盗窃", limit=10, url=kb_url)] == \
        [m.case_id for m in by_topic]


@pytest.mark.parametrize("text, expected", [
    ("江阴那个案子", "jiangyin_wechat_2020"),
    ("医美顾问卖微信号给美容院老板", "jiangyin_wechat_2020"),
])
def test_free_text_search_ranks_the_obvious_case_first(kb_url, text, expected):
    results = query.search_cases(text, url=kb_url)
    assert results and results[0].case_id == expected
    assert results[0].reasons and results[0].score > 0


def test_free_text_search_combines_with_filters(kb_url):
    results = query.search_cases("找回 账号", topic="theft", limit=10, url=kb_url)
    assert results and all("theft" in m.case.topics for m in results)


def test_similar_cases_for_jiangyin_facts(kb_url):
    matches = query.similar_cases(JIANGYIN_FACTS, url=kb_url)
    assert matches[0].case_id == "jiangyin_wechat_2020"
    assert len(matches) == 3
    assert all(match.reasons for match in matches)
    assert "同为微信账号" in matches[0].reasons


def test_similar_cases_for_fraud_ring_seller(kb_url):
    facts = dict(role="intermediary", buyer_purpose="suspicious", account_count=100, buyer_known=False)
    matches = query.similar_cases(facts, url=kb_url)
    assert matches and all("fraud_help" in m.case.topics for m in matches)


def test_similar_cases_need_some_shared_facts(kb_url):
    assert query.similar_cases({}, url=kb_url) == []
    assert query.similar_cases({"unknown_key": 1}, url=kb_url) == []


HOSTILE = ["", "   ", "x" * 5000, "😀😀😀", "<>{}", "\x00\x01", None, 42, ["153"], {"a": 1}]


@pytest.mark.parametrize("value", HOSTILE)
def test_hostile_input_gives_clear_errors(kb_url, value):
    calls = [
        lambda: query.find_articles(value, url=kb_url),
        lambda: query.get_article(value, url=kb_url),
        lambda: query.get_case(value, url=kb_url),
        lambda: query.find_case_by_number(value, url=kb_url),
        lambda: query.search_cases(value, url=kb_url),
        lambda: query.search_cases(party=value, url=kb_url),
    ]
    for call in calls:
        with pytest.raises(query.QueryError) as error:
            call()
        assert str(error.value) and "\n" not in str(error.value)


def test_bad_limits_and_facts(kb_url):
    for limit in [0, -1, 51, 2.5, True, "3"]:
        with pytest.raises(query.QueryError):
            query.search_cases("江阴", limit=limit, url=kb_url)
    for facts in [None, [], "facts"]:
        with pytest.raises(query.QueryError):
            query.similar_cases(facts, url=kb_url)
    with pytest.raises(query.QueryError):
        query.search_cases(url=kb_url)


def test_sql_fragments_are_plain_text_and_change_nothing(kb_url):
    path = Path(kb_url[len("sqlite:///"):])
    before = hashlib.sha256(path.read_bytes()).hexdigest()
    for text in ["'; DROP TABLE articles;--", "1 OR 1=1", "\" UNION SELECT * FROM cases --"]:
        assert query.find_article(text, url=kb_url) is None or text.startswith("1")
        query.search_cases(text, url=kb_url)
        query.search_cases(party=text, url=kb_url)
        assert query.find_case_by_number(text, url=kb_url) is None
        assert query.get_case(text, url=kb_url) is None
    query.reload()
    assert query.get_article("civil_code:153", url=kb_url) is not None
    assert hashlib.sha256(path.read_bytes()).hexdigest() == before
