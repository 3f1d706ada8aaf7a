"""Use cases around absences (/abwesend): add, list, remove. Nudges pause during them."""

from __future__ import annotations

import enum
from dataclasses import dataclass

from bot.domain.schedules import local_date
from bot.domain.workdays import Absence, AbsenceProblem, normalise_canton, parse_absence
from bot.services.context import Services
from storage.repositories import Absences


class AbsenceResult(enum.Enum):
    ADDED = "added"
    LIST = "list"
    REMOVED = "removed"
    NOT_FOUND = "not_found"
    PROBLEM = "problem"
    TOO_MANY = "too_many"


@dataclass(frozen=True, slots=True)
class AbsenceOutcome:
    result: AbsenceResult
    absences: tuple[Absence, ...] = ()
    added: Absence | None = None
    problem: AbsenceProblem | None = None


async def add_or_list(
    svc: Services, telegram_id: int, first_name: str, text: str
) -> AbsenceOutcome:
    """``/abwesend 20.12.–3.1. Ferien`` stores an absence; ``/abwesend`` alone lists them.

    The text is parsed before the write transaction opens."""
    parsed: Absence | AbsenceProblem | None = None
    if text.strip():
        async with svc.read() as uow:
            known = await uow.users.by_telegram_id(telegram_id)
        zone = known.timezone if known else svc.default_timezone
        parsed = parse_absence(text, local_date(svc.clock(), zone))
    async with svc.write() as uow:
        user, _ = await uow.users.ensure(telegram_id, first_name, svc.default_timezone, svc.clock())
        today = local_date(svc.clock(), user.timezone)
        repo = uow.absences
        if parsed is None:
            current = await repo.for_owner(user.id, ending_from=today)
            return AbsenceOutcome(AbsenceResult.LIST, tuple(current))
        if isinstance(parsed, AbsenceProblem):
            return AbsenceOutcome(AbsenceResult.PROBLEM, problem=parsed)
        if await repo.count(user.id) >= Absences.MAX_PER_STUDENT:
            return AbsenceOutcome(AbsenceResult.TOO_MANY)
        added = await repo.add(user.id, parsed, svc.clock())
        current = await repo.for_owner(user.id, ending_from=today)
        return AbsenceOutcome(AbsenceResult.ADDED, tuple(current), added)


async def remove(svc: Services, telegram_id: int, absence_id: int) -> AbsenceOutcome:
    """Delete one of this student's absences (an old button answers honestly)."""
    async with svc.write() as uow:
        user = await uow.users.row_by_telegram_id(telegram_id)
        if user is None or not await uow.absences.delete(user.id, absence_id):
            return AbsenceOutcome(AbsenceResult.NOT_FOUND)
        today = local_date(svc.clock(), user.timezone)
        current = await uow.absences.for_owner(user.id, ending_from=today)
        return AbsenceOutcome(AbsenceResult.REMOVED, tuple(current))


async def set_canton(
    svc: Services, telegram_id: int, first_name: str, text: str
) -> tuple[str, bool]:
    """``/kanton BE``: the canton whose public holidays are no working days.

    Returns (the canton now, whether ``text`` was a canton); an empty text only shows it.
    """
    async with svc.write() as uow:
        user, _ = await uow.users.ensure(telegram_id, first_name, svc.default_timezone, svc.clock())
        if not text.strip():
            return user.canton, True
        canton = normalise_canton(text)
        if canton is None:
            return user.canton, False
        uow.users.set_canton(user, canton)
        return canton, True
