"""Rasa actions that answer: the assessment and the follow-up questions (articles, cases,
consequences, criminal risk, platform rules, next steps, lawyer, privacy, feedback)."""
from __future__ import annotations

import asyncio
import logging
import time
from functools import lru_cache, partial

import yaml
from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from . import feedback, interview, render, services
from .kb import query
from .kb.sources import KNOWLEDGE_DIR
from .numbers import parse_money
from .report import chat as report_chat
from .risk import FactsError, assess, validate_facts

logger = logging.getLogger(__name__)
UNAVAILABLE = "抱歉，评估服务暂时出了点问题，您说过的信息都还在。请稍后再试，或者说“联系律师”。"
KEY_ARTICLES = ["civil_code:153", "civil_code:1038", "civil_code:157", "criminal_law:253-1",
                "criminal_law:287-2", "anti_fraud:31", "pipl:23"]


def _slots(tracker: Tracker) -> dict:
    return {fact: tracker.get_slot(fact) for fact in interview.FACT_SLOTS}


def _assessment(tracker: Tracker) -> dict | None:
    return tracker.get_slot("assessment")


def _text(tracker: Tracker) -> str:
    return (tracker.latest_message or {}).get("text") or ""


def _typed(text: str) -> bool:
    """True for typed text, False for a button payload like /ask_case."""
    return bool(text) and not text.startswith("/")


def run_assessment(slots: dict) -> dict:
    facts = validate_facts(interview.facts_from_slots(slots))
    return assess(facts, similar_cases=services.similar_cases)


class ActionAssess(Action):
    def name(self) -> str:
        return "action_assess"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        try:
            assessment = run_assessment(_slots(tracker))
        except FactsError as error:
            logger.warning("facts rejected by the engine: %s", error)
            dispatcher.utter_message(text="有一项信息我没法用来评估，请点“修改”更正后再试。",
                                     buttons=render.edit_buttons(_slots(tracker), interview.FACT_SLOTS))
            return []
        except Exception:  # the database or engine failed: say so, keep the conversation
            logger.exception("assessment failed")
            dispatcher.utter_message(text=UNAVAILABLE)
            return []
        for message in render.render_assessment(assessment, services.cite, services.case_titles()):
            dispatcher.utter_message(**message)
        dispatcher.utter_message(text="这个分析对您有帮助吗？", buttons=render.FEEDBACK_BUTTONS)
        return [SlotSet("assessment", assessment)]


class ActionShowArticle(Action):
    def name(self) -> str:
        return "action_show_article"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        references = list(tracker.get_latest_entity_values("article"))
        law = next(tracker.get_latest_entity_values("law"), None)
        text = _text(tracker)
        candidates = [f"{law}:{ref}" if law and ref.isdigit() else ref for ref in references]
        if _typed(text):
            candidates.append(text)
        for candidate in candidates:
            try:
                found = query.find_articles(candidate)
            except query.QueryError:
                continue
            if found:
                article = found[0]
                dispatcher.utter_message(text=render.render_article(
                    f"《{article.law_short}》{article.heading}", article.text, article.in_force))
                if len(found) > 1:
                    others = "、".join(services.cite(other.id) for other in found[1:4])
                    dispatcher.utter_message(text=f"同一条号还可能指：{others}。需要的话直接说法律名称加条号。")
                return []
        citations = (_assessment(tracker) or {}).get("citations") or KEY_ARTICLES
        dispatcher.utter_message(
            text="您想看哪一条？可以直接说“民法典第153条”，或者点下面的条文：",
            buttons=[{"title": services.cite(citation), "payload": f'/ask_article{{"article":"{citation}"}}'}
                     for citation in citations[:8]])
        return []


class ActionShowCases(Action):
    def name(self) -> str:
        return "action_show_cases"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        text = _text(tracker)
        cases = []
        if _typed(text):
            try:
                cases = [match.case for match in query.search_cases(text, limit=3) if match.score >= 2.0]
            except query.QueryError:
                cases = []
        if not cases:
            matches = (_assessment(tracker) or {}).get("case_matches") or []
            cases = [query.get_case(match["id"]) for match in matches[:3]]
            cases = [case for case in cases if case]
        if not cases:
            facts = interview.facts_from_slots(_slots(tracker))
            cases = [match.case for match in query.similar_cases(facts, limit=3)] if facts else []
        if not cases:
            cases = [query.get_case("jiangyin_wechat_2020")]
            cases = [case for case in cases if case]
        if not cases:
            dispatcher.utter_message(text="暂时没有找到合适的案例。")
            return []
        detail = len(cases) == 1
        for case in cases:
            dispatcher.utter_message(text=render.render_case(case, detail=detail))
        dispatcher.utter_message(text="案例说明法院在类似情况下的思路，不代表您的案件会有相同结果。")
        return []


class ActionExplainConsequences(Action):
    """What happens if the contract is void (Civil Code 157), with the user's own figures."""

    def name(self) -> str:
        return "action_explain_consequences"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        assessment = _assessment(tracker)
        article = query.get_article("civil_code:157")
        # Any role: get_latest_entity_values("money") would only return money entities without one.
        asked = [parse_money(entity.get("value")) for entity in tracker.latest_message.get("entities") or []
                 if entity.get("entity") == "money" and isinstance(entity.get("value"), str)]
        asked_amount = next((amount.value for amount in asked if amount), None)
        if assessment:
            contract = assessment["dimensions"]["contract"]
            text = render.render_consequences(contract.get("consequences"), contract["label"], services.cite)
            note = render.render_asked_amount(asked_amount, tracker.get_slot("role"), contract.get("consequences"),
                                              void=contract["level"] in ("void", "likely_void"))
            if note:
                text += f"\n\n{note}"
            dispatcher.utter_message(text=text or "按您说的情况，我还缺少价格和付款信息，没法算具体金额。")
        else:
            dispatcher.utter_message(text="合同被认定无效时，双方各自返还拿到的东西（账号、钱款）；"
                                          "没法返还的折价补偿；有过错的一方赔偿对方损失，双方都有过错的各自承担相应责任。"
                                          "所以卖方一般要不到尾款，买方可以要回钱但要退还账号。"
                                          "告诉我您的具体情况，我可以按您的金额算一算。")
        if article:
            dispatcher.utter_message(text=render.render_article(
                f"《{article.law_short}》{article.heading}", article.text, article.in_force))
        return []


class ActionExplainCriminal(Action):
    def name(self) -> str:
        return "action_explain_criminal"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        assessment = _assessment(tracker)
        if assessment:
            lines = []
            for key in ("criminal_pi", "criminal_help"):
                dimension = assessment["dimensions"][key]
                title = render.DIMENSION_TITLES[key]
                reasons = "\n".join(f"• {reason['text']}{render.cite_list(reason.get('citations', []), services.cite)}"
                                    for reason in dimension.get("reasons", [])[:3])
                lines.append(f"{title}：{dimension['label']}\n{reasons}")
            dispatcher.utter_message(text="\n\n".join(lines))
            dispatcher.utter_message(text="这只是说明您的情况可能触及哪些标准，是否构成犯罪要由司法机关依法认定。")
            return []
        dispatcher.utter_message(
            text="卖号本身不一定是犯罪，关键看两点：\n"
                 "1. 账号里别人的个人信息：未经同意出售或提供，达到一定数量（行踪、财产类50条，健康、交易类500条，其他5000条）"
                 "可能构成侵犯公民个人信息罪（刑法第253条之一，2017年司法解释第5条）；\n"
                 "2. 买方用途：明知对方用于诈骗、赌博等还卖给他，可能构成帮信罪（刑法第287条之二）。\n"
                 "说说您的具体情况，我帮您对照一下。")
        return []


class ActionExplainPersonalInfo(Action):
    def name(self) -> str:
        return "action_explain_personal_info"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(
            text="简单说：\n• 个人信息：能单独或结合其他信息认出某个具体的人的信息，比如姓名、身份证号、手机号、住址、"
                 "微信好友关系、聊天记录。\n• 敏感个人信息：一旦泄露容易伤害人身或财产安全的，比如病历、银行账户、"
                 "行踪轨迹、身份证号，处理要求更严格。\n• 实名认证：账号绑定了身份证、手机号、银行卡或人脸，"
                 "账号因此和一个真实的人对应起来。")
        for citation in ("civil_code:1034", "pipl:28"):
            article = query.get_article(citation)
            if article:
                dispatcher.utter_message(text=render.render_article(
                    f"《{article.law_short}》{article.heading}", article.text, article.in_force))
        return []


@lru_cache(maxsize=1)
def platform_notes() -> dict:
    with (KNOWLEDGE_DIR / "platforms.yml").open(encoding="utf-8") as handle:
        return yaml.safe_load(handle)


def _platform(tracker: Tracker) -> str | None:
    mentioned = next(tracker.get_latest_entity_values("platform"), None)
    value = mentioned or tracker.get_slot("platform")
    return value if value in services.labels()["platform"] else None


class ActionPlatformTerms(Action):
    def name(self) -> str:
        return "action_platform_terms"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        platform = _platform(tracker)
        notes = platform_notes()
        entry = notes.get(platform) or notes["default"]
        name = services.labels()["platform"].get(platform, "这个平台")
        dispatcher.utter_message(
            text=f"关于{name}：{entry['terms']}\n\n平台协议主要约束您和平台之间的关系；"
                 "单纯违反平台规则不等于违反法律，但平台可以封号、收回账号，买方也常因此要求退款。")
        return []


class ActionLegalRoute(Action):
    def name(self) -> str:
        return "action_legal_route"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        platform = _platform(tracker)
        notes = platform_notes()
        entry = notes.get(platform) or notes["default"]
        dispatcher.utter_message(
            text=f"{entry['route']}\n\n不管哪个平台，合法转让都离不开三点：\n1. 走平台认可的变更途径；\n"
                 "2. 涉及好友/客户信息的，事先告知并取得每个人的同意（个人信息保护法第23条）；\n"
                 "3. 不需要转交的客户资料在交付前彻底删除（民法典第1038条）。")
        return []


class ActionNextSteps(Action):
    def name(self) -> str:
        return "action_next_steps"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        assessment = _assessment(tracker)
        if not assessment:
            dispatcher.utter_message(text="先简单说说您的情况（卖号还是买号、什么平台、进行到哪一步），我再给您具体建议。")
            return []
        steps = assessment.get("advice") or []
        dispatcher.utter_message(text="建议您这样做：\n" + "\n".join(
            f"{index}. {step['text']}{render.cite_list(step.get('citations', []), services.cite)}"
            for index, step in enumerate(steps, 1)))
        return []


class ActionContactLawyer(Action):
    def name(self) -> str:
        return "action_contact_lawyer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        firm = services.firm()
        dispatcher.utter_message(
            text=f"可以联系{firm['name']}的律师：\n☎️ {firm['phone']}\n✉️ {firm['email']}\n"
                 f"🕘 {firm['hours']}\n📍 {firm['address']}")
        slots = _slots(tracker)
        if any(slots.get(fact) is not None for fact in interview.FACT_SLOTS):
            summary = render.render_facts(slots, interview.FACT_SLOTS, services.labels())
            assessment = _assessment(tracker)
            level = render.LEVEL_BADGES.get(assessment["overall"], "") if assessment else ""
            dispatcher.utter_message(
                text="您可以把下面这段摘要发给律师，省去重复说明：\n\n【账号交易咨询摘要】\n" + summary
                     + (f"\n初步风险评估：{level}" if level else ""))
        return []


class ActionPrivacy(Action):
    def name(self) -> str:
        return "action_privacy"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(
            text="关于您的信息：\n• 我只保存本次对话的内容和为评估记录的事实（如平台、账号数量），用于继续对话；\n"
                 "• 身份证号、手机号、银行卡号、邮箱会在保存前被遮盖；\n"
                 "• 对话超过保存期限会自动删除；\n"
                 "• 想立刻清除本次对话记录的事实，点“重新开始”；要删除服务器上的整段对话，"
                 "在 Telegram 发送 /delete，在网页里点“删除我的对话”。",
            buttons=[{"title": "重新开始", "payload": "/restart"}])
        return []


class ActionClarify(Action):
    """Low NLU confidence: a short clarifying question with suggestions."""

    def name(self) -> str:
        return "action_clarify"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(
            text="我没太确定您的意思，您是想：",
            buttons=[{"title": "评估买卖账号的风险", "payload": "/describe_account_sale"},
                     {"title": "查法条", "payload": "/ask_article"},
                     {"title": "看类似案例", "payload": "/ask_case"},
                     {"title": "联系律师", "payload": "/ask_lawyer"}])
        return []


class ActionStoreFeedback(Action):
    def name(self) -> str:
        return "action_store_feedback"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        rating = next(tracker.get_latest_entity_values("rating"), None)
        if rating not in feedback.RATINGS:
            text = _text(tracker)
            rating = "down" if any(word in text for word in ("没", "不", "👎", "差")) else "up"
        try:
            feedback.store(rating, _assessment(tracker))
        except Exception:
            logger.exception("storing feedback failed")
        if rating == "up":
            dispatcher.utter_message(text="谢谢您的反馈！")
        else:
            dispatcher.utter_message(text="谢谢反馈，我们会改进。哪里没看懂可以直接问我，或者说“联系律师”找真人解答。")
        return []


class ActionReport(Action):
    """The consultation report: a PDF made from the assessment the chat showed, stored behind
    an expiring link (actions/report/, served by bot/reports.py). The reply carries the link
    as text and as a custom payload {report_url, report_id, pages, expires_at}."""

    def name(self) -> str:
        return "action_report"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        assessment = _assessment(tracker)
        slots = _slots(tracker)
        if not assessment:
            if slots.get("role") and not interview.missing_facts(slots):  # "把结论发我" after the interview
                dispatcher.utter_message(text=report_chat.READY_TO_ASSESS, buttons=report_chat.READY_BUTTONS)
            else:
                dispatcher.utter_message(text=report_chat.NO_ASSESSMENT)
            return []
        if report_chat.is_stale(assessment, slots):
            dispatcher.utter_message(text=report_chat.STALE, buttons=report_chat.STALE_BUTTONS)
            return []
        make = partial(report_chat.deliver, assessment, slots, services.firm(),
                       notes=tracker.get_slot("fact_notes"), events=tracker.events)
        try:  # reportlab is CPU-bound: keep the actions server's event loop free
            delivered = await asyncio.get_running_loop().run_in_executor(None, make)
        except Exception:
            logger.exception("report generation failed")
            dispatcher.utter_message(text=report_chat.FAILED)
            return []
        dispatcher.utter_message(**report_chat.reply(delivered, time.time()))
        return []
