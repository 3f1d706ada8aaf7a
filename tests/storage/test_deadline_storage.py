"""Migration 0004 on real SQLite: tables, kept_at, cascades, and a downgrade round trip."""

from __future__ import annotations

import sqlite3
from datetime import UTC, date, datetime
from pathlib import Path

from alembic import command
from sqlalchemy import text
from sqlalchemy.engine import Connection

from storage.database import Database
from storage.migrate import alembic_config, upgrade_to_head
from storage.models import DeadlineEventRow, DeadlineRow
from storage.repositories import Clients, DeadlineEvents, Deadlines, Users

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


def columns(path: Path, table: str) -> set[str]:
    return {r[1] for r in sqlite3.connect(path).execute(f"PRAGMA table_info({table})")}


async def migrate(db: Database, revision: str, down: bool = False) -> None:
    def run(connection: Connection) -> None:
        cfg = alembic_config(db.url)
        cfg.attributes["connection"] = connection
        (command.downgrade if down else command.upgrade)(cfg, revision)

    async with db.writer.connect() as connection:
        await connection.run_sync(run)
        await connection.commit()


async def test_deadline_tables_cascade_and_set_null(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    db = Database(f"sqlite+aiosqlite:///{path}")
    await upgrade_to_head(db)
    assert {"deadlines", "deadline_events", "deadline_drafts"} <= {
        r[0] for r in sqlite3.connect(path).execute("select name from sqlite_master")
    }
    assert "kept_at" in columns(path, "notes")
    async with db.write() as session:
        user, _ = await Users(session).ensure(7, "Anna", "Europe/Zurich", NOW)
        client = await Clients(session).add(user.id, "Müller", NOW)
        row = await Deadlines(session).add(
            DeadlineRow(
                owner_id=user.id,
                client_id=client.id,
                title="Prototyp",
                client_due=date(2026, 12, 15),
                own_due=date(2026, 12, 11),
                buffer_days=4,
                created_at=NOW,
            )
        )
        await DeadlineEvents(session).add(
            DeadlineEventRow(deadline_id=row.id, kind="created", at=NOW)
        )
    async with db.read() as session:
        [open_one] = await Deadlines(session).open_for(user.id)
    assert open_one.sequence == 0 and open_one.created_at == NOW
    async with db.write() as session:
        await session.execute(text("DELETE FROM clients"))
    async with db.read() as session:
        assert (await session.execute(text("SELECT client_id FROM deadlines"))).scalar() is None
    async with db.write() as session:
        await session.execute(text("DELETE FROM users"))
    async with db.read() as session:
        assert (await session.execute(text("SELECT count(*) FROM deadlines"))).scalar() == 0
        assert (await session.execute(text("SELECT count(*) FROM deadline_events"))).scalar() == 0
    await db.dispose()


async def test_downgrade_to_0003_and_back_keeps_notes(tmp_path: Path) -> None:
    path = tmp_path / "bot.db"
    db = Database(f"sqlite+aiosqlite:///{path}")
    await upgrade_to_head(db)
    async with db.write() as session:
        user, _ = await Users(session).ensure(7, "Anna", "Europe/Zurich", NOW)
        await session.execute(
            text(
                "INSERT INTO notes (owner_id, text, kind, created_at) "
                "VALUES (:owner, 'x #versprochen', 'promise', '2026-11-27 09:00:00')"
            ),
            {"owner": user.id},
        )
    await migrate(db, "0003", down=True)
    assert "kept_at" not in columns(path, "notes")
    assert "deadlines" not in {
        r[0] for r in sqlite3.connect(path).execute("select name from sqlite_master")
    }
    await upgrade_to_head(db)
    assert "kept_at" in columns(path, "notes")
    async with db.read() as session:
        assert (await session.execute(text("SELECT count(*) FROM notes"))).scalar() == 1
    await db.dispose()
