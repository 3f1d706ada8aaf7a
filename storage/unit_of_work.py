"""One transaction as the services see it: typed repositories over one session.

A service opens it with ``svc.write()`` or ``svc.read()`` (bot/services/context.py) and
works only through the repositories here; the session itself stays inside storage/.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from functools import cached_property

from sqlalchemy.ext.asyncio import AsyncSession

from storage.database import Database
from storage.export import StudentRecords
from storage.inbox import Inbox
from storage.nudges import Nudges
from storage.repositories import (
    Absences,
    Clients,
    DeadlineDrafts,
    DeadlineEvents,
    Deadlines,
    Notes,
    Ownership,
    Promises,
    UpdateSends,
    Users,
)


class UnitOfWork:
    """The repositories of one transaction; each is made on first use."""

    def __init__(self, session: AsyncSession) -> None:
        self._session = session

    @cached_property
    def users(self) -> Users:
        return Users(self._session)

    @cached_property
    def clients(self) -> Clients:
        return Clients(self._session)

    @cached_property
    def notes(self) -> Notes:
        return Notes(self._session)

    @cached_property
    def update_sends(self) -> UpdateSends:
        return UpdateSends(self._session)

    @cached_property
    def deadlines(self) -> Deadlines:
        return Deadlines(self._session)

    @cached_property
    def deadline_events(self) -> DeadlineEvents:
        return DeadlineEvents(self._session)

    @cached_property
    def deadline_drafts(self) -> DeadlineDrafts:
        return DeadlineDrafts(self._session)

    @cached_property
    def promises(self) -> Promises:
        return Promises(self._session)

    @cached_property
    def absences(self) -> Absences:
        return Absences(self._session)

    @cached_property
    def nudges(self) -> Nudges:
        return Nudges(self._session)

    @cached_property
    def student_records(self) -> StudentRecords:
        return StudentRecords(self._session)

    @cached_property
    def inbox(self) -> Inbox:
        return Inbox(self._session)

    @cached_property
    def ownership(self) -> Ownership:
        return Ownership(self._session)

    async def flush(self) -> None:
        """Send pending changes now (ids, constraints) without ending the transaction."""
        await self._session.flush()

    @asynccontextmanager
    async def savepoint(self) -> AsyncIterator[None]:
        """A nested transaction: an error inside undoes only what happened inside."""
        async with self._session.begin_nested():
            yield


@asynccontextmanager
async def writing(db: Database, *, settles: bool = True) -> AsyncIterator[UnitOfWork]:
    """A write transaction (see ``Database.write``) as a unit of work."""
    async with db.write(settles=settles) as session:
        yield UnitOfWork(session)


@asynccontextmanager
async def reading(db: Database) -> AsyncIterator[UnitOfWork]:
    """A read-only transaction as a unit of work."""
    async with db.read() as session:
        yield UnitOfWork(session)
