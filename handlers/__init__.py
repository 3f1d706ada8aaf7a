"""Telegram glue. ``register`` adds every handler in one ordered list."""

from __future__ import annotations

from typing import Any

from telegram.ext import BaseHandler, ContextTypes

from handlers import (
    absences,
    availability,
    clients,
    contacts,
    data_control,
    deadlines,
    errors,
    misc,
    notes,
    nudge_settings,
    nudges,
    start,
    updates,
    week,
)
from handlers.common import BotApp


def all_handlers() -> list[BaseHandler[Any, ContextTypes.DEFAULT_TYPE, Any]]:
    """Commands and buttons first, then plain text, then the fallbacks."""
    return [
        *start.HANDLERS,
        *clients.HANDLERS,
        *contacts.HANDLERS,
        *week.HANDLERS,
        *updates.HANDLERS,
        *availability.HANDLERS,
        *absences.HANDLERS,
        *nudges.HANDLERS,
        *nudge_settings.HANDLERS,
        *data_control.HANDLERS,
        *deadlines.HANDLERS,
        *misc.HANDLERS,
        *notes.HANDLERS,
        *misc.FALLBACKS,
    ]


def register(app: BotApp) -> None:
    """Attach all handlers and the error handler to ``app``."""
    app.add_handler(start.INTERRUPT, group=-1)
    app.add_handlers(all_handlers())
    app.add_error_handler(errors.on_error)
