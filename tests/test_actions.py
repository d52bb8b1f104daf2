"""Every custom action, run against rasa_sdk trackers (no Rasa server needed)."""
import asyncio
from pathlib import Path

import pytest
import yaml
from rasa_sdk import Tracker
from rasa_sdk.executor import CollectingDispatcher

from actions import feedback, interview, rasa_answers, rasa_interview, services
from actions.kb import query
from tests.fixtures import JIANGYIN_SLOTS

REPO = Path(__file__).resolve().parents[1]
DOMAIN = yaml.safe_load((REPO / "domain.yml").read_text(encoding="utf-8"))



pytestmark = pytest.mark.usefixtures("kb_env")


def tracker(slots=None, intent="inform", text="", entities=None, requested=None, active_loop=None):
    values = {name: None for name in DOMAIN["slots"]}
    values.update(slots or {})
    values["requested_slot"] = requested
    return Tracker(
        sender_id="test", slots=values,
        latest_message={"intent": {"name": intent, "confidence": 0.99}, "entities": entities or [],
                        "text": text},
        events=[], paused=False, followup_action=None,
        active_loop={"name": active_loop} if active_loop else {}, latest_action_name="action_listen",
    )


def run(action, tracker_):
    dispatcher = CollectingDispatcher()
    events = asyncio.run(action.run(dispatcher, tracker_, DOMAIN))
    return dispatcher.messages, events


def slot_events(events):
    return {event["name"]: event["value"] for event in events if event["event"] == "slot"}


def extracted_slots(**message):
    """The slots action_extract_facts sets for one message (tracker() arguments)."""
    return slot_events(run(rasa_interview.ActionExtractFacts(), tracker(**message))[1])


def texts(messages):
    return "\n".join(message.get("text") or "" for message in messages)


# --- extraction ---------------------------------------------------------------------

def test_an_answer_to_another_question_is_acknowledged():
    slots = extracted_slots(
        slots={"role": "buyer", "platform": "douyin"}, text="卖家是谁我不知道，网上找的",
        requested="account_count")
    assert slots["buyer_known"] is False
    assert slots["pending_notes"][0].startswith("记下了（") and "否" in slots["pending_notes"][0]


def test_the_extractor_owns_money_roles_in_typed_text():
    # The classifier tagged 3万 as paid; the user gave a price per account of a planned sale.
    slots = extracted_slots(
        slots={"role": "seller", "account_count": 2, "status": "planned"}, text="一个号3万",
        requested="third_party_pi", entities=[{"entity": "money", "value": "3万", "role": "paid"}])
    assert slots["price"] == 60000 and "paid" not in slots


def test_nothing_is_paid_for_a_planned_sale():
    slots = extracted_slots(
        slots={"role": "seller", "status": "planned"}, text="对方给3万",
        requested="third_party_pi", entities=[{"entity": "money", "value": "3万", "role": "paid"}])
    assert "paid" not in slots


def test_a_no_about_the_deal_is_not_a_no_to_the_question():
    slots = extracted_slots(slots={"role": "seller", "status": "planned"}, intent="deny", text="没付钱",
                            requested="real_name")
    assert "real_name" not in slots
    slots = extracted_slots(slots={"role": "seller"}, intent="deny", text="没实名", requested="real_name")
    assert slots["real_name"] is False


def test_not_knowing_another_fact_is_no_answer_to_the_open_question():
    slots = extracted_slots(slots={"role": "buyer", "third_party_pi": True}, intent="dont_know",
                            text="不知道有没有实名", requested="pi_kinds")
    assert slots["real_name"] == "unknown" and "pi_kinds" not in slots
    assert slots["pending_notes"][0].startswith("记下了（实名认证：不清楚")
    slots = extracted_slots(slots={"role": "buyer", "third_party_pi": True}, intent="dont_know",
                            text="不知道", requested="pi_kinds")
    assert slots["pi_kinds"] == "unknown"


def test_facts_already_recorded_are_not_acknowledged_again():
    slots = extracted_slots(slots={"role": "buyer", "status": "dispute", "platform": "douyin"},
                            text="我是买家，原号主把号找回去了，还能找回吗", requested="deidentified")
    assert "pending_notes" not in slots


def test_a_direct_answer_needs_no_acknowledgement():
    slots = extracted_slots(
        slots={"role": "buyer", "platform": "douyin"}, text="就一个号", requested="account_count")
    assert slots["account_count"] == 1 and "pending_notes" not in slots


def test_own_id_for_real_name_is_not_third_party_information():
    known = {"pi_kinds": ["communication_content"], "third_party_pi": True}
    text = "都是我身份证实名的"
    slots = extracted_slots(
        slots=known, text=text, requested="real_name",
        entities=[{"entity": "pi_kind", "value": "identity", "start": 3, "end": 6}])
    assert slots.get("real_name") is True
    assert "pi_kinds" not in slots


def test_sellers_id_named_in_the_real_name_answer_is_not_third_party_information():
    slots = extracted_slots(
        slots={"role": "buyer"}, text="是实名的，卖家的身份证", requested="real_name",
        entities=[{"entity": "pi_kind", "value": "identity", "start": 8, "end": 11}])
    assert slots["real_name"] is True and "pi_kinds" not in slots


def test_customers_ids_in_a_real_name_sentence_are_third_party_information():
    text = "实名认证了，里面有客户的证件号"   # a word only the statistical NLU knows
    start = text.index("证件号")
    slots = extracted_slots(
        slots={"role": "seller"}, text=text, requested="real_name",
        entities=[{"entity": "pi_kind", "value": "identity", "start": start, "end": start + 3}])
    assert slots["real_name"] is True and "identity" in slots["pi_kinds"]


def test_a_typed_no_beats_a_hesitant_affirm():
    assert extracted_slots(
        intent="affirm", text="没说", requested="announce_change")["announce_change"] is False
    assert extracted_slots(
        intent="affirm", text="/affirm", requested="announce_change")["announce_change"] is True


def test_a_correction_is_not_a_no_to_the_open_question():
    slots = extracted_slots(
        intent="deny", slots={"account_count": 1}, text="不对，其实是两个号", requested="third_party_pi")
    assert slots["account_count"] == 2 and "third_party_pi" not in slots


def test_wanting_to_ask_is_not_a_planned_sale():
    text = "我是做医美顾问的，想问问卖微信号合法吗"
    assert "status" not in extracted_slots(
        intent="describe_account_sale", text=text,
        entities=[{"entity": "status", "value": "planned", "start": 9, "end": 10}])
    assert extracted_slots(
        intent="describe_account_sale", text="我想卖微信号",
        entities=[{"entity": "status", "value": "planned", "start": 1, "end": 2}])["status"] == "planned"


def test_kinds_found_only_by_the_classifier_are_added_to_known_kinds():
    known = {"pi_kinds": ["communication_content"], "third_party_pi": True}
    text = "还有她们做的项目"
    slots = extracted_slots(slots=known, text=text, requested="consent",
                            entities=[{"entity": "pi_kind", "value": "health", "start": 6, "end": 8}])
    assert slots["pi_kinds"] == ["communication_content", "health"]


def test_rich_first_message_fills_many_facts():
    entities = [
        {"entity": "account_count", "value": "9", "start": 2, "end": 3},
        {"entity": "platform", "value": "wechat", "start": 4, "end": 7},
        {"entity": "role", "value": "seller", "start": 8, "end": 9},
        {"entity": "buyer_purpose", "value": "same_business", "start": 11, "end": 15},
        {"entity": "pi_count", "value": "两三千", "start": 21, "end": 24},
        {"entity": "pi_kind", "value": "health", "start": 33, "end": 35},
    ]
    text = "我有9个微信号想卖给做医美的老板，每个两三千好友，里面有客户病历"
    messages, events = run(rasa_interview.ActionExtractFacts(),
                           tracker(intent="describe_account_sale", text=text, entities=entities))
    slots = slot_events(events)
    assert slots["account_count"] == 9 and slots["platform"] == "wechat"
    assert slots["role"] == "seller" and slots["buyer_purpose"] == "same_business"
    assert slots["pi_count"] == 22500 and slots["pi_kinds"] == ["health"]
    assert slots["third_party_pi"] is True
    pending = "".join(slots["pending_notes"])  # said by the next question
    assert "2500" in pending or "2,500" in pending
    asked, events = run(rasa_interview.ActionAsk_status(), tracker(slots={"pending_notes": slots["pending_notes"]}))
    assert texts(asked).startswith(slots["pending_notes"][0])
    assert slot_events(events)["pending_notes"] is None


def test_yes_no_fill_the_requested_boolean_only():
    _, events = run(rasa_interview.ActionExtractFacts(),
                    tracker(intent="affirm", text="是的", requested="real_name"))
    assert slot_events(events)["real_name"] is True
    _, events = run(rasa_interview.ActionExtractFacts(),
                    tracker(intent="deny", text="/deny", requested="consent"))
    assert slot_events(events)["consent"] is False
    _, events = run(rasa_interview.ActionExtractFacts(),
                    tracker(intent="affirm", text="/affirm", requested="account_count"))
    assert "account_count" not in slot_events(events)


def test_dont_know_is_accepted_for_any_question():
    for requested in ("pi_count", "platform", "consent"):
        _, events = run(rasa_interview.ActionExtractFacts(),
                        tracker(intent="dont_know", text="不清楚", requested=requested))
        assert slot_events(events)[requested] == interview.UNKNOWN


def test_low_confidence_correction_still_counts():
    entities = [{"entity": "platform", "value": "douyin", "start": 4, "end": 7}]
    assert extracted_slots(
        slots={"platform": "wechat"}, intent="nlu_fallback", text="不对，是抖音号", entities=entities)["platform"] == "douyin"


def test_correction_overwrites_a_fact():
    entities = [{"entity": "platform", "value": "douyin", "start": 4, "end": 7}]
    _, events = run(rasa_interview.ActionExtractFacts(),
                    tracker(slots={"platform": "wechat"}, text="不对，是抖音号", entities=entities))
    assert slot_events(events)["platform"] == "douyin"


@pytest.mark.parametrize("text, value", [("-3", "-3"), ("一百亿个", "一百亿")])
def test_impossible_values_are_refused_politely(text, value):
    entities = [{"entity": "account_count", "value": value, "start": 0, "end": len(value)}]
    _, events = run(rasa_interview.ActionExtractFacts(),
                    tracker(text=text, entities=entities, requested="account_count"))
    slots = slot_events(events)
    assert "account_count" not in slots
    assert slots["pending_notes"] and all(slots["pending_notes"])
    messages, _ = run(rasa_interview.ActionUnclearAnswer(), tracker(
        slots={"pending_notes": slots["pending_notes"]}, requested="account_count"))
    assert messages[0]["text"] == slots["pending_notes"][0]


def test_questions_do_not_fill_facts():
    entities = [{"entity": "platform", "value": "douyin", "start": 0, "end": 2}]
    _, events = run(rasa_interview.ActionExtractFacts(),
                    tracker(intent="ask_platform_terms", text="抖音的规则怎么说", entities=entities))
    assert slot_events(events) == {}


# --- the form -----------------------------------------------------------------------

def required(slots):
    dispatcher = CollectingDispatcher()
    return asyncio.run(rasa_interview.ValidateInterviewForm().required_slots(
        [], dispatcher, tracker(slots=slots), DOMAIN))


def test_required_slots_follow_the_users_situation():
    everything = required({})
    assert everything[:3] == ["role", "platform", "account_count"]
    no_pi = required({"third_party_pi": False, "platform": "game", "status": "planned"})
    assert not set(interview.PI_FACTS) & set(no_pi)
    assert "paid" not in no_pi and "announce_change" not in no_pi and "official_route" in no_pi
    assert "official_route" not in required({"platform": "wechat"})


def test_unclear_answer_explains_after_two_tries():
    texts_ = services.interview_texts()
    messages, events = run(rasa_interview.ActionUnclearAnswer(), tracker(requested="pi_count"))
    assert messages[0]["text"] == texts_["please_answer"]
    retries = slot_events(events)["retries"]
    messages, _ = run(rasa_interview.ActionUnclearAnswer(),
                      tracker(slots={"retries": retries}, requested="pi_count"))
    assert messages[0]["text"] == texts_["explain"]["pi_count"]
    assert messages[0]["buttons"][0]["payload"] == "/dont_know"  # the user may skip


def test_every_question_has_its_own_explanation_with_an_example():
    explanations = services.interview_texts()["explain"]
    for fact in interview.FACT_ORDER:
        assert "例如" in explanations[fact] and "跳过" in explanations[fact], fact


def test_why_ask_names_the_law():
    messages, _ = run(rasa_interview.ActionWhyAsk(), tracker(intent="why_ask", requested="consent"))
    assert "第23条" in messages[0]["text"]
    texts_ = services.interview_texts()
    for fact in interview.FACT_ORDER:
        assert texts_["why"][fact] and texts_["questions"][fact]["text"], fact
        assert f"action_ask_{fact}" in DOMAIN["actions"], fact


def test_questions_are_worded_for_the_users_side():
    asks = rasa_interview.ActionAsk_buyer_known()
    seller = run(asks, tracker(slots={"role": "seller"}, requested="buyer_known"))[0][0]["text"]
    buyer = run(asks, tracker(slots={"role": "buyer"}, requested="buyer_known"))[0][0]["text"]
    other = run(asks, tracker(slots={"role": "other"}, requested="buyer_known"))[0][0]["text"]
    assert "买方的真实身份" in seller and "卖方的真实身份" in buyer
    assert other == services.interview_texts()["questions"]["buyer_known"]["text"]
    for fact, question in services.interview_texts()["questions"].items():
        assert set(question.get("by_role") or {}) <= {"seller", "buyer", "intermediary", "other"}, fact


@pytest.mark.parametrize("text, slots, restarts", [
    ("/restart", {"platform": "wechat"}, True),          # the button
    ("重新开始", {"platform": "wechat"}, True),          # clear words
    ("刚才的不算，重来吧", {"platform": "wechat"}, True),
    ("我刚才说了什么", {"platform": "wechat"}, False),  # misread by the classifier: ask first
    ("我不想重新开始", {"platform": "wechat"}, False),
    ("我刚才说了什么", {}, True),                        # nothing to lose
])
def test_restart_confirms_before_wiping_facts(text, slots, restarts):
    messages, events = run(rasa_interview.ActionRestart(), tracker(slots=slots, intent="restart", text=text))
    assert any(event["event"] == "restart" for event in events) is restarts
    if restarts:
        assert "清空" in messages[0]["text"] and not messages[0].get("buttons")
    else:
        assert messages[0]["buttons"] == [{"title": "重新开始", "payload": "/restart"}]


def test_ask_actions_send_question_and_buttons():
    messages, _ = run(rasa_interview.ActionAsk_platform(), tracker(requested="platform"))
    assert messages[0]["text"] == services.interview_texts()["questions"]["platform"]["text"]
    assert any(b["payload"] == '/inform{"platform":"douyin"}' for b in messages[0]["buttons"])


def test_review_lists_facts_with_edit_buttons():
    messages, _ = run(rasa_interview.ActionReviewFacts(), tracker(slots=JIANGYIN_SLOTS))
    text = texts(messages)
    assert "微信" in text and "9个" in text and "不清楚" in text
    payloads = [button["payload"] for button in messages[0]["buttons"]]
    assert payloads[0] == "/confirm_facts"
    assert '/edit_fact{"fact":"platform"}' in payloads


def test_edit_fact_clears_it_and_its_dependents():
    entities = [{"entity": "fact", "value": "third_party_pi"}]
    _, events = run(rasa_interview.ActionEditFact(),
                    tracker(slots=JIANGYIN_SLOTS, intent="edit_fact", entities=entities))
    cleared = slot_events(events)
    assert cleared["third_party_pi"] is None and cleared["pi_count"] is None


# --- answers ------------------------------------------------------------------------

def assessed_tracker(**kwargs):
    assessment = rasa_answers.run_assessment(JIANGYIN_SLOTS)
    return tracker(slots={**JIANGYIN_SLOTS, "assessment": assessment}, **kwargs)


def test_assessment_message_for_jiangyin_facts():
    messages, events = run(rasa_answers.ActionAssess(), tracker(slots=JIANGYIN_SLOTS, intent="confirm_facts"))
    text = texts(messages)
    assert text.startswith("【总体：🔴 高风险】")
    assert "合同无效" in text and "民法典第153条" in text and "刑法第253条之一" in text
    assert "(2020)苏0281民初7297号" in text  # the Jiangyin case among the closest cases
    assert "法律意见" in text
    payloads = [b["payload"] for m in messages for b in m.get("buttons", [])]
    assert "/ask_lawyer" in payloads and '/feedback{"rating":"up"}' in payloads
    assessment = slot_events(events)["assessment"]
    assert assessment["dimensions"]["contract"]["level"] == "void"


def test_article_text_is_verbatim_from_the_database():
    messages, _ = run(rasa_answers.ActionShowArticle(), tracker(
        intent="ask_article", text="第1038条原文",
        entities=[{"entity": "article", "value": "1038"}]))
    article = query.get_article("civil_code:1038")
    assert article.text in messages[0]["text"]


def test_article_buttons_when_no_article_named():
    messages, _ = run(rasa_answers.ActionShowArticle(), assessed_tracker(intent="ask_article", text="/ask_article"))
    assert messages[0]["buttons"] and all(b["payload"].startswith("/ask_article{") for b in messages[0]["buttons"])


def test_case_question_finds_jiangyin():
    messages, _ = run(rasa_answers.ActionShowCases(), tracker(intent="ask_case", text="江阴那个案子"))
    assert "(2020)苏0281民初7297号" in messages[0]["text"]


def test_consequences_use_the_users_figures():
    messages, _ = run(rasa_answers.ActionExplainConsequences(), assessed_tracker(
        intent="ask_consequence_void", text="那30万能要回来吗",
        entities=[{"entity": "money", "value": "30万", "role": "paid"}]))
    text = texts(messages)
    assert "20万元" in text and "30万元" in text and "返还" in text
    assert "所以您问的30万元" in text  # the seller's own question about the amount received
    assert query.get_article("civil_code:157").text in text


def test_consequences_for_a_planned_sale_speak_to_the_seller_about_the_price():
    slots = {**JIANGYIN_SLOTS, "status": "planned", "paid": None, "price": 150000}
    assessment = rasa_answers.run_assessment(slots)
    messages, _ = run(rasa_answers.ActionExplainConsequences(), tracker(
        slots={**slots, "assessment": assessment}, intent="ask_consequence_void", text="那15万还能拿到吗",
        entities=[{"entity": "money", "value": "15万", "role": "price"}]))
    text = texts(messages)
    assert "交易还没进行" in text and "所以您问的15万元" in text and "无法通过诉讼要求对方支付" in text
    assert "已付" not in text


def test_criminal_risk_after_assessment_states_no_verdict():
    messages, _ = run(rasa_answers.ActionExplainCriminal(), assessed_tracker(intent="ask_criminal_risk"))
    text = texts(messages)
    assert "情节" in text and "司法机关" in text


def test_lawyer_contact_comes_from_configuration_with_summary():
    messages, _ = run(rasa_answers.ActionContactLawyer(), assessed_tracker(intent="ask_lawyer"))
    firm = yaml.safe_load((REPO / "firm.yml").read_text(encoding="utf-8"))
    text = texts(messages)
    assert firm["name"] in text and firm["phone"] in text
    assert "咨询摘要" in text and "微信" in text


def test_platform_terms_and_routes_by_platform():
    messages, _ = run(rasa_answers.ActionPlatformTerms(), tracker(slots={"platform": "wechat"}))
    assert "腾讯" in texts(messages)
    messages, _ = run(rasa_answers.ActionLegalRoute(), tracker(entities=[{"entity": "platform", "value": "wechat_official"}]))
    assert "迁移" in texts(messages)


def test_next_steps_come_from_the_assessment():
    messages, _ = run(rasa_answers.ActionNextSteps(), assessed_tracker(intent="ask_next_steps"))
    assert "20万元" in texts(messages)


def test_feedback_is_stored_without_personal_data(kb_url):
    before = feedback.counts(kb_url).get("down", 0)
    run(rasa_answers.ActionStoreFeedback(), assessed_tracker(
        intent="feedback", entities=[{"entity": "rating", "value": "down"}]))
    assert feedback.counts(kb_url)["down"] == before + 1
    stored = feedback.summary(rasa_answers.run_assessment(JIANGYIN_SLOTS))
    assert set(stored) == {"overall", "levels", "citations"}


def test_clarify_and_privacy_offer_buttons():
    messages, _ = run(rasa_answers.ActionClarify(), tracker(intent="nlu_fallback"))
    assert len(messages[0]["buttons"]) >= 3
    messages, _ = run(rasa_answers.ActionPrivacy(), tracker(intent="privacy_request"))
    assert "遮盖" in texts(messages)


def test_assessment_failure_is_reported_honestly(monkeypatch):
    def broken(slots):
        raise RuntimeError("database down")

    monkeypatch.setattr(rasa_answers, "run_assessment", broken)
    messages, events = run(rasa_answers.ActionAssess(), tracker(slots=JIANGYIN_SLOTS))
    assert "暂时" in texts(messages) and events == []
