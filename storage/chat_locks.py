"""Per-chat claims across worker processes on one PostgreSQL: session advisory locks.

A worker may drain a chat's stored updates only while it holds that chat's lock. The locks
live on ONE dedicated connection per worker (not from the pool), so PostgreSQL itself ends
the claims of a worker that dies: kill -9 closes the socket and the locks go at once; a
machine that vanishes is noticed by TCP keepalives (``KEEPALIVE``: within ~25 s). A worker
that merely hangs keeps its locks; its /healthz turns 503 so the orchestrator restarts it.

Keys use the two-int form ``(CHAT_LOCKS, chat)`` (``objsubid = 2`` in ``pg_locks``), so they
never meet the one-bigint keys of other locks. The chat id is folded into 32 bits: two chats
that share a key are only drained one after the other, never wrongly together.

If the connection breaks while the worker lives, every claim counts as lost (``epoch`` moves
on): drains stop after the update in hand, and ``Database.write`` refuses a second settling
write for an update that is already done, so nothing is applied twice meanwhile.
"""

from __future__ import annotations

import asyncio
import logging

from sqlalchemy import text
from sqlalchemy.exc import DBAPIError, SQLAlchemyError
from sqlalchemy.ext.asyncio import AsyncConnection, AsyncEngine, create_async_engine
from sqlalchemy.pool import NullPool

log = logging.getLogger("storage.chat_locks")

CHAT_LOCKS = 0x4B50_4331  # "KPC1": the advisory-lock class of chat claims
# PostgreSQL drops a vanished worker's session (and its claims) after 10 + 3 x 5 = 25 s.
KEEPALIVE = {
    "tcp_keepalives_idle": "10",
    "tcp_keepalives_interval": "5",
    "tcp_keepalives_count": "3",
}
NO_CHAT = 0  # updates without a chat (inline queries) share one claim


def lock_key(chat_id: int | None) -> int:
    """The chat id folded into a signed 32-bit advisory-lock key."""
    value = NO_CHAT if chat_id is None else chat_id
    folded = (value ^ (value >> 32)) & 0xFFFF_FFFF
    return folded - (1 << 32) if folded >= 1 << 31 else folded


class ChatLocks:
    """The chat claims this worker holds, on its own connection (PostgreSQL only)."""

    def __init__(self, url: str, worker_id: str) -> None:
        settings = dict(KEEPALIVE, application_name=f"kundenpflege {worker_id}"[:63])
        self._engine: AsyncEngine = create_async_engine(
            url,
            hide_parameters=True,
            poolclass=NullPool,
            connect_args={"server_settings": settings},
        )
        self._conn: AsyncConnection | None = None
        self._lock = asyncio.Lock()  # one statement at a time on the one connection
        self.epoch = 0  # moves on when the connection (and with it every claim) is lost

    async def _connection(self) -> AsyncConnection:
        if self._conn is None:
            conn = await self._engine.connect()
            self._conn = await conn.execution_options(isolation_level="AUTOCOMMIT")
        return self._conn

    async def _run(self, sql: str, **params: int) -> bool:
        async with self._lock:
            try:
                conn = await self._connection()
                result = await conn.execute(text(sql), params)
                return bool(result.scalar())
            except (DBAPIError, SQLAlchemyError, OSError) as error:
                await self._lost(error)
                raise

    async def _lost(self, error: BaseException) -> None:
        """The connection broke: PostgreSQL has dropped every claim it held."""
        self.epoch += 1
        conn, self._conn = self._conn, None
        log.warning(
            "chat-claim connection lost (%s); every claim of this worker is void",
            type(error).__name__,
        )
        if conn is not None:
            try:
                await conn.invalidate()
            except Exception:  # already gone
                log.debug("invalidating the lost connection failed", exc_info=True)

    async def try_claim(self, chat_id: int | None) -> int | None:
        """Claim the chat if no other worker holds it; returns the epoch it is held in."""
        epoch = self.epoch
        held = await self._run(
            "SELECT pg_try_advisory_lock(:cls, :key)", cls=CHAT_LOCKS, key=lock_key(chat_id)
        )
        return epoch if held and epoch == self.epoch else None

    def holds(self, epoch: int) -> bool:
        """True while claims taken in ``epoch`` are still held (the connection lives)."""
        return epoch == self.epoch

    async def release(self, chat_id: int | None, epoch: int) -> None:
        """Give the chat's claim back (nothing to do when its connection was lost)."""
        if epoch != self.epoch:
            return
        try:
            await self._run(
                "SELECT pg_advisory_unlock(:cls, :key)", cls=CHAT_LOCKS, key=lock_key(chat_id)
            )
        except (DBAPIError, SQLAlchemyError, OSError):
            return  # the claim went with the connection

    async def check(self) -> bool:
        """Whether the claims connection is alive (a broken one voids every claim)."""
        try:
            return await self._run("SELECT pg_backend_pid() > 0")
        except (DBAPIError, SQLAlchemyError, OSError):
            return False

    async def close(self) -> None:
        """Close the connection; PostgreSQL releases every claim still held."""
        async with self._lock:
            conn, self._conn = self._conn, None
            self.epoch += 1
            if conn is not None:
                await conn.close()
        await self._engine.dispose()
