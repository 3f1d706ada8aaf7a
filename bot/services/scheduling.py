"""Keeping each student's nudge plan complete: called inside the services' write transactions."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot import nudge_rules as rules
from bot.domain import Student
from storage.nudges import Nudges
from storage.repositories import Clients, Deadlines

PLAN_KINDS = (rules.FRIDAY, rules.FOLLOWUP, rules.FRESH_EYES)


async def add_next_friday(nudges: Nudges, student: Student, after: datetime, now: datetime) -> None:
    """The next weekly reminder; an occurrence already used (sent today) moves a week on."""
    for _ in range(3):
        plan = rules.plan_friday(student, after)
        if await nudges.add(student.id, plan, now):
            return
        after = plan.due_at + timedelta(days=1)


async def ensure_plan(nudges: Nudges, clients: Clients, student: Student, now: datetime) -> None:
    """Add what is missing: the next weekly reminder and a fresh-eyes prompt per client."""
    if not student.active or rules.is_paused(student, now):
        return
    pending = {(row.kind, row.subject) for row in await nudges.pending_for(student.id)}
    if (rules.FRIDAY, "") not in pending:
        await add_next_friday(nudges, student, now, now)
    if (rules.DEADLINE_WATCH, "") not in pending:
        await ensure_watch(nudges, student, now)
    today = rules.local_date(now, student.timezone)
    for client in await clients.list(student.id):
        plan = rules.plan_fresh_eyes(student, client.id, today)
        if plan is not None and (plan.kind, plan.subject) not in pending:
            await nudges.add(student.id, plan, now)


async def replan(nudges: Nudges, clients: Clients, student: Student, now: datetime) -> None:
    """Settings changed: forget the planned nudges (not snoozes) and plan again from ``now``."""
    await nudges.drop_pending(student.id, kinds=PLAN_KINDS)
    await ensure_plan(nudges, clients, student, now)


async def ensure_watch(nudges: Nudges, student: Student, after: datetime) -> None:
    """A daily deadline check while the student has open deadlines (one per local day)."""
    if not await Deadlines(nudges.s).open_for(student.id):
        return
    for _ in range(3):
        plan = rules.plan_watch(student, after)
        if await nudges.add(student.id, plan, after):
            return
        after = rules.next_watch_after(student, plan.due_at)
