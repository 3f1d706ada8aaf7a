"""/hilfe, /privacy, unknown commands, non-text messages and buttons nobody knows."""

from __future__ import annotations

import logging

from telegram import Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from handlers.common import NEW_MESSAGE, reply, services
from messages_de import chat

log = logging.getLogger("buttons")


async def hilfe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """How to talk to the bot."""
    await reply(update, chat.HELP)


async def privacy(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """What is stored, why, where, and how to delete it."""
    await reply(update, chat.privacy(services(context).db.encrypted))


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any command we do not know."""
    await reply(update, chat.UNKNOWN_COMMAND)


async def not_text(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Photos, stickers, voice and the like."""
    await reply(update, chat.ONLY_TEXT)


async def stale_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A button no handler knows (a removed feature, a cut or made-up data): said kindly."""
    query = update.callback_query
    assert query is not None
    log.info("stale button %r", query.data)
    await query.answer()
    await reply(update, chat.STALE_BUTTON)


HANDLERS = [
    CommandHandler(("hilfe", "help"), hilfe, filters=NEW_MESSAGE),
    CommandHandler(("privacy", "datenschutz"), privacy, filters=NEW_MESSAGE),
]

FALLBACKS = [
    MessageHandler(NEW_MESSAGE & filters.COMMAND, unknown_command),
    MessageHandler(NEW_MESSAGE & ~filters.TEXT, not_text),
    CallbackQueryHandler(stale_button),
]
