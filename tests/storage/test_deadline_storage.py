"""Migrations on real SQLite and PostgreSQL: tables, kept_at, cascades, downgrade round trips."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from sqlalchemy import text

from bot.domain.models import NoteKind
from storage.database import Database
from storage.migrate import upgrade_to_head
from storage.models import DeadlineEventRow, DeadlineRow
from storage.repositories import Clients, DeadlineEvents, Deadlines, Notes, Promises, Users
from tests.support.db_view import DbView
from tests.support.migration_helpers import columns, migrate, tables, user_before_0011

NOW = datetime(2026, 11, 27, 9, 0, tzinfo=UTC)


async def test_deadline_tables_cascade_and_set_null(empty_db_url: str) -> None:
    path = empty_db_url
    db = Database(path)
    await upgrade_to_head(db)
    assert {"deadlines", "deadline_events", "deadline_drafts"} <= tables(path)
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


async def test_downgrade_to_0003_and_back_keeps_notes(empty_db_url: str) -> None:
    path = empty_db_url
    db = Database(path)
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
    assert "deadlines" not in tables(path)
    await upgrade_to_head(db)
    assert "kept_at" in columns(path, "notes")
    async with db.read() as session:
        assert (await session.execute(text("SELECT count(*) FROM notes"))).scalar() == 1
    await db.dispose()


async def test_0009_keeps_rows_and_64_bit_ids_both_ways(empty_db_url: str) -> None:
    """A database at 0008 with notes: up to head, a 2^40 id stored, down to 0008 and back."""
    db = Database(empty_db_url)
    await migrate(db, "0008_encrypted_text")
    user_id = user_before_0011(empty_db_url, 7, "Anna")
    async with db.write() as session:
        await session.execute(
            text(
                "INSERT INTO notes (owner_id, text, kind, telegram_message_id, created_at) "
                "VALUES (:owner, 'Mockups 2h', 'activity', 12, '2026-11-27 09:00:00')"
            ),
            {"owner": user_id},
        )
    await upgrade_to_head(db)
    async with db.write() as session:
        big, _ = await Users(session).ensure(2**40, "Ben", "Europe/Zurich", NOW)
        await session.execute(
            text(
                "INSERT INTO notes (owner_id, text, kind, telegram_message_id, created_at) "
                "VALUES (:owner, 'Logo', 'activity', :mid, '2026-11-27 09:00:00')"
            ),
            {"owner": big.id, "mid": 2**33},
        )
    view = DbView(empty_db_url)
    assert sorted(view.rows("select telegram_message_id from notes")) == [(12,), (2**33,)]
    # Narrowing again needs ids that fit 32 bits (else the downgrade refuses, changing nothing).
    view.execute("delete from notes where owner_id = :o", o=big.id)
    view.execute("delete from users where id = :o", o=big.id)
    await migrate(db, "0008_encrypted_text", down=True)
    assert view.rows("select text, telegram_message_id from notes") == [("Mockups 2h", 12)]
    await upgrade_to_head(db)
    assert view.rows("select telegram_id from users") == [(7,)]
    await db.dispose()


async def test_0010_fills_note_tags_from_kind_and_downgrades_keeping_rows(
    empty_db_url: str,
) -> None:
    """Notes at 0009 get their kind as their tag; promises and open points are still found."""
    db = Database(empty_db_url)
    await migrate(db, "0009_bigint_ids")
    user_id = user_before_0011(empty_db_url, 7, "Anna")
    async with db.write() as session:
        for i, kind in enumerate(("activity", "promise", "blocker")):
            await session.execute(
                text(
                    "INSERT INTO notes (owner_id, text, kind, telegram_message_id, created_at) "
                    "VALUES (:owner, :text, :kind, :mid, '2026-11-27 09:00:00')"
                ),
                {"owner": user_id, "text": f"Note {kind}", "kind": kind, "mid": i},
            )
    await upgrade_to_head(db)
    view = DbView(empty_db_url)
    assert sorted(view.rows("select kind, tags from notes")) == [
        ("activity", ""),
        ("blocker", "blocker"),
        ("promise", "promise"),
    ]
    async with db.read() as session:
        [promise] = await Promises(session).open_for(user_id)
        assert promise.tags == (NoteKind.PROMISE,) and promise.has(NoteKind.PROMISE)
        [point] = await Notes(session).open_points(user_id, None, NOW + timedelta(days=1))
        assert point.has(NoteKind.BLOCKER)
    await migrate(db, "0009_bigint_ids", down=True)
    assert "tags" not in columns(empty_db_url, "notes")
    assert len(view.rows("select kind from notes")) == 3
    await upgrade_to_head(db)
    assert ("promise", "promise") in view.rows("select kind, tags from notes")
    await db.dispose()
