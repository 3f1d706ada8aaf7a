"""Migration 0011 on SQLite and PostgreSQL: ``friday`` → ``weekly_reminder``, ``quiet_*`` →
``work_*``; rows kept both ways, and a reminder planned before the upgrade fires once."""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from handlers.nudges import catch_up
from storage.database import Database
from tests.support.db_view import DbView
from tests.support.harness import start_harness, stop_harness
from tests.support.migration_helpers import columns, migrate, user_before_0011

BEFORE, REVISION = "0010_note_tags", "0011_weekly_reminder_work_hours"
ZURICH = ZoneInfo("Europe/Zurich")
REMINDER = "Zeit fürs <b>Wöchentliche Update</b>"
NUDGE = (
    "INSERT INTO nudges (user_id, kind, subject, occurrence, due_at, window_end, state, "
    "attempts, created_at) VALUES (:user, :kind, :subject, :occurrence, :due, :end, :state, 0, "
    "'2026-11-20 15:00:00')"
)


def add_nudge(url: str, user: int, kind: str, occurrence: str, state: str, **extra: str) -> None:
    """A nudge row as the bot stored it before 0011 (times are naive UTC)."""
    values = {"subject": "", "due": "2026-11-27 14:00:00", "end": "2026-11-27 19:00:00"}
    DbView(url).execute(
        NUDGE, user=user, kind=kind, occurrence=occurrence, state=state, **(values | extra)
    )


def kinds(url: str) -> list[tuple[str, str, str, str]]:
    return sorted(DbView(url).rows("SELECT kind, subject, occurrence, state FROM nudges"))


async def test_0011_renames_kinds_and_columns_and_back_keeping_rows(empty_db_url: str) -> None:
    url = empty_db_url
    db = Database(url)
    await migrate(db, BEFORE)
    user = user_before_0011(url, 7, "Anna")
    DbView(url).execute("UPDATE users SET quiet_start = '09:30:00' WHERE id = :u", u=user)
    add_nudge(url, user, "friday", "2026-11-20", "sent")
    add_nudge(url, user, "friday", "2026-11-27", "pending")
    add_nudge(url, user, "snooze", "2026-11-20T16:00", "sent", subject="friday")
    add_nudge(url, user, "followup", "2026-11-20", "skipped")
    before = kinds(url)

    await migrate(db, REVISION)
    assert {"work_start", "work_end"} <= columns(url, "users")
    assert not {"quiet_start", "quiet_end"} & columns(url, "users")
    assert [str(t) for t in DbView(url).rows("SELECT work_start, work_end FROM users")[0]] == [
        "09:30:00",
        "20:00:00",
    ]
    assert kinds(url) == [
        ("followup", "", "2026-11-20", "skipped"),
        ("snooze", "weekly_reminder", "2026-11-20T16:00", "sent"),
        ("weekly_reminder", "", "2026-11-20", "sent"),
        ("weekly_reminder", "", "2026-11-27", "pending"),
    ]

    await migrate(db, BEFORE, down=True)
    assert {"quiet_start", "quiet_end"} <= columns(url, "users")
    assert kinds(url) == before
    assert str(DbView(url).rows("SELECT quiet_start FROM users")[0][0]) == "09:30:00"
    await migrate(db, REVISION)
    assert len(kinds(url)) == 4
    await db.dispose()


async def test_a_reminder_planned_before_the_upgrade_fires_exactly_once(
    empty_db_url: str,
) -> None:
    """A ``friday`` row pending at the deploy is the weekly reminder afterwards: the bot's
    start-up repair plans no second one for the same week, and it is sent once."""
    url = empty_db_url
    db = Database(url)
    await migrate(db, BEFORE)
    await db.dispose()
    user = user_before_0011(url, 111, "Anna")
    add_nudge(url, user, "friday", "2026-11-27", "pending")

    bot = await start_harness(url, datetime(2026, 11, 27, 10, 0, tzinfo=ZURICH))  # upgrades
    try:
        await catch_up(bot.app, bot.clock, datetime(2026, 11, 27, 17, 59, tzinfo=ZURICH))
        sent = [m for m in bot.api.sent if REMINDER in m.text]
        assert len(sent) == 1 and sent[0].chat_id == 111
    finally:
        await stop_harness(bot)
    rows = DbView(url).rows("SELECT kind, occurrence, state, sent_at FROM nudges ORDER BY id")
    weekly = [(k, o, s) for k, o, s, _ in rows if k == "weekly_reminder"]
    assert weekly == [
        ("weekly_reminder", "2026-11-27", "sent"),
        ("weekly_reminder", "2026-12-04", "pending"),  # the next week's, planned once
    ]
    assert not [r for r in rows if r[0] == "friday"]
    [sent_at] = [r[3] for r in rows if r[2] == "sent"]
    assert str(sent_at).startswith("2026-11-27 14:00:00")  # 15:00 Zurich, as planned
