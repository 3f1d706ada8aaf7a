"""/update drafts with "Als E-Mail-Datei" and "Gesendet ✓", and /statistik."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.drafts import empty_week_reply
from bot.services import updates as update_service
from bot.services.updates import DraftStatus
from handlers.common import (
    NEW_MESSAGE,
    answer_forged,
    callback_ints,
    keyboard,
    reply,
    send_eml,
    sender,
    services,
)
from messages_de import updates as texts
from messages_de.html_chunks import esc


async def send_drafts(
    update: Update, context: ContextTypes.DEFAULT_TYPE, client_name: str | None
) -> None:
    """Draft this week's updates and post them, one client after the other."""
    telegram_id, _ = sender(update)
    result = await update_service.draft_updates(services(context), telegram_id, client_name)
    if result.status is DraftStatus.UNKNOWN_CLIENT:
        await reply(update, texts.unknown_client(client_name or ""))
        return
    if result.status is DraftStatus.EMPTY:
        await reply(update, esc(empty_week_reply(result.week, result.client)))
        return
    week = result.week
    for draft in result.drafts:
        key = f"{draft.client_id or 0}:{week.iso_year}:{week.number}"
        buttons = keyboard([[(texts.BTN_EML, f"eml:{key}"), (texts.BTN_SENT, f"sent:{key}")]])
        parts = texts.draft_messages(draft)
        for i, part in enumerate(parts):
            await reply(update, part, buttons if i == len(parts) - 1 else None)


async def update_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/update [Kunde]: this week's "Wöchentliches Update" drafts."""
    await send_drafts(update, context, " ".join(context.args or []) or None)


async def eml_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send the draft as an .eml file that mail clients open as an editable draft."""
    query = update.callback_query
    assert query is not None
    fields = callback_ints(query.data, "eml")
    telegram_id, _ = sender(update)
    draft = None
    if fields and len(fields) == 3:
        draft = await update_service.draft_for(services(context), telegram_id, *fields)
    if draft is None:
        await answer_forged(update, f"eml {query.data}")
        await reply(update, texts.DRAFT_GONE)
        return
    await query.answer()
    await send_eml(update, draft, texts.EML_CAPTION)


async def sent_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Mark this client's update for that week as sent (idempotent)."""
    query = update.callback_query
    assert query is not None
    fields = callback_ints(query.data, "sent")
    telegram_id, _ = sender(update)
    mark = None
    if fields and len(fields) == 3:
        mark = await update_service.mark_sent(services(context), telegram_id, *fields)
    if mark is None:
        await answer_forged(update, f"sent {query.data}")
        await reply(update, texts.DRAFT_GONE)
        return
    await query.answer()
    name = mark.client.name if mark.client else None
    await reply(update, texts.sent_marked(name, mark.week, mark.newly))


async def statistik(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/statistik: per client the streak of sent weekly updates."""
    telegram_id, _ = sender(update)
    week, rows = await update_service.statistics(services(context), telegram_id)
    data = [(r.client.name if r.client else None, r.streak, r.sent_this_week) for r in rows]
    await reply(update, texts.statistics(week, data))


HANDLERS = [
    CommandHandler("update", update_command, filters=NEW_MESSAGE),
    CommandHandler("statistik", statistik, filters=NEW_MESSAGE),
    CallbackQueryHandler(eml_pressed, pattern=r"^eml:"),
    CallbackQueryHandler(sent_pressed, pattern=r"^sent:"),
]
