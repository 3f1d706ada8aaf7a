"""/hilfe, /privacy, unknown commands and non-text messages."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes, MessageHandler, filters

from handlers.common import NEW_MESSAGE, reply, services
from messages_de import chat


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


HANDLERS = [
    CommandHandler(("hilfe", "help"), hilfe, filters=NEW_MESSAGE),
    CommandHandler(("privacy", "datenschutz"), privacy, filters=NEW_MESSAGE),
]

FALLBACKS = [
    MessageHandler(NEW_MESSAGE & filters.COMMAND, unknown_command),
    MessageHandler(NEW_MESSAGE & ~filters.TEXT, not_text),
]
