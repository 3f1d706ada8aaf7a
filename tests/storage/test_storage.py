"""Storage on SQLite and PostgreSQL: schema by migration, pragmas, constraints, concurrency."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from sqlalchemy.exc import IntegrityError

from bot.domain.models import NoteKind
from storage.database import Database
from storage.migrate import upgrade_to_head
from storage.models import NoteRow
from storage.repositories import Clients, Notes, Users
from tests.support.db_view import DbView

NOW = datetime(2026, 11, 27, 14, 0, tzinfo=UTC)


@pytest.fixture
async def db(empty_db_url: str):
    database = Database(empty_db_url)
    await upgrade_to_head(database)
    yield database
    await database.dispose()


async def test_migration_creates_schema_and_directory(
    db: Database, empty_db_url: str, tmp_path: Path
) -> None:
    view = DbView(empty_db_url)
    if view.is_sqlite:
        assert (tmp_path / "sub" / "bot.db").exists()
    assert {"users", "clients", "notes"} <= set(view.tables())
    await upgrade_to_head(db)  # idempotent
    assert len(view.rows("select version_num from alembic_version")) == 1


async def test_telegram_ids_and_message_ids_are_64_bit(db: Database) -> None:
    """Real Telegram ids exceed 2^31; message ids grow without bound."""
    big = 2**40 + 7
    user_id = await _user(db, big)
    note = {"text": "x", "kind": NoteKind.ACTIVITY.value, "created_at": NOW}
    async with db.write() as session:
        await Notes(session).add(NoteRow(owner_id=user_id, telegram_message_id=big, **note))
    async with db.read() as session:
        student = await Users(session).by_telegram_id(big)
        assert student is not None and student.id == user_id
        stored = (await session.execute(text("SELECT telegram_message_id FROM notes"))).scalar()
        assert stored == big


async def test_pragmas_on_every_connection(db: Database) -> None:
    if not db.is_sqlite:
        pytest.skip("SQLite pragmas")
    async with db.read() as session:
        assert (await session.execute(text("PRAGMA journal_mode"))).scalar() == "wal"
        assert (await session.execute(text("PRAGMA foreign_keys"))).scalar() == 1
        assert (await session.execute(text("PRAGMA busy_timeout"))).scalar() == 5000
        assert (await session.execute(text("PRAGMA synchronous"))).scalar() == 1  # NORMAL


async def _user(db: Database, telegram_id: int = 7) -> int:
    async with db.write() as session:
        row, _ = await Users(session).ensure(telegram_id, "Anna", "Europe/Zurich", NOW)
        return row.id


async def test_datetimes_round_trip_as_utc(db: Database) -> None:
    user_id = await _user(db)
    async with db.read() as session:
        student = await Users(session).by_telegram_id(7)
    assert student is not None and student.id == user_id
    assert student.created_at == NOW and student.created_at.tzinfo is UTC


async def test_note_message_id_is_unique_per_user(db: Database) -> None:
    user_id = await _user(db)
    note = {"text": "x", "kind": NoteKind.ACTIVITY.value, "created_at": NOW}
    async with db.write() as session:
        await Notes(session).add(NoteRow(owner_id=user_id, telegram_message_id=5, **note))
    with pytest.raises(IntegrityError):
        async with db.write() as session:
            await Notes(session).add(NoteRow(owner_id=user_id, telegram_message_id=5, **note))
    other = await _user(db, 8)
    async with db.write() as session:
        await Notes(session).add(NoteRow(owner_id=other, telegram_message_id=5, **note))


async def test_foreign_keys_cascade_and_set_null(db: Database, tmp_path: Path) -> None:
    user_id = await _user(db)
    async with db.write() as session:
        client = await Clients(session).add(user_id, "Müller", NOW)
        await Notes(session).add(
            NoteRow(
                owner_id=user_id, client_id=client.id, text="x", kind="activity", created_at=NOW
            )
        )
    async with db.write() as session:
        await session.execute(text("DELETE FROM clients"))
    async with db.read() as session:
        assert (await session.execute(text("SELECT client_id FROM notes"))).scalar() is None
    async with db.write() as session:
        await session.execute(text("DELETE FROM users"))
    async with db.read() as session:
        assert (await session.execute(text("SELECT count(*) FROM notes"))).scalar() == 0


async def test_many_concurrent_writers_never_lock(db: Database) -> None:
    """Read-then-write from 50 tasks at once: the single-writer rule means zero failures."""
    user_ids = [await _user(db, 100 + i) for i in range(50)]

    async def writer(user_id: int, n: int) -> None:
        for i in range(n):
            async with db.write() as session:
                notes = Notes(session)
                await notes.between(user_id, NOW, NOW)  # read inside the write transaction
                await notes.add(
                    NoteRow(owner_id=user_id, text=f"n{i}", kind="activity", created_at=NOW)
                )

    await asyncio.gather(*(writer(u, 6) for u in user_ids))
    async with db.read() as session:
        assert (await session.execute(text("SELECT count(*) FROM notes"))).scalar() == 300


async def test_data_survives_reopen(empty_db_url: str) -> None:
    url = empty_db_url
    first = Database(url)
    await upgrade_to_head(first)
    async with first.write() as session:
        row, _ = await Users(session).ensure(9, "Ben", "Europe/Berlin", NOW)
        await Clients(session).add(row.id, "Velo Meier", NOW)
    await first.dispose()
    second = Database(url)
    await upgrade_to_head(second)
    async with second.read() as session:
        user = await Users(session).by_telegram_id(9)
        assert user is not None and user.timezone == "Europe/Berlin"
        assert [c.name for c in await Clients(session).list(user.id)] == ["Velo Meier"]
    await second.dispose()
