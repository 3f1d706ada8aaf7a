"""Nudges: the dispatcher glue (claim, send, mark) and the buttons under the nudges it sends.

One PTB JobQueue job (``tick``) runs the dispatcher every 15 s. The database decides what
is due (see bot/services/nudges.py); this module only words and sends it. The student's
settings (/erinnerung, /frischerblick, /pause …) live in handlers/nudge_settings.py.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from datetime import date, datetime
from typing import assert_never

from telegram import InlineKeyboardMarkup, Update
from telegram.error import BadRequest, Forbidden, NetworkError, TelegramError
from telegram.ext import (
    CallbackQueryHandler,
    ContextTypes,
)

from bot.clock import SettableClock
from bot.domain.deadlines import AlertLevel
from bot.domain.nudge_rules import NudgeKind
from bot.domain.schedules import local_date
from bot.domain.weeks import week_of
from bot.metrics import NudgeOutcome
from bot.services import deadlines as deadline_service
from bot.services import health, students
from bot.services import nudges as nudge_service
from bot.services.context import Services
from bot.services.nudges import (
    DeadlineAlert,
    FreshEyesPrompt,
    Outgoing,
    Reminder,
    Resumed,
    Snooze,
    SnoozeResult,
)
from handlers import callback_data as cd
from handlers.buttons import on_press
from handlers.common import BotApp, keyboard, reply, sender, services
from handlers.updates import send_drafts
from messages_de import nudges as texts
from messages_de.formats import clock
from messages_de.html_chunks import esc

log = logging.getLogger("nudges")

TICK_SECONDS = 15
BATCH = 24
SENDERS = 16
BULK = {"priority": "bulk"}  # SendBudget: after every waiting answer to a student
BEAT_EVERY = 5.0  # seconds: the heartbeat while a long fan-out runs
RENEW_EVERY = 5.0  # seconds: claims renewed while a fan-out runs (the lease is 30 s)


class Dispatcher:
    """Claims due nudges in batches and sends them as bulk, one outcome write per send.

    The pace is not set here: every send goes through the bot's ``SendBudget`` (bot/
    send_budget.py) as bulk, so answers to students take the next free slot first and the
    fan-out fills the rest; Telegram's RetryAfter is handled there too. A claimer keeps a
    small queue filled while a few senders drain it, so claiming the next batch never stalls
    the budget; at most ``2 * BATCH + SENDERS - 1`` nudges are claimed but not yet
    confirmed at any moment (a batch partly queued, the queue, the senders) (the in-flight
    window a hard kill can repeat). A nudge whose handling raises is marked failed and
    logged once; the rest of the batch goes on.
    """

    def __init__(self) -> None:
        self._running = asyncio.Lock()
        self._last_beat: float | None = None

    async def _keep_alive(self, svc: Services) -> None:
        """Write the heartbeat at each tick and every few seconds of a long fan-out."""
        now = asyncio.get_running_loop().time()
        if self._last_beat is None or now - self._last_beat >= BEAT_EVERY:
            self._last_beat = now
            await health.beat(svc)
            await health.sample(svc)

    async def run(self, app: BotApp) -> int:
        """Send everything due now; returns how many were delivered. Never runs twice at once."""
        svc = app.bot_data["services"]
        await self._keep_alive(svc)
        if self._running.locked():
            return 0
        async with self._running:
            queue: asyncio.Queue[Outgoing | None] = asyncio.Queue(maxsize=BATCH)
            delivered = 0

            async def sender() -> None:
                nonlocal delivered
                while (nudge := await queue.get()) is not None:
                    try:
                        sent = await self._send(app, nudge)  # not `+= await`: that adds
                        delivered += sent  # to the count read before the await (lost updates)
                    except Exception:  # a bug must not stall the whole fan-out
                        log.exception("nudge %s failed; marked failed", nudge.nudge_id)
                        svc.metrics.nudge(nudge.kind, NudgeOutcome.FAILED)
                        await nudge_service.mark_failed(svc, nudge.nudge_id, "error", retry=False)

            senders = [asyncio.create_task(sender()) for _ in range(SENDERS)]
            renewer = asyncio.create_task(_renew_leases(svc))
            try:
                while (
                    not _stopping(app)
                    and (claim := await nudge_service.claim_due(svc, BATCH)).examined
                ):
                    await self._keep_alive(svc)
                    for kind, count in claim.skipped.items():
                        svc.metrics.nudge(kind, NudgeOutcome.SKIPPED, count)
                    for nudge in claim.outgoing:
                        await queue.put(nudge)
            finally:
                for _ in senders:
                    await queue.put(None)
                await asyncio.gather(*senders)
                renewer.cancel()
                with contextlib.suppress(asyncio.CancelledError):
                    await renewer
            return delivered

    async def _send(self, app: BotApp, nudge: Outgoing) -> bool:
        svc = app.bot_data["services"]
        text, markup = render(nudge)
        if not await nudge_service.still_claimed(svc, nudge.nudge_id):
            return False  # erased with /loeschen after the claim
        try:
            await app.bot.send_message(
                nudge.chat_id, text, reply_markup=markup, rate_limit_args=BULK
            )
        except Forbidden:
            log.info("student %s blocked the bot; nudges stop", nudge.chat_id)
            await nudge_service.mark_blocked(svc, nudge.nudge_id)
            svc.metrics.nudge(nudge.kind, NudgeOutcome.BLOCKED)
            return False
        except BadRequest as exc:
            log.error("nudge %s rejected: %s", nudge.nudge_id, exc)
            await nudge_service.mark_failed(svc, nudge.nudge_id, str(exc), retry=False)
            svc.metrics.nudge(nudge.kind, NudgeOutcome.FAILED)
            return False
        except (NetworkError, TelegramError) as exc:  # incl. RetryAfter after the budget's retries
            log.warning("nudge %s not sent, next tick retries: %s", nudge.nudge_id, exc)
            await nudge_service.mark_failed(svc, nudge.nudge_id, str(exc), retry=True)
            svc.metrics.nudge(nudge.kind, NudgeOutcome.FAILED)
            return False
        await nudge_service.mark_sent(svc, nudge.nudge_id)
        svc.metrics.nudge(nudge.kind, NudgeOutcome.SENT)
        return True


async def _renew_leases(svc: Services) -> None:
    """While a fan-out runs, keep this worker's claims (their leases) from running out."""
    while True:
        await asyncio.sleep(RENEW_EVERY)
        try:
            await nudge_service.renew_leases(svc)
        except Exception as error:  # the next round tries again; the lease lasts 30 s
            log.warning("nudge leases not renewed: %s", type(error).__name__)


def _stopping(app: BotApp) -> bool:
    """The bot is shutting down (SIGTERM): claim nothing more, finish what is claimed, so a
    stop in the middle of a fan-out takes seconds, not the rest of the fan-out."""
    stopping = getattr(app.update_queue, "stopping", None)  # bot/inbox.py InboxQueue
    return bool(stopping is not None and stopping.is_set())


def render(nudge: Outgoing) -> tuple[str, InlineKeyboardMarkup | None]:
    """Text and buttons of one nudge."""
    match nudge:
        case FreshEyesPrompt(_, _, client_id, client_name, question):
            idea = cd.FreshEyesIdea(client_id).encode()
            buttons = [[(texts.BTN_IDEA, idea), (texts.BTN_NOT_NOW, "nd:skip")]]
            return texts.fresh_eyes(client_name, question), keyboard(buttons)
        case Resumed():
            return texts.RESUMED_BY_PLAN, None
        case DeadlineAlert(_, _, d, client_name, levels, today):
            text = texts.deadline_alert(
                d.title, client_name, d.client_due, d.own_due, levels, today
            )
            first = [(texts.BTN_SLIP, cd.SlipStarted(d.id).encode())]
            if not {AlertLevel.PASSED, AlertLevel.DUE_TODAY} & set(levels):
                first.append((texts.BTN_ON_TRACK, cd.OnTrack(d.id).encode()))
            done = [(texts.BTN_DEADLINE_DONE, cd.DeadlineDone(d.id).encode())]
            return text, keyboard([first, done])
        case Reminder():
            return _reminder_text(nudge), _reminder_buttons(week_key(nudge.today))
        case _:
            assert_never(nudge)


def _reminder_text(nudge: Reminder) -> str:
    if nudge.kind == NudgeKind.FOLLOWUP:
        return texts.followup(nudge.open_clients)
    if nudge.kind == NudgeKind.SNOOZE:
        return texts.snoozed(nudge.open_clients)
    return texts.weekly_reminder(nudge.first_name, nudge.open_clients)


def _reminder_buttons(week: int) -> InlineKeyboardMarkup:
    """Draft, snooze and done; the snooze and done buttons name the week they act on."""
    return keyboard(
        [
            [(texts.BTN_DRAFT, "nd:draft")],
            [(texts.BTN_LATER, f"nd:later:{week}"), (texts.BTN_EVENING, f"nd:evening:{week}")],
            [(texts.BTN_DONE, f"nd:done:{week}")],
        ]
    )


def week_key(day: date) -> int:
    """``202649``: the ISO week of ``day`` in a reminder's button data."""
    week = week_of(day)
    return week.iso_year * 100 + week.number


async def catch_up(app: BotApp, clock: SettableClock, target: datetime) -> int:
    """Move ``clock`` to ``target`` and run the dispatcher whenever a nudge fell due on the way,
    as the ticks would have while the bot ran. Returns how many nudges were delivered."""
    svc = app.bot_data["services"]
    dispatcher: Dispatcher = app.bot_data["dispatcher"]
    delivered = 0
    while (due := await nudge_service.has_due(svc)) is not None and due <= target:
        if due > clock():
            clock.set(due)
        delivered += await dispatcher.run(app)
        if (after := await nudge_service.has_due(svc)) is not None and after <= clock():
            break  # still due right now: a send waits for the next tick (network, RetryAfter)
    if target > clock():
        clock.set(target)
    return delivered + await dispatcher.run(app)


async def tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    """The JobQueue callback: one dispatcher run."""
    await context.application.bot_data["dispatcher"].run(context.application)


def schedule(app: BotApp, every: float = TICK_SECONDS) -> None:
    """Register the dispatcher and its repeating tick."""
    app.bot_data["dispatcher"] = Dispatcher()
    if app.job_queue is not None:
        app.job_queue.run_repeating(
            tick,
            interval=every,
            first=1,
            name="nudge-dispatcher",
            job_kwargs={"misfire_grace_time": int(every * 2), "coalesce": True},
        )


# --- buttons under nudges ----------------------------------------------------------------


async def idea_pressed(
    update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.FreshEyesIdea
) -> bool:
    """«Idee notieren»: the next text is an idea for this client."""
    name = await nudge_service.start_idea(services(context), sender(update)[0], pressed.client_id)
    if name is None:
        return False
    await reply(update, texts.IDEA_ASK.format(client=esc(name)))
    return True


async def nudge_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Entwurf erstellen, In 1 Stunde, Heute um 18:00, Schon erledigt, Nicht jetzt."""
    query = update.callback_query
    assert query is not None and query.data is not None
    svc, (telegram_id, _) = services(context), sender(update)
    action = query.data.split(":")[1]
    await query.answer()
    if action in {"later", "evening", "done"} and not await _this_week(update, context):
        await reply(update, texts.OLD_WEEK)
    elif action == "draft":
        await send_drafts(update, context, None)
    elif action == "later":
        await _snoozed(update, await nudge_service.snooze(svc, telegram_id, minutes=60))
    elif action == "evening":
        await _snoozed(update, await nudge_service.snooze(svc, telegram_id))
    elif action == "done":
        done = await nudge_service.all_done(svc, telegram_id)
        await reply(update, texts.all_done(done.marked, done.without_notes, done.already))
    else:
        await reply(update, texts.NOT_NOW)


async def _this_week(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """The pressed reminder belongs to the student's current week (old buttons: no week)."""
    query = update.callback_query
    assert query is not None and query.data is not None
    fields = query.data.split(":")
    if len(fields) < 3 or not fields[2].isdigit():
        return True
    student = await students.current(services(context), sender(update)[0])
    if student is None:
        return False
    today = local_date(services(context).clock(), student.timezone)
    return int(fields[2]) == week_key(today)


async def _snoozed(update: Update, snooze: Snooze) -> None:
    if snooze.result is SnoozeResult.NOTHING_OPEN:
        await reply(update, texts.NOTHING_OPEN)
    elif snooze.result is SnoozeResult.EVENING_PASSED or snooze.until is None:
        await reply(update, texts.EVENING_PASSED)
    else:
        await reply(update, texts.LATER_SET.format(time=clock(snooze.until.time())))


async def on_track(update: Update, context: ContextTypes.DEFAULT_TYPE, pressed: cd.OnTrack) -> bool:
    """ "Ist im Plan" under a risk alert: noted in the deadline's history."""
    svc, telegram_id = services(context), sender(update)[0]
    if await deadline_service.mark_on_track(svc, telegram_id, pressed.deadline_id) is None:
        return False
    await reply(update, texts.ON_TRACK_OK)
    return True


HANDLERS = [
    on_press(cd.FreshEyesIdea, idea_pressed, gone=texts.CLIENT_GONE),  # before "nd:" below
    CallbackQueryHandler(nudge_button, pattern=r"^nd:"),
    on_press(cd.OnTrack, on_track, gone=texts.CLIENT_GONE),
]
