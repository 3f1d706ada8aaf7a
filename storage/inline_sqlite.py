"""A thread-free asyncio face for the stdlib ``sqlite3`` driver, for the single writer.

aiosqlite runs every call on a helper thread; one note costs about 20 such round trips
(cursor, execute, fetch, close for each statement), and each round trip costs a GIL hand-off.
SQLite in WAL mode with ``synchronous=NORMAL`` answers in microseconds and does not fsync on
commit, so the writer runs its statements directly on the event loop instead. SQLAlchemy's
aiosqlite dialect drives this object exactly as it drives an aiosqlite connection. Readers keep
aiosqlite.

The public face is ``inline_creator(path)``, passed to SQLAlchemy's public ``async_creator``
hook; nothing else here is meant to be imported. Kept because it wins on the real polling path
(bench/wire.py ``--writers inline,aiosqlite``: a third less CPU per answer, a shorter wait for
others during a flood; docs/PERFORMANCE.md). SQLAlchemy's adapter reads a few private aiosqlite
attributes (``_conn``, ``_tx``, ``_connection``), so this class mirrors them:
tests/storage/test_inline_sqlite.py reads the adapter's source and fails when a SQLAlchemy
release needs more, and pyproject pins the SQLAlchemy minor version it was checked against.
``SQLITE_WRITER=aiosqlite`` switches back to the stock driver without a code change.
"""

from __future__ import annotations

import asyncio
import sqlite3
from collections.abc import AsyncIterator, Callable, Iterable, Sequence
from typing import Any


class _Cursor:
    """The awaitable cursor API of aiosqlite over a plain sqlite3 cursor."""

    def __init__(self, cursor: sqlite3.Cursor) -> None:
        self._cursor = cursor

    async def __aenter__(self) -> _Cursor:
        return self

    async def __aexit__(self, *exc: object) -> None:
        self._cursor.close()

    async def execute(self, sql: str, parameters: Sequence[Any] | None = None) -> _Cursor:
        if parameters is None:
            self._cursor.execute(sql)
        else:
            self._cursor.execute(sql, parameters)
        return self

    async def executemany(self, sql: str, parameters: Iterable[Sequence[Any]]) -> _Cursor:
        self._cursor.executemany(sql, parameters)
        return self

    async def fetchone(self) -> Any:
        return self._cursor.fetchone()

    async def fetchmany(self, size: int | None = None) -> list[Any]:
        return self._cursor.fetchmany(size) if size is not None else self._cursor.fetchmany()

    async def fetchall(self) -> list[Any]:
        return self._cursor.fetchall()

    def __aiter__(self) -> AsyncIterator[Any]:
        return self._rows()

    async def _rows(self) -> AsyncIterator[Any]:
        while (row := self._cursor.fetchone()) is not None:
            yield row

    async def close(self) -> None:
        self._cursor.close()

    @property
    def description(self) -> Any:
        return self._cursor.description

    @property
    def rowcount(self) -> int:
        return self._cursor.rowcount

    @property
    def lastrowid(self) -> int | None:
        return self._cursor.lastrowid

    @property
    def arraysize(self) -> int:
        return self._cursor.arraysize

    @arraysize.setter
    def arraysize(self, value: int) -> None:
        self._cursor.arraysize = value


class _RunNow:
    """Stands in for aiosqlite's work queue: runs the function at once."""

    def put_nowait(self, item: tuple[asyncio.Future[Any], Callable[[], Any]]) -> None:
        future, function = item
        try:
            future.set_result(function())
        except Exception as error:  # handed to the awaiting caller
            future.set_exception(error)


class InlineConnection:
    """The parts of ``aiosqlite.Connection`` that SQLAlchemy's dialect uses."""

    def __init__(self, connection: sqlite3.Connection) -> None:
        self._conn: sqlite3.Connection | None = connection
        self._tx = _RunNow()

    @property
    def _connection(self) -> sqlite3.Connection | None:
        return self._conn

    @property
    def isolation_level(self) -> str | None:
        assert self._conn is not None
        return self._conn.isolation_level

    def cursor(self) -> _Cursor:
        if self._conn is None:
            raise ValueError("Connection closed")
        return _Cursor(self._conn.cursor())

    async def commit(self) -> None:
        if self._conn is not None:
            self._conn.commit()

    async def rollback(self) -> None:
        if self._conn is not None:
            self._conn.rollback()

    async def create_function(self, *args: Any, **kwargs: Any) -> None:
        assert self._conn is not None
        self._conn.create_function(*args, **kwargs)

    async def close(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None

    def stop(self) -> None:
        if self._conn is not None:
            self._conn.close()
            self._conn = None


def inline_creator(path: str) -> Callable[[], Any]:
    """An ``async_creator`` for ``create_async_engine`` opening ``path`` on the loop thread."""

    async def create() -> InlineConnection:
        return InlineConnection(sqlite3.connect(path, check_same_thread=False))

    return create
