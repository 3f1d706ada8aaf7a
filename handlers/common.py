"""Small helpers shared by the handlers: services lookup, sender, callback data, replies."""

from __future__ import annotations

import logging
from io import BytesIO
from typing import Any, TypeAlias

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, InputFile, Update
from telegram.ext import Application, ContextTypes, ExtBot, JobQueue, filters

from bot.domain.drafts import Draft
from bot.exports.eml import build_eml, eml_filename
from bot.services.context import Services

log = logging.getLogger("handlers")

PRIVATE = filters.ChatType.PRIVATE
NEW_MESSAGE = filters.UpdateType.MESSAGE & PRIVATE
EDITED_MESSAGE = filters.UpdateType.EDITED_MESSAGE & PRIVATE

BotApp: TypeAlias = Application[
    # dict[str, Any]: the rate limiter's arguments (bot.send_budget); Any so that the
    # ContextTypes.DEFAULT_TYPE of the callbacks (ExtBot[None]) hands back the same app
    ExtBot[Any],
    ContextTypes.DEFAULT_TYPE,
    dict[Any, Any],
    dict[Any, Any],
    dict[Any, Any],
    JobQueue[ContextTypes.DEFAULT_TYPE],
]
"""The Application as bot.app builds it; every module that holds the app names this type."""


def services(context: ContextTypes.DEFAULT_TYPE) -> Services:
    """The use-case dependencies stored by the composition root."""
    svc = context.bot_data["services"]
    assert isinstance(svc, Services)  # set once by bot.app.build_application
    return svc


def sender(update: Update) -> tuple[int, str]:
    """Telegram id and first name of whoever sent the update."""
    user = update.effective_user
    assert user is not None  # every handler is limited to private chats
    return user.id, user.first_name or ""


def callback_ints(data: str | None, prefix: str) -> list[int] | None:
    """The integer fields after ``prefix:`` in callback data, or None if it does not fit."""
    if not data or not data.startswith(prefix + ":"):
        return None
    try:
        return [int(part) for part in data[len(prefix) + 1 :].split(":")]
    except ValueError:
        return None


def keyboard(rows: list[list[tuple[str, str]]]) -> InlineKeyboardMarkup:
    """An inline keyboard from rows of (label, callback data)."""
    return InlineKeyboardMarkup(
        [[InlineKeyboardButton(label, callback_data=data) for label, data in row] for row in rows]
    )


async def reply(update: Update, text: str, markup: InlineKeyboardMarkup | None = None) -> None:
    """Answer in the chat the update came from."""
    chat = update.effective_chat
    if chat is not None:
        await chat.send_message(text, reply_markup=markup)


async def answer_forged(update: Update, what: str) -> None:
    """Refuse a button that names something not owned by the presser, and log it."""
    user_id, _ = sender(update)
    log.warning("refused %r from user %s: not theirs or gone", what, user_id)
    query = update.callback_query
    if query is not None:
        await query.answer()


async def send_file(update: Update, data: bytes, filename: str, caption: str) -> None:
    """Send ``data`` as a document into the chat the update came from."""
    chat = update.effective_chat
    assert chat is not None
    await chat.send_document(InputFile(BytesIO(data), filename=filename), caption=caption)


async def send_eml(update: Update, draft: Draft, caption: str) -> None:
    """A draft as an .eml file that mail clients open as an editable draft (X-Unsent)."""
    await send_file(
        update,
        build_eml(draft.subject, draft.body, to=draft.to),
        eml_filename(draft.subject, draft.client_name),
        caption,
    )
