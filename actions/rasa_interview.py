"""Rasa plumbing of the interview: fact extraction after each user message, the form's
dynamic questions, review-and-edit, "why do you ask", and unclear answers."""
from __future__ import annotations

import re
from typing import Any

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import ActiveLoop, EventType, Restarted, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from . import interview, render, services
from .extract import MONEY_FACTS, OWN_DATA_KINDS, extract_facts, off_topic_answer, own_data_mention
from .numbers import parse_money, parse_quantity

# Intents whose message may carry facts for the interview. A low-confidence message
# (nlu_fallback) is read too: "不对，是抖音号" is a correction even when the classifier hesitates.
FACT_INTENTS = {"describe_account_sale", "inform", "affirm", "deny", "dont_know", "nlu_fallback"}
YES_NO = {"affirm": True, "deny": False}
CATEGORICAL_ENTITIES = {
    "platform": "platform", "account_kind": "account_kind", "role": "role",
    "buyer_purpose": "buyer_purpose", "status": "status",
}
MAX_RETRIES = 2
MONEY_QUANTITIES = {*MONEY_FACTS, "price_per_account"}
SKIP_BUTTON = {"title": "跳过这个问题", "payload": "/dont_know"}


def _slots(tracker: Tracker) -> dict:
    return {fact: tracker.get_slot(fact) for fact in interview.FACT_SLOTS}


def say_pending_notes(dispatcher: CollectingDispatcher, tracker: Tracker) -> list[EventType]:
    """Utter what the last fact extraction wanted to tell the user, once."""
    pending = tracker.get_slot("pending_notes") or []
    for note in pending:
        dispatcher.utter_message(text=note)
    return [SlotSet("pending_notes", None)] if pending else []


# "想问问…": what follows 想 when it is about asking, not a plan.
ASKING = re.compile(r"^(?:问|咨询|了解|知道|请教|确认)")


def _entity_is_own_data(entity: dict, text: str) -> bool:
    """"我身份证实名的", "是实名的，卖家的身份证": the account holder's own ID used for
    real-name verification, not third parties' data (the extractor's own rule)."""
    start, end = entity.get("start"), entity.get("end")
    return isinstance(start, int) and isinstance(end, int) and own_data_mention(text, start, end)


def _asking_not_planning(entity: dict, text: str) -> bool:
    """"想问问卖微信号合法吗": the 想 is about asking, not a planned sale."""
    end = entity.get("end")
    return isinstance(end, int) and bool(ASKING.match(text[end:end + 2]))


def _entity_facts(entities: list[dict], known: dict, text: str = "") -> dict:
    """Facts carried by the NLU entities of one message (synonyms already mapped)."""
    vocabulary = services.labels()
    allowed = {"platform": vocabulary["platform"], "account_kind": vocabulary["account_kind"],
               "role": vocabulary["role"], "buyer_purpose": vocabulary["buyer_purpose"],
               "status": vocabulary["status"]}
    facts: dict[str, Any] = {}
    kinds: list[str] = []
    for entity in entities:
        name, value = entity.get("entity"), entity.get("value")
        if not isinstance(value, str):
            continue
        if name == "status" and _asking_not_planning(entity, text):
            continue
        if name in CATEGORICAL_ENTITIES and value in allowed[name]:
            facts[CATEGORICAL_ENTITIES[name]] = value
        elif name == "pi_kind" and value in vocabulary["pi_kinds"] and not (
                value in OWN_DATA_KINDS and _entity_is_own_data(entity, text)):
            kinds.append(value)
        elif name == "account_count":
            quantity = parse_quantity(value)
            if quantity is not None:
                facts["account_count"] = quantity.value
        elif name == "pi_count":
            quantity = parse_quantity(value)
            if quantity is not None:
                facts["pi_count"] = quantity.value
        elif name == "money":
            amount = parse_money(value)
            role = entity.get("role") or "price"
            if amount is not None and role in ("price", "paid", "unpaid"):
                facts[role] = amount.value
    if kinds:
        facts["pi_kinds"] = sorted(set(kinds))
        facts["third_party_pi"] = True
    if "unpaid" in facts:
        unpaid = facts.pop("unpaid")
        paid = facts.get("paid", known.get("paid"))
        if isinstance(paid, (int, float)) and "price" not in facts:
            facts["price"] = paid + unpaid
    return facts


def extract_message_facts(tracker: Tracker) -> tuple[dict, list[str], set[str], dict[str, str]]:
    """(facts, notes, facts the user does not know, problems) for the latest message."""
    message = tracker.latest_message or {}
    intent = (message.get("intent") or {}).get("name")
    if intent not in FACT_INTENTS:
        return {}, [], set(), {}
    requested = tracker.get_slot("requested_slot")
    known = _slots(tracker)
    text = message.get("text") or ""
    facts: dict[str, Any] = {}
    notes: list[str] = []
    unknown: set[str] = set()
    typed = not text.startswith("/")  # typed text, not a button payload
    if intent in YES_NO:
        if requested in interview.BOOLEAN_FACTS and not (typed and off_topic_answer(text)):
            facts[requested] = YES_NO[intent]
    elif intent == "dont_know":
        if requested:
            unknown.add(requested)
    problems: dict[str, str] = {}
    # Precedence: a tapped yes/no button, then the deterministic extractor (it totals
    # "9个号每个两三千", reads money roles and negation — "没说" is a no even when the
    # classifier hesitates towards affirm — and knows "帮朋友问"), then a typed yes/no
    # the classifier recognised, then the statistical NLU entities for whatever is left.
    extracted: dict[str, Any] = {}
    if typed:
        known_values = {k: v for k, v in known.items() if v not in (None, interview.UNKNOWN)}
        extraction = extract_facts(text, expected=requested, known=known_values)
        extracted = extraction.facts
        if extraction.correction:
            facts.pop(requested, None)  # the leading 不对 was not a no to the open question
        notes = list(extraction.notes)
        if extraction.unknown and requested not in extraction.unknown:
            unknown.discard(requested)  # "不知道有没有实名" asked about kinds: not a kinds answer
        unknown |= set(extraction.unknown)
        problems.update(extraction.problems)
    from_entities = _entity_facts(message.get("entities") or [], known, text)
    if typed and MONEY_QUANTITIES & set(extraction.quantities):
        # The extractor read the amounts (per-account prices, 付了/尾款 cues); the
        # classifier's money roles would only contradict it.
        from_entities = {k: v for k, v in from_entities.items() if k not in MONEY_FACTS}
    if (extracted.get("status") or known.get("status")) == "planned":
        for fact in ("paid", "unpaid"):  # nothing can have been paid for a deal not yet made
            from_entities.pop(fact, None)
    facts = {**from_entities, **facts, **extracted} if typed else {**from_entities, **extracted, **facts}
    if facts.get("pi_kinds") and known.get("pi_kinds") not in (None, interview.UNKNOWN):
        # Kinds the statistical NLU alone found are added, never replace what the user said;
        # an answer to the kinds question adds to the kinds recorded so far.
        if "pi_kinds" not in extracted or (intent == "inform" and requested == "pi_kinds"):
            facts["pi_kinds"] = sorted(set(known["pi_kinds"]) | set(facts["pi_kinds"]))
    for fact, value in list(facts.items()):
        problem = interview.check_value(fact, value)
        if problem:
            problems[fact] = problem
            del facts[fact]
    facts = {fact: value for fact, value in facts.items() if fact in interview.FACT_SLOTS}
    return facts, notes, unknown, problems


class ActionExtractFacts(Action):
    """Runs after every user message (custom slot mapping): fills the fact slots."""

    def name(self) -> str:
        return "action_extract_facts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        facts, notes, unknown, problems = extract_message_facts(tracker)
        events: list[EventType] = [SlotSet(fact, value) for fact, value in facts.items()]
        events += [SlotSet(fact, interview.UNKNOWN) for fact in unknown if fact not in facts]
        if notes:
            old = tracker.get_slot("fact_notes") or []
            events.append(SlotSet("fact_notes", list(dict.fromkeys(old + notes))[-10:]))
        # Messages sent during slot extraction don't reach the user, so notes and problems
        # wait in pending_notes for the next action that speaks (say_pending_notes).
        pending = [f"（{note}）" for note in notes] + list(problems.values())
        requested = tracker.get_slot("requested_slot")
        if requested and requested not in facts and requested not in unknown and not problems:
            aside = {fact: value for fact, value in facts.items()
                     if fact != "third_party_pi" and value != tracker.get_slot(fact)}  # new or changed
            aside |= {fact: interview.UNKNOWN for fact in unknown
                      if fact not in facts and tracker.get_slot(fact) is None}
            recorded = render.render_recorded(aside, services.labels())
            if recorded:  # answered something else: acknowledge it before asking again
                pending.insert(0, recorded)
        if pending:
            events.append(SlotSet("pending_notes", pending))
        if facts or unknown:
            events.append(SlotSet("retries", {}))
        return events


class ValidateInterviewForm(FormValidationAction):
    """Decides which question comes next: only unknown facts relevant to this user."""

    def name(self) -> str:
        return "validate_interview_form"

    async def required_slots(self, domain_slots: list[str], dispatcher: CollectingDispatcher,
                             tracker: Tracker, domain: DomainDict) -> list[str]:
        return interview.relevant_facts(_slots(tracker))


class ActionUnclearAnswer(Action):
    """The answer to the current question could not be used: ask again; after two
    failed tries, explain the question in other words with an example and offer to skip."""

    def name(self) -> str:
        return "action_unclear_answer"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        events = say_pending_notes(dispatcher, tracker)
        requested = tracker.get_slot("requested_slot")
        retries = dict(tracker.get_slot("retries") or {})
        count = retries.get(requested, 0) + 1 if requested else 1
        if requested:
            retries[requested] = count
        if count >= MAX_RETRIES:
            explanations = services.interview_texts()["explain"]
            dispatcher.utter_message(text=explanations.get(requested, explanations["generic"]),
                                     buttons=[SKIP_BUTTON])
        else:
            dispatcher.utter_message(text=services.interview_texts()["please_answer"])
        return events + [SlotSet("retries", retries)]


class ActionWhyAsk(Action):
    def name(self) -> str:
        return "action_why_ask"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        requested = tracker.get_slot("requested_slot")
        why = services.interview_texts()["why"]
        if requested in why:
            dispatcher.utter_message(text=why[requested])
        else:
            dispatcher.utter_message(text="我问的每个问题都对应一项影响法律风险的事实，"
                                          "比如账号里有没有别人的个人信息、买方是谁、价格多少。"
                                          "不想回答的可以说“不清楚”，我会按谨慎的假设来评估。")
        return []


def _facts_message(tracker: Tracker) -> str:
    slots = _slots(tracker)
    text = render.render_facts(slots, interview.FACT_SLOTS, services.labels())
    notes = tracker.get_slot("fact_notes") or []
    unknown = interview.unknown_facts(slots)
    if notes:
        text += "\n" + "\n".join(f"（{note}）" for note in notes[-3:])
    if unknown:
        text += "\n标为“不清楚”的，评估时会按较谨慎的情况假设。"
    return text


class ActionShowFacts(Action):
    def name(self) -> str:
        return "action_show_facts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(text="我目前记录的信息：\n" + _facts_message(tracker),
                                 buttons=render.edit_buttons(_slots(tracker), interview.FACT_SLOTS))
        return []


class ActionReviewFacts(Action):
    """After the interview: the recorded facts, each editable with one tap."""

    def name(self) -> str:
        return "action_review_facts"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        events = say_pending_notes(dispatcher, tracker)
        slots = _slots(tracker)
        buttons = [{"title": "✅ 没问题，开始评估", "payload": "/confirm_facts"}]
        buttons += render.edit_buttons(slots, interview.FACT_SLOTS)
        dispatcher.utter_message(
            text="好的，信息差不多了。请核对一下：\n" + _facts_message(tracker)
                 + "\n\n有不对的点一下修改；没问题就开始评估。",
            buttons=buttons)
        return events


class ActionEditFact(Action):
    """Clears one fact so the interview asks it again."""

    def name(self) -> str:
        return "action_edit_fact"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        fact = next(tracker.get_latest_entity_values("fact"), None)
        if fact not in interview.FACT_SLOTS:
            dispatcher.utter_message(text="您想修改哪一项？", buttons=render.edit_buttons(
                _slots(tracker), interview.FACT_SLOTS))
            return []
        events: list[EventType] = [SlotSet(fact, None)]
        if fact == "third_party_pi":
            events += [SlotSet(dependent, None) for dependent in interview.PI_FACTS]
        return events


# Words that leave no doubt the user wants to start over (unless negated: 不想重新开始).
RESTART_WORDS = re.compile(r"重新开始|重新来|重来|从头|清空|重置|再来一次|重新咨询|重新评估|换个问题|新的问题|"
                           r"restart|reset|start over", re.IGNORECASE)
NEGATED_RESTART = re.compile(r"(?:不想|不要|不用|别|没说要?|不是要?)(?:再)?(?:" + RESTART_WORDS.pattern + ")",
                             re.IGNORECASE)


def restart_is_clear(text: str, has_facts: bool) -> bool:
    """Restart at once for a tapped button, clear words, or when nothing would be lost;
    otherwise ask first: the classifier alone once read 我刚才说了什么 as a restart."""
    if text.strip().startswith("/restart") or not has_facts:
        return True
    return bool(RESTART_WORDS.search(text)) and not NEGATED_RESTART.search(text)


class ActionRestart(Action):
    """Overrides Rasa's default action_restart: confirms before wiping what the user said."""

    def name(self) -> str:
        return "action_restart"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        message = tracker.latest_message or {}
        has_facts = any(value is not None for value in _slots(tracker).values())
        texts = services.interview_texts()
        if restart_is_clear(message.get("text") or "", has_facts):
            dispatcher.utter_message(text=texts["restart_done"])
            return [Restarted()]
        dispatcher.utter_message(text=texts["restart_confirm"],
                                 buttons=[{"title": texts["restart_button"], "payload": "/restart"}])
        return []


class ActionStopInterview(Action):
    def name(self) -> str:
        return "action_stop_interview"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        dispatcher.utter_message(
            text="好的，先停在这里。已经说过的信息我先记着，想继续时说“继续评估”；"
                 "想清空重来就说“重新开始”。",
            buttons=[{"title": "继续评估", "payload": "/describe_account_sale"},
                     {"title": "重新开始", "payload": "/restart"}])
        return [ActiveLoop(None), SlotSet("requested_slot", None)]


class ActionAskFact(Action):
    """Asks the form's next question (texts in actions/texts/interview.yml)."""

    fact = ""

    def name(self) -> str:
        return f"action_ask_{self.fact}"

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker,
                  domain: DomainDict) -> list[EventType]:
        events = say_pending_notes(dispatcher, tracker)
        question = services.interview_texts()["questions"][self.fact]
        text = (question.get("by_role") or {}).get(tracker.get_slot("role"), question["text"])
        dispatcher.utter_message(text=text, buttons=question.get("buttons", []))
        return events


# One ask action per fact (Rasa finds them by name: action_ask_<slot>).
for _fact in interview.FACT_ORDER:
    globals()[f"ActionAsk_{_fact}"] = type(f"ActionAsk_{_fact}", (ActionAskFact,), {"fact": _fact})
