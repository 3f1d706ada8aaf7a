"""Keeping each student's nudge plan complete: called inside the services' write transactions."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from bot.domain import nudge_rules as rules
from bot.domain.deadlines import AlertLevel
from bot.domain.models import Student
from bot.domain.nudge_rules import NudgeKind, NudgeState
from bot.domain.schedules import local_date
from bot.domain.workdays import WorkCalendar, work_calendar
from storage.nudges import Nudges
from storage.unit_of_work import UnitOfWork

PLAN_KINDS = (NudgeKind.WEEKLY_REMINDER, NudgeKind.FOLLOWUP, NudgeKind.FRESH_EYES)


async def add_next_weekly_reminder(
    nudges: Nudges, student: Student, after: datetime, now: datetime
) -> None:
    """The next weekly reminder; an occurrence already used (sent today) moves a week on."""
    for _ in range(3):
        plan = rules.plan_weekly_reminder(student, after)
        if await nudges.add(student.id, plan, now):
            return
        after = plan.due_at + timedelta(days=1)


async def ensure_plan(uow: UnitOfWork, student: Student, now: datetime) -> None:
    """Add what is missing: the next weekly reminder and a fresh-eyes prompt per client."""
    if not student.active or rules.is_paused(student, now):
        return
    nudges = uow.nudges
    pending = {(row.kind, row.subject) for row in await nudges.pending_for(student.id)}
    if (NudgeKind.WEEKLY_REMINDER, "") not in pending:
        await add_next_weekly_reminder(nudges, student, now, now)
    if (NudgeKind.DEADLINE_WATCH, "") not in pending:
        await ensure_watch(uow, student, now)
    await ensure_fresh_eyes(uow, student, now)


async def ensure_fresh_eyes(uow: UnitOfWork, student: Student, now: datetime) -> None:
    """A fresh-eyes prompt for every active client that has none planned.

    Anchored on the client's last prompt (or the day it was added), so planning again after
    a settings change gives the same slot instead of moving it back."""
    if student.fresh_eyes_weeks <= 0:
        return
    nudges, clients = uow.nudges, uow.clients
    rows = [r for r in await nudges.pending_for(student.id) if r.kind == NudgeKind.FRESH_EYES]
    planned = {row.subject for row in rows}
    taken = [row.due_at for row in rows]
    tz = student.timezone
    calendar = await calendar_for(uow, student, local_date(now, tz))
    last = await nudges.last_sent_by_subject(student.id, NudgeKind.FRESH_EYES)
    added = await clients.added_at(student.id)
    for client in await clients.list(student.id):
        subject = rules.subject(rules.CLIENT_SUBJECT, client.id)
        if subject in planned:
            continue
        sent = last.get(subject)
        anchor = local_date(sent or added.get(client.id) or now, tz)
        plan = rules.plan_fresh_eyes(
            student, client.id, anchor, calendar, now, first=sent is None, taken=taken
        )
        if plan is not None and await nudges.add(student.id, plan, now):
            taken.append(plan.due_at)


async def replan(uow: UnitOfWork, student: Student, now: datetime) -> None:
    """Settings changed: forget the planned nudges (not snoozes) and plan again from ``now``."""
    await uow.nudges.drop_pending(student.id, kinds=PLAN_KINDS)
    await ensure_plan(uow, student, now)


async def calendar_for(uow: UnitOfWork, student: Student, today: date) -> WorkCalendar:
    """The student's working days with the canton's holidays and absences not over by today."""
    absences = await uow.absences.for_owner(student.id, ending_from=today)
    return work_calendar(
        student.working_days, student.work_start, student.work_end, student.canton, absences
    )


async def plan_deadline_days(
    uow: UnitOfWork, student: Student, deadline_id: int, client_due: date, now: datetime
) -> None:
    """Plan "heute fällig" on the client date and "vorbei" the next working morning.

    Set on the client date itself, the "heute fällig" message is filed as already done (the
    student just typed it)."""
    nudges = uow.nudges
    today = local_date(now, student.timezone)
    due_today = rules.plan_due_today(student, deadline_id, client_due)
    if client_due > today:
        await nudges.add(student.id, due_today, now, payload=AlertLevel.DUE_TODAY.value)
    elif client_due == today:
        await nudges.add(
            student.id, due_today, now, payload=AlertLevel.DUE_TODAY.value, state=NudgeState.SKIPPED
        )
    calendar = await calendar_for(uow, student, today)
    passed = rules.plan_passed(student, deadline_id, client_due, calendar)
    await nudges.add(student.id, passed, now, payload=AlertLevel.PASSED.value)


async def ensure_watch(uow: UnitOfWork, student: Student, after: datetime) -> None:
    """A daily deadline check while the student has open deadlines (one per local day)."""
    if not await uow.deadlines.open_for(student.id):
        return
    for _ in range(3):
        plan = rules.plan_watch(student, after)
        if await uow.nudges.add(student.id, plan, after):
            return
        after = rules.next_watch_after(student, plan.due_at)
