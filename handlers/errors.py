"""The one error handler: log with context, tell the user once, never show a trace."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import ContextTypes

from bot.services.inbox import AlreadyHandled
from messages_de import chat

log = logging.getLogger("handlers.errors")


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log the failure with the update's ids; apologise in the chat if there is one."""
    error = context.error
    where = ""
    if isinstance(update, Update):
        user = update.effective_user
        where = f" (update {update.update_id}, user {user.id if user else '-'})"
    if isinstance(error, AlreadyHandled):  # another worker handled it first: nothing lost
        log.info("update already handled by another worker%s; this run rolled back", where)
        return
    if isinstance(error, Forbidden):
        log.info("user blocked the bot%s: %s", where, error)
        return
    if update is None and isinstance(error, NetworkError) and not isinstance(error, BadRequest):
        # getUpdates failed (network, 5xx): PTB retries by itself; no traceback needed.
        log.warning("Telegram not reachable, retrying: %s", error)
        return
    log.error("handler failed%s", where, exc_info=error)
    if isinstance(update, Update) and update.effective_chat is not None:
        try:
            await update.effective_chat.send_message(chat.ERROR)
        except TelegramError:
            log.warning("could not tell the user about the error%s", where)
