"""Bulk-seed a fresh database with students, one client and one Friday nudge each.

Shared by ``tests/e2e/test_nudge_crash.py`` and ``bench/fanout.py``. The schema comes from the
real Alembic migrations (``upgrade_to_head``); the rows go in with SQLAlchemy Core
``executemany`` in chunks, so 100,000 students take a few seconds, not minutes.

Student ``i`` (0-based) has telegram/chat id ``first_telegram_id + i``, first name
``Student{i}``, one client ``Kunde {i}`` and one pending ``weekly_reminder`` nudge with the given
``due_at``/``window_end``/``occurrence`` (``None`` = no nudge row).
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import insert, text
from sqlalchemy.engine import Connection

from storage.database import Database
from storage.migrate import upgrade_to_head
from storage.models import ClientRow, NudgeRow, UserRow

FIRST_TELEGRAM_ID = 5_000_000
CHUNK = 5_000


def sqlite_url(path: object) -> str:
    return f"sqlite+aiosqlite:///{path}"


def _user(i: int, tg: int, tz: str, now: datetime) -> dict[str, Any]:
    return {
        "id": i + 1,
        "telegram_id": tg,
        "first_name": f"Student{i}",
        "timezone": tz,
        "reminder_weekday": 4,
        "reminder_time": time(15, 0),
        "work_start": time(8, 0),
        "work_end": time(20, 0),
        "active": True,
        "paused_until": None,
        "question_kind": None,
        "question_payload": None,
        "created_at": now,
        "working_days": "0,1,2,3,4",
        "reply_within": "innert 24 Stunden",
        "emergency_channel": None,
        "emergency_definition": None,
        "followups": True,
        "fresh_eyes_weeks": 3,
    }


def _client(i: int, now: datetime) -> dict[str, Any]:
    name = f"Kunde {i}"
    return {
        "id": i + 1,
        "owner_id": i + 1,
        "name": name,
        "name_key": name.casefold(),
        "contact_person": None,
        "archived": False,
        "created_at": now,
    }


def _nudge(i: int, due_at: datetime, window_end: datetime, occurrence: str, now: datetime) -> dict:
    return {
        "user_id": i + 1,
        "kind": "weekly_reminder",
        "subject": "",
        "occurrence": occurrence,
        "due_at": due_at,
        "window_end": window_end,
        "state": "pending",
        "attempts": 0,
        "payload": None,
        "reason": None,
        "created_at": now,
        "sent_at": None,
    }


async def seed_students(
    url: str,
    count: int,
    *,
    due_at: datetime | None,
    window_end: datetime | None = None,
    occurrence: str = "",
    first_telegram_id: int = FIRST_TELEGRAM_ID,
    timezone: str = "Europe/Zurich",
) -> list[int]:
    """Migrate ``url`` to head and insert ``count`` students; returns their chat ids.

    The database must be fresh (ids start at 1). ``due_at=None`` seeds no nudges.
    """
    now = datetime.now(UTC)
    db = Database(url)
    try:
        await upgrade_to_head(db)

        def _insert(conn: Connection) -> None:
            for start in range(0, count, CHUNK):
                idx = range(start, min(start + CHUNK, count))
                users = [_user(i, first_telegram_id + i, timezone, now) for i in idx]
                conn.execute(insert(UserRow.__table__), users)
                conn.execute(insert(ClientRow.__table__), [_client(i, now) for i in idx])
                if due_at is not None:
                    end = window_end or due_at
                    rows = [_nudge(i, due_at, end, occurrence, now) for i in idx]
                    conn.execute(insert(NudgeRow.__table__), rows)
            if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
                for table in ("users", "clients"):
                    conn.execute(
                        text(
                            f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                            f"(SELECT max(id) FROM {table}))"
                        )
                    )

        async with db.writer.begin() as conn:
            await conn.run_sync(_insert)
    finally:
        await db.dispose()
    return [first_telegram_id + i for i in range(count)]
