"""What every service needs: the database, the clock, the default time zone, the metrics,
and this worker's name (WORKER_ID: who holds a claimed nudge)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from dataclasses import dataclass, field

from bot.clock import Clock
from bot.metrics import Metrics
from storage.database import Database
from storage.unit_of_work import UnitOfWork, reading, writing


@dataclass(frozen=True, slots=True)
class Services:
    """Dependencies of the use cases, created once by the composition root."""

    db: Database
    clock: Clock
    default_timezone: str = "Europe/Zurich"
    metrics: Metrics = field(default_factory=Metrics)
    worker_id: str = "local"

    @asynccontextmanager
    async def write(self, *, settles: bool = True) -> AsyncIterator[UnitOfWork]:
        """One write transaction as a unit of work (``settles``: see ``Database.write``)."""
        async with writing(self.db, settles=settles) as uow:
            yield uow

    @asynccontextmanager
    async def read(self) -> AsyncIterator[UnitOfWork]:
        """One read-only transaction as a unit of work."""
        async with reading(self.db) as uow:
            yield uow
