"""Plain text and /notiz become notes; edits edit them; buttons assign or undo them."""

from __future__ import annotations

from typing import assert_never

from telegram import Update
from telegram.error import BadRequest
from telegram.ext import CommandHandler, ContextTypes, MessageHandler, filters

from bot.domain.models import Note, NoteKind
from bot.domain.questions import ClientIdea, QuestionKind
from bot.services import notes as note_service
from bot.services.notes import (
    AnswersQuestion,
    AskClient,
    NoClientsYet,
    NoteSaved,
    NothingToNote,
)
from handlers import callback_data as cd
from handlers import questions
from handlers.buttons import on_press
from handlers.common import (
    EDITED_MESSAGE,
    NEW_MESSAGE,
    keyboard,
    reply,
    sender,
    services,
)
from handlers.note_acks import HeldAcks
from messages_de import chat
from messages_de import nudges as nudge_texts
from messages_de import updates as update_texts
from messages_de.html_chunks import esc

CLIENT_CHOICES = 30  # client buttons under a question (Telegram allows about 100)


def undo_button(note: Note) -> list[tuple[str, str]]:
    """Undo, and for an open point (blocker, question, #plan) the button that settles it."""
    row = [(chat.BTN_UNDO, cd.NoteUndone(note.id).encode())]
    if note.has(*OPEN_POINT_KINDS):
        row.append((update_texts.BTN_RESOLVE, cd.PointResolved(note.id).encode()))
    return row


OPEN_POINT_KINDS = (NoteKind.BLOCKER, NoteKind.QUESTION, NoteKind.PLAN)


def held_acks(context: ContextTypes.DEFAULT_TYPE) -> HeldAcks:
    """The per-student acknowledgement budget, one per Application."""
    acks = context.bot_data.get("held_acks")
    if acks is None:
        acks = context.bot_data["held_acks"] = HeldAcks()
    return acks


async def _save(
    update: Update, context: ContextTypes.DEFAULT_TYPE, text: str, explicit: bool
) -> None:
    message = update.effective_message
    assert message is not None
    telegram_id, first_name = sender(update)
    outcome = await note_service.record_note(
        services(context), telegram_id, first_name, message.message_id, text, explicit=explicit
    )
    if isinstance(outcome, NoteSaved | NoClientsYet | AskClient) and not held_acks(context).admit(
        context, message.chat_id
    ):
        return  # stored; acknowledged together with the rest of the burst
    match outcome:
        case AnswersQuestion(question):
            if not await questions.answer(update, context, question, text):
                await _save(update, context, text, explicit=True)  # no answer: a note after all
        case NoteSaved(note, client):
            await reply(update, chat.note_saved(note, client), keyboard([undo_button(note)]))
        case NoClientsYet(note):
            await reply(update, chat.note_no_clients(note), keyboard([undo_button(note)]))
        case AskClient(note, choices, archived, unknown):
            shown = choices[:CLIENT_CHOICES]
            rows = [[(c.name[:40], cd.NoteAssigned(note.id, c.id).encode())] for c in shown]
            if archived is not None:
                reactivate = cd.NoteClientReactivated(note.id, archived.id).encode()
                rows.insert(0, [(chat.btn_reactivate(archived), reactivate)])
            rows.append(
                [
                    (chat.BTN_NO_CLIENT, cd.NoteAssigned(note.id, 0).encode()),
                    (chat.BTN_UNDO, cd.NoteUndone(note.id).encode()),
                ]
            )
            text = chat.ask_client(archived, unknown)
            if len(choices) > len(shown):
                text += "\n" + chat.MORE_CLIENTS_BY_EDIT
            await reply(update, text, keyboard(rows))
        case NothingToNote():
            await reply(update, chat.NOTIZ_EMPTY)
        case _:
            assert_never(outcome)


@questions.answers(QuestionKind.CLIENT_IDEA)
async def idea_answered(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: ClientIdea, text: str
) -> bool:
    """The idea for a client, typed after «Idee notieren» under a fresh-eyes prompt."""
    message = update.effective_message
    assert message is not None
    telegram_id, _ = sender(update)
    client = await note_service.record_idea(
        services(context), telegram_id, message.message_id, text, question.client_id
    )
    if client is None:
        await reply(update, nudge_texts.CLIENT_GONE)
    else:
        await reply(update, nudge_texts.IDEA_SAVED.format(client=esc(client.name)))
    return True


async def text_note(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A plain text message is a note (or answers a pending question)."""
    message = update.effective_message
    assert message is not None and message.text is not None
    await _save(update, context, message.text, explicit=False)


async def notiz(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/notiz TEXT records a note explicitly."""
    message = update.effective_message
    assert message is not None and message.text is not None
    _, _, text = message.text.partition(" ")
    await _save(update, context, text, explicit=True)


async def edited(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """An edited message edits its note."""
    message = update.effective_message
    assert message is not None and message.text is not None
    text = message.text
    if text.startswith("/notiz"):
        text = text.partition(" ")[2]
    telegram_id, _ = sender(update)
    outcome = await note_service.edit_note(services(context), telegram_id, message.message_id, text)
    if outcome is not None:
        await reply(update, chat.note_edited(outcome.note, outcome.client))


async def assign_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.NoteAssigned
) -> bool:
    """Put the note under the chosen client (0 = no client)."""
    query = update.callback_query
    assert query is not None
    outcome = await note_service.assign_client(
        services(context), sender(update)[0], pressed.note_id, pressed.client_id or None
    )
    if outcome is None:
        return False
    text = chat.note_saved(outcome.note, outcome.client)
    shown = (query.message.message_id if query.message else None, text)
    if context.chat_data is not None and context.chat_data.get("assign_shown") == shown:
        return True  # a quick repeated press: the message already says this (a 400 otherwise)
    try:
        await query.edit_message_text(text, reply_markup=keyboard([undo_button(outcome.note)]))
    except BadRequest as exc:
        if "not modified" not in exc.message.lower():
            raise
    if context.chat_data is not None:
        context.chat_data["assign_shown"] = shown
    return True


async def reactivate_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.NoteClientReactivated
) -> bool:
    """Bring the archived client back and file the note under it."""
    query = update.callback_query
    assert query is not None
    outcome = await note_service.reactivate_for_note(
        services(context), sender(update)[0], pressed.note_id, pressed.client_id
    )
    if outcome is None or outcome.client is None:
        return False
    text = (
        chat.client_reactivated(outcome.client)
        + "\n"
        + chat.note_saved(outcome.note, outcome.client)
    )
    await query.edit_message_text(text, reply_markup=keyboard([undo_button(outcome.note)]))
    return True


async def undo_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.NoteUndone
) -> bool:
    """Delete the note behind this button."""
    query = update.callback_query
    assert query is not None
    if not await note_service.undo_note(services(context), sender(update)[0], pressed.note_id):
        return False
    await query.edit_message_text(chat.NOTE_UNDONE)
    return True


HANDLERS = [
    CommandHandler("notiz", notiz, filters=NEW_MESSAGE),
    on_press(cd.NoteAssigned, assign_pressed, gone=chat.NOTE_GONE),
    on_press(cd.NoteUndone, undo_pressed, gone=chat.NOTE_GONE),
    on_press(cd.NoteClientReactivated, reactivate_pressed, gone=chat.NOTE_GONE),
    MessageHandler(EDITED_MESSAGE & filters.TEXT, edited),
    MessageHandler(NEW_MESSAGE & filters.TEXT & ~filters.COMMAND, text_note),
]
