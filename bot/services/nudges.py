"""Nudge use cases: claim what is due (exactly once), record the outcome, snooze, pause.

Exactly once: a nudge moves pending → sending in one write transaction before it is sent,
and sending → sent right after Telegram accepted it. A restart puts ``sending`` rows back to
pending, so only a send that was in flight at a hard kill can reach the student twice.

Several workers (PostgreSQL): each claims with SKIP LOCKED, so no two claim the same row, and
holds its claims under a lease (this worker's WORKER_ID, until now + ``LEASE``) that it renews
while it sends. A worker that dies loses its leases: the next claim after they ran out (≤ 30 s)
takes its rows over. Outcomes are written only by the lease holder; at start a worker releases
only its own and expired claims, never a live worker's.
"""

from __future__ import annotations

import enum
import logging
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import ClassVar, TypeAlias
from zoneinfo import ZoneInfo

from bot.domain import nudge_rules as rules
from bot.domain.deadlines import AlertLevel, alert_levels, by_urgency
from bot.domain.models import Deadline, Student
from bot.domain.nudge_rules import NudgeKind, NudgeState
from bot.domain.questions import ClientIdea, CommandArgument
from bot.domain.schedules import at_local_time_same_day, local_date
from bot.domain.weeks import week_of
from bot.services.context import Services
from bot.services.scheduling import (
    add_next_weekly_reminder,
    ensure_fresh_eyes,
    ensure_plan,
    ensure_watch,
)
from messages_de.fresh_eyes import pick_question
from storage.models import NudgeRow, UserRow
from storage.nudges import Nudges
from storage.repositories import Clients, UpdateSends
from storage.unit_of_work import UnitOfWork

log = logging.getLogger("nudges")

FOREVER = date(9999, 12, 31)
RETRY_DELAY = timedelta(seconds=30)
SNOOZE_EVENING = time(18, 0)


@dataclass(frozen=True, slots=True)
class Reminder:
    """The weekly reminder, its follow-up or a snoozed one: whose updates are still open."""

    nudge_id: int
    kind: NudgeKind  # WEEKLY_REMINDER, FOLLOWUP or SNOOZE
    chat_id: int
    first_name: str
    open_clients: tuple[str, ...]  # empty: the student has no client yet
    today: date  # the student's local date at the claim (the week its buttons act on)


@dataclass(frozen=True, slots=True)
class FreshEyesPrompt:
    """A fresh-eyes question about one client."""

    kind: ClassVar[NudgeKind] = NudgeKind.FRESH_EYES
    nudge_id: int
    chat_id: int
    client_id: int
    client_name: str
    question: int


@dataclass(frozen=True, slots=True)
class Resumed:
    """The pause planned with /pause is over."""

    kind: ClassVar[NudgeKind] = NudgeKind.RESUME
    nudge_id: int
    chat_id: int


@dataclass(frozen=True, slots=True)
class DeadlineAlert:
    """A deadline reached one or more alert levels."""

    kind: ClassVar[NudgeKind] = NudgeKind.DEADLINE_ALERT
    nudge_id: int
    chat_id: int
    deadline: Deadline
    client_name: str | None
    levels: tuple[AlertLevel, ...]
    today: date


Outgoing: TypeAlias = Reminder | FreshEyesPrompt | Resumed | DeadlineAlert
"""A claimed nudge, with everything needed to word it (``kind`` names it in the metrics)."""


@dataclass(frozen=True, slots=True)
class Upcoming:
    kind: NudgeKind
    due_local: datetime
    client_name: str | None


async def _absent(uow: UnitOfWork, student: Student, now: datetime) -> bool:
    """The student is away today (an absence from /abwesend covers the local date)."""
    today = local_date(now, student.timezone)
    return any(a.covers(today) for a in await uow.absences.for_owner(student.id, ending_from=today))


async def _decide(uow: UnitOfWork, row: NudgeRow, user: UserRow, now: datetime) -> Outgoing | None:
    """Mark ``row`` sending (and return it) or skipped/cancelled; plan what comes next."""
    nudges, clients, sends = uow.nudges, uow.clients, uow.update_sends
    student = user.to_domain()
    if row.kind == NudgeKind.RESUME:
        uow.users.pause(user, None)
        await ensure_plan(uow, user.to_domain(), now)
        uow.nudges.claim(row)
        return Resumed(row.id, student.telegram_id)
    if not student.active or rules.is_paused(student, now):
        uow.nudges.settle(row, NudgeState.CANCELLED, "paused" if student.active else "inactive")
        return None
    if row.kind != NudgeKind.DEADLINE_WATCH and await _absent(uow, student, now):
        # away (/abwesend): this occurrence stays silent; recurring kinds plan the next one
        if row.kind == NudgeKind.WEEKLY_REMINDER and row.attempts == 0:
            await add_next_weekly_reminder(nudges, student, row.due_at + timedelta(minutes=1), now)
        uow.nudges.settle(row, NudgeState.SKIPPED, "absent")
        if row.kind == NudgeKind.FRESH_EYES:
            await ensure_fresh_eyes(uow, student, now)
        return None
    if row.kind == NudgeKind.DEADLINE_WATCH:
        await _watch(uow, row, student, now)
        return None
    if row.kind == NudgeKind.DEADLINE_ALERT:
        return await _alert(uow, row, student, now)
    if row.kind == NudgeKind.WEEKLY_REMINDER and row.attempts == 0:  # a re-claim planned it already
        await add_next_weekly_reminder(nudges, student, row.due_at + timedelta(minutes=1), now)
    client = None
    if row.kind == NudgeKind.FRESH_EYES:
        client_id = rules.subject_id(row.subject, rules.CLIENT_SUBJECT)
        if client_id is None:
            raise ValueError(f"fresh-eyes nudge {row.id} names no client")  # marked failed
        client = await clients.row(student.id, client_id)
        if client is None or client.archived:
            uow.nudges.settle(row, NudgeState.CANCELLED, "client")
            return None
    if row.window_end is not None and now > row.window_end:
        uow.nudges.settle(row, NudgeState.SKIPPED, "window")
        if row.kind == NudgeKind.FRESH_EYES:
            await ensure_fresh_eyes(uow, student, now)  # the next working day
        return None
    if row.kind in rules.REMINDER_KINDS:
        return await _reminder(row, student, clients, sends, nudges, now)
    assert client is not None  # every other kind has returned above: this is fresh eyes
    asked = await nudges.asked_questions(student.id, row.subject)
    question = pick_question(asked, client.id)
    uow.nudges.claim(row, payload=str(question))
    await ensure_fresh_eyes(uow, student, now)  # the next, weeks after this one
    return FreshEyesPrompt(row.id, student.telegram_id, client.id, client.name, question)


async def _watch(uow: UnitOfWork, row: NudgeRow, student: Student, now: datetime) -> None:
    """File one alert per new (deadline, level); plan tomorrow's check."""
    nudges = uow.nudges
    await ensure_watch(uow, student, rules.next_watch_after(student, row.due_at))
    uow.nudges.settle(row, NudgeState.DONE, "checked")
    if row.window_end is not None and now > row.window_end:
        uow.nudges.settle(row, NudgeState.SKIPPED, "window")
        return
    today = local_date(now, student.timezone)
    notes = uow.notes
    for deadline in await uow.deadlines.open_for(student.id):
        last = await notes.last_at(student.id, deadline.client_id)
        last_day = local_date(last, student.timezone) if last else None
        levels = alert_levels(deadline, today, last_day, student.working_days)
        if deadline.client_due == today:  # one message on the day: "heute fällig"
            levels = [AlertLevel.DUE_TODAY]
        first = True
        for level in by_urgency(levels):
            plan = rules.plan_alert(student, deadline.id, level, deadline.client_due, now)
            # The most urgent new level is sent; others found the same day ride along.
            state = NudgeState.PENDING if first else NudgeState.SKIPPED
            if await nudges.add(student.id, plan, now, payload=",".join(levels), state=state):
                first = False


async def _alert(
    uow: UnitOfWork, row: NudgeRow, student: Student, now: datetime
) -> Outgoing | None:
    deadline_id = rules.subject_id(row.subject, rules.DEADLINE_SUBJECT)
    deadline = next(
        (d for d in await uow.deadlines.open_for(student.id) if d.id == deadline_id), None
    )
    if deadline is None:
        uow.nudges.settle(row, NudgeState.CANCELLED, "closed")
        return None
    if rules.alert_date(row.occurrence) not in (None, deadline.client_due):
        uow.nudges.settle(row, NudgeState.CANCELLED, "moved")  # a slip moved the client date since
        return None
    if row.window_end is not None and now > row.window_end:
        uow.nudges.settle(row, NudgeState.SKIPPED, "window")
        return None
    client = await uow.clients.row(student.id, deadline.client_id) if deadline.client_id else None
    uow.nudges.claim(row)
    return DeadlineAlert(
        row.id,
        student.telegram_id,
        deadline,
        client_name=client.name if client else None,
        levels=tuple(AlertLevel(v) for v in (row.payload or "").split(",") if v),
        today=local_date(now, student.timezone),
    )


async def open_updates(
    clients: Clients, sends: UpdateSends, student: Student, now: datetime
) -> tuple[str, ...]:
    """Names of the clients whose update of this week is not marked sent (``("",)``: the
    student has no client and nothing is marked); empty when everything is done."""
    week = week_of(local_date(now, student.timezone))
    done = await sends.keys_for_week(student.id, (week.iso_year, week.number))
    active = await clients.list(student.id)
    if not active:
        return () if 0 in done else ("",)
    return tuple(c.name for c in active if c.id not in done)


async def _reminder(
    row: NudgeRow,
    student: Student,
    clients: Clients,
    sends: UpdateSends,
    nudges: Nudges,
    now: datetime,
) -> Outgoing | None:
    open_clients = await open_updates(clients, sends, student, now)
    if not open_clients:  # the follow-up names whoever is still open, however many are done
        nudges.settle(row, NudgeState.SKIPPED, "done")
        return None
    if row.kind == NudgeKind.WEEKLY_REMINDER and (plan := rules.plan_followup(student, row.due_at)):
        await nudges.add(student.id, plan, now)
    nudges.claim(row)
    names = tuple(n for n in open_clients if n)
    today = local_date(now, student.timezone)
    return Reminder(row.id, row.kind, student.telegram_id, student.first_name, names, today)


@dataclass(frozen=True, slots=True)
class Claim:
    """One claim round: what to send now, and how many due rows were decided."""

    outgoing: list[Outgoing]
    examined: int
    skipped: dict[NudgeKind, int] = field(default_factory=dict)  # kind -> skipped or cancelled


async def claim_due(svc: Services, limit: int) -> Claim:
    """Decide up to ``limit`` due nudges in one transaction: claim (sending), skip or cancel."""
    now = svc.clock()
    async with svc.read() as uow:  # the common tick: nothing due, no write lock taken
        if not await uow.nudges.claimable(now):
            return Claim([], 0)
    async with svc.write() as uow:
        if taken := await uow.nudges.take_over_expired(now):
            log.warning("%d claimed nudges of a worker that stopped are claimed again", taken)
        rows = await uow.nudges.due(now, limit, claim=True)
        users = await uow.users.rows_by_ids({row.user_id for row in rows})
        claimed: list[Outgoing] = []
        skipped: dict[NudgeKind, int] = {}
        for row in rows:
            try:
                async with uow.savepoint():  # one bad row must not undo the batch
                    outgoing = await _decide(uow, row, users[row.user_id], now)
            except Exception:
                log.exception("nudge %s could not be prepared; marked failed", row.id)
                uow.nudges.settle(row, NudgeState.FAILED, "error")
                continue
            if outgoing is not None:
                uow.nudges.lease(row, svc.worker_id, now)
                claimed.append(outgoing)
            elif row.state in (NudgeState.SKIPPED, NudgeState.CANCELLED):
                skipped[row.kind] = skipped.get(row.kind, 0) + 1
        return Claim(claimed, len(rows), skipped)


async def has_due(svc: Services) -> datetime | None:
    """When the next pending nudge falls due (None: nothing planned)."""
    async with svc.read() as uow:
        return await uow.nudges.next_due_at()


def _held(row: NudgeRow | None, svc: Services) -> bool:
    """This worker still holds the claim on ``row`` (no other worker took it over)."""
    return row is not None and row.state == NudgeState.SENDING and row.lease_owner == svc.worker_id


async def still_claimed(svc: Services, nudge_id: int) -> bool:
    """False when the nudge vanished since the claim (the student erased their data) or
    this worker's lease on it ran out (another worker may be sending it)."""
    async with svc.read() as uow:
        row = await uow.nudges.get(nudge_id)
    if row is None or not _held(row, svc):
        return False
    return row.lease_until is None or row.lease_until > svc.clock()


async def mark_sent(svc: Services, nudge_id: int) -> None:
    async with svc.write() as uow:
        row = await uow.nudges.get(nudge_id)
        if row is not None and _held(row, svc):
            uow.nudges.sent(row, svc.clock())


async def mark_failed(svc: Services, nudge_id: int, reason: str, *, retry: bool) -> None:
    """A send failed: try again after ``RETRY_DELAY`` (``retry``), or give up on it."""
    async with svc.write() as uow:
        row = await uow.nudges.get(nudge_id)
        if row is None or not _held(row, svc):
            return
        if retry:
            uow.nudges.retry_at(row, svc.clock() + RETRY_DELAY, reason)
        else:
            uow.nudges.settle(row, NudgeState.FAILED, reason)


async def renew_leases(svc: Services) -> int:
    """Extend this worker's claims (the dispatcher calls it while a fan-out runs)."""
    async with svc.write() as uow:
        return await uow.nudges.renew(svc.worker_id, svc.clock())


async def mark_blocked(svc: Services, nudge_id: int) -> None:
    """Telegram said Forbidden: the student blocked the bot. Stop nudging until /start."""
    async with svc.write() as uow:
        row = await uow.nudges.get(nudge_id)
        if row is None:
            return
        uow.nudges.settle(row, NudgeState.FAILED, "forbidden")
        user = await uow.users.row(row.user_id)
        if user is not None:
            uow.users.set_active(user, False)
            await uow.nudges.drop_pending(user.id)


async def recover(svc: Services) -> tuple[int, int]:
    """At start: release in-flight claims and give every active student a weekly reminder.

    SQLite has one process, so every claim left is ours; on PostgreSQL only this worker's own
    claims (a stable WORKER_ID across restarts) and expired ones: other workers may be alive.
    """
    now = svc.clock()
    owner = None if svc.db.is_sqlite else svc.worker_id
    async with svc.write() as uow:
        nudges = uow.nudges
        released = await nudges.release_in_flight(owner, now)
        missing = await nudges.users_without(NudgeKind.WEEKLY_REMINDER)
        for user in missing:
            await add_next_weekly_reminder(nudges, user.to_domain(), now, now)
        return released, len(missing)


# --- the student's own controls ---------------------------------------------------------


class SnoozeResult(enum.Enum):
    SET = "set"
    EVENING_PASSED = "evening_passed"  # "Heute um 18:00" after 18:00
    NOTHING_OPEN = "nothing_open"  # every update of the week is marked sent already


@dataclass(frozen=True, slots=True)
class Snooze:
    result: SnoozeResult
    until: datetime | None = None  # local time of the new reminder


async def snooze(svc: Services, telegram_id: int, *, minutes: int | None = None) -> Snooze:
    """The reminder again in ``minutes``, or today at 18:00; only while something is open."""
    now = svc.clock()
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        if user is None:
            return Snooze(SnoozeResult.NOTHING_OPEN)
        student = user.to_domain()
        if not await open_updates(uow.clients, uow.update_sends, student, now):
            return Snooze(SnoozeResult.NOTHING_OPEN)
        if minutes is not None:
            until = now + timedelta(minutes=minutes)
        else:
            until = at_local_time_same_day(now, student.timezone, SNOOZE_EVENING)
            if until <= now:
                return Snooze(SnoozeResult.EVENING_PASSED)
        until = until.replace(second=0, microsecond=0)
        await uow.nudges.add(student.id, rules.plan_snooze(student, until), now)
        return Snooze(SnoozeResult.SET, until.astimezone(ZoneInfo(student.timezone)))


@dataclass(frozen=True, slots=True)
class DoneOutcome:
    """What "Schon erledigt" marked: only clients with notes this week count as sent."""

    marked: tuple[str, ...] = ()  # names marked sent just now ("" = the notes without client)
    without_notes: tuple[str, ...] = ()  # open clients left alone: nothing noted this week
    already: bool = False  # everything was marked before


async def all_done(svc: Services, telegram_id: int) -> DoneOutcome:
    """ "Schon erledigt": mark this week's open updates sent – those of clients with notes
    this week; a client without notes has had no update to send. No follow-up today."""
    now = svc.clock()
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        if user is None:
            return DoneOutcome(already=True)
        student = user.to_domain()
        week = week_of(local_date(now, student.timezone))
        key = (week.iso_year, week.number)
        sends = uow.update_sends
        done = await sends.keys_for_week(user.id, key)
        start, end = week.utc_bounds(student.timezone)
        noted = {n.client_id or 0 for n in await uow.notes.between(user.id, start, end)}
        clients = {c.id: c.name for c in await uow.clients.list(user.id)} or {0: ""}
        open_keys = [k for k in clients if k not in done]
        await uow.nudges.drop_pending(user.id, kinds=(NudgeKind.FOLLOWUP, NudgeKind.SNOOZE))
        if not open_keys:
            return DoneOutcome(already=True)
        marked = []
        for client_key in open_keys:
            if client_key in noted and await sends.mark(user.id, client_key, key, now):
                marked.append(clients[client_key])
        left = tuple(clients[k] for k in open_keys if k not in noted)
        return DoneOutcome(tuple(marked), left)


async def set_followups(svc: Services, telegram_id: int, enabled: bool) -> None:
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        if user is not None:
            uow.users.set_followups(user, enabled)
            if not enabled:
                await uow.nudges.drop_pending(user.id, kinds=(NudgeKind.FOLLOWUP,))


async def set_fresh_eyes(svc: Services, telegram_id: int, first_name: str, weeks: int) -> None:
    """Fresh-eyes interval in weeks (0 = off); replans the prompts."""
    now = svc.clock()
    async with svc.write() as uow:
        users = uow.users
        user, _ = await users.ensure(telegram_id, first_name, svc.default_timezone, now)
        users.set_fresh_eyes_weeks(user, weeks)
        nudges = uow.nudges
        await nudges.drop_pending(user.id, kinds=(NudgeKind.FRESH_EYES,))
        await ensure_plan(uow, user.to_domain(), now)


async def pause(svc: Services, telegram_id: int, first_name: str, until: date | None) -> date:
    """Pause every nudge until ``until`` (inclusive; None = until /weiter). Nothing piles up."""
    now = svc.clock()
    async with svc.write() as uow:
        user, _ = await uow.users.ensure(telegram_id, first_name, svc.default_timezone, now)
        paused_until = until or FOREVER
        uow.users.pause(user, paused_until)
        nudges = uow.nudges
        await nudges.drop_pending(user.id)
        if until is not None:
            await nudges.add(user.id, rules.plan_resume(user.to_domain(), until), now)
        return paused_until


async def resume(svc: Services, telegram_id: int, first_name: str) -> bool:
    """End a pause now; False when there was none."""
    now = svc.clock()
    async with svc.write() as uow:
        user, _ = await uow.users.ensure(telegram_id, first_name, svc.default_timezone, now)
        was_paused = user.paused_until is not None
        uow.users.pause(user, None)
        nudges = uow.nudges
        await nudges.drop_pending(user.id, kinds=(NudgeKind.RESUME,))
        await ensure_plan(uow, user.to_domain(), now)
        return was_paused


async def upcoming(svc: Services, telegram_id: int) -> tuple[Student | None, list[Upcoming]]:
    """The student's planned nudges with local times."""
    async with svc.read() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        if user is None:
            return None, []
        student = user.to_domain()
        names = {c.id: c.name for c in await uow.clients.list(user.id)}
        rows = await uow.nudges.pending_for(user.id)
    zone = ZoneInfo(student.timezone)
    items = []
    for row in rows:
        client_id = rules.subject_id(row.subject, rules.CLIENT_SUBJECT)
        items.append(Upcoming(row.kind, row.due_at.astimezone(zone), names.get(client_id or -1)))
    return student, items


QUESTION_OPEN_FOR = timedelta(minutes=30)


async def ask_command(svc: Services, telegram_id: int, command: str) -> None:
    """The bot asked for a command's argument ("schreib z. B. …", "Wie lange soll die Pause
    dauern?"): the next text, within 30 minutes, may answer it."""
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        if user is not None:
            user.ask(CommandArgument(command, int(svc.clock().timestamp())))


async def end_command_question(
    svc: Services, telegram_id: int, question: CommandArgument
) -> str | None:
    """Forget the open question; the command it asked for, when it was asked recently
    enough to take the text as its answer."""
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        if user is not None and user.question == question:
            user.ask(None)
    fresh = svc.clock().timestamp() - question.asked_at <= QUESTION_OPEN_FOR.total_seconds()
    return question.command if fresh else None


async def start_idea(svc: Services, telegram_id: int, client_id: int) -> str | None:
    """The next text is an idea for this client; returns the client's name (None: not theirs)."""
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        client = await uow.clients.row(user.id, client_id) if user else None
        if user is None or client is None or client.archived:  # an old prompt's button
            return None
        user.ask(ClientIdea(client_id))
        return client.name


async def dispatcher_lag(svc: Services) -> timedelta:
    """Now minus the due time of the oldest pending nudge, if it is due (else zero)."""
    oldest = await has_due(svc)
    now = svc.clock()
    return max(now - oldest, timedelta(0)) if oldest is not None else timedelta(0)
