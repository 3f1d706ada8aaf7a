"""Safe migrations: every revision up and down keeps every row; a backup before migrating;
a foreign-key violation rolls back and restores; the models match the migrations."""

from __future__ import annotations

import sqlite3
from collections.abc import AsyncIterator
from pathlib import Path

import pytest
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory

from storage import backup
from storage.database import Database
from storage.migrate import ForeignKeyViolation, alembic_config, current_revision, migrate
from storage.models import Base

Snapshot = dict[str, tuple[list[str], set[tuple[object, ...]]]]


def revisions() -> list[str]:
    script = ScriptDirectory.from_config(alembic_config("sqlite://"))
    return [rev.revision for rev in reversed(list(script.walk_revisions()))]


def _tables(con: sqlite3.Connection) -> list[str]:
    rows = con.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%' "
        "AND name != 'alembic_version'"
    )
    return [r[0] for r in rows]


def _value(table: str, column: str, declared: str) -> object:
    kind = declared.upper()
    if "INT" in kind or "BOOL" in kind:
        return 1
    if "DATETIME" in kind or "TIMESTAMP" in kind:
        return "2026-11-25 10:00:00.000000"
    if "DATE" in kind:
        return "2026-11-25"
    if "TIME" in kind:
        return "10:00:00.000000"
    return f"{table}.{column}"


def fill_empty_tables(path: Path) -> None:
    """One row in every empty table, parents first, every column set (ids = 1)."""
    with sqlite3.connect(path) as con:
        todo = [t for t in _tables(con) if con.execute(f'SELECT 1 FROM "{t}"').fetchone() is None]
        while todo:
            for table in list(todo):
                parents = {r[2] for r in con.execute(f'PRAGMA foreign_key_list("{table}")')}
                if parents & (set(todo) - {table}):
                    continue
                columns = [(r[1], r[2]) for r in con.execute(f'PRAGMA table_info("{table}")')]
                names = ", ".join(f'"{c}"' for c, _ in columns)
                marks = ", ".join("?" for _ in columns)
                values = [_value(table, c, t) for c, t in columns]
                con.execute(f'INSERT INTO "{table}" ({names}) VALUES ({marks})', values)
                todo.remove(table)


def snapshot(path: Path) -> Snapshot:
    with sqlite3.connect(path) as con:
        result: Snapshot = {}
        for table in _tables(con):
            cursor = con.execute(f'SELECT * FROM "{table}"')
            result[table] = ([d[0] for d in cursor.description], set(cursor.fetchall()))
        return result


def assert_rows_kept(before: Snapshot, after: Snapshot, step: str) -> None:
    for table in before.keys() & after.keys():
        (cols_a, rows_a), (cols_b, rows_b) = before[table], after[table]
        common = [c for c in cols_a if c in cols_b]
        project_a = {tuple(r[cols_a.index(c)] for c in common) for r in rows_a}
        project_b = {tuple(r[cols_b.index(c)] for c in common) for r in rows_b}
        assert project_a == project_b, f"{step}: rows of {table} changed"


@pytest.fixture
async def db(tmp_path: Path) -> AsyncIterator[Database]:
    database = Database(f"sqlite+aiosqlite:///{tmp_path / 'bot.db'}")
    yield database
    await database.dispose()


async def test_every_revision_up_and_down_keeps_every_row(db: Database, tmp_path: Path) -> None:
    assert db.path is not None
    chain = revisions()
    assert len(chain) >= 5
    for revision in chain:
        before = snapshot(db.path) if db.path.exists() else {}
        await migrate(db, revision, tmp_path / "backups")
        assert_rows_kept(before, snapshot(db.path), f"upgrade to {revision}")
        fill_empty_tables(db.path)
    full = snapshot(db.path)
    assert all(rows for _, rows in full.values()), "every table has a row at head"
    for revision in reversed(chain[:-1]):
        before = snapshot(db.path)
        await migrate(db, revision, tmp_path / "backups")
        assert await current_revision(db) == revision
        assert_rows_kept(before, snapshot(db.path), f"downgrade to {revision}")
    # the shipped 0003 -> 0002 downgrade once deleted every client and note
    with sqlite3.connect(db.path) as con:
        assert con.execute("SELECT count(*) FROM clients").fetchone() == (1,)
        assert con.execute("SELECT count(*) FROM notes").fetchone() == (1,)
        assert con.execute("PRAGMA foreign_key_check").fetchall() == []


async def test_a_backup_is_taken_before_pending_migrations(db: Database, tmp_path: Path) -> None:
    assert db.path is not None
    chain = revisions()
    assert await migrate(db, chain[-2], tmp_path / "b") is None  # an empty file: no backup
    fill_empty_tables(db.path)
    saved = await migrate(db, "head", tmp_path / "b")
    assert saved is not None and saved.parent == tmp_path / "b"
    assert saved.name.endswith(f"-premigrate-{chain[-2]}.db")
    assert backup.revision_of(saved) == chain[-2]
    backup.check_integrity(saved)
    assert await migrate(db, "head", tmp_path / "b") is None  # nothing pending: no backup


async def test_a_foreign_key_violation_aborts_and_restores(db: Database, tmp_path: Path) -> None:
    assert db.path is not None
    chain = revisions()
    await migrate(db, chain[-2], tmp_path / "b")
    fill_empty_tables(db.path)
    with sqlite3.connect(db.path) as con:  # an orphan, as a broken migration would leave
        con.execute("PRAGMA foreign_keys=OFF")
        con.execute("UPDATE notes SET owner_id = 999")
    before = snapshot(db.path)
    with pytest.raises(ForeignKeyViolation, match="notes"):
        await migrate(db, "head", tmp_path / "b")
    assert await current_revision(db) == chain[-2]
    assert snapshot(db.path) == before
    with sqlite3.connect(db.path) as con:
        assert con.execute("PRAGMA foreign_keys").fetchone() == (0,)  # a fresh connection
    async with db.writer.connect() as connection:  # the bot's writer has them on again
        result = await connection.exec_driver_sql("PRAGMA foreign_keys")
        assert result.fetchone() == (1,)
        await connection.rollback()


async def test_models_match_the_migrations(db: Database, tmp_path: Path) -> None:
    await migrate(db, "head", tmp_path / "b")

    def diff(sync_connection: object) -> list[object]:
        context = MigrationContext.configure(sync_connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)

    async with db.writer.connect() as connection:
        differences = await connection.run_sync(diff)
        await connection.rollback()
    assert differences == []
