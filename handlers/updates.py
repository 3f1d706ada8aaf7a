"""/update drafts with "Als E-Mail-Datei" and "Gesendet ✓", and /statistik."""

from __future__ import annotations

from telegram import Update
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

from bot.domain.questions import QuestionKind, Signature
from bot.services import updates as update_service
from bot.services.updates import DraftStatus, ReportStatus, SignatureResult
from handlers import callback_data as cd
from handlers import questions
from handlers.buttons import on_press
from handlers.common import (
    NEW_MESSAGE,
    keyboard,
    reply,
    send_eml,
    send_file,
    sender,
    services,
)
from messages_de import time_report as report_texts
from messages_de import updates as texts
from messages_de.formats import duration
from messages_de.html_chunks import esc
from messages_de.weekly_update import empty_week_reply

MAX_RESOLVE_BUTTONS = 8  # the oldest open points; the rest via the notes' own buttons


async def send_drafts(
    update: Update,
    context: ContextTypes.DEFAULT_TYPE,
    args: str | None,
    *,
    signature_checked: bool = False,
) -> None:
    """Draft the chosen week's updates and post them, one client after the other."""
    telegram_id, _ = sender(update)
    result = await update_service.draft_updates(
        services(context), telegram_id, args, signature_checked=signature_checked
    )
    match result.status:
        case DraftStatus.NEEDS_SIGNATURE:
            name = result.first_name.strip()
            button = [[(texts.btn_signature_name(name), "sig:name")]] if name else []
            await reply(update, texts.ASK_SIGNATURE, keyboard(button) if button else None)
            return
        case DraftStatus.BAD_WEEK:
            await reply(update, texts.BAD_WEEK)
            return
        case DraftStatus.UNKNOWN_CLIENT:
            await reply(update, texts.unknown_client(args or ""))
            return
        case DraftStatus.EMPTY:
            await reply(update, esc(empty_week_reply(result.week, result.client)))
    week = result.week
    for draft in result.drafts:
        key = (draft.client_id or 0, week.iso_year, week.number)
        rows = [
            [
                (texts.BTN_EML, cd.DraftEml(*key).encode()),
                (texts.BTN_SENT, cd.DraftSent(*key).encode()),
            ]
        ]
        rows += [
            [(texts.btn_resolve(text), cd.PointResolved(note_id).encode())]
            for note_id, text in draft.open_points[:MAX_RESOLVE_BUTTONS]
        ]
        parts = texts.draft_messages(draft)
        for i, part in enumerate(parts):
            await reply(update, part, keyboard(rows) if i == len(parts) - 1 else None)
    if result.unassigned:
        await reply(update, texts.unassigned_notes(result.unassigned))


async def update_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/update [Kunde] [letzte | KW 48]: the "Wöchentliches Update" drafts of a week."""
    await send_drafts(update, context, " ".join(context.args or []) or None)


async def signatur(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/signatur TEXT sets the sign-off of client texts; alone it shows it and asks."""
    message = update.effective_message
    assert message is not None and message.text is not None
    telegram_id, first_name = sender(update)
    _, _, text = message.text.partition(" ")
    svc = services(context)
    if not text.strip():
        current = await update_service.current_signature(svc, telegram_id)
        await update_service.ask_signature(svc, telegram_id, first_name)
        await reply(update, texts.signature_prompt(current))
        return
    await answer_signature(update, context, text)


@questions.answers(QuestionKind.SIGNATURE)
async def signature_answered(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: Signature, text: str
) -> bool:
    """The signature, typed after /signatur or the first /update asked for it."""
    await answer_signature(update, context, text)
    return True


async def answer_signature(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str) -> None:
    """Store the signature; drafts that were waiting for it follow."""
    telegram_id, first_name = sender(update)
    result, waiting = await update_service.set_signature(
        services(context), telegram_id, first_name, text
    )
    if result is not SignatureResult.SAVED:
        await reply(
            update,
            texts.SIGNATURE_TOO_LONG
            if result is SignatureResult.TOO_LONG
            else texts.SIGNATURE_EMPTY,
        )
        return
    await reply(update, texts.signature_saved(text.strip()))
    if waiting is not None and waiting.then_drafts:
        await send_drafts(update, context, waiting.args or None, signature_checked=True)


async def signature_name_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Sign with the Telegram first name for now."""
    query = update.callback_query
    assert query is not None
    await query.answer()
    _, first_name = sender(update)
    await answer_signature(update, context, first_name)


async def resolve_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.PointResolved
) -> bool:
    """Mark an open point (blocker, question, #plan) as settled: it leaves the drafts."""
    done = await update_service.resolve_point(services(context), sender(update)[0], pressed.note_id)
    if done is None:
        return False
    await reply(update, texts.point_resolved(done.note, done.newly))
    return True


async def eml_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.DraftEml
) -> bool:
    """Send the draft as an .eml file that mail clients open as an editable draft."""
    draft = await update_service.draft_for(
        services(context), sender(update)[0], pressed.client_id, pressed.iso_year, pressed.iso_week
    )
    if draft is None:
        return False
    await send_eml(update, draft, texts.EML_CAPTION if draft.to else texts.EML_CAPTION_NO_ADDRESS)
    return True


async def sent_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.DraftSent
) -> bool:
    """Mark this client's update for that week as sent (idempotent)."""
    mark = await update_service.mark_sent(
        services(context), sender(update)[0], pressed.client_id, pressed.iso_year, pressed.iso_week
    )
    if mark is None:
        return False
    name = mark.client.name if mark.client else None
    await reply(update, texts.sent_marked(name, mark.week, mark.newly))
    return True


async def statistik(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/statistik: per client the streak of sent weekly updates."""
    telegram_id, _ = sender(update)
    week, rows = await update_service.statistics(services(context), telegram_id)
    data = [(r.client.name if r.client else None, r.streak, r.sent_this_week) for r in rows]
    await reply(update, texts.statistics(week, data))


HANDLERS = [
    CommandHandler("update", update_command, filters=NEW_MESSAGE),
    CommandHandler("statistik", statistik, filters=NEW_MESSAGE),
    CommandHandler("signatur", signatur, filters=NEW_MESSAGE),
    CallbackQueryHandler(signature_name_pressed, pattern=r"^sig:name$"),
    on_press(cd.PointResolved, resolve_pressed, gone=texts.POINT_GONE),
    on_press(cd.DraftEml, eml_pressed, gone=texts.DRAFT_GONE),
    on_press(cd.DraftSent, sent_pressed, gone=texts.DRAFT_GONE),
]


async def stunden(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/stunden [Kunde] [Monat]: the time report for invoicing, as a CSV file."""
    telegram_id, _ = sender(update)
    args = " ".join(context.args or [])
    report = await update_service.time_report(services(context), telegram_id, args)
    month_name = report_texts.MONTH_NAMES[report.month.month - 1]
    client = report.client.name if report.client else None
    match report.status:
        case ReportStatus.UNKNOWN_CLIENT:
            await reply(update, report_texts.USAGE_UNKNOWN.format(name=esc(args)))
        case ReportStatus.EMPTY:
            await reply(
                update,
                report_texts.empty(esc(client) if client else None, month_name, report.month.year),
            )
        case _:
            caption = report_texts.caption(
                client, month_name, report.month.year, report.minutes, duration(report.minutes)
            )
            await send_file(update, report.data, report.filename, caption)


HANDLERS.append(CommandHandler("stunden", stunden, filters=NEW_MESSAGE))
