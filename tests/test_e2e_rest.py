"""End to end: the actions server and a Rasa server on the trained model, a whole
conversation over the REST channel, checking the substance of the answers."""
import uuid

import pytest

from actions.kb import query
from tests.stack import MODEL, buttons_of, running_stack, text_of

# How a Jiangyin-like user answers each question (typed text where the NLU should cope,
# button payloads elsewhere, as a user tapping would).
JIANGYIN_ANSWERS = {
    "role": "我是卖家",
    "platform": "微信",
    "account_count": "9个",
    "status": "已经签了协议，他付了30万，剩下20万一直不给",
    "third_party_pi": "/affirm",
    "pi_kinds": "有客户的身份证号、生日、住址，还有病历",
    "pi_count": "每个号两三千个好友",
    "obtained_in_service": "/affirm",
    "consent": "/deny",
    "deidentified": "/deny",
    "real_name": "/affirm",
    "buyer_known": "/affirm",
    "buyer_purpose": "他也是做医美的，接着用这些号做生意",
    "price": "总价50万",
    "paid": "付了30万",
    "announce_change": "/deny",
    "official_route": "/deny",
    "prior_penalty": "/deny",
}


@pytest.fixture(scope="module")
def stack(tmp_path_factory):
    assert MODEL.exists(), "no trained model: run `make train` (make test does)"
    with running_stack(tmp_path_factory.mktemp("logs")) as running:
        yield running


def sender():
    return f"e2e-{uuid.uuid4().hex[:12]}"


def requested_slot(stack, user):
    return stack.tracker(user)["slots"].get("requested_slot")


def finish_interview(stack, user, answers, max_turns=25):
    """Answer whatever is asked until the review appears; returns the review messages."""
    for _ in range(max_turns):
        slot = requested_slot(stack, user)
        if slot is None:
            break
        reply = stack.say(user, answers.get(slot, "/dont_know"))
        if any(b["payload"] == "/confirm_facts" for b in buttons_of(reply)):
            return reply
    raise AssertionError(f"interview did not finish; last requested slot {requested_slot(stack, user)}")


def test_rich_opener_prefills_facts(stack):
    user = sender()
    reply = stack.say(user, "我有9个微信号想卖给做医美的老板，每个两三千好友，里面有客户病历")
    slots = stack.tracker(user)["slots"]
    assert slots["account_count"] == 9 and slots["platform"] == "wechat"
    assert slots["role"] == "seller" and slots["buyer_purpose"] == "same_business"
    assert slots["pi_count"] == 22500 and "health" in slots["pi_kinds"]
    assert "2,500" in text_of(reply) or "2500" in text_of(reply)  # the estimate is said
    assert slots["requested_slot"] not in ("account_count", "platform", "role")


def test_whole_assessment_conversation(stack):
    user = sender()
    first = stack.say(user, "我是做医美顾问的，想问问卖微信号合法吗")
    assert text_of(first)
    review = finish_interview(stack, user, JIANGYIN_ANSWERS)
    assert "微信" in text_of(review)
    answer = stack.say(user, "/confirm_facts")
    text = text_of(answer)
    assert "高风险" in text and "合同无效" in text
    assert "民法典第153条" in text and "刑法第253条之一" in text
    assert "(2020)苏0281民初7297号" in text
    assert "法律意见" in text
    titles = {b["title"] for b in buttons_of(answer)}
    assert {"查看法条原文", "相似案例", "我该怎么办", "联系律师"} <= titles

    follow = text_of(stack.say(user, "那30万能要回来吗"))
    assert "30万元" in follow and "返还" in follow
    case = text_of(stack.say(user, "江阴那个案子"))
    assert "(2020)苏0281民初7297号" in case
    article = text_of(stack.say(user, "第1038条原文"))
    assert query.get_article("civil_code:1038").text.splitlines()[0] in article


def test_digressions_resume_the_interview(stack):
    user = sender()
    stack.say(user, "想把抖音号卖了")
    before = requested_slot(stack, user)
    assert before is not None
    article = text_of(stack.say(user, "民法典第153条说的啥"))
    assert "违反法律、行政法规的强制性规定" in article
    assert requested_slot(stack, user) == before
    bot = text_of(stack.say(user, "你是机器人吗"))
    assert "律师" in bot and requested_slot(stack, user) == before
    why = text_of(stack.say(user, "为什么问这个"))
    assert why and requested_slot(stack, user) == before


def test_correction_and_restart(stack):
    user = sender()
    stack.say(user, "我想卖3个微信号")
    stack.say(user, "不对，是抖音号")
    assert stack.tracker(user)["slots"]["platform"] == "douyin"
    stack.say(user, "重新开始")
    slots = stack.tracker(user)["slots"]
    assert slots["platform"] is None and slots["account_count"] is None


def test_out_of_scope_and_bad_input_get_polite_answers(stack):
    user = sender()
    assert "范围" in text_of(stack.say(user, "帮我写个离婚协议"))
    for message in ["😀😀😀😀", "<script>alert(1)</script>", "'; DROP TABLE events;--", "x" * 5000]:
        reply = stack.say(user, message)
        assert reply and all(item.get("text") for item in reply), message


def test_restart_mid_interview_loses_nothing(stack):
    user = sender()
    stack.say(user, "我想卖3个抖音号")
    before = stack.tracker(user)["slots"]
    assert before["requested_slot"] is not None
    stack.stop("rasa")
    stack.start_rasa()
    after = stack.tracker(user)["slots"]
    assert after["platform"] == "douyin" and after["account_count"] == 3
    assert after["requested_slot"] == before["requested_slot"]
    reply = stack.say(user, "/dont_know")
    assert text_of(reply)  # the interview goes on with the next question
    assert stack.tracker(user)["slots"][before["requested_slot"]] == "unknown"


PERSONAL_DATA = {
    "110105199003078765": "身份证号",
    "13812345678": "手机号",
    "6222021234567890123": "银行卡号",
    "zhang.san@example.com": "邮箱",
}


def test_personal_data_never_reaches_storage_or_logs(stack):
    user = sender()
    message = "我叫张三，身份证110105199003078765，手机13812345678，卡号6222021234567890123，" \
              "邮箱zhang.san@example.com，想卖2个微信号"
    stack.say(user, message)
    events = stack.tracker(user)["events"]
    texts = " ".join(event.get("text") or "" for event in events)
    assert "[身份证号已隐藏]" in texts  # the assistant still knows an ID number was given
    files = [stack.log_dir / name for name in ("rasa.log", "actions.log", "tracker.db")]
    files += list((stack.log_dir).glob("tracker.db*"))
    for path in files:
        if path.exists():
            data = path.read_bytes()
            for raw in PERSONAL_DATA:
                assert raw.encode() not in data, f"{raw} found in {path.name}"
