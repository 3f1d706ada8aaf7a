"""Use cases around the student's profile."""

from __future__ import annotations

from datetime import time

from bot.domain.models import Student
from bot.services.context import Services
from bot.services.scheduling import ensure_plan, replan


async def register(svc: Services, telegram_id: int, first_name: str) -> tuple[Student, bool]:
    """Create the student with defaults, or refresh the name; /start again changes nothing else."""
    async with svc.write() as uow:
        users = uow.users
        row, created = await users.ensure(
            telegram_id, first_name, svc.default_timezone, svc.clock()
        )
        users.set_active(row, True)
        row.ask(None)
        student = row.to_domain()
        await ensure_plan(uow, student, svc.clock())
        return student, created


async def change_settings(
    svc: Services,
    telegram_id: int,
    first_name: str,
    *,
    timezone: str | None = None,
    reminder_weekday: int | None = None,
    reminder_time: time | None = None,
) -> Student:
    """Change time zone or reminder slot of the student (registering them if needed)."""
    async with svc.write() as uow:
        users = uow.users
        row, _ = await users.ensure(telegram_id, first_name, svc.default_timezone, svc.clock())
        student = await users.update_settings(
            row.id,
            timezone=timezone,
            reminder_weekday=reminder_weekday,
            reminder_time=reminder_time,
        )
        await replan(uow, student, svc.clock())
        return student


async def current(svc: Services, telegram_id: int) -> Student | None:
    """The student as stored, or None before /start."""
    async with svc.read() as uow:
        return await uow.users.by_telegram_id(telegram_id)


async def interrupt(svc: Services, telegram_id: int) -> None:
    """A command cancels any open question, so the next text is a note again.

    Harmless to repeat, so it does not settle the command's inbox update: the command's own
    write does (a kill between the two repeats the command, it does not lose it).
    """
    async with svc.write(settles=False) as uow:
        await uow.users.clear_pending(telegram_id)
