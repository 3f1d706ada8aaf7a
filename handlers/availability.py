"""/erreichbarkeit: ask working days and hours, reply time and emergencies; draft the agreement."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.domain.availability import clean_phone, needs_phone, parse_days, parse_hours
from bot.domain.questions import AvailabilityStep, QuestionKind
from bot.services import availability as av_service
from handlers import questions
from handlers.common import NEW_MESSAGE, keyboard, reply, send_eml, sender, services
from messages_de import availability as texts
from messages_de.html_chunks import html_chunks

CHOICES = {
    "days": texts.DAY_CHOICES,
    "hours": texts.HOUR_CHOICES,
    "reply": texts.REPLY_CHOICES,
    "emergency": texts.EMERGENCY_CHOICES,
    "phone": (),
    "definition": texts.DEFINITION_CHOICES,
}
MAX_ANSWER = 200


async def erreichbarkeit(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Show the current availability with buttons to change it or draft the agreement."""
    telegram_id, first_name = sender(update)
    av = await av_service.current(services(context), telegram_id, first_name)
    buttons = keyboard([[(texts.BTN_CHANGE, "av:edit"), (texts.BTN_AGREEMENT, "av:draft")]])
    await reply(update, texts.summary(av), buttons)


async def _ask(update: Update, context: ContextTypes.DEFAULT_TYPE, step: str) -> None:
    await av_service.ask(services(context), sender(update)[0], step)
    rows = [[(label, f"av:pick:{step}:{i}")] for i, label in enumerate(CHOICES[step])]
    await reply(update, texts.QUESTIONS[step], keyboard(rows))


async def _agreement(
    update: Update, context: ContextTypes.DEFAULT_TYPE, head: str = "", client_id: int | None = None
) -> None:
    """The agreement for one client; with several clients and none chosen, ask which."""
    telegram_id, first_name = sender(update)
    svc = services(context)
    if client_id is None:
        clients = await av_service.clients_for_agreement(svc, telegram_id)
        if len(clients) > 1:
            rows = [[(c.name[:40], f"av:for:{c.id}")] for c in clients]
            await reply(
                update,
                f"{head}\n\n{texts.WHICH_CLIENT}" if head else texts.WHICH_CLIENT,
                keyboard(rows),
            )
            return
        client_id = clients[0].id if clients else 0
    draft = await av_service.agreement(svc, telegram_id, first_name, client_id or None)
    if draft is None:
        await reply(update, texts.CLIENT_GONE)
        return
    parts = html_chunks(draft.body, head=head) if head else html_chunks(draft.body)
    for i, part in enumerate(parts):
        last = i == len(parts) - 1
        markup = keyboard([[(texts.BTN_EML, f"av:eml:{client_id}")]]) if last else None
        await reply(update, part, markup)


async def _apply(
    update: Update, context: ContextTypes.DEFAULT_TYPE, step: str, answer: str
) -> None:
    """Store one answer and go to the next question (or finish)."""
    svc, telegram_id = services(context), sender(update)[0]
    if step == "days":
        days = parse_days(answer)
        if days is None:
            await reply(update, texts.BAD_DAYS)
            return
        await av_service.save(svc, telegram_id, days=days)
        await _ask(update, context, "hours")
    elif step == "hours":
        hours = parse_hours(answer)
        if hours is None:
            await reply(update, texts.BAD_HOURS)
            return
        await av_service.save(svc, telegram_id, hours=hours)
        await _ask(update, context, "reply")
    elif step == "reply":
        await av_service.save(svc, telegram_id, reply_within=answer)
        await _ask(update, context, "emergency")
    elif step == "emergency" and answer == texts.EMERGENCY_CHOICES[0]:
        await av_service.save(svc, telegram_id, no_emergency=True)
        await _finish(update, context)
    elif step == "emergency":
        await av_service.save(svc, telegram_id, emergency_channel=answer)
        await _ask(update, context, "phone" if needs_phone(answer) else "definition")
    elif step == "phone":
        phone = clean_phone(answer)
        if phone is None:
            await reply(update, texts.BAD_PHONE)
            return
        await av_service.save(svc, telegram_id, emergency_phone=phone)
        await _ask(update, context, "definition")
    else:
        await av_service.save(svc, telegram_id, emergency_definition=answer)
        await _finish(update, context)


async def _finish(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await av_service.ask(services(context), sender(update)[0], None)
    await _agreement(update, context, head=texts.DONE)


@questions.answers(QuestionKind.AVAILABILITY)
async def answer_text(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: AvailabilityStep, text: str
) -> bool:
    """A typed answer to the step the dialogue asked."""
    if len(text) > MAX_ANSWER:
        await reply(update, texts.TOO_LONG)
        return True
    await _apply(update, context, question.step, text.strip())
    return True


async def button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Buttons of the dialogue: change, draft, .eml, or one of the offered answers."""
    query = update.callback_query
    assert query is not None and query.data is not None
    await query.answer()
    parts = query.data.split(":")
    if parts[1] == "edit":
        await _ask(update, context, "days")
    elif parts[1] == "draft":
        await _agreement(update, context)
    elif parts[1] == "for" and len(parts) == 3 and parts[2].isdigit():
        await _agreement(update, context, client_id=int(parts[2]))
    elif parts[1] == "eml":
        telegram_id, first_name = sender(update)
        client_id = int(parts[2]) if len(parts) == 3 and parts[2].isdigit() else 0
        draft = await av_service.agreement(
            services(context), telegram_id, first_name, client_id or None
        )
        if draft is None:
            await reply(update, texts.CLIENT_GONE)
            return
        await send_eml(update, draft, texts.EML_CAPTION)
    elif parts[1] == "pick" and len(parts) == 4 and parts[2] in CHOICES and parts[3].isdigit():
        options = CHOICES[parts[2]]
        if int(parts[3]) < len(options):
            await _apply(update, context, parts[2], options[int(parts[3])])


HANDLERS = [
    CommandHandler("erreichbarkeit", erreichbarkeit, filters=NEW_MESSAGE),
    CallbackQueryHandler(button, pattern=r"^av:"),
]
