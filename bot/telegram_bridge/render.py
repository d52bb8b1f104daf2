"""Rasa's messages as Telegram messages: HTML-escaped text (Telegram's HTML parse mode),
bold 【…】 headings, and splitting at Telegram's 4096-character limit."""
from __future__ import annotations

import html
import re
from dataclasses import dataclass
from typing import Callable, Optional

from telegram import InlineKeyboardMarkup

from .keyboards import PayloadStore, keyboard

MAX_CHARS = 4096  # Telegram's limit per message (counted in UTF-16 code units here, to be safe)
HEADING = re.compile(r"^【[^】\n]{1,40}】")
CHOOSE = "请选择："
# Boundaries to split at, coarsest first: paragraphs, lines, sentences.
BOUNDARIES = (re.compile(r"\n(?:[ \t]*\n)+"), re.compile(r"\n"), re.compile(r"(?<=[。！？])"))


@dataclass(frozen=True)
class Outgoing:
    html: str
    keyboard: Optional[InlineKeyboardMarkup] = None


def escape(text: str) -> str:
    """Text safe inside Telegram HTML: only <, > and & are special."""
    return html.escape(text, quote=False)


def format_html(text: str) -> str:
    """Escaped text; a first line that starts with a 【…】 heading is bold, as is the 【…】
    of any later line that starts with one."""
    lines = text.split("\n")
    out = []
    for number, line in enumerate(lines):
        heading = HEADING.match(line)
        if heading and number == 0:
            out.append(f"<b>{escape(line)}</b>")
        elif heading:
            out.append(f"<b>{escape(heading.group())}</b>{escape(line[heading.end():])}")
        else:
            out.append(escape(line))
    return "\n".join(out)


def utf16_len(text: str) -> int:
    return len(text.encode("utf-16-le")) // 2


def fits(text: str, limit: int = MAX_CHARS) -> bool:
    return utf16_len(format_html(text)) <= limit


def split_text(text: str, limit: int = MAX_CHARS) -> list[str]:
    """Plain-text chunks whose HTML fits in one message each, cut at paragraph, then line,
    then sentence boundaries (characters only as a last resort). Each chunk is escaped on
    its own, so a cut can never fall inside an HTML entity or tag."""
    chunks = _split(text.strip("\n"), lambda chunk: fits(chunk, limit), 0)
    return [chunk for chunk in (c.strip("\n").rstrip() for c in chunks) if chunk]


def _pieces(text: str, boundary: re.Pattern) -> list[str]:
    """`text` cut after each boundary (separators stay with the piece before them)."""
    pieces, start = [], 0
    for match in boundary.finditer(text):
        if match.end() > start:
            pieces.append(text[start:match.end()])
            start = match.end()
    pieces.append(text[start:])
    return [piece for piece in pieces if piece]


def _split(text: str, ok: Callable[[str], bool], level: int) -> list[str]:
    if ok(text):
        return [text]
    if level == len(BOUNDARIES):
        return _hard_split(text, ok)
    chunks, current = [], ""
    for piece in _pieces(text, BOUNDARIES[level]):
        if ok((current + piece).rstrip()):
            current += piece
            continue
        if current:
            chunks.append(current)
        if ok(piece.rstrip()):
            current = piece
        else:
            chunks.extend(_split(piece.rstrip(), ok, level + 1))
            current = ""
    if current:
        chunks.append(current)
    return chunks


def _hard_split(text: str, ok: Callable[[str], bool]) -> list[str]:
    chunks = []
    while text:
        low, high = 1, len(text)  # the longest prefix that fits (at least one character)
        while low < high:
            middle = (low + high + 1) // 2
            if ok(text[:middle]):
                low = middle
            else:
                high = middle - 1
        chunks.append(text[:low])
        text = text[low:]
    return chunks


def render(message: dict, payloads: PayloadStore, limit: int = MAX_CHARS) -> list[Outgoing]:
    """One Rasa message ({"text", "buttons", "image"}) as Telegram messages; the keyboard
    goes with the last part."""
    text = message.get("text") if isinstance(message.get("text"), str) else ""
    if isinstance(message.get("image"), str):
        text = f"{text}\n{message['image']}".strip()
    markup = keyboard(message.get("buttons") or [], payloads)
    if not text.strip():
        if markup is None:
            return []
        text = CHOOSE
    parts = [format_html(chunk) for chunk in split_text(text, limit)]
    return [Outgoing(part, markup if index == len(parts) - 1 else None)
            for index, part in enumerate(parts)]


def render_all(messages: list[dict], payloads: PayloadStore) -> list[Outgoing]:
    return [out for message in messages for out in render(message, payloads)]
