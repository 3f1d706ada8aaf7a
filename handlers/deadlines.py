"""/deadline, /deadlines, /kalender and their buttons: buffer, calendar, done, slip, promises.

Callback data (all ``prefix:int[:int…]``, at most ~30 bytes):

* ``dlk:<draft>:<client>`` client of the dialogue (0 = none)
* ``dlm:<purpose>:<id>:<yyyymm>`` page the calendar, ``dlp:<purpose>:<id>:<yyyymmdd>`` pick
  a day (purpose 0: date of a new deadline (draft id), 1: slip estimate (deadline id)),
  ``dln:0`` an inert calendar cell
* ``dlb:<id>:<days>:<view>`` set the buffer (view 0: confirmation, 1: /deadlines card),
  ``dlbm:<id>`` show the buffer choice, ``dla:<id>`` back to the card
* ``dle:<id>`` done, ``dld:<id>`` / ``dldy:<id>`` delete (ask / confirmed), ``pk:<note>`` kept
* ``slip:<id>`` start a slip (also the lead's alert button), ``dlsb:<id>:<days>`` buffer on top
  of the estimate, ``dlse:<id>`` the slip notice as .eml, ``dlsc:<id>`` confirm the slip
"""

from __future__ import annotations

import re
from datetime import date, datetime
from typing import assert_never

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest
from telegram.ext import CallbackQueryHandler, CommandHandler, ContextTypes

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
from handlers import questions
from handlers.common import (
    NEW_MESSAGE,
    answer_forged,
    callback_ints,
    keyboard,
    reply,
    send_eml,
    send_file,
    sender,
    services,
)
from messages_de import deadlines as texts
from messages_de.chat import clip

CAL_NEW, CAL_SLIP = 0, 1
BUFFER_CHOICES = (1, 2, 3, 5, 7)
SLIP_CHOICES = (1, 2, 3, 5, 7)
VIEW_CONFIRM, VIEW_CARD = 0, 1
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
            (texts.btn_buffer(n, n == deadline.buffer_days), f"dlb:{deadline.id}:{n}:{view}")
            for n in values
        ]
    ]
    if view == VIEW_CARD:
        rows.append([(texts.BTN_BACK, f"dla:{deadline.id}")])
    return rows


def card_rows(deadline: Deadline) -> Rows:
    return [
        [(texts.BTN_DONE, f"dle:{deadline.id}"), (texts.BTN_SLIP, f"slip:{deadline.id}")],
        [(texts.BTN_BUFFER, f"dlbm:{deadline.id}"), (texts.BTN_DELETE, f"dld:{deadline.id}")],
    ]


def calendar_markup(purpose: int, ident: int, month: date, today: date) -> InlineKeyboardMarkup:
    """Month view: ‹ Monat Jahr ›, weekday names, then one row per week; past days inert."""
    first_allowed = today.replace(day=1)
    last_allowed = shift_month(today, MONTHS_AHEAD)
    month = min(max(month.replace(day=1), first_allowed), last_allowed)
    prev_month, next_month = shift_month(month, -1), shift_month(month, 1)
    blank = (texts.BTN_BLANK, "dln:0")
    rows: Rows = [
        [
            (texts.BTN_PREV, f"dlm:{purpose}:{ident}:{prev_month:%Y%m}")
            if prev_month >= first_allowed
            else blank,
            (texts.month_label(month), "dln:0"),
            (texts.BTN_NEXT, f"dlm:{purpose}:{ident}:{next_month:%Y%m}")
            if next_month <= last_allowed
            else blank,
        ],
        [(name, "dln:0") for name in texts.WEEKDAYS_ROW],
    ]
    for week in month_grid(month.year, month.month, today):
        rows.append(
            [(str(d.day), f"dlp:{purpose}:{ident}:{d:%Y%m%d}") if d else blank for d in week]
        )
    return keyboard(rows)


def _client_rows(outcome: Dialogue) -> Rows:
    shown = outcome.clients[:CLIENT_CHOICES]  # more: the name can be typed
    rows = [[(clip(c.name, 40), f"dlk:{outcome.draft_id}:{c.id}")] for c in shown]
    rows.append([(texts.BTN_NO_CLIENT, f"dlk:{outcome.draft_id}:0")])
    return rows


def _slip_rows(outcome: SlipProposed) -> Rows:
    ident = outcome.view.deadline.id
    current = outcome.buffer_days
    values = sorted({*SLIP_CHOICES, current})
    return [
        [(texts.btn_slip_buffer(n, n == current), f"dlsb:{ident}:{n}") for n in values],
        *([(texts.btn_link_note(n.text), f"dlsl:{ident}:{n.id}")] for n in outcome.candidates),
        [(texts.BTN_EML, f"dlse:{ident}"), (texts.BTN_CONFIRM, f"dlsc:{ident}")],
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


async def _ack(update: Update) -> None:
    query = update.callback_query
    assert query is not None
    await query.answer()


async def _refuse(update: Update, what: str, text: str = texts.DEADLINE_GONE) -> None:
    await answer_forged(update, what)
    await reply(update, text)


def _data(update: Update) -> str:
    query = update.callback_query
    assert query is not None
    return query.data or ""


def _calendar_fields(data: str, prefix: str, suffix: str = "") -> tuple[int, int, date | None]:
    """(purpose, id, day) of ``prefix:<purpose>:<id>:<yyyymm[dd]>``; day None if invalid."""
    fields = callback_ints(data, prefix)
    if not fields or len(fields) != 3 or fields[0] not in (CAL_NEW, CAL_SLIP):
        return 0, 0, None
    try:
        day = datetime.strptime(f"{fields[2]}{suffix}", "%Y%m%d").date()
    except ValueError:
        return 0, 0, None
    return fields[0], fields[1], day


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
                    0, [(texts.btn_reactivate(gone.name), f"dlr:{outcome.draft_id}:{gone.id}")]
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


async def more_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "Mehr anzeigen": the next page of /deadlines (the button goes away)."""
    fields = callback_ints(_data(update), "dlmore")
    await _ack(update)
    await _edit(update, texts.MORE_SHOWN, None)
    await _send_page(update, context, fields[0] if fields and fields[0] >= 0 else 0)


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
        cards.append((head + text, [[(texts.BTN_KEPT, f"pk:{promise.note.id}")]]))
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
        more = keyboard([[(texts.BTN_MORE, f"dlmore:{start + PAGE_SIZE}")]])
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


async def client_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The client of the new deadline (0 = without client)."""
    fields = callback_ints(_data(update), "dlk")
    outcome = None
    if fields and len(fields) == 2:
        draft_id, client_id = fields
        outcome = await dl.choose_client(
            services(context), sender(update)[0], draft_id, client_id or None
        )
    if outcome is None:
        await _refuse(update, f"deadline client {_data(update)}", texts.DRAFT_GONE)
        return
    await _ack(update)
    await _edit(update, texts.client_chosen(outcome.chosen or None), None)
    await show_dialogue(update, outcome)


async def reactivate_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Bring the archived client back for the new deadline."""
    fields = callback_ints(_data(update), "dlr")
    outcome = None
    if fields and len(fields) == 2:
        outcome = await dl.reactivate_client(services(context), sender(update)[0], *fields)
    if outcome is None:
        await _refuse(update, f"deadline reactivate {_data(update)}", texts.DRAFT_GONE)
        return
    await _ack(update)
    await _edit(update, texts.client_reactivated(outcome.chosen or ""), None)
    await show_dialogue(update, outcome)


async def month_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """‹ or ›: show another month in the same message."""
    purpose, ident, month = _calendar_fields(_data(update), "dlm", suffix="01")
    if month is None:
        await _refuse(update, f"calendar {_data(update)}", texts.DRAFT_GONE)
        return
    svc, telegram_id = services(context), sender(update)[0]
    if purpose == CAL_NEW:
        title = await dl.draft_title(svc, telegram_id, ident)
        text = texts.ask_date(title) if title is not None else None
    else:
        view = await dl.get(svc, telegram_id, ident)
        text = texts.ASK_ESTIMATE if view is not None else None
    if text is None:
        await _refuse(update, f"calendar {_data(update)}", texts.DRAFT_GONE)
        return
    await _ack(update)
    today = await dl.today_for(svc, telegram_id)
    await _edit(update, text, calendar_markup(purpose, ident, month, today))


async def day_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A day in the calendar: the date of a new deadline or the realistic slip date."""
    svc, telegram_id = services(context), sender(update)[0]
    purpose, ident, day = _calendar_fields(_data(update), "dlp")
    if day is None:
        await _refuse(update, f"calendar day {_data(update)}", texts.DRAFT_GONE)
        return
    if purpose == CAL_NEW:
        outcome = await dl.pick_date(svc, telegram_id, ident, day)
        if outcome is None:
            await _refuse(update, f"calendar day {_data(update)}", texts.DRAFT_GONE)
            return
        await _ack(update)
        if outcome.step is Step.DATE:  # a past day: ask again in the same message
            await show_dialogue(update, outcome, edit=True)
            return
        await _edit(update, texts.day_chosen(day, outcome.today), None)
        await show_dialogue(update, outcome)
        return
    slip = await dl.slip_estimate(svc, telegram_id, ident, None, day)
    if not isinstance(slip, SlipPastDate | SlipFarDate | SlipNotNeeded | SlipProposed):
        await _refuse(update, f"slip day {_data(update)}", texts.SLIP_GONE)  # gone
        return
    await _ack(update)
    if isinstance(slip, SlipPastDate | SlipFarDate):
        await show_slip(update, slip, edit=True)
        return
    await _edit(update, texts.day_chosen(day, slip.view.today), None)
    await show_slip(update, slip)


async def inert_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A calendar cell without meaning (header, blank day)."""
    await _ack(update)


# --- buttons: cards ----------------------------------------------------------------------------


def _card_text(view: dl.DeadlineView) -> str:
    d = view.deadline
    state, left = deadline_state(d, view.today), days_left(d, view.today)
    return texts.card(d, view.client, state, left, view.today)


async def buffer_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A buffer choice: the own target moves; the message shows the new dates."""
    fields = callback_ints(_data(update), "dlb") or []
    view = None
    if len(fields) == 3 and fields[2] in (VIEW_CONFIRM, VIEW_CARD):
        view = await dl.set_buffer(services(context), sender(update)[0], fields[0], fields[1])
    if view is None:
        await _refuse(update, f"buffer {_data(update)}")
        return
    await _ack(update)
    if fields[2] == VIEW_CONFIRM:
        text = texts.buffer_changed(view.deadline, view.client, view.today)
        await _edit(update, text, keyboard(buffer_rows(view.deadline, VIEW_CONFIRM)))
    else:
        await _edit(update, _card_text(view), keyboard(card_rows(view.deadline)))


async def _card_action(
    update: Update, context: ContextTypes.DEFAULT_TYPE, prefix: str
) -> dl.DeadlineView | None:
    """The open deadline named by ``prefix:<id>``, or None after refusing the button."""
    fields = callback_ints(_data(update), prefix)
    view = None
    if fields and len(fields) == 1:
        view = await dl.get(services(context), sender(update)[0], fields[0])
    if view is None or view.deadline.done_at is not None:
        await _refuse(update, f"{prefix} {_data(update)}")
        return None
    await _ack(update)
    return view


async def buffer_menu_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "Puffer ändern" on a card: the choices in place of the actions."""
    view = await _card_action(update, context, "dlbm")
    if view is not None:
        text = f"{_card_text(view)}\n\n{texts.BUFFER_PICK}"
        await _edit(update, text, keyboard(buffer_rows(view.deadline, VIEW_CARD)))


async def back_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Back to the card with its actions."""
    view = await _card_action(update, context, "dla")
    if view is not None:
        await _edit(update, _card_text(view), keyboard(card_rows(view.deadline)))


async def delete_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Ask before deleting."""
    view = await _card_action(update, context, "dld")
    if view is not None:
        d = view.deadline
        rows = [[(texts.BTN_DELETE_YES, f"dldy:{d.id}"), (texts.BTN_DELETE_NO, f"dla:{d.id}")]]
        await _edit(update, texts.delete_ask(d), keyboard(rows))


async def delete_confirmed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Delete the deadline with its history."""
    fields = callback_ints(_data(update), "dldy")
    gone = None
    if fields and len(fields) == 1:
        gone = await dl.delete(services(context), sender(update)[0], fields[0])
    if gone is None:
        await _refuse(update, f"delete {_data(update)}")
        return
    await _ack(update)
    await _edit(update, texts.deleted(gone), None)


async def done_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Mark done; early gets the "früher fertig" acknowledgement."""
    fields = callback_ints(_data(update), "dle")
    result = None
    if fields and len(fields) == 1:
        result = await dl.complete(services(context), sender(update)[0], fields[0])
    if result is None:
        await _refuse(update, f"done {_data(update)}")
        return
    await _ack(update)
    text = texts.completed(result.view.deadline, result.kind, result.days, result.newly)
    await _edit(update, text, None)


async def kept_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A #versprochen note is kept: it leaves /deadlines."""
    fields = callback_ints(_data(update), "pk")
    result = None
    if fields and len(fields) == 1:
        result = await dl.keep_promise(services(context), sender(update)[0], fields[0])
    if result is None:
        await _refuse(update, f"kept {_data(update)}", texts.PROMISE_GONE)
        return
    await _ack(update)
    await _edit(update, texts.promise_kept(*result), None)


# --- buttons: slip -----------------------------------------------------------------------------


async def slip_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ "Verschieben" (card) or "Verschiebung ankündigen" (alert): ask for the reason."""
    fields = callback_ints(_data(update), "slip")
    outcome = None
    if fields and len(fields) == 1:
        outcome = await dl.start_slip(services(context), sender(update)[0], fields[0])
    if outcome is None or isinstance(outcome, SlipGone):
        await _refuse(update, f"slip {_data(update)}")
        return
    await _ack(update)
    await show_slip(update, outcome)


async def slip_buffer_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Another buffer on top of the estimate: new client date, the draft updated in place."""
    fields = callback_ints(_data(update), "dlsb")
    outcome = None
    if fields and len(fields) == 2:
        outcome = await dl.slip_buffer(services(context), sender(update)[0], *fields)
    if outcome is None or isinstance(outcome, SlipGone):
        await _refuse(update, f"slip buffer {_data(update)}", texts.SLIP_GONE)
        return
    await _ack(update)
    # too far: the refusal and the calendar come below; the proposal stays as it was
    await show_slip(update, outcome, edit=not isinstance(outcome, SlipFarDate))


async def slip_link_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A note belongs to this deadline: it joins "Bereits erledigt", the draft is updated."""
    fields = callback_ints(_data(update), "dlsl")
    outcome = None
    if fields and len(fields) == 2:
        outcome = await dl.link_note(services(context), sender(update)[0], *fields)
    if outcome is None or isinstance(outcome, SlipGone):
        await _refuse(update, f"slip link {_data(update)}", texts.SLIP_GONE)
        return
    await _ack(update)
    await show_slip(update, outcome, edit=True)


async def slip_eml_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """The slip notice as an .eml draft."""
    fields = callback_ints(_data(update), "dlse")
    draft = None
    if fields and len(fields) == 1:
        draft = await dl.slip_draft(services(context), sender(update)[0], fields[0])
    if draft is None:
        await _refuse(update, f"slip eml {_data(update)}", texts.SLIP_GONE)
        return
    await _ack(update)
    await send_eml(update, draft, texts.EML_CAPTION)


async def slip_confirm_pressed(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Move the deadline to the proposed date and remember the slip."""
    fields = callback_ints(_data(update), "dlsc")
    outcome = None
    if fields and len(fields) == 1:
        outcome = await dl.confirm_slip(services(context), sender(update)[0], fields[0])
    if not isinstance(outcome, SlipConfirmed | SlipAlready):
        await _refuse(update, f"slip confirm {_data(update)}", texts.SLIP_GONE)
        return
    await _ack(update)
    deadline, today = outcome.view.deadline, outcome.view.today
    if isinstance(outcome, SlipAlready):
        await reply(update, texts.slip_already(deadline, today))
        return
    markup = keyboard([[(texts.BTN_EML, f"dlse:{deadline.id}")]])
    await reply(update, texts.slip_confirmed(deadline, today), markup)


HANDLERS = [
    CommandHandler("deadline", deadline_command, filters=NEW_MESSAGE),
    CommandHandler("deadlines", deadlines_command, filters=NEW_MESSAGE),
    CommandHandler("kalender", kalender, filters=NEW_MESSAGE),
    CallbackQueryHandler(more_pressed, pattern=r"^dlmore:"),
    CallbackQueryHandler(client_pressed, pattern=r"^dlk:"),
    CallbackQueryHandler(reactivate_pressed, pattern=r"^dlr:"),
    CallbackQueryHandler(month_pressed, pattern=r"^dlm:"),
    CallbackQueryHandler(day_pressed, pattern=r"^dlp:"),
    CallbackQueryHandler(inert_pressed, pattern=r"^dln:"),
    CallbackQueryHandler(buffer_pressed, pattern=r"^dlb:"),
    CallbackQueryHandler(buffer_menu_pressed, pattern=r"^dlbm:"),
    CallbackQueryHandler(back_pressed, pattern=r"^dla:"),
    CallbackQueryHandler(done_pressed, pattern=r"^dle:"),
    CallbackQueryHandler(delete_pressed, pattern=r"^dld:"),
    CallbackQueryHandler(delete_confirmed, pattern=r"^dldy:"),
    CallbackQueryHandler(kept_pressed, pattern=r"^pk:"),
    CallbackQueryHandler(slip_pressed, pattern=r"^slip:"),
    CallbackQueryHandler(slip_buffer_pressed, pattern=r"^dlsb:"),
    CallbackQueryHandler(slip_link_pressed, pattern=r"^dlsl:"),
    CallbackQueryHandler(slip_eml_pressed, pattern=r"^dlse:"),
    CallbackQueryHandler(slip_confirm_pressed, pattern=r"^dlsc:"),
]
