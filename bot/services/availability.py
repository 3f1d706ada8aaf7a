"""Use cases of habit 3: the student's agreed availability, asked step by step."""

from __future__ import annotations

from datetime import time

from bot.availability import compose_agreement
from bot.domain import Availability
from bot.drafts import Draft
from bot.services.context import Services
from storage.repositories import Users

STEP_PREFIX = "av:"
STEPS = ("days", "hours", "reply", "emergency", "definition")


async def current(svc: Services, telegram_id: int, first_name: str) -> Availability:
    """The student's availability (defaults until they change it)."""
    async with svc.db.write() as session:
        row, _ = await Users(session).ensure(
            telegram_id, first_name, svc.default_timezone, svc.clock()
        )
        return row.availability()


async def ask(svc: Services, telegram_id: int, step: str | None) -> None:
    """Remember which question the next text message answers (None: none)."""
    async with svc.db.write() as session:
        row = await Users(session).row_by_telegram_id(telegram_id)
        if row is not None:
            row.pending_action = f"{STEP_PREFIX}{step}" if step else None


async def save(
    svc: Services,
    telegram_id: int,
    *,
    days: tuple[int, ...] | None = None,
    hours: tuple[time, time] | None = None,
    reply_within: str | None = None,
    emergency_channel: str | None = None,
    no_emergency: bool = False,
    emergency_definition: str | None = None,
) -> Availability | None:
    """Store one answer; returns the availability as it is now."""
    async with svc.db.write() as session:
        row = await Users(session).row_by_telegram_id(telegram_id)
        if row is None:
            return None
        if days is not None:
            row.working_days = ",".join(str(d) for d in days)
        if hours is not None:
            row.quiet_start, row.quiet_end = hours
        if reply_within is not None:
            row.reply_within = reply_within[:64]
        if emergency_channel is not None:
            row.emergency_channel = emergency_channel[:128]
        if no_emergency:
            row.emergency_channel = row.emergency_definition = None
        if emergency_definition is not None:
            row.emergency_definition = emergency_definition[:200]
        return row.availability()


async def agreement(svc: Services, telegram_id: int, first_name: str) -> Draft:
    """The written "Erreichbarkeit und Support" agreement for clients."""
    return compose_agreement(await current(svc, telegram_id, first_name), first_name)
