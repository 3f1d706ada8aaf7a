"""/woche: this week's notes grouped by client, with time per client."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.services import notes as note_service
from handlers.common import NEW_MESSAGE, reply, sender, services
from messages_de import chat
from messages_de import updates as update_texts


async def woche(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/woche [letzte | KW 48]: the notes of a week, by client."""
    telegram_id, _ = sender(update)
    args = " ".join(context.args or [])
    overview = await note_service.week_overview(services(context), telegram_id, args)
    if overview is None and args:
        await reply(update, update_texts.BAD_WEEK)
        return
    for part in chat.render_week(overview):
        await reply(update, part)


HANDLERS = [CommandHandler("woche", woche, filters=NEW_MESSAGE)]
