"""Migration 0005_drafts on SQLite and PostgreSQL: new columns and table, downgrade keeps rows."""

from __future__ import annotations

from datetime import UTC, date, datetime

from sqlalchemy import text

from storage.database import Database
from storage.migrate import upgrade_to_head
from storage.models import AbsenceRow
from storage.repositories import Clients, Users
from tests.support.db_view import DbView
from tests.support.migration_helpers import columns, migrate

NOW = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)


def count(url: str, table: str) -> int:
    return DbView(url).rows(f"SELECT count(*) FROM {table}")[0][0]


async def test_new_columns_and_absences_cascade(empty_db_url: str) -> None:
    path = empty_db_url
    db = Database(path)
    await upgrade_to_head(db)
    assert {"canton", "signature", "emergency_phone"} <= columns(path, "users")
    assert {"email", "address_form"} <= columns(path, "clients")
    assert {"resolved_at", "deadline_id"} <= columns(path, "notes")
    async with db.write() as session:
        user, _ = await Users(session).ensure(7, "Lena", "Europe/Zurich", NOW)
        session.add(
            AbsenceRow(
                owner_id=user.id,
                start_day=date(2026, 12, 21),
                end_day=date(2027, 1, 3),
                label="Ferien",
                created_at=NOW,
            )
        )
        client = await Clients(session).add(user.id, "Bäckerei Müller", NOW)
    assert client.address_form.value == "Sie" and client.email is None
    async with db.read() as session:
        row = await Users(session).row_by_telegram_id(7)
        assert row is not None and row.canton == "ZH"
    async with db.write() as session:
        await session.execute(text("DELETE FROM users"))
    assert count(path, "absences") == 0
    await db.dispose()


async def test_downgrade_to_0004_and_back_keeps_rows(empty_db_url: str) -> None:
    path = empty_db_url
    db = Database(path)
    await upgrade_to_head(db)
    async with db.write() as session:
        user, _ = await Users(session).ensure(7, "Lena", "Europe/Zurich", NOW)
        await Clients(session).add(user.id, "Bäckerei Müller", NOW)
        await session.execute(
            text(
                "INSERT INTO notes (owner_id, text, kind, created_at, resolved_at) "
                "VALUES (:owner, 'Logo fehlt #blocker', 'blocker', '2026-12-01 09:00:00', NULL)"
            ),
            {"owner": user.id},
        )
    await migrate(db, "0004", down=True)
    assert "canton" not in columns(path, "users")
    assert "resolved_at" not in columns(path, "notes")
    assert (count(path, "users"), count(path, "clients"), count(path, "notes")) == (1, 1, 1)
    await upgrade_to_head(db)
    assert (count(path, "users"), count(path, "clients"), count(path, "notes")) == (1, 1, 1)
    assert "address_form" in columns(path, "clients")
    await db.dispose()
