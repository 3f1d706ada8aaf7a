"""/woche: this week's notes grouped by client, with time per client."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.services import notes as note_service
from handlers.common import NEW_MESSAGE, reply, sender, services
from messages_de import chat


async def woche(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the week so far."""
    telegram_id, _ = sender(update)
    overview = await note_service.week_overview(services(context), telegram_id)
    for part in chat.render_week(overview):
        await reply(update, part)


HANDLERS = [CommandHandler("woche", woche, filters=NEW_MESSAGE)]
