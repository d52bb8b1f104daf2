"""Many conversations at once on the production profile (deploy/start.sh): several Rasa
servers sharing PostgreSQL (tracker store) and a Redis lock, several actions servers, nginx
in front.

Each conversation's consecutive turns go to different Rasa servers (addressed directly,
in turn), and a few conversations go through nginx. Once per conversation three messages
are sent at the same moment to different servers, as an impatient user on a flaky
connection would: the lock must make the servers take them one after the other.

Then, from the events in PostgreSQL: every message the user sent is stored exactly once,
in the order sent (the three sent at once in any order, but together); each is followed by
exactly the replies the user got for it and then by the end of its turn, never by another
message's processing; and every conversation reached its assessment. Also: nginx passed
requests to every Rasa server and every actions server, and every message took the shared
Redis lock and gave it back.
"""
from __future__ import annotations

import json
import re
import threading
import uuid
from collections import Counter
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field

import pytest
import requests
from sqlalchemy import text

from actions.render import LEVEL_BADGES
from tests.stack import buttons_of, text_of
from tests.test_e2e_rest import JIANGYIN_ANSWERS

CONVERSATIONS = 24
THROUGH_NGINX_EVERY = 4  # every 4th conversation talks to nginx instead of the servers
OPENER = "我有9个微信号想卖给做医美的老板，每个两三千好友，里面有客户病历"
AT_ONCE = ("你是机器人吗", "为什么问这个", "第1038条原文")  # answered without leaving the interview
TIMEOUT = 300
ARTICLE = re.compile(r"第[0-9一二三四五六七八九十百千零]+条")


@dataclass
class Turn:
    messages: tuple[str, ...]  # one message, or several sent at the same moment
    urls: tuple[str, ...]  # where each went
    replies: dict[str, list[dict]]  # the reply to each


class Conversation:
    def __init__(self, profile, index: int):
        self.profile = profile
        self.sender = f"scale-{index:02d}-{uuid.uuid4().hex[:8]}"
        self.through_nginx = index % THROUGH_NGINX_EVERY == THROUGH_NGINX_EVERY - 1
        first = index % len(profile.rasa_urls)  # conversations start on different servers
        self.urls = ([profile.public_url] if self.through_nginx
                     else profile.rasa_urls[first:] + profile.rasa_urls[:first])
        self.sent = 0
        self.turns: list[Turn] = []

    def _next_url(self) -> str:
        url = self.urls[self.sent % len(self.urls)]
        self.sent += 1
        return url

    def _post(self, url: str, message: str) -> list[dict]:
        response = requests.post(f"{url}/webhooks/rest/webhook", json={"sender": self.sender, "message": message},
                                 timeout=TIMEOUT)
        response.raise_for_status()
        return response.json()

    def say(self, message: str) -> list[dict]:
        url = self._next_url()
        reply = self._post(url, message)
        self.turns.append(Turn((message,), (url,), {message: reply}))
        return reply

    def say_at_once(self, messages: tuple[str, ...]) -> None:
        urls = [self._next_url() for _ in messages]
        start = threading.Barrier(len(messages))

        def send(url: str, message: str) -> list[dict]:
            start.wait()
            return self._post(url, message)

        with ThreadPoolExecutor(len(messages)) as pool:
            replies = list(pool.map(send, urls, messages))
        self.turns.append(Turn(messages, tuple(urls), dict(zip(messages, replies))))

    def requested_slot(self) -> str | None:
        server = self.profile.rasa_urls[len(self.turns) % len(self.profile.rasa_urls)]
        response = requests.get(f"{server}/conversations/{self.sender}/tracker",
                                params={"token": self.profile.api_token}, timeout=TIMEOUT)
        response.raise_for_status()
        return response.json()["slots"].get("requested_slot")

    def run(self) -> "Conversation":
        self.say(OPENER)
        self.say_at_once(AT_ONCE)
        for _ in range(25):
            slot = self.requested_slot()
            if slot is None:
                break
            reply = self.say(JIANGYIN_ANSWERS.get(slot, "/dont_know"))
            if any(button["payload"] == "/confirm_facts" for button in buttons_of(reply)):
                break
        self.say("/confirm_facts")
        return self


@dataclass
class StoredTurn:
    user: str  # the user's message
    replies: list[str] = field(default_factory=list)  # the texts sent for the bot messages after it
    ended: bool = False  # the last action before the next user message was action_listen
    started: float = 0.0  # timestamps of its first and last event
    finished: float = 0.0


def stored_turns(profile, sender: str) -> list[StoredTurn]:
    """Every user message stored for `sender`, in stored order, with what followed it."""
    with profile.tracker_db.connect() as db:
        rows = db.execute(text("SELECT type_name, action_name, data FROM events "
                               "WHERE sender_id = :sender ORDER BY id"), {"sender": sender}).all()
    turns: list[StoredTurn] = []
    for type_name, action_name, data in rows:
        if type_name not in ("user", "bot", "action") or (type_name != "user" and not turns):
            continue
        event = json.loads(data)
        if type_name == "user":
            turns.append(StoredTurn(event["text"], started=event["timestamp"]))
        elif type_name == "bot":
            turns[-1].replies.extend(texts_sent(event))
        else:
            turns[-1].ended = action_name == "action_listen"
        turns[-1].finished = max(turns[-1].finished, event["timestamp"])
    return turns


def assessment(profile, sender: str) -> dict | None:
    with profile.tracker_db.connect() as db:
        rows = db.execute(text("SELECT data FROM events WHERE sender_id = :sender AND type_name = 'slot' "
                               "AND action_name = 'assessment' ORDER BY id"), {"sender": sender}).all()
    values = [json.loads(data).get("value") for (data,) in rows]
    return next((value for value in reversed(values) if value), None)


def texts_sent(bot_event: dict) -> list[str]:
    """The texts Rasa's REST channel sends for a stored bot message: text without buttons is
    split into paragraphs (rasa.core.channels.channel.CollectingOutputChannel)."""
    body = bot_event.get("text")
    if not body:
        return []
    return [body] if (bot_event.get("data") or {}).get("buttons") else body.strip().split("\n\n")


def bot_texts(reply: list[dict]) -> list[str]:
    return [message["text"] for message in reply if message.get("text")]


def upstreams(profile, request: str) -> Counter:
    """How many requests starting with `request` nginx passed to each upstream address."""
    counts = Counter()
    for line in profile.nginx_access_log.read_text().splitlines():
        if f'"{request} ' in line:
            counts[line.split()[-2]] += 1
    return counts


@pytest.fixture(scope="module")
def conversations(profile):
    locks = profile.redis()
    watches_before = locks.info("commandstats").get("cmdstat_watch", {}).get("calls", 0)
    with ThreadPoolExecutor(CONVERSATIONS) as pool:
        finished = list(pool.map(lambda index: Conversation(profile, index).run(), range(CONVERSATIONS)))
    watches = locks.info("commandstats").get("cmdstat_watch", {}).get("calls", 0) - watches_before
    return finished, watches


def test_every_message_stored_once_in_order_with_its_replies(profile, conversations):
    for conversation in conversations[0]:
        stored = stored_turns(profile, conversation.sender)
        position = 0
        for turn in conversation.turns:
            group = stored[position:position + len(turn.messages)]
            position += len(turn.messages)
            assert sorted(t.user for t in group) == sorted(turn.messages), \
                f"{conversation.sender}: expected {turn.messages} at message {position}, stored {group}"
            for t in group:
                assert t.replies == bot_texts(turn.replies[t.user]), f"{conversation.sender}: replies to {t.user!r}"
                assert t.replies and t.ended, f"{conversation.sender}: turn of {t.user!r} incomplete"
        assert position == len(stored), f"{conversation.sender}: stored more messages than sent"


def test_no_message_handled_while_another_of_its_conversation_was(profile, conversations):
    """Each message's handling (from reading its text to the end of its turn) starts after
    the one before it in the conversation ended: the servers share one clock here."""
    for conversation in conversations[0]:
        stored = stored_turns(profile, conversation.sender)
        overlapping = [(before.user, after.user) for before, after in zip(stored, stored[1:])
                       if after.started < before.finished]
        assert not overlapping, f"{conversation.sender}: handled at the same time: {overlapping}"


def test_every_conversation_reaches_its_assessment(profile, conversations):
    for conversation in conversations[0]:
        result = assessment(profile, conversation.sender)
        assert result and result["overall"] == "high", conversation.sender
        final = text_of(conversation.turns[-1].replies["/confirm_facts"])
        assert LEVEL_BADGES[result["overall"]] in final and ARTICLE.search(final), conversation.sender


def test_turns_alternated_between_servers_and_nginx_spread_the_load(profile, conversations):
    for conversation in (c for c in conversations[0] if not c.through_nginx):
        sent_to = [url for turn in conversation.turns for url in turn.urls]
        assert all(a != b for a, b in zip(sent_to, sent_to[1:])) and set(sent_to) == set(profile.rasa_urls)
    servers = {url.split("//")[1] for url in profile.rasa_urls}
    actions = {url.split("//")[1] for url in profile.settings["ACTIONS_URLS"].split()}
    through_nginx = upstreams(profile, "POST /webhooks/rest/webhook")
    assert set(through_nginx) == servers and min(through_nginx.values()) >= 5
    action_calls = upstreams(profile, "POST /webhook")
    assert set(action_calls) == actions and min(action_calls.values()) >= 20


def test_every_message_took_the_shared_lock_and_released_it(profile, conversations):
    finished, watches = conversations
    messages = sum(len(turn.messages) for conversation in finished for turn in conversation.turns)
    assert watches >= 2 * messages  # a ticket taken and returned per message, at least
    assert not list(profile.redis().scan_iter("*lock:*"))
