"""/kunde: add a client in one step, or list clients with rename and archive buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.services import clients as client_service
from bot.services.clients import ClientOutcome, ClientResult
from handlers.common import (
    NEW_MESSAGE,
    answer_forged,
    callback_ints,
    keyboard,
    reply,
    sender,
    services,
)
from messages_de import chat
from messages_de import contacts as contact_texts


def render_outcome(outcome: ClientOutcome) -> str:
    """The reply to adding or renaming a client."""
    match outcome.result:
        case ClientResult.ADDED:
            return chat.client_added(outcome.client)  # type: ignore[arg-type]
        case ClientResult.REACTIVATED:
            return chat.client_reactivated(outcome.client)  # type: ignore[arg-type]
        case ClientResult.DUPLICATE:
            return chat.client_duplicate(outcome.client)  # type: ignore[arg-type]
        case ClientResult.TOO_LONG:
            return chat.CLIENT_TOO_LONG
        case ClientResult.EMPTY:
            return chat.CLIENT_EMPTY
        case ClientResult.RENAMED:
            return chat.client_renamed(outcome.old_name or "", outcome.client)  # type: ignore[arg-type]
        case ClientResult.ARCHIVED:
            return chat.client_archived(outcome.client)  # type: ignore[arg-type]
        case ClientResult.TOO_MANY:
            return chat.too_many_clients(client_service.MAX_CLIENTS)
        case ClientResult.IS_ARCHIVED:
            return chat.client_is_archived(outcome.client)  # type: ignore[arg-type]
        case _:
            return chat.CLIENT_GONE


async def kunde(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/kunde NAME adds a client; /kunde alone lists them with buttons."""
    svc = services(context)
    telegram_id, first_name = sender(update)
    if context.args:
        name = " ".join(context.args)
        outcome = await client_service.add_client(svc, telegram_id, first_name, name)
        await reply(update, render_outcome(outcome))
        return
    clients = await client_service.list_clients(svc, telegram_id)
    if not clients:
        await reply(update, chat.NO_CLIENTS)
        return
    rows = [
        [
            (chat.btn_rename(c), f"cr:{c.id}"),
            (chat.btn_archive(c), f"ca:{c.id}"),
            (contact_texts.BTN_CONTACT, f"ck:{c.id}"),
        ]
        for c in clients
    ]
    await reply(update, chat.client_list(clients), keyboard(rows))


async def rename_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask for the new name; the next text message answers."""
    query = update.callback_query
    assert query is not None
    fields = callback_ints(query.data, "cr")
    telegram_id, _ = sender(update)
    client = (
        await client_service.start_rename(services(context), telegram_id, fields[0])
        if fields
        else None
    )
    if client is None:
        await answer_forged(update, f"rename {query.data}")
        await reply(update, chat.CLIENT_GONE)
        return
    await query.answer()
    if client.archived:
        await reply(update, chat.client_is_archived(client))
        return
    await reply(update, chat.ask_new_name(client))


async def archive_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Archive the client."""
    query = update.callback_query
    assert query is not None
    fields = callback_ints(query.data, "ca")
    telegram_id, _ = sender(update)
    if not fields:
        await answer_forged(update, f"archive {query.data}")
        return
    outcome = await client_service.archive_client(services(context), telegram_id, fields[0])
    if outcome.result is ClientResult.NOT_FOUND:
        await answer_forged(update, f"archive {query.data}")
    else:
        await query.answer()
    await reply(update, render_outcome(outcome))


async def finish_rename(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Called by the text handler when a rename is pending."""
    telegram_id, _ = sender(update)
    outcome = await client_service.finish_rename(services(context), telegram_id, text)
    await reply(update, render_outcome(outcome))


HANDLERS = [
    CommandHandler("kunde", kunde, filters=NEW_MESSAGE),
    CallbackQueryHandler(rename_pressed, pattern=r"^cr:"),
    CallbackQueryHandler(archive_pressed, pattern=r"^ca:"),
]
