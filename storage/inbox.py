"""The inbox: every Telegram update is stored here before Telegram is told it arrived.

States (``InboxState``): ``pending`` (stored, not yet handled), ``done`` (handled),
``failed`` (given up after ``MAX_ATTEMPTS`` starts that never finished it). An update is
marked done in the same transaction as its handler's first settling write (``Receipt``,
see ``Database.write``), or right after a handler that wrote nothing. So after a hard kill
an update is repeated only if none of its writes was committed: nothing is lost and nothing
is applied twice.

The repository keeps every query on the table in one place. Several worker processes on one
PostgreSQL database share it: the worker holding a chat's claim (``storage.chat_locks``) takes
that chat's updates one at a time, oldest first (``take_next``), counting an attempt on each.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import UTC, datetime

from sqlalchemy import delete, func, select, update
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.ext.asyncio import AsyncSession
from sqlalchemy.sql.elements import ColumnElement

from storage.models import InboxRow, InboxState
from storage.statements import affected

MAX_ATTEMPTS = 3  # starts that never finished an update before it is given up (poison)


class AlreadyHandled(Exception):
    """A settling write for an update another worker has already handled (rolled back)."""


@dataclass(frozen=True, slots=True)
class Incoming:
    """An update as it arrives: its ids and the JSON Telegram sent."""

    update_id: int
    chat_id: int | None
    payload: str


@dataclass(slots=True)
class Receipt:
    """The update being handled in this task; ``settled`` once its done mark is committed."""

    update_id: int
    settled: bool = False


_CURRENT: ContextVar[Receipt | None] = ContextVar("inbox_receipt", default=None)


@contextmanager
def handling(update_id: int) -> Iterator[Receipt]:
    """Mark writes inside this block (this task and tasks it starts) as handling the update."""
    receipt = Receipt(update_id)
    token = _CURRENT.set(receipt)
    try:
        yield receipt
    finally:
        _CURRENT.reset(token)


def current_receipt() -> Receipt | None:
    """The receipt of the update this task handles, if any and not yet settled."""
    receipt = _CURRENT.get()
    return receipt if receipt is not None and not receipt.settled else None


def _now() -> datetime:
    return datetime.now(UTC)


def _of_chat(chat_id: int | None) -> ColumnElement[bool]:
    return InboxRow.chat_id.is_(None) if chat_id is None else InboxRow.chat_id == chat_id


class Inbox:
    """Queries on ``inbox_updates``; the caller owns the transaction."""

    def __init__(self, session: AsyncSession) -> None:
        self.s = session

    async def add_batch(self, items: Sequence[Incoming]) -> list[int]:
        """Store updates not seen before; returns the ids that are new (in the given order)."""
        if not items:
            return []
        ids = [item.update_id for item in items]
        known = set(
            await self.s.scalars(select(InboxRow.update_id).where(InboxRow.update_id.in_(ids)))
        )
        fresh = [item for item in items if item.update_id not in known]
        if not fresh:
            return []
        dialect = self.s.get_bind().dialect.name
        insert = postgresql.insert if dialect == "postgresql" else sqlite.insert
        now = _now()
        rows = [
            {
                "update_id": item.update_id,
                "chat_id": item.chat_id,
                "received_at": now,
                "state": InboxState.PENDING,
                "attempts": 0,
                "payload": item.payload,
            }
            for item in fresh
        ]
        await self.s.execute(insert(InboxRow).values(rows).on_conflict_do_nothing())
        return [item.update_id for item in fresh]

    async def mark_done(self, update_id: int) -> bool:
        """Mark a pending update done; False when it was not pending (or is not stored)."""
        marked = await affected(
            self.s,
            update(InboxRow)
            .where(InboxRow.update_id == update_id, InboxRow.state == InboxState.PENDING)
            .values(state=InboxState.DONE, done_at=_now()),
        )
        return marked > 0

    async def state_of(self, update_id: int) -> InboxState | None:
        """The update's state, None when it is not stored."""
        return await self.s.scalar(select(InboxRow.state).where(InboxRow.update_id == update_id))

    async def pending(self, limit: int | None = None) -> list[InboxRow]:
        """Pending updates in arrival order (per chat that is the order to handle them in)."""
        statement = (
            select(InboxRow)
            .where(InboxRow.state == InboxState.PENDING)
            .order_by(InboxRow.update_id)
        )
        if limit is not None:
            statement = statement.limit(limit)
        return list(await self.s.scalars(statement))

    async def restart_pending(self) -> tuple[list[InboxRow], int]:
        """At start: count one more attempt on each pending update; give up on poison.

        Returns the updates to handle again (arrival order) and how many were given up.
        """
        await self.s.execute(
            update(InboxRow)
            .where(InboxRow.state == InboxState.PENDING)
            .values(attempts=InboxRow.attempts + 1)
        )
        failed = await affected(
            self.s,
            update(InboxRow)
            .where(InboxRow.state == InboxState.PENDING, InboxRow.attempts >= MAX_ATTEMPTS)
            .values(state=InboxState.FAILED, done_at=_now()),
        )
        return await self.pending(), failed

    async def pending_chats(self) -> list[int | None]:
        """Chats with pending updates, the one waiting longest first."""
        rows = await self.s.execute(
            select(InboxRow.chat_id, func.min(InboxRow.update_id).label("first"))
            .where(InboxRow.state == InboxState.PENDING)
            .group_by(InboxRow.chat_id)
            .order_by("first")
        )
        return [row.chat_id for row in rows]

    async def next_for_chat(self, chat_id: int | None) -> InboxRow | None:
        """The oldest pending update of one chat (what may be handled next there)."""
        return await self.s.scalar(
            select(InboxRow)
            .where(InboxRow.state == InboxState.PENDING, _of_chat(chat_id))
            .order_by(InboxRow.update_id)
            .limit(1)
        )

    async def take_next(self, chat_id: int | None) -> InboxRow | None:
        """The oldest pending update of one chat, with one more attempt counted on it.

        For the worker holding the chat's claim; an update whose handling started
        ``MAX_ATTEMPTS`` times without finishing (a worker died on it each time) is marked
        failed instead and the next one is taken.
        """
        while True:
            oldest = (
                select(func.min(InboxRow.update_id))
                .where(InboxRow.state == InboxState.PENDING, _of_chat(chat_id))
                .scalar_subquery()
            )
            row = await self.s.scalar(
                update(InboxRow)
                .where(InboxRow.update_id == oldest)
                .values(attempts=InboxRow.attempts + 1)
                .returning(InboxRow)
                .execution_options(synchronize_session=False)
            )
            if row is None or row.attempts <= MAX_ATTEMPTS:
                return row
            await self.give_up(row.update_id)

    async def give_up(self, update_id: int) -> None:
        """Mark a pending update failed (poison: it never finished)."""
        await self.s.execute(
            update(InboxRow)
            .where(InboxRow.update_id == update_id, InboxRow.state == InboxState.PENDING)
            .values(state=InboxState.FAILED, done_at=_now())
        )

    async def uncount_attempt(self, update_id: int) -> None:
        """Take back the attempt of an update taken but never started (the worker stopped)."""
        await self.s.execute(
            update(InboxRow)
            .where(
                InboxRow.update_id == update_id,
                InboxRow.state == InboxState.PENDING,
                InboxRow.attempts > 0,
            )
            .values(attempts=InboxRow.attempts - 1)
        )

    async def waiting_chats(self, received_before: datetime, limit: int) -> list[int | None]:
        """Chats whose oldest pending update arrived before ``received_before``, oldest first.

        What no worker seems to be draining: stored by a worker that died, or left behind.
        """
        rows = await self.s.execute(
            select(InboxRow.chat_id, func.min(InboxRow.update_id).label("first"))
            .where(InboxRow.state == InboxState.PENDING)
            .group_by(InboxRow.chat_id)
            .having(func.min(InboxRow.received_at) < received_before)
            .order_by("first")
            .limit(limit)
        )
        return [row.chat_id for row in rows]

    async def depth(self) -> int:
        """How many updates wait (pending)."""
        return int(
            await self.s.scalar(
                select(func.count())
                .select_from(InboxRow)
                .where(InboxRow.state == InboxState.PENDING)
            )
            or 0
        )

    async def purge_done(self, before: datetime) -> int:
        """Forget handled updates received before ``before`` (Telegram redelivers for 24 h)."""
        return await affected(
            self.s,
            delete(InboxRow).where(
                InboxRow.state != InboxState.PENDING, InboxRow.received_at < before
            ),
        )
