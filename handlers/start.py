"""/start with the settings buttons (time zone, reminder slot)."""

from __future__ import annotations

from datetime import time

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes, MessageHandler, filters

from bot.services import students
from handlers.common import NEW_MESSAGE, callback_ints, keyboard, reply, sender, services
from messages_de import chat

TIMEZONES = ("Europe/Zurich", "Europe/Berlin", "Europe/Vienna", "Europe/London", "America/New_York")
REMINDER_SLOTS = ((4, time(12, 0)), (4, time(15, 0)), (4, time(16, 30)), (3, time(16, 0)))


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Register the student (or greet them again) and offer the settings."""
    student, created = await students.register(services(context), *sender(update))
    buttons = keyboard([[(chat.BTN_TIMEZONE, "set:tz"), (chat.BTN_REMINDER, "set:rem")]])
    await reply(update, chat.welcome(student, created), buttons)


async def settings_menu(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the choices for time zone or reminder slot."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    if query.data == "set:tz":
        rows = [[(tz, f"tz:{i}")] for i, tz in enumerate(TIMEZONES)]
        await reply(update, chat.CHOOSE_TIMEZONE, keyboard(rows))
    else:
        rows = [
            [(chat.btn_reminder_slot(day, at), f"rem:{i}")]
            for i, (day, at) in enumerate(REMINDER_SLOTS)
        ]
        await reply(update, chat.CHOOSE_REMINDER, keyboard(rows))


async def set_timezone(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Store the chosen time zone."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    fields = callback_ints(query.data, "tz")
    if not fields or not 0 <= fields[0] < len(TIMEZONES):
        await reply(update, chat.STALE_BUTTON)
        return
    tz = TIMEZONES[fields[0]]
    await students.change_settings(services(context), *sender(update), timezone=tz)
    await reply(update, chat.timezone_set(tz))


async def set_reminder(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Store the chosen reminder slot."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    fields = callback_ints(query.data, "rem")
    if not fields or not 0 <= fields[0] < len(REMINDER_SLOTS):
        await reply(update, chat.STALE_BUTTON)
        return
    day, at = REMINDER_SLOTS[fields[0]]
    await students.change_settings(
        services(context), *sender(update), reminder_weekday=day, reminder_time=at
    )
    await reply(update, chat.reminder_set(day, at))


async def interrupt(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Any command ends an open question (rename, availability dialogue)."""
    await students.interrupt(services(context), sender(update)[0])


INTERRUPT = MessageHandler(NEW_MESSAGE & filters.COMMAND, interrupt)

HANDLERS = [
    CommandHandler("start", start, filters=NEW_MESSAGE),
    CallbackQueryHandler(settings_menu, pattern=r"^set:(tz|rem)$"),
    CallbackQueryHandler(set_timezone, pattern=r"^tz:"),
    CallbackQueryHandler(set_reminder, pattern=r"^rem:"),
]
