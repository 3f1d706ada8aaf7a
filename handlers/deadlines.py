"""/deadline, /deadlines, /kalender and their buttons: buffer, calendar, done, slip, promises.

The buttons' data are the typed classes of handlers/callback_data.py; each is registered with
``on_press`` (handlers/buttons.py), which decodes it and checks the owner before the handler.
"""

from __future__ import annotations

import re
from datetime import date
from typing import assert_never

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CommandHandler, ContextTypes

from bot.domain.dates import latest_date
from bot.domain.deadlines import days_left, deadline_state, month_grid, shift_month
from bot.domain.models import Deadline
from bot.domain.questions import (
    DeadlineClient,
    DeadlineDate,
    DeadlineTitle,
    QuestionKind,
    SlipEstimate,
    SlipReason,
)
from bot.services import deadlines as dl
from bot.services.deadlines import (
    Dialogue,
    SlipAlready,
    SlipAskEstimate,
    SlipAskReason,
    SlipBadDate,
    SlipConfirmed,
    SlipFarDate,
    SlipGone,
    SlipNotNeeded,
    SlipOutcome,
    SlipPastDate,
    SlipProposed,
    SlipReasonEmpty,
    SlipReasonTooLong,
    Step,
)
from handlers import callback_data as cd
from handlers import questions
from handlers.buttons import on_press
from handlers.callback_data import CAL_NEW, CAL_SLIP, VIEW_CARD, VIEW_CONFIRM
from handlers.common import (
    NEW_MESSAGE,
    keyboard,
    reply,
    send_eml,
    send_file,
    sender,
    services,
)
from messages_de import deadlines as texts
from messages_de.chat import clip

BLANK = cd.CalendarBlank().encode()
BUFFER_CHOICES = (1, 2, 3, 5, 7)
SLIP_CHOICES = (1, 2, 3, 5, 7)
MONTHS_AHEAD = 24
PAGE_SIZE = 10  # cards per /deadlines message page
CLIENT_CHOICES = 30  # client buttons under the client question (Telegram allows about 100)
_COMMAND = re.compile(r"^/\S+\s*")

Rows = list[list[tuple[str, str]]]


# --- keyboards ---------------------------------------------------------------------------------


def buffer_rows(deadline: Deadline, view: int) -> Rows:
    """One row of buffer choices (the current one ticked); the card view adds "zurück"."""
    values = sorted({*BUFFER_CHOICES, deadline.buffer_days})
    rows = [
        [
            (
                texts.btn_buffer(n, n == deadline.buffer_days),
                cd.BufferChosen(deadline.id, n, view).encode(),
            )
            for n in values
        ]
    ]
    if view == VIEW_CARD:
        rows.append([(texts.BTN_BACK, cd.CardBack(deadline.id).encode())])
    return rows


def card_rows(deadline: Deadline) -> Rows:
    return [
        [
            (texts.BTN_DONE, cd.DeadlineDone(deadline.id).encode()),
            (texts.BTN_SLIP, cd.SlipStarted(deadline.id).encode()),
        ],
        [
            (texts.BTN_BUFFER, cd.BufferMenu(deadline.id).encode()),
            (texts.BTN_DELETE, cd.DeleteAsked(deadline.id).encode()),
        ],
    ]


def calendar_markup(purpose: int, ident: int, month: date, today: date) -> InlineKeyboardMarkup:
    """Month view: ‹ Monat Jahr ›, weekday names, then one row per week; past days inert."""
    first_allowed = today.replace(day=1)
    last_allowed = shift_month(today, MONTHS_AHEAD)
    month = min(max(month.replace(day=1), first_allowed), last_allowed)
    prev_month, next_month = shift_month(month, -1), shift_month(month, 1)
    blank = (texts.BTN_BLANK, BLANK)
    rows: Rows = [
        [
            (texts.BTN_PREV, cd.CalendarMonth(purpose, ident, int(f"{prev_month:%Y%m}")).encode())
            if prev_month >= first_allowed
            else blank,
            (texts.month_label(month), BLANK),
            (texts.BTN_NEXT, cd.CalendarMonth(purpose, ident, int(f"{next_month:%Y%m}")).encode())
            if next_month <= last_allowed
            else blank,
        ],
        [(name, BLANK) for name in texts.WEEKDAYS_ROW],
    ]
    for week in month_grid(month.year, month.month, today):
        rows.append(
            [
                (str(d.day), cd.CalendarDay(purpose, ident, int(f"{d:%Y%m%d}")).encode())
                if d
                else blank
                for d in week
            ]
        )
    return keyboard(rows)


def _client_rows(outcome: Dialogue) -> Rows:
    shown = outcome.clients[:CLIENT_CHOICES]  # more: the name can be typed
    rows = [
        [(clip(c.name, 40), cd.DeadlineClientChosen(outcome.draft_id, c.id).encode())]
        for c in shown
    ]
    rows.append([(texts.BTN_NO_CLIENT, cd.DeadlineClientChosen(outcome.draft_id, 0).encode())])
    return rows


def _slip_rows(outcome: SlipProposed) -> Rows:
    ident = outcome.view.deadline.id
    current = outcome.buffer_days
    values = sorted({*SLIP_CHOICES, current})
    return [
        [
            (texts.btn_slip_buffer(n, n == current), cd.SlipBuffer(ident, n).encode())
            for n in values
        ],
        *(
            [(texts.btn_link_note(n.text), cd.SlipNoteLinked(ident, n.id).encode())]
            for n in outcome.candidates
        ),
        [
            (texts.BTN_EML, cd.SlipEml(ident).encode()),
            (texts.BTN_CONFIRM, cd.SlipConfirmed(ident).encode()),
        ],
    ]


# --- small helpers -----------------------------------------------------------------------------


async def _edit(update: Update, text: str, markup: InlineKeyboardMarkup | None) -> None:
    """Edit the message under the pressed button; "not modified" is no error."""
    query = update.callback_query
    assert query is not None
    try:
        await query.edit_message_text(text, reply_markup=markup)
    except BadRequest as exc:
        if "not modified" not in str(exc).lower():
            raise


# --- rendering service outcomes ----------------------------------------------------------------


async def show_dialogue(
    update: Update, outcome: Dialogue, *, again: bool = False, edit: bool = False
) -> None:
    """Ask the next question of the /deadline dialogue, or confirm the saved deadline.

    ``edit``: a calendar day was refused (past): the calendar message shows the question again.
    """
    match outcome.step:
        case Step.CLIENT:
            text = texts.ASK_CLIENT_AGAIN if again else texts.ASK_CLIENT
            rows = _client_rows(outcome)
            if (gone := outcome.archived) is not None:
                text = texts.ask_client_archived(gone.name)
                rows.insert(
                    0,
                    [
                        (
                            texts.btn_reactivate(gone.name),
                            cd.DeadlineClientReactivated(outcome.draft_id, gone.id).encode(),
                        )
                    ],
                )
            elif outcome.unknown:
                text = texts.ask_client_unknown(outcome.unknown)
            await reply(update, text, keyboard(rows))
        case Step.TITLE:
            await reply(update, texts.ASK_TITLE)
        case Step.DATE:
            if outcome.bad_date:
                text = texts.bad_date(outcome.bad_date)
            elif outcome.past_date:
                text = texts.past_date(outcome.past_date, outcome.today)
            elif outcome.far_date:
                text = texts.far_date(outcome.far_date, latest_date(outcome.today))
            else:
                text = texts.ask_date(outcome.title)
            markup = calendar_markup(CAL_NEW, outcome.draft_id, outcome.today, outcome.today)
            await (_edit if edit else reply)(update, text, markup)
        case Step.SAVED:
            assert outcome.view is not None
            deadline = outcome.view.deadline
            await reply(
                update,
                texts.created(deadline, outcome.view.client, outcome.today),
                keyboard(buffer_rows(deadline, VIEW_CONFIRM)),
            )
        case Step.FULL:
            await reply(update, texts.too_many_deadlines(dl.MAX_OPEN_DEADLINES))
        case _:
            await reply(update, texts.DRAFT_GONE)


async def show_slip(update: Update, outcome: SlipOutcome, *, edit: bool = False) -> None:
    """The next step of a slip: a question, the calendar, the proposal with the draft."""
    match outcome:
        case SlipAskReason(view):
            await reply(update, texts.ask_reason(view.deadline, view.client, view.today))
        case SlipAskEstimate(view) | SlipBadDate(view) | SlipPastDate(view) | SlipFarDate(view):
            text = _estimate_question(outcome)
            markup = calendar_markup(CAL_SLIP, view.deadline.id, view.today, view.today)
            await (_edit if edit else reply)(update, text, markup)
        case SlipReasonTooLong():
            await reply(update, texts.REASON_TOO_LONG)
        case SlipReasonEmpty():
            await reply(update, texts.REASON_EMPTY)
        case SlipNotNeeded(view, estimate):
            await reply(update, texts.not_needed(estimate, view.deadline.client_due, view.today))
        case SlipProposed(view, estimate, new_due, draft, done_count, buffer_days):
            head = texts.slip_head(
                view.client, draft.subject, estimate, new_due, done_count, buffer_days, view.today
            )
            parts = texts.slip_messages(head, draft.body)
            markup = keyboard(_slip_rows(outcome))
            if edit and len(parts) == 1:
                await _edit(update, parts[0], markup)
                return
            for i, part in enumerate(parts):
                await reply(update, part, markup if i == len(parts) - 1 else None)
        case SlipConfirmed() | SlipAlready() | SlipGone():
            await reply(update, texts.SLIP_GONE)
        case _:
            assert_never(outcome)


def _estimate_question(
    outcome: SlipAskEstimate | SlipBadDate | SlipPastDate | SlipFarDate,
) -> str:
    """The text above the calendar: the question, or why the last answer did not fit."""
    match outcome:
        case SlipBadDate(_, text):
            return texts.bad_date(text)
        case SlipPastDate(view, estimate):
            return texts.past_date(estimate, view.today)
        case SlipFarDate(view, estimate):
            return texts.far_date(estimate, latest_date(view.today))
        case SlipAskEstimate():
            return texts.ASK_ESTIMATE


# --- commands ----------------------------------------------------------------------------------


async def deadline_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/deadline [Kunde:] TITEL DATUM [puffer N Tage]: save it or ask what is missing."""
    message = update.effective_message
    assert message is not None and message.text is not None
    telegram_id, first_name = sender(update)
    text = _COMMAND.sub("", message.text, count=1)
    await show_dialogue(update, await dl.start(services(context), telegram_id, first_name, text))


async def deadlines_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/deadlines: one card per open deadline and per open promise, a page at a time."""
    await _send_page(update, context, 0)


async def more_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.DeadlinesMore
) -> None:
    """ "Mehr anzeigen": the next page of /deadlines (the button goes away)."""
    await _edit(update, texts.MORE_SHOWN, None)
    await _send_page(update, context, pressed.start)


def _cards(listing: dl.Listing) -> list[tuple[str, Rows]]:
    """Every card of /deadlines in order: deadlines by client date, then promises."""
    cards: list[tuple[str, Rows]] = []
    for i, view in enumerate(listing.deadlines):
        head = f"{texts.LIST_HEAD}\n\n" if i == 0 else ""
        cards.append((head + _card_text(view), card_rows(view.deadline)))
    for i, promise in enumerate(listing.promises):
        head = f"{texts.PROMISES_HEAD}\n\n" if i == 0 else ""
        text = texts.promise_card(
            promise.note, promise.client, promise.created_local, listing.today
        )
        cards.append((head + text, [[(texts.BTN_KEPT, cd.PromiseKept(promise.note.id).encode())]]))
    return cards


async def _send_page(update: Update, context: ContextTypes.DEFAULT_TYPE, start: int) -> None:
    """Cards ``start`` to ``start + PAGE_SIZE`` and, when more are left, one "Mehr" message:
    a long list never turns into hundreds of messages."""
    cards = _cards(await dl.listing(services(context), sender(update)[0]))
    if not cards:
        await reply(update, texts.NOTHING_OPEN)
        return
    start = min(start, max(len(cards) - PAGE_SIZE, 0))
    for text, rows in cards[start : start + PAGE_SIZE]:
        await reply(update, text, keyboard(rows))
    left = len(cards) - start - PAGE_SIZE
    if left > 0:
        more = keyboard([[(texts.BTN_MORE, cd.DeadlinesMore(start + PAGE_SIZE).encode())]])
        await reply(update, texts.more_left(left, start + PAGE_SIZE, len(cards)), more)


async def kalender(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/kalender: every open deadline as two all-day events in an .ics file."""
    data = await dl.calendar_file(services(context), sender(update)[0])
    if data is None:
        await reply(update, texts.ICS_NOTHING)
        return
    await send_file(update, data, texts.ICS_FILENAME, texts.ICS_CAPTION)


@questions.answers(QuestionKind.DEADLINE_CLIENT)
async def client_answered(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: DeadlineClient, text: str
) -> bool:
    """The client of a new deadline, typed instead of pressed."""
    svc, telegram_id = services(context), sender(update)[0]
    outcome = await dl.answer_client(svc, telegram_id, question.draft_id, text)
    await show_dialogue(update, outcome, again=True)
    return True


@questions.answers(QuestionKind.DEADLINE_TITLE)
async def title_answered(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: DeadlineTitle, text: str
) -> bool:
    """The title of a new deadline."""
    svc, telegram_id = services(context), sender(update)[0]
    await show_dialogue(update, await dl.answer_title(svc, telegram_id, question.draft_id, text))
    return True


@questions.answers(QuestionKind.DEADLINE_DATE)
async def date_answered(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: DeadlineDate, text: str
) -> bool:
    """The client date of a new deadline."""
    svc, telegram_id = services(context), sender(update)[0]
    await show_dialogue(update, await dl.answer_date(svc, telegram_id, question.draft_id, text))
    return True


@questions.answers(QuestionKind.SLIP_REASON)
async def reason_answered(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: SlipReason, text: str
) -> bool:
    """Why the deadline slips."""
    svc, telegram_id = services(context), sender(update)[0]
    await show_slip(update, await dl.slip_reason(svc, telegram_id, question.deadline_id, text))
    return True


@questions.answers(QuestionKind.SLIP_ESTIMATE)
async def estimate_answered(
    update: Update, context: ContextTypes.DEFAULT_TYPE, question: SlipEstimate, text: str
) -> bool:
    """The realistic new date of a slipping deadline."""
    svc, telegram_id = services(context), sender(update)[0]
    await show_slip(update, await dl.slip_estimate(svc, telegram_id, question.deadline_id, text))
    return True


# --- buttons: dialogue and calendar ------------------------------------------------------------


async def client_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.DeadlineClientChosen
) -> bool:
    """The client of the new deadline (0 = without client)."""
    outcome = await dl.choose_client(
        services(context), sender(update)[0], pressed.draft_id, pressed.client_id or None
    )
    if outcome is None:
        return False
    await _edit(update, texts.client_chosen(outcome.chosen or None), None)
    await show_dialogue(update, outcome)
    return True


async def reactivate_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.DeadlineClientReactivated
) -> bool:
    """Bring the archived client back for the new deadline."""
    outcome = await dl.reactivate_client(
        services(context), sender(update)[0], pressed.draft_id, pressed.client_id
    )
    if outcome is None:
        return False
    await _edit(update, texts.client_reactivated(outcome.chosen or ""), None)
    await show_dialogue(update, outcome)
    return True


async def month_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.CalendarMonth
) -> bool:
    """‹ or ›: show another month in the same message."""
    svc, telegram_id, ident = services(context), sender(update)[0], pressed.ident
    if pressed.purpose == CAL_NEW:
        title = await dl.draft_title(svc, telegram_id, ident)
        text = texts.ask_date(title) if title is not None else None
    else:
        view = await dl.get(svc, telegram_id, ident)
        text = texts.ASK_ESTIMATE if view is not None else None
    if text is None or pressed.first_day is None:
        return False
    today = await dl.today_for(svc, telegram_id)
    await _edit(update, text, calendar_markup(pressed.purpose, ident, pressed.first_day, today))
    return True


async def day_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.CalendarDay
) -> bool:
    """A day in the calendar: the date of a new deadline or the realistic slip date."""
    svc, telegram_id, day = services(context), sender(update)[0], pressed.date
    assert day is not None  # checked by decode
    if pressed.purpose == CAL_NEW:
        outcome = await dl.pick_date(svc, telegram_id, pressed.ident, day)
        if outcome is None:
            return False
        if outcome.step is Step.DATE:  # a past day: ask again in the same message
            await show_dialogue(update, outcome, edit=True)
            return True
        await _edit(update, texts.day_chosen(day, outcome.today), None)
        await show_dialogue(update, outcome)
        return True
    slip = await dl.slip_estimate(svc, telegram_id, pressed.ident, None, day)
    if not isinstance(slip, SlipPastDate | SlipFarDate | SlipNotNeeded | SlipProposed):
        await reply(update, texts.SLIP_GONE)  # the slip is over: not the draft's "gone"
        return True
    if isinstance(slip, SlipPastDate | SlipFarDate):
        await show_slip(update, slip, edit=True)
        return True
    await _edit(update, texts.day_chosen(day, slip.view.today), None)
    await show_slip(update, slip)
    return True


async def inert_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.CalendarBlank
) -> None:
    """A calendar cell without meaning (header, blank day): only answered."""


# --- buttons: cards ----------------------------------------------------------------------------


def _card_text(view: dl.DeadlineView) -> str:
    d = view.deadline
    state, left = deadline_state(d, view.today), days_left(d, view.today)
    return texts.card(d, view.client, state, left, view.today)


async def buffer_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.BufferChosen
) -> bool:
    """A buffer choice: the own target moves; the message shows the new dates."""
    view = await dl.set_buffer(
        services(context), sender(update)[0], pressed.deadline_id, pressed.days
    )
    if view is None:
        return False
    if pressed.view == VIEW_CONFIRM:
        text = texts.buffer_changed(view.deadline, view.client, view.today)
        await _edit(update, text, keyboard(buffer_rows(view.deadline, VIEW_CONFIRM)))
    else:
        await _edit(update, _card_text(view), keyboard(card_rows(view.deadline)))
    return True


async def buffer_menu_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.BufferMenu
) -> bool:
    """ "Puffer ändern" on a card: the choices in place of the actions."""
    view = await dl.get(services(context), sender(update)[0], pressed.deadline_id)
    if view is None or view.deadline.done_at is not None:
        return False
    text = f"{_card_text(view)}\n\n{texts.BUFFER_PICK}"
    await _edit(update, text, keyboard(buffer_rows(view.deadline, VIEW_CARD)))
    return True


async def back_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.CardBack
) -> bool:
    """Back to the card with its actions."""
    view = await dl.get(services(context), sender(update)[0], pressed.deadline_id)
    if view is None or view.deadline.done_at is not None:
        return False
    await _edit(update, _card_text(view), keyboard(card_rows(view.deadline)))
    return True


async def delete_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.DeleteAsked
) -> bool:
    """Ask before deleting."""
    view = await dl.get(services(context), sender(update)[0], pressed.deadline_id)
    if view is None or view.deadline.done_at is not None:
        return False
    d = view.deadline
    yes, no = cd.DeleteConfirmed(d.id).encode(), cd.CardBack(d.id).encode()
    rows = [[(texts.BTN_DELETE_YES, yes), (texts.BTN_DELETE_NO, no)]]
    await _edit(update, texts.delete_ask(d), keyboard(rows))
    return True


async def delete_confirmed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.DeleteConfirmed
) -> bool:
    """Delete the deadline with its history."""
    gone = await dl.delete(services(context), sender(update)[0], pressed.deadline_id)
    if gone is None:
        return False
    await _edit(update, texts.deleted(gone), None)
    return True


async def done_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.DeadlineDone
) -> bool:
    """Mark done; early gets the "früher fertig" acknowledgement."""
    result = await dl.complete(services(context), sender(update)[0], pressed.deadline_id)
    if result is None:
        return False
    text = texts.completed(result.view.deadline, result.kind, result.days, result.newly)
    await _edit(update, text, None)
    return True


async def kept_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.PromiseKept
) -> bool:
    """A #versprochen note is kept: it leaves /deadlines."""
    result = await dl.keep_promise(services(context), sender(update)[0], pressed.note_id)
    if result is None:
        return False
    await _edit(update, texts.promise_kept(*result), None)
    return True


# --- buttons: slip -----------------------------------------------------------------------------


async def slip_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.SlipStarted
) -> bool:
    """ "Verschieben" (card) or "Verschiebung ankündigen" (alert): ask for the reason."""
    outcome = await dl.start_slip(services(context), sender(update)[0], pressed.deadline_id)
    if isinstance(outcome, SlipGone):
        return False
    await show_slip(update, outcome)
    return True


async def slip_buffer_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.SlipBuffer
) -> bool:
    """Another buffer on top of the estimate: new client date, the draft updated in place."""
    outcome = await dl.slip_buffer(
        services(context), sender(update)[0], pressed.deadline_id, pressed.days
    )
    if isinstance(outcome, SlipGone):
        return False
    # too far: the refusal and the calendar come below; the proposal stays as it was
    await show_slip(update, outcome, edit=not isinstance(outcome, SlipFarDate))
    return True


async def slip_link_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.SlipNoteLinked
) -> bool:
    """A note belongs to this deadline: it joins "Bereits erledigt", the draft is updated."""
    outcome = await dl.link_note(
        services(context), sender(update)[0], pressed.deadline_id, pressed.note_id
    )
    if isinstance(outcome, SlipGone):
        return False
    await show_slip(update, outcome, edit=True)
    return True


async def slip_eml_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.SlipEml
) -> bool:
    """The slip notice as an .eml draft."""
    draft = await dl.slip_draft(services(context), sender(update)[0], pressed.deadline_id)
    if draft is None:
        return False
    await send_eml(update, draft, texts.EML_CAPTION)
    return True


async def slip_confirm_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.SlipConfirmed
) -> bool:
    """Move the deadline to the proposed date and remember the slip."""
    outcome = await dl.confirm_slip(services(context), sender(update)[0], pressed.deadline_id)
    if not isinstance(outcome, SlipConfirmed | SlipAlready):
        return False
    deadline, today = outcome.view.deadline, outcome.view.today
    if isinstance(outcome, SlipAlready):
        await reply(update, texts.slip_already(deadline, today))
        return True
    markup = keyboard([[(texts.BTN_EML, cd.SlipEml(deadline.id).encode())]])
    await reply(update, texts.slip_confirmed(deadline, today), markup)
    return True


HANDLERS = [
    CommandHandler("deadline", deadline_command, filters=NEW_MESSAGE),
    CommandHandler("deadlines", deadlines_command, filters=NEW_MESSAGE),
    CommandHandler("kalender", kalender, filters=NEW_MESSAGE),
    on_press(cd.DeadlinesMore, more_pressed, gone=texts.DEADLINE_GONE),
    on_press(cd.DeadlineClientChosen, client_pressed, gone=texts.DRAFT_GONE),
    on_press(cd.DeadlineClientReactivated, reactivate_pressed, gone=texts.DRAFT_GONE),
    on_press(cd.CalendarMonth, month_pressed, gone=texts.DRAFT_GONE),
    on_press(cd.CalendarDay, day_pressed, gone=texts.DRAFT_GONE),
    on_press(cd.CalendarBlank, inert_pressed, gone=texts.DRAFT_GONE),
    on_press(cd.BufferChosen, buffer_pressed, gone=texts.DEADLINE_GONE),
    on_press(cd.BufferMenu, buffer_menu_pressed, gone=texts.DEADLINE_GONE),
    on_press(cd.CardBack, back_pressed, gone=texts.DEADLINE_GONE),
    on_press(cd.DeadlineDone, done_pressed, gone=texts.DEADLINE_GONE),
    on_press(cd.DeleteAsked, delete_pressed, gone=texts.DEADLINE_GONE),
    on_press(cd.DeleteConfirmed, delete_confirmed, gone=texts.DEADLINE_GONE),
    on_press(cd.PromiseKept, kept_pressed, gone=texts.PROMISE_GONE),
    on_press(cd.SlipStarted, slip_pressed, gone=texts.DEADLINE_GONE),
    on_press(cd.SlipBuffer, slip_buffer_pressed, gone=texts.SLIP_GONE),
    on_press(cd.SlipNoteLinked, slip_link_pressed, gone=texts.SLIP_GONE),
    on_press(cd.SlipEml, slip_eml_pressed, gone=texts.SLIP_GONE),
    on_press(cd.SlipConfirmed, slip_confirm_pressed, gone=texts.SLIP_GONE),
]
