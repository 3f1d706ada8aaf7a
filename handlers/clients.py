"""/kunde: add a client in one step, or list clients with rename and archive buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.domain.models import Client
from bot.domain.questions import QuestionKind, RenameClient
from bot.services import clients as client_service
from bot.services.clients import ClientOutcome, ClientResult
from handlers import questions
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

PAGE_SIZE = 15  # clients per /kunde message (three buttons each)


def render_outcome(outcome: ClientOutcome) -> str:
    """The reply to adding or renaming a client."""
    match outcome:
        case ClientOutcome(ClientResult.ADDED, Client() as client):
            return chat.client_added(client)
        case ClientOutcome(ClientResult.REACTIVATED, Client() as client):
            return chat.client_reactivated(client)
        case ClientOutcome(ClientResult.DUPLICATE, Client() as client):
            return chat.client_duplicate(client)
        case ClientOutcome(ClientResult.TOO_LONG):
            return chat.CLIENT_TOO_LONG
        case ClientOutcome(ClientResult.EMPTY):
            return chat.CLIENT_EMPTY
        case ClientOutcome(ClientResult.RENAMED, Client() as client, old_name):
            return chat.client_renamed(old_name or "", client)
        case ClientOutcome(ClientResult.ARCHIVED, Client() as client):
            return chat.client_archived(client)
        case ClientOutcome(ClientResult.TOO_MANY):
            return chat.too_many_clients(client_service.MAX_CLIENTS)
        case ClientOutcome(ClientResult.IS_ARCHIVED, Client() as client):
            return chat.client_is_archived(client)
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
    await _list_page(update, context, 0)


async def more_clients_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "Weitere Kunden": the next page of the /kunde list."""
    query = update.callback_query
    assert query is not None
    fields = callback_ints(query.data, "clpage")
    await query.answer()
    await _list_page(update, context, fields[0] if fields and fields[0] >= 0 else 0)


async def _list_page(update: Update, context: ContextTypes.DEFAULT_TYPE, start: int) -> None:
    """One page of the client list: names and buttons of ``PAGE_SIZE`` clients, so a long
    list stays within Telegram's limits (4,096 characters, about 100 buttons)."""
    clients = await client_service.list_clients(services(context), sender(update)[0])
    if not clients:
        await reply(update, chat.NO_CLIENTS)
        return
    start = min(start, (len(clients) - 1) // PAGE_SIZE * PAGE_SIZE)
    page = clients[start : start + PAGE_SIZE]
    rows = [
        [
            (chat.btn_rename(c), f"cr:{c.id}"),
            (chat.btn_archive(c), f"ca:{c.id}"),
            (contact_texts.BTN_CONTACT, f"ck:{c.id}"),
        ]
        for c in page
    ]
    if start + PAGE_SIZE < len(clients):
        rows.append([(chat.BTN_MORE_CLIENTS, f"clpage:{start + PAGE_SIZE}")])
    text = chat.client_list(page, start, len(clients))
    await reply(update, text, keyboard(rows))


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


@questions.answers(QuestionKind.RENAME_CLIENT)
async def finish_rename(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: RenameClient, text: str
) -> bool:
    """The client's new name, typed after ✎."""
    telegram_id, _ = sender(update)
    outcome = await client_service.finish_rename(services(context), telegram_id, text)
    await reply(update, render_outcome(outcome))
    return True


HANDLERS = [
    CommandHandler("kunde", kunde, filters=NEW_MESSAGE),
    CallbackQueryHandler(rename_pressed, pattern=r"^cr:"),
    CallbackQueryHandler(archive_pressed, pattern=r"^ca:"),
    CallbackQueryHandler(more_clients_pressed, pattern=r"^clpage:"),
]
