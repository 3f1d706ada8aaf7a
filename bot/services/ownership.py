"""The owner check of every button in one place: the rows it names are the presser's."""

from __future__ import annotations

from bot.services.context import Services


async def owns(svc: Services, telegram_id: int, rows: list[tuple[str, int]]) -> bool:
    """True when every (kind, id) in ``rows`` exists and belongs to this student."""
    if not rows:
        return True
    async with svc.read() as uow:
        return await uow.ownership.all_owned(telegram_id, rows)
