"""/export sends all stored data as a JSON file; /loeschen erases it after a button press."""

from __future__ import annotations

import logging
import secrets
from datetime import timedelta
from io import BytesIO

from telegram import InputFile, Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.services import data_control as dc
from handlers.common import NEW_MESSAGE, keyboard, reply, sender, services
from messages_de import data_control as texts

log = logging.getLogger("handlers.data_control")

CONFIRM_KEY = "erase_confirmation"  # user_data: (nonce, asked at)
CONFIRM_TTL = timedelta(minutes=10)


async def export_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Send everything stored about the student as a JSON document."""
    telegram_id, _ = sender(update)
    exported = await dc.export(services(context), telegram_id)
    if exported is None:
        await reply(update, texts.NOTHING_STORED)
        return
    chat = update.effective_chat
    assert chat is not None
    await chat.send_document(
        InputFile(BytesIO(exported.content), filename=exported.filename),
        caption=texts.EXPORT_CAPTION,
    )


async def loeschen(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask with buttons whether everything should really be erased."""
    svc = services(context)
    telegram_id, _ = sender(update)
    counts = await dc.stored_rows(svc, telegram_id)
    if counts is None:
        await reply(update, texts.NOTHING_STORED)
        return
    nonce = secrets.token_hex(8)
    assert context.user_data is not None
    context.user_data[CONFIRM_KEY] = (nonce, svc.clock())
    buttons = keyboard(
        [[(texts.BTN_ERASE, f"dc:erase:{nonce}"), (texts.BTN_KEEP, f"dc:keep:{nonce}")]]
    )
    await reply(update, texts.confirm_erase(counts), buttons)


def _confirmation_valid(context: ContextTypes.DEFAULT_TYPE, nonce: str) -> bool:
    """True once for the nonce of the last /loeschen question of this user, within the TTL."""
    assert context.user_data is not None
    asked = context.user_data.get(CONFIRM_KEY)
    if not asked or not secrets.compare_digest(asked[0].encode(), nonce.encode()):
        return False
    del context.user_data[CONFIRM_KEY]
    return bool(services(context).clock() - asked[1] <= CONFIRM_TTL)


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The "Ja, alles löschen" or "Abbrechen" button; anything stale or forged changes nothing."""
    query = update.callback_query
    assert query is not None
    telegram_id, _ = sender(update)
    action, _, nonce = (query.data or "").removeprefix("dc:").partition(":")
    if action not in ("erase", "keep") or not _confirmation_valid(context, nonce):
        log.warning("refused data control button %r from user %s", query.data, telegram_id)
        await query.answer(texts.STALE, show_alert=True)
        return
    await query.answer()
    if action == "keep":
        await query.edit_message_text(texts.KEPT)
        return
    deleted = await dc.erase(services(context), telegram_id)
    assert context.user_data is not None
    context.user_data.clear()
    log.info("erased all data of one student: %s", deleted)
    await query.edit_message_text(texts.ERASED)


HANDLERS = [
    CommandHandler("export", export_command, filters=NEW_MESSAGE),
    CommandHandler("loeschen", loeschen, filters=NEW_MESSAGE),
    CallbackQueryHandler(button, pattern=r"^dc:"),
]
