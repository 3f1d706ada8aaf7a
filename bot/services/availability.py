"""Use cases of habit 3: the student's agreed availability, asked step by step."""

from __future__ import annotations

from datetime import time

from bot.domain.drafts import Draft
from bot.domain.models import Availability, Client
from bot.domain.questions import AVAILABILITY_STEPS, AvailabilityStep
from bot.domain.schedules import local_date
from bot.services.context import Services
from messages_de.agreement import compose_agreement
from messages_de.availability import absence_item

STEPS = AVAILABILITY_STEPS


async def current(svc: Services, telegram_id: int, first_name: str) -> Availability:
    """The student's availability (defaults until they change it)."""
    async with svc.write() as uow:
        row, _ = await uow.users.ensure(telegram_id, first_name, svc.default_timezone, svc.clock())
        return row.availability()


async def ask(svc: Services, telegram_id: int, step: str | None) -> None:
    """Remember which question the next text message answers (None: none)."""
    async with svc.write() as uow:
        row = await uow.users.row_by_telegram_id(telegram_id)
        if row is not None:
            row.ask(AvailabilityStep(step) if step else None)


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
    emergency_phone: str | None = None,
) -> Availability | None:
    """Store one answer; returns the availability as it is now."""
    async with svc.write() as uow:
        row = await uow.users.row_by_telegram_id(telegram_id)
        if row is None:
            return None
        uow.users.set_availability(
            row,
            days=days,
            hours=hours,
            reply_within=reply_within,
            emergency_channel=emergency_channel,
            no_emergency=no_emergency,
            emergency_definition=emergency_definition,
            emergency_phone=emergency_phone,
        )
        return row.availability()


async def agreement(
    svc: Services, telegram_id: int, first_name: str, client_id: int | None = None
) -> Draft | None:
    """The written "Erreichbarkeit und Support" agreement for one client (or none);
    None when ``client_id`` is not this student's client."""
    async with svc.write() as uow:
        row, _ = await uow.users.ensure(telegram_id, first_name, svc.default_timezone, svc.clock())
        client = await uow.clients.row(row.id, client_id) if client_id else None
        if client_id and client is None:
            return None
        today = local_date(svc.clock(), row.timezone)
        absences = await uow.absences.for_owner(row.id, ending_from=today)
        return compose_agreement(
            row.availability(),
            client.to_domain() if client else None,
            row.to_domain(),
            absences,
            absence_item,
        )


async def clients_for_agreement(svc: Services, telegram_id: int) -> list[Client]:
    """The active clients to choose from (the agreement speaks to one of them)."""
    async with svc.read() as uow:
        student = await uow.users.by_telegram_id(telegram_id)
        return [] if student is None else await uow.clients.list(student.id)
