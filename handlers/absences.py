"""/abwesend: absences (holidays, exams) – listed in the agreement, nudges paused."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CommandHandler, ContextTypes

from bot.services import absences as absence_service
from bot.services.absences import AbsenceOutcome, AbsenceResult
from handlers import callback_data as cd
from handlers.buttons import on_press
from handlers.common import (
    NEW_MESSAGE,
    keyboard,
    reply,
    sender,
    services,
)
from messages_de import availability as texts


async def render(update: Update, outcome: AbsenceOutcome) -> None:
    """The absences with a delete button each, or what went wrong."""
    match outcome.result:
        case AbsenceResult.PROBLEM if outcome.problem is not None:
            await reply(update, texts.ABSENCE_PROBLEMS[outcome.problem])
        case AbsenceResult.TOO_MANY:
            await reply(update, texts.ABSENCE_TOO_MANY)
        case AbsenceResult.NOT_FOUND:
            await reply(update, texts.ABSENCE_GONE)
        case _:
            rows = [
                [
                    (
                        texts.BTN_REMOVE_ABSENCE.format(period=texts.absence_period(a))[:60],
                        cd.AbsenceRemoved(a.id or 0).encode(),
                    )
                ]
                for a in outcome.absences
            ]
            await reply(update, texts.absences(outcome.absences, outcome.added), keyboard(rows))


async def abwesend(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/abwesend [20.12.–3.1. Ferien]: add an absence, or list them."""
    message = update.effective_message
    assert message is not None and message.text is not None
    _, _, text = message.text.partition(" ")
    telegram_id, first_name = sender(update)
    outcome = await absence_service.add_or_list(services(context), telegram_id, first_name, text)
    await render(update, outcome)


async def remove_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.AbsenceRemoved
) -> bool:
    """Delete one absence."""
    outcome = await absence_service.remove(services(context), sender(update)[0], pressed.absence_id)
    if outcome.result is AbsenceResult.NOT_FOUND:
        return False
    await render(update, outcome)
    return True


async def kanton(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/kanton [BE]: show or set the canton of the public holidays."""
    telegram_id, first_name = sender(update)
    text = " ".join(context.args or [])
    canton, ok = await absence_service.set_canton(services(context), telegram_id, first_name, text)
    await reply(update, texts.canton(canton, changed=bool(text) and ok, known=ok))


HANDLERS = [
    CommandHandler("kanton", kanton, filters=NEW_MESSAGE),
    CommandHandler("abwesend", abwesend, filters=NEW_MESSAGE),
    on_press(cd.AbsenceRemoved, remove_pressed, gone=texts.ABSENCE_GONE),
]
