"""Use cases of the update inbox: store on arrival, settle after handling, finish leftovers."""

from __future__ import annotations

import logging
from datetime import UTC, datetime, timedelta

from bot.services.context import Services
from storage.inbox import MAX_ATTEMPTS, AlreadyHandled, Incoming, Receipt, handling

__all__ = [
    "AlreadyHandled",
    "Incoming",
    "Receipt",
    "depth",
    "handling",
    "has_pending",
    "leftovers",
    "peek_next",
    "purge",
    "settle",
    "store",
    "take_next",
    "uncount",
    "waiting_chats",
]

log = logging.getLogger("inbox")

KEEP_HANDLED = timedelta(days=2)  # Telegram redelivers an unconfirmed update for 24 h


async def store(svc: Services, items: list[Incoming]) -> list[int]:
    """Store arriving updates durably; returns the ids seen for the first time."""
    async with svc.write(settles=False) as uow:
        return await uow.inbox.add_batch(items)


async def settle(svc: Services, update_id: int) -> None:
    """Mark an update done whose handler wrote nothing (or failed before writing)."""
    async with svc.write(settles=False) as uow:
        await uow.inbox.mark_done(update_id)


async def leftovers(svc: Services) -> list[tuple[int, str]]:
    """At start: the updates a stop or crash left unhandled, in arrival order (id, JSON)."""
    async with svc.write(settles=False) as uow:
        rows, given_up = await uow.inbox.restart_pending()
    if given_up:
        log.error("%d updates unfinished after %d starts were given up", given_up, MAX_ATTEMPTS)
    return [(row.update_id, row.payload) for row in rows]


async def take_next(svc: Services, chat_id: int | None) -> tuple[int, str] | None:
    """The chat's oldest pending update (id, JSON), one more attempt counted; None: none."""
    async with svc.write(settles=False) as uow:
        row = await uow.inbox.take_next(chat_id)
    return None if row is None else (row.update_id, row.payload)


async def peek_next(svc: Services, chat_id: int | None) -> tuple[int, str] | None:
    """The chat's oldest pending update (id, JSON), nothing counted; None: none."""
    async with svc.read() as uow:
        row = await uow.inbox.next_for_chat(chat_id)
    return None if row is None else (row.update_id, row.payload)


async def uncount(svc: Services, update_id: int) -> None:
    """Take back the attempt of an update taken but not started (the worker is stopping)."""
    async with svc.write(settles=False) as uow:
        await uow.inbox.uncount_attempt(update_id)


async def has_pending(svc: Services, chat_id: int | None) -> bool:
    """Whether the chat has an update waiting."""
    async with svc.read() as uow:
        return await uow.inbox.next_for_chat(chat_id) is not None


async def waiting_chats(svc: Services, older_than: timedelta, limit: int) -> list[int | None]:
    """Chats whose oldest pending update has waited longer than ``older_than``."""
    async with svc.read() as uow:
        return await uow.inbox.waiting_chats(datetime.now(UTC) - older_than, limit)


async def purge(svc: Services) -> int:
    """Forget handled updates older than two days."""
    async with svc.write(settles=False) as uow:
        return await uow.inbox.purge_done(datetime.now(UTC) - KEEP_HANDLED)


async def depth(svc: Services) -> int:
    """How many stored updates wait to be handled (for metrics)."""
    async with svc.read() as uow:
        return await uow.inbox.depth()
