"""The inline SQLite writer, tested directly: the contract with SQLAlchemy's aiosqlite adapter
(which attributes it uses) and the behaviour through a real engine.

``InlineConnection`` stands in for an ``aiosqlite.Connection`` under SQLAlchemy's adapter. The
adapter is SQLAlchemy's internal code, so the first test reads its source and fails as soon as
a SQLAlchemy release touches an attribute the inline connection does not have; then the
``SQLITE_WRITER=aiosqlite`` setting is the way back to the stock driver until it is fixed.
"""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import pytest
from sqlalchemy import Integer, String, event, text
from sqlalchemy.connectors import asyncio as connectors_asyncio
from sqlalchemy.dialects.sqlite import aiosqlite as sqlalchemy_aiosqlite
from sqlalchemy.exc import IntegrityError, OperationalError
from sqlalchemy.ext.asyncio import create_async_engine
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

from storage.database import Database
from storage.inline_sqlite import InlineConnection, inline_creator


def _used_on(module: object, holder: str) -> set[str]:
    """Names read as ``self.<holder>.<name>`` in ``module``'s source, also through a local
    alias (``connection = self.<holder>`` … ``connection.cursor()``)."""
    tree = ast.parse(inspect.getsource(module))

    def is_holder(node: ast.expr) -> bool:
        return (
            isinstance(node, ast.Attribute)
            and node.attr == holder
            and isinstance(node.value, ast.Name)
            and node.value.id == "self"
        )

    aliases = {
        target.id
        for node in ast.walk(tree)
        if isinstance(node, ast.Assign) and is_holder(node.value)
        for target in node.targets
        if isinstance(target, ast.Name)
    }
    used: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and (
            is_holder(node.value) or (isinstance(node.value, ast.Name) and node.value.id in aliases)
        ):
            used.add(node.attr)
    return used


def test_every_attribute_sqlalchemy_uses_exists() -> None:
    """What SQLAlchemy's adapter reads on an aiosqlite connection or cursor, ours has too."""
    import sqlite3

    import aiosqlite

    connection_uses = (
        _used_on(sqlalchemy_aiosqlite, "_connection")
        | _used_on(connectors_asyncio, "_connection")
        | {"cursor"}  # connectors.asyncio: ``connection.cursor()`` on a parameter
    )
    cursor_uses = _used_on(connectors_asyncio, "_cursor")
    assert {"_tx", "_conn", "commit", "stop"} <= connection_uses  # the parse sees the code
    assert {"execute", "fetchall", "description"} <= cursor_uses
    real = aiosqlite.Connection(lambda: sqlite3.connect(":memory:"), 64)  # never started
    ours = InlineConnection(sqlite3.connect(":memory:"))
    try:
        needed = {name for name in connection_uses if name in dir(real)}
        assert needed - set(dir(ours)) == set(), "SQLAlchemy uses more of aiosqlite now"
        needed_cursor = {name for name in cursor_uses if name in dir(aiosqlite.Cursor)}
        assert needed_cursor - set(dir(ours.cursor())) == set(), "… of aiosqlite's cursor"
    finally:
        ours.stop()


class _Base(DeclarativeBase):
    pass


class _Row(_Base):
    __tablename__ = "rows"
    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    name: Mapped[str] = mapped_column(String, unique=True)


@pytest.fixture
async def engine(tmp_path: Path):
    path = tmp_path / "inline.db"
    engine = create_async_engine(
        f"sqlite+aiosqlite:///{path}", async_creator=inline_creator(str(path)), pool_size=1
    )

    @event.listens_for(engine.sync_engine, "connect")
    def _autocommit_off(dbapi_connection: object, _record: object) -> None:
        dbapi_connection.isolation_level = None

    async with engine.begin() as conn:
        await conn.run_sync(_Base.metadata.create_all)
    yield engine
    await engine.dispose()


async def test_insert_commit_and_read_back(engine) -> None:
    async with engine.begin() as conn:
        result = await conn.execute(_Row.__table__.insert().values(name="a"))
        assert result.inserted_primary_key == (1,)
        await conn.execute(_Row.__table__.insert(), [{"name": "b"}, {"name": "c"}])
    async with engine.connect() as conn:
        names = (await conn.execute(text("SELECT name FROM rows ORDER BY id"))).scalars().all()
    assert names == ["a", "b", "c"]


async def test_rollback_keeps_nothing(engine) -> None:
    async with engine.connect() as conn:
        await conn.execute(text("BEGIN"))
        await conn.execute(_Row.__table__.insert().values(name="gone"))
        await conn.rollback()
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT count(*) FROM rows"))).scalar() == 0


async def test_errors_arrive_as_sqlalchemy_errors(engine) -> None:
    async with engine.begin() as conn:
        await conn.execute(_Row.__table__.insert().values(name="x"))
    with pytest.raises(IntegrityError):
        async with engine.begin() as conn:
            await conn.execute(_Row.__table__.insert().values(name="x"))
    with pytest.raises(OperationalError):
        async with engine.connect() as conn:
            await conn.execute(text("SELECT * FROM no_such_table"))
    async with engine.connect() as conn:  # the connection is still good afterwards
        assert (await conn.execute(text("SELECT count(*) FROM rows"))).scalar() == 1


async def test_an_invalidated_connection_is_replaced(engine) -> None:
    async with engine.connect() as conn:
        await conn.invalidate()  # the pool's terminate path: InlineConnection.stop
    async with engine.connect() as conn:
        assert (await conn.execute(text("SELECT 1"))).scalar() == 1


async def test_close_twice_is_harmless(tmp_path: Path) -> None:
    connection = await inline_creator(str(tmp_path / "c.db"))()
    await connection.close()
    await connection.close()
    connection.stop()
    with pytest.raises(ValueError, match="closed"):
        connection.cursor()


@pytest.mark.parametrize("inline", [True, False], ids=["inline", "aiosqlite"])
async def test_both_writers_store_the_same(tmp_path: Path, inline: bool) -> None:
    """The setting's two values give the same database (the fallback stays usable)."""
    db = Database(f"sqlite+aiosqlite:///{tmp_path / 'w.db'}", inline_writer=inline)
    try:
        async with db.write(settles=False) as s:
            await s.execute(text("CREATE TABLE t (v INTEGER)"))
            await s.execute(text("INSERT INTO t VALUES (1), (2)"))
        with pytest.raises(RuntimeError):
            async with db.write(settles=False) as s:
                await s.execute(text("INSERT INTO t VALUES (3)"))
                raise RuntimeError("rolled back")
        async with db.read() as s:
            assert (await s.execute(text("SELECT sum(v) FROM t"))).scalar() == 3
        is_inline = type(await _raw_writer(db)).__name__ == "InlineConnection"
        assert is_inline is inline
    finally:
        await db.dispose()


async def _raw_writer(db: Database) -> object:
    async with db.writer.connect() as conn:
        raw = await conn.get_raw_connection()
        return raw.driver_connection
