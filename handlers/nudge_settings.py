"""Nudge settings: /erinnerung, /frischerblick, /pause, /weiter, /naechste and their buttons.

The student's own controls over when and how often nudges come; the dispatcher that sends
them lives in handlers/nudges.py.
"""

from __future__ import annotations

import re
from datetime import time

from telegram import InlineKeyboardMarkup, Update
from telegram.ext import (
    CallbackQueryHandler,
    CommandHandler,
    ContextTypes,
    MessageHandler,
    filters,
)

from bot.domain.dates import DateCheck, check_date, latest_date, parse_due_date, passed_this_year
from bot.domain.questions import CommandArgument, QuestionKind
from bot.domain.schedules import local_date
from bot.domain.time_zones import resolve_zone, suggest_zones
from bot.services import nudges as nudge_service
from bot.services import students
from handlers import questions
from handlers.common import (
    NEW_MESSAGE,
    callback_ints,
    keyboard,
    reply,
    sender,
    services,
)
from messages_de import nudges as texts
from messages_de.formats import WEEKDAY_ABBR, clock

FRESH_CHOICES = (2, 3, 4)
REMINDER_TIMES = (time(12, 0), time(15, 0), time(16, 0), time(17, 0))
_REMINDER_ARGS = re.compile(
    r"^(?P<day>[a-zäöü]{2,10})\.?\s+(?P<h>\d{1,2})[:.](?P<m>\d{2})(?:\s+(?P<tz>[\w/+-]+))?$",
    re.IGNORECASE,
)


def parse_reminder_args(text: str) -> tuple[int, time, str | None] | None:
    """``Fr 16:30`` or ``Freitag 16.30 Europe/Berlin`` → (weekday, time, zone)."""
    match = _REMINDER_ARGS.match(text.strip())
    if match is None:
        return None
    day = match.group("day")[:2].casefold()
    abbrs = [a.casefold() for a in WEEKDAY_ABBR]
    hour, minute = int(match.group("h")), int(match.group("m"))
    if day not in abbrs or hour > 23 or minute > 59:
        return None
    return abbrs.index(day), time(hour, minute), match.group("tz")


def _reminder_keyboard(followups: bool) -> InlineKeyboardMarkup:
    days = [(WEEKDAY_ABBR[d], f"er:d:{d}") for d in range(5)]
    times = [(clock(t), f"er:t:{i}") for i, t in enumerate(REMINDER_TIMES)]
    return keyboard(
        [days, times, [(texts.BTN_TIMEZONE, "set:tz"), (texts.btn_followups(followups), "er:f")]]
    )


async def _show_reminder(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    student, _ = await students.register(services(context), *sender(update))
    text = texts.reminder_settings(
        student.reminder_weekday, clock(student.reminder_time), student.timezone, student.followups
    )
    await reply(update, text, _reminder_keyboard(student.followups))
    await _ask(update, context, "erinnerung")


async def _ask(update: Update, context: ContextTypes.DEFAULT_TYPE, command: str) -> None:
    """The next text (within 30 minutes) may be the argument of ``/command``."""
    await nudge_service.ask_command(services(context), sender(update)[0], command)


@questions.answers(QuestionKind.COMMAND_ARGUMENT)
async def answer_question(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: CommandArgument, text: str
) -> bool:
    """A text after the bot asked for a command's argument: ``Donnerstag 17:30`` after the
    /erinnerung menu, ``bis 15.1.`` after a refused /pause, ``4`` after /frischerblick.

    Returns False when the text does not answer it (the caller stores it as a note)."""
    svc = services(context)
    command = await nudge_service.end_command_question(svc, sender(update)[0], question)
    arg = text.strip().removeprefix(f"/{command}").strip() if command else ""
    if command == "erinnerung" and (parsed := parse_reminder_args(arg)) is not None:
        await _set_reminder(update, context, parsed)
        return True
    if command == "pause" and parse_due_date(arg, local_date(svc.clock(), "UTC")):
        await _pause(update, context, arg)
        return True
    if command == "frischerblick" and _fresh_weeks(arg) >= 0:
        await _set_fresh(update, context, arg)
        return True
    return False


async def _set_reminder(
    update: Update, context: ContextTypes.DEFAULT_TYPE, parsed: tuple[int, time, str | None]
) -> None:
    """Store day, time and (known) zone, then show the settings; an unknown zone is asked."""
    day, at, typed = parsed
    zone = resolve_zone(typed) if typed is not None else None
    if typed is not None and zone is None:
        await reply(update, texts.unknown_zone(typed, suggest_zones(typed)))
        await _ask(update, context, "erinnerung")
        return
    await students.change_settings(
        services(context), *sender(update), reminder_weekday=day, reminder_time=at, timezone=zone
    )
    await _show_reminder(update, context)


async def erinnerung(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/erinnerung [TAG HH:MM [ZONE]]: show or set the weekly reminder."""
    if context.args:
        parsed = parse_reminder_args(" ".join(context.args))
        if parsed is None:
            await reply(update, texts.REMINDER_BAD)
            await _ask(update, context, "erinnerung")
            return
        await _set_reminder(update, context, parsed)
        return
    await _show_reminder(update, context)


async def reminder_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Day, time and follow-up buttons of /erinnerung."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    svc, who = services(context), sender(update)
    kind, _, value = query.data.removeprefix("er:").partition(":")
    if kind == "d" and value.isdigit() and int(value) < 7:
        await students.change_settings(svc, *who, reminder_weekday=int(value))
    elif kind == "t" and value.isdigit() and int(value) < len(REMINDER_TIMES):
        await students.change_settings(svc, *who, reminder_time=REMINDER_TIMES[int(value)])
    elif kind == "f":
        student, _ = await students.register(svc, *who)
        await nudge_service.set_followups(svc, who[0], not student.followups)
    await _show_reminder(update, context)


async def frischerblick(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/frischerblick [WOCHEN|aus]: interval of the fresh-eyes prompts."""
    svc, who = services(context), sender(update)
    arg = " ".join(context.args or []).strip().casefold()
    if not arg:
        student, _ = await students.register(svc, *who)
        buttons = keyboard(
            [
                [(texts.btn_weeks(n), f"fb:{n}") for n in FRESH_CHOICES],
                [(texts.BTN_FRESH_OFF, "fb:0")],
            ]
        )
        await reply(update, texts.fresh_settings(student.fresh_eyes_weeks), buttons)
        return
    await _set_fresh(update, context, arg)


def _fresh_weeks(arg: str) -> int:
    """Weeks from ``4`` or ``aus``; -1 when it is neither (or above 12)."""
    arg = arg.strip().casefold()
    weeks = 0 if arg in {"aus", "off", "0"} else int(arg) if arg.isdigit() else -1
    return weeks if 0 <= weeks <= 12 else -1


async def _set_fresh(update: Update, context: ContextTypes.DEFAULT_TYPE, arg: str) -> None:
    weeks = _fresh_weeks(arg)
    if weeks < 0:
        await reply(update, texts.FRESH_BAD)
        await _ask(update, context, "frischerblick")
        return
    await nudge_service.set_fresh_eyes(services(context), *sender(update), weeks)
    await reply(update, texts.fresh_settings(weeks))


async def fresh_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Interval buttons of /frischerblick."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    fields = callback_ints(query.data, "fb")
    weeks = fields[0] if fields and 0 <= fields[0] <= 12 else 3
    await nudge_service.set_fresh_eyes(services(context), *sender(update), weeks)
    await reply(update, texts.fresh_settings(weeks))


RECENTLY_PASSED_DAYS = 31  # "/pause bis 1.12." on 2 Dec: a slip, not a pause of a year


async def pause(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/pause [bis DATUM]: no nudges until then (or until /weiter).

    A day and month without a year that passed this year less than a month ago would mean
    a pause of about a year: refused with the dated way to write it. Older ones (``15.1.``
    typed in December) are taken and confirmed with their year. A refused date asks again:
    the next text may be the date."""
    await _pause(update, context, " ".join(context.args or []).strip())


async def _pause(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    svc, who = services(context), sender(update)
    until = today = None
    if text:
        student, _ = await students.register(svc, *who)
        today = local_date(svc.clock(), student.timezone)
        until = parse_due_date(text, today)
        refusal = None
        if until is None:
            refusal = texts.PAUSE_BAD_DATE
        elif (check := check_date(until, today)) is DateCheck.PAST:
            refusal = texts.PAUSE_PAST
        elif check is DateCheck.TOO_FAR:
            refusal = texts.pause_too_far(latest_date(today))
        elif (earlier := passed_this_year(text, today)) is not None and (
            today - earlier
        ).days <= RECENTLY_PASSED_DAYS:
            refusal = texts.pause_which_year(earlier, until, today)
        if refusal is not None:
            await reply(update, refusal)
            await _ask(update, context, "pause")
            return
    paused_until = await nudge_service.pause(svc, *who, until)
    await reply(update, texts.paused(paused_until, until is None, today))


async def weiter(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/weiter: end the pause now."""
    was_paused = await nudge_service.resume(services(context), *sender(update))
    await reply(update, texts.RESUMED if was_paused else texts.NOT_PAUSED)


async def naechste(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/naechste (/nächste): the student's upcoming nudges with local times."""
    svc = services(context)
    student, items = await nudge_service.upcoming(svc, sender(update)[0])
    rows = [(i.kind, i.due_local, i.client_name) for i in items]
    today = local_date(svc.clock(), student.timezone) if student else None
    await reply(update, texts.upcoming(rows, student.paused_until if student else None, today))


HANDLERS = [
    CommandHandler("erinnerung", erinnerung, filters=NEW_MESSAGE),
    CommandHandler("frischerblick", frischerblick, filters=NEW_MESSAGE),
    CommandHandler("pause", pause, filters=NEW_MESSAGE),
    CommandHandler("weiter", weiter, filters=NEW_MESSAGE),
    CommandHandler("naechste", naechste, filters=NEW_MESSAGE),
    MessageHandler(NEW_MESSAGE & filters.Regex(r"^/nächste(@\w+)?(\s|$)"), naechste),
    CallbackQueryHandler(reminder_button, pattern=r"^er:"),
    CallbackQueryHandler(fresh_button, pattern=r"^fb:"),
]
