"""Engine and session factories with SQLite pragmas and the single-writer rule.

SQLite has one writer. Read-then-write transactions from many tasks fail with
"database is locked" even with busy_timeout, so every write goes through one
in-process lock and opens its transaction with ``BEGIN IMMEDIATE`` (which also keeps
a second process from deadlocking us). Reads run concurrently under WAL.

The writer runs on the event loop (storage/inline_sqlite.py; chosen by the wire benchmark,
docs/PERFORMANCE.md; ``inline_writer=False`` gives the stock aiosqlite thread), so it must never
wait long inside SQLite: its busy timeout is a few milliseconds, and when another process (a sqlite3
shell, a backup tool) holds the write lock, ``write()`` retries ``BEGIN IMMEDIATE`` with
``asyncio.sleep`` in between, so the loop keeps serving everyone else meanwhile.
"""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from pathlib import Path
from typing import Any

from sqlalchemy import event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import OperationalError
from sqlalchemy.ext.asyncio import (
    AsyncEngine,
    AsyncSession,
    async_sessionmaker,
    create_async_engine,
)

from storage.crypto import Keyring, attach
from storage.inbox import AlreadyHandled, Inbox, current_receipt
from storage.inline_sqlite import inline_creator

BUSY_TIMEOUT_MS = 5000  # readers (on aiosqlite's threads)
WRITER_BUSY_TIMEOUT_MS = 10  # the writer blocks the loop at most this long per attempt
WRITE_LOCK_WAIT_SECONDS = 30.0  # then a write gives up with "database is locked"


def _sqlite_file(url: str) -> Path | None:
    parsed = make_url(url)
    if not parsed.drivername.startswith("sqlite") or parsed.database in (None, "", ":memory:"):
        return None
    return Path(parsed.database)


def _is_busy(error: OperationalError) -> bool:
    text = str(error.orig)
    return "database is locked" in text or "database is busy" in text


def _install_sqlite_hooks(
    engine: AsyncEngine, begin_sql: str, busy_timeout_ms: int = BUSY_TIMEOUT_MS
) -> None:
    """Pragmas on every connection; our own BEGIN so aiosqlite does not defer it."""

    @event.listens_for(engine.sync_engine, "connect")
    def _on_connect(dbapi_connection: Any, _record: Any) -> None:
        dbapi_connection.isolation_level = None
        cursor = dbapi_connection.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=NORMAL")
        cursor.execute(f"PRAGMA busy_timeout={busy_timeout_ms}")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.close()

    @event.listens_for(engine.sync_engine, "begin")
    def _on_begin(conn: Any) -> None:
        conn.exec_driver_sql(begin_sql)


class Database:
    """Owns the engines; hands out one AsyncSession per unit of work."""

    def __init__(
        self, url: str, keyring: Keyring | None = None, *, inline_writer: bool = True
    ) -> None:
        self.url = url
        self.keyring = keyring
        self.path = path = _sqlite_file(url)
        self.is_sqlite = make_url(url).drivername.startswith("sqlite")
        if path is not None:
            path.parent.mkdir(parents=True, exist_ok=True)
        if self.is_sqlite:
            # One writer connection; no reset round trip on return: every unit of work
            # ends in COMMIT or ROLLBACK already.
            self.writer = create_async_engine(
                url,
                hide_parameters=True,
                pool_size=1,
                max_overflow=0,
                pool_reset_on_return=None,
                async_creator=(
                    inline_creator(str(path)) if path is not None and inline_writer else None
                ),
            )
            self.reader = create_async_engine(
                url, hide_parameters=True, pool_size=4, max_overflow=4
            )
            _install_sqlite_hooks(self.writer, "BEGIN IMMEDIATE", WRITER_BUSY_TIMEOUT_MS)
            _install_sqlite_hooks(self.reader, "BEGIN")
        else:
            self.writer = self.reader = create_async_engine(
                url, hide_parameters=True, pool_pre_ping=True
            )
        attach(self.writer, keyring)
        if self.reader is not self.writer:
            attach(self.reader, keyring)
        self._write_lock = asyncio.Lock()
        self._write_sessions = async_sessionmaker(self.writer, expire_on_commit=False)
        self._read_sessions = async_sessionmaker(self.reader, expire_on_commit=False)

    @asynccontextmanager
    async def write(self, *, settles: bool = True) -> AsyncIterator[AsyncSession]:
        """A session inside one write transaction; commits on success, rolls back on error.

        Inside the handling of an inbox update (``storage.inbox.handling``) the first write
        with ``settles`` also marks that update done, in the same transaction. Pass
        ``settles=False`` for a write that may be repeated harmlessly and comes before the
        handler's real work (e.g. clearing an open question when a command arrives).
        """
        receipt = current_receipt() if settles else None
        async with self._write_lock:
            session = await self._begin_write()
            async with session:
                try:
                    if receipt is not None:
                        await self._settle(session, receipt.update_id)
                    yield session
                except BaseException:
                    await session.rollback()
                    raise
                await session.commit()
            if receipt is not None:
                receipt.settled = True

    async def _settle(self, session: AsyncSession, update_id: int) -> None:
        """Mark the update done; on PostgreSQL, where several workers share the inbox, a
        write for an update that is already done elsewhere raises ``AlreadyHandled``."""
        inbox = Inbox(session)
        if await inbox.mark_done(update_id) or self.is_sqlite:
            return
        if await inbox.state_of(update_id) is not None:
            raise AlreadyHandled(update_id)

    async def _begin_write(self) -> AsyncSession:
        """A session whose write transaction has begun; waits for another process's lock
        with ``asyncio.sleep`` (never inside SQLite) up to ``WRITE_LOCK_WAIT_SECONDS``."""
        loop = asyncio.get_running_loop()
        deadline = loop.time() + WRITE_LOCK_WAIT_SECONDS
        delay = 0.005
        while True:
            session = self._write_sessions()
            try:
                await session.connection()  # runs BEGIN IMMEDIATE on SQLite
                return session
            except OperationalError as error:
                await session.close()
                if not (self.is_sqlite and _is_busy(error)) or loop.time() >= deadline:
                    raise
            await asyncio.sleep(delay)
            delay = min(delay * 2, 0.1)

    @asynccontextmanager
    async def read(self) -> AsyncIterator[AsyncSession]:
        """A session for queries only; never commits."""
        async with self._read_sessions() as session:
            yield session

    @property
    def encrypted(self) -> bool:
        """True when free text is encrypted at rest (DATA_ENCRYPTION_KEY is set)."""
        return self.keyring is not None

    async def dispose(self) -> None:
        await self.writer.dispose()
        if self.reader is not self.writer:
            await self.reader.dispose()
