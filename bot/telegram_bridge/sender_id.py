"""The Rasa sender id of a Telegram chat: stable, but not guessable from the chat id.

Rasa's REST history and delete endpoints are keyed by sender id, so anyone who could
compute the id from a (public) chat id could read or erase that chat's conversation.
"""
from __future__ import annotations

import hashlib
import hmac

PREFIX = "tg-"
DIGEST_CHARS = 32  # 128 bits of HMAC-SHA256


def sender_id(secret: str, chat_id: int) -> str:
    digest = hmac.new(secret.encode(), str(int(chat_id)).encode(), hashlib.sha256).hexdigest()
    return PREFIX + digest[:DIGEST_CHARS]
