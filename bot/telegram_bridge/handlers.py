"""The bridge's Telegram handlers: commands, text messages and button taps, each
forwarded to Rasa under the chat's sender id, answers rendered back."""
from __future__ import annotations

import asyncio
import html
import logging
import re
import time
import uuid
from contextlib import asynccontextmanager, suppress
from typing import AsyncIterator, Optional

from telegram import LinkPreviewOptions, Message, ReplyParameters, Update
from telegram.constants import ChatAction, ParseMode
from telegram.error import BadRequest, Forbidden, RetryAfter, TelegramError
from telegram.ext import Application, CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot import logs

from . import texts
from .addressing import addressed_text, command_for_bot, is_group, replies_to_bot
from .keyboards import PayloadStore, title_of
from .rasa_client import RasaClient, RasaError
from .rate_limit import RateLimiter, Verdict
from .render import MAX_CHARS, Outgoing, escape, render_all, utf16_len
from .sender_id import sender_id
from .settings import Settings

REPORT_TOKEN = re.compile(r"^[A-Za-z0-9_-]{20,128}$")
REPORT_ID = re.compile(r"^[A-Za-z0-9_-]{1,64}$")

logger = logging.getLogger(__name__)
TYPING_EVERY = 4.0  # Telegram shows "typing…" for about 5 seconds
RESTART = "/restart"
NO_PREVIEW = LinkPreviewOptions(is_disabled=True)


@asynccontextmanager
async def typing(bot, chat_id: int) -> AsyncIterator[None]:
    """Show "typing…" in the chat until the block ends."""
    async def show() -> None:
        try:
            await bot.send_chat_action(chat_id, ChatAction.TYPING)
        except TelegramError as error:
            logger.debug("chat action failed: %s", error)

    async def keep_showing() -> None:
        while True:
            await asyncio.sleep(TYPING_EVERY)
            await show()

    await show()
    task = asyncio.create_task(keep_showing())
    try:
        yield
    finally:
        task.cancel()
        with suppress(asyncio.CancelledError):
            await task


def plain(html_text: str) -> str:
    return html.unescape(re.sub(r"</?b>", "", html_text))


class Bridge:
    def __init__(self, settings: Settings, rasa: RasaClient):
        self.settings = settings
        self.rasa = rasa
        self.limiter = RateLimiter(settings.rate_limit, settings.rate_window)
        self.payloads = PayloadStore()
        self._locks: dict[int, list] = {}  # chat id -> [lock, number of users]

    def sender(self, chat_id: int) -> str:
        return sender_id(self.settings.sender_secret, chat_id)

    def busy(self, chat_id: int) -> bool:
        """Whether a message of this chat is being handled or waiting to be."""
        return chat_id in self._locks

    def register(self, application: Application) -> None:
        only_new = filters.UpdateType.MESSAGE
        for name, callback in (("start", self.cmd_start), ("help", self.cmd_help),
                               ("reset", self.cmd_reset), ("delete", self.cmd_delete)):
            application.add_handler(CommandHandler(name, callback, filters=only_new))
        application.add_handler(MessageHandler(only_new & filters.COMMAND, self.cmd_unknown))
        application.add_handler(MessageHandler(only_new & filters.TEXT, self.on_text))
        application.add_handler(CallbackQueryHandler(self.on_button))
        application.add_handler(MessageHandler(only_new & ~filters.StatusUpdate.ALL, self.on_other))
        application.add_error_handler(self.on_error)

    # -- plumbing -------------------------------------------------------------------------

    @asynccontextmanager
    async def _chat(self, chat_id: int) -> AsyncIterator[None]:
        """One exchange with Rasa at a time per chat, so answers keep their order; log lines
        meanwhile carry the sender's pseudonym and a request id (sent on to Rasa)."""
        entry = self._locks.setdefault(chat_id, [asyncio.Lock(), 0])
        entry[1] += 1
        try:
            async with entry[0]:
                with logs.context(self.sender(chat_id), uuid.uuid4().hex[:16]):
                    yield
        finally:
            entry[1] -= 1
            if entry[1] == 0:
                self._locks.pop(chat_id, None)

    async def _send(self, bot, chat_id: int, out: Outgoing, reply_to: Optional[int] = None) -> Optional[Message]:
        kwargs = dict(chat_id=chat_id, text=out.html, parse_mode=ParseMode.HTML, reply_markup=out.keyboard,
                      link_preview_options=NO_PREVIEW)
        if reply_to is not None:
            kwargs["reply_parameters"] = ReplyParameters(reply_to, allow_sending_without_reply=True)
        for _ in range(3):
            try:
                return await bot.send_message(**kwargs)
            except RetryAfter as error:
                wait = error.retry_after
                await asyncio.sleep(min(getattr(wait, "total_seconds", lambda: wait)(), 60))
            except BadRequest as error:
                if "entities" in str(error).lower() and kwargs["parse_mode"]:
                    logger.warning("Telegram rejected our HTML (%s); sending plain text", error)
                    kwargs.update(text=plain(out.html), parse_mode=None)
                    continue
                logger.warning("sending a message failed: %s", error)
                return None
            except Forbidden as error:
                logger.info("cannot write to chat (%s)", error)
                return None
            except TelegramError as error:
                logger.warning("sending a message failed: %s: %s", type(error).__name__, error)
                return None
        return None

    async def _say(self, bot, chat_id: int, text: str, reply_to: Optional[int] = None) -> None:
        await self._send(bot, chat_id, Outgoing(escape(text)), reply_to)

    async def _admit(self, bot, chat_id: int) -> bool:
        verdict = self.limiter.check(chat_id)
        if verdict is Verdict.WARN:
            logger.info("rate limit reached for %s", self.sender(chat_id))
            await self._say(bot, chat_id, texts.RATE_LIMITED)
        return verdict is Verdict.ALLOW

    async def _converse(self, bot, chat_id: int, text: str, reply_to: Optional[int] = None) -> Optional[list]:
        """Forward one message to Rasa and send the answer; None when Rasa failed."""
        sender = self.sender(chat_id)
        async with self._chat(chat_id):
            started = time.monotonic()
            try:
                async with typing(bot, chat_id):
                    replies = await self.rasa.say(sender, text)
            except RasaError as error:
                logger.warning("Rasa failed for %s: %s", sender, error)
                await self._say(bot, chat_id, texts.TRY_LATER, reply_to)
                return None
            logger.info("message answered by Rasa: %d bot messages in %.0f ms", len(replies),
                        (time.monotonic() - started) * 1000)
            for index, out in enumerate(render_all(replies, self.payloads)):
                await self._send(bot, chat_id, out, reply_to if index == 0 else None)
            for reply in replies:
                await self._send_report(bot, chat_id, reply.get("custom"))
            return replies

    async def _send_report(self, bot, chat_id: int, custom) -> None:
        """Send a consultation report announced by the assistant as a PDF document (the
        text with the download link has been sent already, so failures only get logged)."""
        if not isinstance(custom, dict) or not isinstance(custom.get("report_url"), str):
            return
        token = custom["report_url"].rstrip("/").rsplit("/", 1)[-1]
        report_id = str(custom.get("report_id") or "report")
        if not REPORT_TOKEN.match(token) or not REPORT_ID.match(report_id):
            logger.warning("ignoring a malformed report link")
            return
        try:
            pdf = await self.rasa.report(token)
            await bot.send_document(chat_id=chat_id, document=pdf, filename=f"report-{report_id}.pdf",
                                    caption=texts.REPORT_CAPTION)
        except (RasaError, TelegramError) as error:
            logger.warning("sending the report failed: %s", error)

    async def _command(self, update: Update, context: ContextTypes.DEFAULT_TYPE, limited: bool = True) -> bool:
        """Whether to answer this command (addressed to the bot, within the rate limit)."""
        message = update.message
        if not command_for_bot(message, context.bot.username, context.bot.id):
            return False
        return not limited or await self._admit(context.bot, message.chat_id)

    @staticmethod
    def _quote(message: Message) -> Optional[int]:
        return message.message_id if is_group(message) else None

    # -- commands -------------------------------------------------------------------------

    async def cmd_start(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await self._command(update, context):
            await self._say(context.bot, update.message.chat_id, texts.start(self.settings.retention_days),
                            self._quote(update.message))

    async def cmd_help(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await self._command(update, context):
            await self._say(context.bot, update.message.chat_id, texts.HELP, self._quote(update.message))

    cmd_unknown = cmd_help

    async def cmd_reset(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if await self._command(update, context):
            message = update.message
            replies = await self._converse(context.bot, message.chat_id, RESTART, self._quote(message))
            if replies is not None and not any(reply.get("text") for reply in replies):
                await self._say(context.bot, message.chat_id, texts.RESET_DONE, self._quote(message))

    async def cmd_delete(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        # Erasing one's data is never rate limited.
        if not await self._command(update, context, limited=False):
            return
        message = update.message
        sender = self.sender(message.chat_id)
        async with self._chat(message.chat_id):
            try:
                removed = await self.rasa.delete(sender)
            except RasaError as error:
                logger.warning("deleting the conversation of %s failed: %s", sender, error)
                await self._say(context.bot, message.chat_id, texts.TRY_LATER, self._quote(message))
                return
        logger.info("conversation of %s deleted on request (%d events)", sender, removed)
        await self._say(context.bot, message.chat_id, texts.DELETED, self._quote(message))

    # -- messages and buttons -------------------------------------------------------------

    async def on_text(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        message = update.message
        text = addressed_text(message, context.bot.username, context.bot.id)
        if text is None or not await self._admit(context.bot, message.chat_id):
            return
        await self._converse(context.bot, message.chat_id, text, self._quote(message))

    async def on_other(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Photos, stickers, voice…: only text is understood."""
        message = update.message
        if is_group(message) and not replies_to_bot(message, context.bot.id):
            return
        if await self._admit(context.bot, message.chat_id):
            await self._say(context.bot, message.chat_id, texts.NOT_TEXT, self._quote(message))

    async def on_button(self, update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        query = update.callback_query
        payload = self.payloads.decode(query.data)
        if query.message is None or payload is None:
            await self._answer(query, texts.BUTTON_EXPIRED)
            return
        chat_id = query.message.chat.id
        if self.limiter.check(chat_id) is not Verdict.ALLOW:
            await self._answer(query, texts.RATE_LIMITED)
            return
        await self._answer(query)
        if isinstance(query.message, Message):
            await self._mark_chosen(query.message, title_of(query.message.reply_markup, query.data) or payload)
        await self._converse(context.bot, chat_id, payload)

    async def _answer(self, query, text: Optional[str] = None) -> None:
        try:
            await query.answer(text, show_alert=bool(text))
        except TelegramError as error:
            logger.debug("answering a callback query failed: %s", error)

    async def _mark_chosen(self, message: Message, title: str) -> None:
        """Show the choice under the question and take its keyboard away."""
        if message.text:
            text = f"{message.text_html}\n\n{escape(texts.CHOSEN.format(title=title))}"
            if utf16_len(text) <= MAX_CHARS:
                try:
                    await message.edit_text(text, parse_mode=ParseMode.HTML, reply_markup=None,
                                            link_preview_options=NO_PREVIEW)
                    return
                except TelegramError as error:
                    logger.debug("editing the question failed: %s", error)
        try:
            await message.edit_reply_markup(reply_markup=None)
        except TelegramError as error:
            logger.debug("removing the keyboard failed: %s", error)

    async def on_error(self, update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
        """Anything unexpected: one log line, an apology, and on to the next update."""
        error = context.error
        logger.error("update failed: %s: %s", type(error).__name__, error)
        logger.debug("traceback", exc_info=error)
        if isinstance(update, Update) and update.effective_chat:
            await self._say(context.bot, update.effective_chat.id, texts.TRY_LATER)
