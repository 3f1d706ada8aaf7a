"""Telegram's send budget shared by every worker on one PostgreSQL database.

One row (``send_budget``) holds the next free send slot, in seconds since the epoch on the
database's own clock (so the workers' clocks never have to agree). A worker takes a slot with
one statement: the row moves one spacing on, and the worker learns how long to wait for the
slot it got. Slots are handed out in order of asking, so all workers together send at most one
message per spacing, and a worker with a reply to send waits at most for the slots the other
workers took just before it (each worker asks for one slot at a time). A RetryAfter from
Telegram moves the row past the pause for everyone.
"""

from __future__ import annotations

from sqlalchemy import text

from storage.database import Database

_UPSERT = """
INSERT INTO send_budget (name, next_slot)
VALUES (:name, {value})
ON CONFLICT (name) DO UPDATE SET next_slot = {update}
RETURNING next_slot - CAST(:spacing AS float8) - {now}
"""
_NOW = "CAST(extract(epoch FROM clock_timestamp()) AS float8)"
_SPACING = "CAST(:spacing AS float8)"
_PAUSE = "CAST(:pause AS float8)"
_TAKE = _UPSERT.format(
    value=f"{_NOW} + {_SPACING}",
    update=f"greatest(send_budget.next_slot, {_NOW}) + {_SPACING}",
    now=_NOW,
)
_HOLD = _UPSERT.format(
    value=f"{_NOW} + {_PAUSE} + {_SPACING}",
    update=f"greatest(send_budget.next_slot, {_NOW} + {_PAUSE} + {_SPACING})",
    now=_NOW,
)


class SharedSendSlots:
    """Slots from the ``send_budget`` row (PostgreSQL only; SQLite has one process)."""

    def __init__(self, db: Database, name: str = "telegram") -> None:
        if db.is_sqlite:
            raise ValueError("a shared send budget needs PostgreSQL")
        self.db, self.name = db, name

    async def take(self, spacing: float) -> float:
        """Take the next free slot; returns the seconds until it (≤ 0: now)."""
        return await self._run(_TAKE, spacing=spacing)

    async def hold(self, seconds: float, spacing: float) -> None:
        """No worker gets a slot in the next ``seconds`` (Telegram's RetryAfter)."""
        await self._run(_HOLD, spacing=spacing, pause=seconds)

    async def _run(self, sql: str, **params: float) -> float:
        async with self.db.writer.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            wait = await conn.scalar(text(sql), {"name": self.name, **params})
        return float(wait or 0.0)
