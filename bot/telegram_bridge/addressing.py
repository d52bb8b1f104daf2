"""Whether a message is meant for the bot: always in private chats; in groups and
supergroups only when it mentions the bot (@username), replies to one of the bot's
messages, or is a command addressed to the bot (/help@username)."""
from __future__ import annotations

import re
from typing import Optional

from telegram import Chat, Message, MessageEntity

GROUP_TYPES = (Chat.GROUP, Chat.SUPERGROUP)


def is_group(message: Message) -> bool:
    return message.chat.type in GROUP_TYPES


def _mentions(message: Message, username: str, bot_id: int) -> list[MessageEntity]:
    found = []
    for entity in message.entities or ():
        if entity.type == MessageEntity.MENTION:
            if message.parse_entity(entity).lstrip("@").lower() == username.lower():
                found.append(entity)
        elif entity.type == MessageEntity.TEXT_MENTION and entity.user and entity.user.id == bot_id:
            found.append(entity)
    return found


def replies_to_bot(message: Message, bot_id: int) -> bool:
    replied = message.reply_to_message
    return bool(replied and replied.from_user and replied.from_user.id == bot_id)


def command_target(message: Message) -> Optional[str]:
    """The bot a command names (/start@name -> "name"), or None."""
    for entity in message.entities or ():
        if entity.type == MessageEntity.BOT_COMMAND and entity.offset == 0:
            command = message.parse_entity(entity)
            return command.split("@", 1)[1] if "@" in command else None
    return None


def addressed_text(message: Message, username: str, bot_id: int) -> Optional[str]:
    """The text to forward (the bot's mention removed), or None when the message is not
    for the bot."""
    text = message.text or ""
    if not is_group(message):
        return text
    mentions = _mentions(message, username, bot_id)
    if not mentions and not replies_to_bot(message, bot_id):
        return None
    for entity in sorted(mentions, key=lambda e: e.offset, reverse=True):
        start, end = _char_index(text, entity.offset), _char_index(text, entity.offset + entity.length)
        left, right = text[:start], text[end:]
        glue = " " if left[-1:].isascii() and left[-1:].isalnum() and right[:1].isascii() and right[:1].isalnum() else ""
        text = left + glue + right
    return re.sub(r"[ \t]{2,}", " ", text).strip(" \t\n,，:：")


def _char_index(text: str, utf16_offset: int) -> int:
    """The string index of a UTF-16 offset (Telegram's entity offsets count UTF-16 units)."""
    units = 0
    for index, char in enumerate(text):
        if units >= utf16_offset:
            return index
        units += 2 if ord(char) > 0xFFFF else 1
    return len(text)


def command_for_bot(message: Message, username: str, bot_id: int) -> bool:
    target = command_target(message)
    if target is not None:
        return target.lower() == username.lower()
    return not is_group(message) or replies_to_bot(message, bot_id)
