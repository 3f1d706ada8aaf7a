"""Telegram's send budget shared by every worker on one PostgreSQL database.

One row (``send_budget``) holds the next free send slot, in seconds since the epoch on the
database's own clock (so the workers' clocks never have to agree). A worker takes a few slots
with one statement: the row moves on by that many spacings, and the worker learns how long to
wait for the first slot it got. Slots are handed out in order of asking, so all workers
together send at most one message per spacing, and a worker with a reply to send waits at most
for the few slots each other worker took just before it (``AHEAD`` in bot/send_budget.py). A
RetryAfter from Telegram moves the row past the pause for everyone.
"""

from __future__ import annotations

from sqlalchemy import text

from storage.database import Database

_NOW = "CAST(extract(epoch FROM clock_timestamp()) AS float8)"
_SPAN = "CAST(:span AS float8)"
_PAUSE = "CAST(:pause AS float8)"
_TAKE = f"""
INSERT INTO send_budget (name, next_slot) VALUES (:name, {_NOW} + {_SPAN})
ON CONFLICT (name) DO UPDATE SET next_slot = greatest(send_budget.next_slot, {_NOW}) + {_SPAN}
RETURNING next_slot - {_SPAN} - {_NOW}
"""
_HOLD = f"""
INSERT INTO send_budget (name, next_slot) VALUES (:name, {_NOW} + {_PAUSE})
ON CONFLICT (name) DO UPDATE SET next_slot = greatest(send_budget.next_slot, {_NOW} + {_PAUSE})
RETURNING 0.0
"""


class SharedSendSlots:
    """Slots from the ``send_budget`` row (PostgreSQL only; SQLite has one process)."""

    def __init__(self, db: Database, name: str = "telegram") -> None:
        if db.is_sqlite:
            raise ValueError("a shared send budget needs PostgreSQL")
        self.db, self.name = db, name

    async def take(self, spacing: float, count: int = 1) -> float:
        """Take the next ``count`` free slots (``spacing`` apart); returns the seconds until
        the first (≤ 0: now)."""
        return await self._run(_TAKE, span=spacing * count)

    async def hold(self, seconds: float) -> None:
        """No worker gets a slot in the next ``seconds`` (Telegram's RetryAfter)."""
        await self._run(_HOLD, pause=seconds)

    async def _run(self, sql: str, **params: float) -> float:
        async with self.db.writer.connect() as conn:
            conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
            wait = await conn.scalar(text(sql), {"name": self.name, **params})
        return float(wait or 0.0)
