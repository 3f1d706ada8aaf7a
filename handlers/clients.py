"""/kunde: add a client in one step, or list clients with rename and archive buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.domain.models import Client
from bot.domain.questions import QuestionKind, RenameClient
from bot.services import clients as client_service
from bot.services.clients import ClientOutcome, ClientResult
from handlers import callback_data as cd
from handlers import questions
from handlers.buttons import on_press
from handlers.common import (
    NEW_MESSAGE,
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


async def more_clients_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.ClientsMore
) -> None:
    """ "Weitere Kunden": the next page of the /kunde list."""
    await _list_page(update, context, pressed.start)


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
            (chat.btn_rename(c), cd.ClientRename(c.id).encode()),
            (chat.btn_archive(c), cd.ClientArchive(c.id).encode()),
            (contact_texts.BTN_CONTACT, cd.ContactStart(c.id).encode()),
        ]
        for c in page
    ]
    if start + PAGE_SIZE < len(clients):
        rows.append([(chat.BTN_MORE_CLIENTS, cd.ClientsMore(start + PAGE_SIZE).encode())])
    text = chat.client_list(page, start, len(clients))
    await reply(update, text, keyboard(rows))


async def rename_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.ClientRename
) -> bool:
    """Ask for the new name; the next text message answers."""
    client = await client_service.start_rename(
        services(context), sender(update)[0], pressed.client_id
    )
    if client is None:
        return False
    if client.archived:
        await reply(update, chat.client_is_archived(client))
        return True
    await reply(update, chat.ask_new_name(client))
    return True


async def archive_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.ClientArchive
) -> bool:
    """Archive the client."""
    outcome = await client_service.archive_client(
        services(context), sender(update)[0], pressed.client_id
    )
    if outcome.result is ClientResult.NOT_FOUND:
        return False
    await reply(update, render_outcome(outcome))
    return True


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
    on_press(cd.ClientRename, rename_pressed, gone=chat.CLIENT_GONE),
    on_press(cd.ClientArchive, archive_pressed, gone=chat.CLIENT_GONE),
    on_press(cd.ClientsMore, more_clients_pressed, gone=chat.CLIENT_GONE),
]
